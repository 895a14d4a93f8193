#pragma once
// How a file is turned into a Dataset: which importer, which columns, what to do with a bad row.
#include <cstddef>
#include <map>
#include <string>
#include <vector>

namespace pwb::data {

enum class OnBadRow { Skip, Stop };

struct ImportOptions {
  std::string format = "auto";  // "auto" or one of formatNames()
  // Text fields, by header name or 1-based column number ("1"); empty = the importer's default
  // (every column that is not the label or an id column).
  std::vector<std::string> textColumns;
  std::string labelColumn;  // header name or 1-based number; empty = "label" column or the last one
  std::string fixedLabel;   // label for every row of a plain-lines file (rt-polarity.pos -> "1")
  std::map<std::string, std::string> labelNames;  // rename labels after reading, e.g. "0" -> "negative"
  OnBadRow onBadRow = OnBadRow::Skip;
  size_t maxRows = 0;                       // 0 = all rows; stops reading after this many examples
  size_t maxFileBytes = size_t(512) << 20;  // refuse larger files instead of exhausting memory
  size_t maxLineBytes = size_t(1) << 20;    // a longer line is reported as a bad row
};

}  // namespace pwb::data
