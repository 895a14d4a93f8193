#pragma once
// MD5 (RFC 1321) of a byte string as 32 lowercase hex digits, as md5sum prints it. Used only to compare
// written K-shot files with LM-BFF's published checksum list, not for anything that needs security.
#include <string>

namespace pwb::data {

std::string md5Hex(const std::string& bytes);

}  // namespace pwb::data
