#pragma once
// A headerless CSV read and written back the way pandas does it in LM-BFF's K-shot script
// (pd.read_csv(path, header=None), then DataFrame(rows).to_csv(header=False, index=False)), so that a
// split written from such a file is byte-identical to LM-BFF's. Reproduced (checked against pandas 1.5.3
// on Python 3.11):
// - tokenising: ',' between fields, '"' quoting with "" for a quote inside, quoted fields may span lines,
//   text after a closing quote is appended ("ab"c -> abc), a quote inside an unquoted field is literal;
//   rows end at \n or \r\n; empty lines and lines of only spaces/tabs are skipped; a UTF-8
//   byte-order mark at the start is dropped; the first row sets the column count, shorter rows are
//   padded with missing values, a longer row is an error (as pandas: "Expected N fields");
// - missing values: an empty field and pandas' default NA strings ("NA", "N/A", "nan", "NULL", ...);
// - column types: a column whose present values are all integers is written back as canonical integers
//   ("+07" -> "7"), as floats ("7.0") when it also has missing values, or when no column holds text and
//   some column has missing values (DataFrame.values is then a float array); True/False columns as
//   "True"/"False"; text is written as it was read; missing values as empty fields;
// - writing: Python's csv module with minimal quoting: a field with ',', '"' or '\n' is quoted, inner
//   quotes doubled; a lone '\r' does not cause quoting (Python 3.11); rows end with '\n'.
// Not reproduced, refused with an error naming the column or line: columns of non-integer numbers (pandas
// would rewrite them in its own float format), integers of 16 or more digits that pandas turns into
// floats, and a carriage return not followed by a line feed outside quotes (pandas' tokenizer mishandles
// those: it drops a comma after it, or re-reads earlier text). A differential run against pandas 1.5.3
// on random small files found no other difference.
// The input must be UTF-8, as pandas' default reader requires.
#include <optional>
#include <string>
#include <vector>

namespace pwb::data {

struct PandasCsvTable {
  enum class ColumnType { Integer, IntegerWithMissing, Boolean, Text, AllMissing };
  std::vector<ColumnType> types;
  // Field text after unquoting; nullopt = a missing value (NaN in pandas).
  std::vector<std::vector<std::optional<std::string>>> rows;
  std::vector<int> lines;  // 1-based line where each row starts

  // The text pandas' to_csv puts in the file for one cell (before CSV quoting).
  std::string cellText(size_t row, size_t column) const;
  // One row as to_csv writes it, ending in '\n'.
  std::string csvLine(size_t row) const;
};

// Throws pwb::Error naming origin:line of the first line that is not UTF-8; `reader` says who needs it.
void requireUtf8(const std::string& bytes, const std::string& origin, const std::string& reader);

// Parses the bytes of a headerless CSV file; `origin` names it in errors (file:line).
PandasCsvTable readPandasCsv(const std::string& bytes, const std::string& origin);

}  // namespace pwb::data
