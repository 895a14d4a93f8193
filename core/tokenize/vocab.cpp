#include "tokenize/vocab.h"

#include <cstring>

namespace pwb::tokenize {

uint64_t Vocab::hash(std::string_view s) {
  // Eight bytes per step (tokens are short, a per-byte hash would dominate lookups), then a final mix.
  const char* p = s.data();
  const size_t n = s.size();
  uint64_t h = 0x9E3779B97F4A7C15ULL ^ n;
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t w;
    std::memcpy(&w, p + i, 8);
    h = (h ^ w) * 0xBF58476D1CE4E5B9ULL;
    h ^= h >> 31;
  }
  if (i < n) {
    uint64_t w = 0;
    std::memcpy(&w, p + i, n - i);
    h = (h ^ w) * 0x94D049BB133111EBULL;
    h ^= h >> 29;
  }
  h = (h ^ (h >> 32)) * 0xD6E8FEB86659FD93ULL;
  return h ^ (h >> 32);
}

uint64_t Vocab::head(std::string_view s) {
  uint64_t w = 0;
  std::memcpy(&w, s.data(), s.size() < 8 ? s.size() : 8);
  return w;
}

void Vocab::place(int32_t id, uint64_t h) {
  const std::string& token = byId_[static_cast<size_t>(id)];
  size_t i = h & mask_;
  while (slots_[i].id != -1) i = (i + 1) & mask_;
  slots_[i] = Slot{id, static_cast<uint16_t>(token.size()), static_cast<uint16_t>(h >> 48), head(token)};
}

void Vocab::grow() {
  const size_t cap = slots_.empty() ? 1024 : slots_.size() * 2;
  slots_.assign(cap, Slot{-1, 0, 0, 0});
  mask_ = cap - 1;
  for (size_t id = 0; id < byId_.size(); ++id)
    if (used_[id]) place(static_cast<int32_t>(id), hash(byId_[id]));
}

bool Vocab::add(std::string_view token, int64_t id) {
  if (id < 0 || id > INT32_MAX || token.size() > UINT16_MAX) return false;
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
  } else {
    place(static_cast<int32_t>(id), hash(token));
  }
  return true;
}

int64_t Vocab::find(std::string_view token) const {
  if (slots_.empty() || token.size() > UINT16_MAX) return -1;
  const uint64_t h = hash(token);
  const auto fingerprint = static_cast<uint16_t>(h >> 48);
  const uint64_t first = head(token);
  for (size_t i = h & mask_;; i = (i + 1) & mask_) {
    const Slot& slot = slots_[i];
    if (slot.id == -1) return -1;
    if (slot.fingerprint != fingerprint || slot.length != token.size() || slot.head != first) continue;
    if (token.size() <= 8 ||
        std::memcmp(byId_[static_cast<size_t>(slot.id)].data() + 8, token.data() + 8, token.size() - 8) == 0)
      return slot.id;
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
