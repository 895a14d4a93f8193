#pragma once
// Guessing a data file's format from its first lines, and the list of format names users can force.
#include <string>
#include <vector>

#include "data/line_splitter.h"

namespace pwb::data {

// "tsv", "tsv-quoted", "tsv-noheader", "csv", "csv-noheader", "label-space", "lines", "fasttext",
// "jsonl", "ptb".
const std::vector<std::string>& formatNames();
bool isFormatName(const std::string& name);

struct FormatGuess {
  std::string format;
  std::string reason;  // why, for `pwb data inspect`
};

// Looks at up to the first 2000 non-blank lines.
FormatGuess detectFormat(const std::vector<TextLine>& lines);

}  // namespace pwb::data
