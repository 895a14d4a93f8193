#pragma once
// Token <-> id table with allocation-free lookups by string_view (the hot path of every tokenizer).
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace pwb::tokenize {

class Vocab {
 public:
  // Adds token with id; a token already present keeps its first id, an id already used keeps its first
  // token (the model's vocabulary is loaded before the added tokens). Returns false when ignored.
  bool add(std::string_view token, int64_t id);
  int64_t find(std::string_view token) const;  // -1 when absent
  const std::string& token(int64_t id) const;  // empty string when out of range or unused
  int64_t size() const { return static_cast<int64_t>(byId_.size()); }  // max id + 1
  size_t count() const { return count_; }                              // tokens actually present
  size_t maxTokenBytes() const { return maxTokenBytes_; }

 private:
  // A slot holds enough of its token (length, a hash fingerprint, the first 8 bytes) to decide most
  // lookups without following a pointer: short tokens never touch the token strings at all.
  struct Slot {
    int32_t id;  // -1 = empty
    uint16_t length;
    uint16_t fingerprint;
    uint64_t head;  // first min(8, length) bytes, zero-padded
  };
  static uint64_t hash(std::string_view s);
  static uint64_t head(std::string_view s);
  void grow();
  void place(int32_t id, uint64_t h);

  std::vector<std::string> byId_;
  std::vector<uint8_t> used_;
  std::vector<Slot> slots_;  // open addressing, linear probing
  size_t mask_ = 0;
  size_t count_ = 0;
  size_t maxTokenBytes_ = 0;
};

// Maps a pair of ids (a BPE merge's two sides) to a value; open addressing on a 64-bit key.
class PairMap {
 public:
  struct Value {
    int32_t rank;
    int32_t newId;
  };
  void reserve(size_t n);
  // Keeps the first value for a key (the lowest merge rank wins, as in the reference implementation).
  void insert(int32_t a, int32_t b, Value v);
  const Value* find(int32_t a, int32_t b) const {
    if (keys_.empty()) return nullptr;
    const uint64_t key = (uint64_t(uint32_t(a)) << 32) | uint32_t(b);
    for (size_t i = mix(key) & mask_;; i = (i + 1) & mask_) {
      if (keys_[i] == kEmpty) return nullptr;
      if (keys_[i] == key) return &values_[i];
    }
  }

 private:
  static constexpr uint64_t kEmpty = ~uint64_t(0);
  static uint64_t mix(uint64_t k) {
    k ^= k >> 33;
    k *= 0xff51afd7ed558ccdULL;
    k ^= k >> 33;
    return k;
  }
  std::vector<uint64_t> keys_;
  std::vector<Value> values_;
  size_t mask_ = 0;
  size_t count_ = 0;
};

}  // namespace pwb::tokenize
