#pragma once
// A small, portable content checksum (FNV-1a 64) for data files and id lists in split manifests.
#include <cstdint>
#include <string>
#include <vector>

namespace pwb::data {

uint64_t fnv1a64(const std::string& bytes, uint64_t seed = 0xcbf29ce484222325ULL);
std::string toHex64(uint64_t value);  // 16 lower-case hex digits
// Checksum of a list of ids joined by '\n' (order matters).
std::string idListChecksum(const std::vector<std::string>& ids);

}  // namespace pwb::data
