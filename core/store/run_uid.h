#pragma once
// Stable run identities: 32 lowercase hex digits (128 random bits), the same form the schema migration
// gives runs that predate uids (lower(hex(randomblob(16)))).
#include <string>

namespace pwb::store {

std::string newRunUid();
// True for exactly 32 characters 0-9a-f.
bool isRunUid(const std::string& text);

}  // namespace pwb::store
