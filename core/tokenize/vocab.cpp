#include "tokenize/vocab.h"

namespace pwb::tokenize {

uint64_t Vocab::hash(std::string_view s) {
  // FNV-1a: tokens are short, so a simple byte hash beats anything with a setup cost.
  uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : s) h = (h ^ c) * 1099511628211ULL;
  return h ^ (h >> 29);
}

void Vocab::grow() {
  const size_t cap = slots_.empty() ? 1024 : slots_.size() * 2;
  slots_.assign(cap, -1);
  mask_ = cap - 1;
  for (size_t id = 0; id < byId_.size(); ++id) {
    if (!used_[id]) continue;
    size_t i = hash(byId_[id]) & mask_;
    while (slots_[i] != -1) i = (i + 1) & mask_;
    slots_[i] = static_cast<int32_t>(id);
  }
}

bool Vocab::add(std::string_view token, int64_t id) {
  if (id < 0 || id > INT32_MAX) return false;
  if (find(token) >= 0) return false;
  if (static_cast<size_t>(id) < byId_.size() && used_[static_cast<size_t>(id)]) return false;
  if (static_cast<size_t>(id) >= byId_.size()) {
    byId_.resize(static_cast<size_t>(id) + 1);
    used_.resize(static_cast<size_t>(id) + 1, 0);
  }
  byId_[static_cast<size_t>(id)] = std::string(token);
  used_[static_cast<size_t>(id)] = 1;
  ++count_;
  if (token.size() > maxTokenBytes_) maxTokenBytes_ = token.size();
  if (count_ * 2 > slots_.size()) {
    grow();  // rehashes every used id, including this one
    return true;
  }
  size_t i = hash(token) & mask_;
  while (slots_[i] != -1) i = (i + 1) & mask_;
  slots_[i] = static_cast<int32_t>(id);
  return true;
}

int64_t Vocab::find(std::string_view token) const {
  if (slots_.empty()) return -1;
  for (size_t i = hash(token) & mask_;; i = (i + 1) & mask_) {
    const int32_t id = slots_[i];
    if (id == -1) return -1;
    if (byId_[static_cast<size_t>(id)] == token) return id;
  }
}

const std::string& Vocab::token(int64_t id) const {
  static const std::string kEmpty;
  if (id < 0 || static_cast<size_t>(id) >= byId_.size()) return kEmpty;
  return byId_[static_cast<size_t>(id)];
}

void PairMap::reserve(size_t n) {
  size_t cap = 16;
  while (cap < n * 2) cap *= 2;
  keys_.assign(cap, kEmpty);
  values_.assign(cap, Value{0, 0});
  mask_ = cap - 1;
  count_ = 0;
}

void PairMap::insert(int32_t a, int32_t b, Value v) {
  if ((count_ + 1) * 2 > keys_.size()) {
    std::vector<uint64_t> oldKeys = std::move(keys_);
    std::vector<Value> oldValues = std::move(values_);
    reserve(count_ + 1 > 8 ? (count_ + 1) * 2 : 16);
    for (size_t i = 0; i < oldKeys.size(); ++i) {
      if (oldKeys[i] == kEmpty) continue;
      size_t j = mix(oldKeys[i]) & mask_;
      while (keys_[j] != kEmpty) j = (j + 1) & mask_;
      keys_[j] = oldKeys[i];
      values_[j] = oldValues[i];
      ++count_;
    }
  }
  const uint64_t key = (uint64_t(uint32_t(a)) << 32) | uint32_t(b);
  size_t i = mix(key) & mask_;
  while (keys_[i] != kEmpty) {
    if (keys_[i] == key) return;
    i = (i + 1) & mask_;
  }
  keys_[i] = key;
  values_[i] = v;
  ++count_;
}

}  // namespace pwb::tokenize
