#include "data/format_detect.h"

#include <algorithm>
#include <cctype>
#include <set>

namespace pwb::data {
namespace {

bool isIdentifier(std::string_view s) {
  s = trimView(s);
  if (s.empty() || s.size() > 64) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.';
  });
}

bool startsWithIntegerThenSpace(std::string_view s) {
  size_t i = 0;
  if (i < s.size() && s[i] == '-') ++i;
  const size_t digits = i;
  while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
  return i > digits && i - digits <= 9 && i < s.size() && s[i] == ' ';
}

std::vector<std::string_view> split(std::string_view s, char d) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (true) {
    const size_t end = s.find(d, start);
    out.push_back(s.substr(start, end == s.npos ? end : end - start));
    if (end == s.npos) return out;
    start = end + 1;
  }
}

// A header: every field is a short identifier, and its last field is not one of the values that
// column takes further down (so "one long string\t0" above "...\t1" rows is data, not a header).
bool looksLikeHeader(const std::vector<std::string_view>& sample, char d) {
  const auto head = split(sample.front(), d);
  if (!std::all_of(head.begin(), head.end(), isIdentifier)) return false;
  std::set<std::string_view> lastValues;
  for (size_t i = 1; i < sample.size(); ++i) {
    const auto f = split(sample[i], d);
    if (f.size() == head.size()) lastValues.insert(trimView(f.back()));
  }
  return lastValues.count(trimView(head.back())) == 0;
}

// RFC-4180 quoting is in use when the fields that contain a quote start with one (HF exports);
// plain TSV (GLUE SST-2) has quotes inside words and phrases.
bool looksQuoted(const std::vector<std::string_view>& sample, char d) {
  size_t quotedStart = 0, literal = 0;
  for (auto line : sample)
    for (auto f : split(line, d)) {
      if (f.find('"') == f.npos) continue;
      if (f.front() == '"')
        ++quotedStart;
      else
        ++literal;
    }
  return quotedStart > 0 && literal * 20 < quotedStart;
}

}  // namespace

const std::vector<std::string>& formatNames() {
  static const std::vector<std::string> names = {"tsv",          "tsv-quoted",  "tsv-noheader", "csv",
                                                 "csv-noheader", "label-space", "lines",        "fasttext",
                                                 "jsonl",        "ptb",         "mc-jsonl"};
  return names;
}

bool isFormatName(const std::string& name) {
  const auto& n = formatNames();
  return std::find(n.begin(), n.end(), name) != n.end();
}

FormatGuess detectFormat(const std::vector<TextLine>& lines) {
  std::vector<std::string_view> sample;
  for (const auto& l : lines) {
    if (trimView(l.text).empty()) continue;
    sample.push_back(l.text);
    if (sample.size() >= 2000) break;
  }
  if (sample.empty()) return {"lines", "no text"};
  const std::string_view first = trimView(sample.front());
  if (first.front() == '{') {
    // ARC's multiple-choice layouts (a "choices" list, an "answerKey"); COPA's choice1/choice2 rows stay
    // plain jsonl (as before) unless mc-jsonl is asked for.
    if (first.find("\"choices\"") != std::string_view::npos &&
        first.find("\"question\"") != std::string_view::npos)
      return {"mc-jsonl",
              "the first line is a JSON object with a question and its choices (multiple choice)"};
    return {"jsonl", "the first line is a JSON object"};
  }
  if (first.size() > 1 && first[0] == '(' && std::isdigit(static_cast<unsigned char>(first[1])))
    return {"ptb", "the first line is a bracketed tree with a numeric label"};
  if (first.substr(0, 9) == "__label__") return {"fasttext", "the first line starts with __label__"};
  if (sample.front().find('\t') != std::string_view::npos) {
    const bool header = looksLikeHeader(sample, '\t');
    if (!header) return {"tsv-noheader", "TAB-separated, the first line is data (no header)"};
    if (looksQuoted(sample, '\t')) return {"tsv-quoted", "TAB-separated with a header and quoted fields"};
    return {"tsv", "TAB-separated with a header"};
  }
  // Most, not all, lines: one broken row must not turn a labelled file into unlabeled text.
  auto mostly = [&](auto pred) {
    const auto n = static_cast<size_t>(std::count_if(sample.begin(), sample.end(), pred));
    return n * 10 >= sample.size() * 9;
  };
  if (mostly(startsWithIntegerThenSpace))
    return {"label-space", "the lines start with a numeric label and a space"};
  if (sample.front().find(',') != std::string_view::npos) {
    if (looksLikeHeader(sample, ',')) return {"csv", "comma-separated with a header"};
    const bool labelFirst = mostly([](std::string_view l) {
      const size_t c = l.find(',');
      return c != l.npos && c > 0 && c <= 32 && l.substr(0, c).find(' ') == l.npos;
    });
    if (labelFirst) return {"csv-noheader", "comma-separated rows starting with a short label"};
  }
  return {"lines", "one text per line without a label"};
}

}  // namespace pwb::data
