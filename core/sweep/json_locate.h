#pragma once
// Where a value sits in JSON text: nlohmann-json keeps no positions, so after a successful parse the text
// is scanned again along a path of keys / array indices to report file:line:column for checks made on the
// parsed value (unknown keys, empty axes, wrong types).
#include <cstddef>
#include <string>
#include <vector>

namespace pwb::sweep {

struct TextPosition {
  int line = 1;    // 1-based
  int column = 1;  // 1-based, in bytes
};

TextPosition positionOfOffset(const std::string& text, size_t offset);

// Byte offset of the element at `path` in valid JSON `text`: for an object member the opening quote of its
// key, for an array element its first byte. Elements are keys, or decimal indices for arrays. When the path
// cannot be followed, the offset of the deepest element found.
size_t locateJsonPath(const std::string& text, const std::vector<std::string>& path);

}  // namespace pwb::sweep
