#pragma once
// SHA-256 (FIPS 180-4) of bytes or of a file, as lowercase hex: identifies artifacts by content.
#include <cstddef>
#include <cstdint>
#include <string>

namespace pwb::store {

class Sha256 {
 public:
  Sha256();
  void update(const void* data, size_t size);
  std::string hexDigest();  // finishes the hash; call once

 private:
  void block(const uint8_t* p);
  uint32_t h_[8];
  uint8_t buf_[64];
  size_t bufLen_ = 0;
  uint64_t total_ = 0;
};

std::string sha256Hex(const void* data, size_t size);
// Streams the file; throws pwb::Error naming it when it cannot be read.
std::string sha256File(const std::string& path);

}  // namespace pwb::store
