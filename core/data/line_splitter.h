#pragma once
// Splits decoded text into physical lines: LF ends a line, a CR before it is dropped (CRLF files),
// a missing final newline is fine. Nothing else (NEL, U+2028, lone CR) is treated as a line end.
#include <string>
#include <string_view>
#include <vector>

namespace pwb::data {

struct TextLine {
  std::string_view text;  // without the terminator; views into the decoded text
  int number = 0;         // 1-based
};

// A final empty line after the last LF is not returned.
std::vector<TextLine> splitLines(std::string_view text);

// Trims ASCII spaces/tabs/CR at both ends.
std::string_view trimView(std::string_view s);
std::string trimCopy(std::string_view s);

}  // namespace pwb::data
