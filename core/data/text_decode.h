#pragma once
// Turning file bytes into UTF-8 text: BOM removed, UTF-8 validated, Windows-1252 as the fallback for
// old corpora such as MR (rt-polarity), so "é" stays "é" and 0x85 becomes "…" rather than a line break.
#include <string>
#include <vector>

namespace pwb::data {

struct DecodedText {
  std::string text;      // UTF-8
  std::string encoding;  // "UTF-8" or "Windows-1252"
  std::vector<std::string> warnings;
  // Lines (1-based) holding bytes that are neither valid UTF-8 nor Windows-1252; they are kept with
  // U+FFFD in place of the bad bytes and reported as bad rows by the importers.
  std::vector<int> badLines;
};

// True when the bytes are well-formed UTF-8 (no overlongs, no surrogates, nothing above U+10FFFF).
bool isValidUtf8(const std::string& bytes);

// Decides the encoding for the whole file: UTF-8 when valid; Windows-1252 when there is no valid
// multi-byte UTF-8 sequence at all; otherwise UTF-8 with the offending lines listed in badLines.
// Throws pwb::Error naming the path for binary content (NUL bytes).
DecodedText decodeText(const std::string& bytes, const std::string& path);

// Windows-1252 -> UTF-8 (the 0x80-0x9F block mapped as Windows does; its 5 holes become U+FFFD).
std::string cp1252ToUtf8(const std::string& bytes);

}  // namespace pwb::data
