#include "data/line_splitter.h"

namespace pwb::data {

std::vector<TextLine> splitLines(std::string_view text) {
  std::vector<TextLine> lines;
  size_t start = 0;
  int number = 1;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    const bool last = end == std::string_view::npos;
    if (last) end = text.size();
    std::string_view line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back({line, number++});
    if (last) break;
    start = end + 1;
  }
  return lines;
}

std::string_view trimView(std::string_view s) {
  auto isSpace = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!s.empty() && isSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && isSpace(s.back())) s.remove_suffix(1);
  return s;
}

std::string trimCopy(std::string_view s) {
  return std::string(trimView(s));
}

}  // namespace pwb::data
