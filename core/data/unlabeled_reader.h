#pragma once
// Reads a file of texts to classify (no label column needed) a chunk at a time, so a file of any size is
// never held in memory: plain lines, TSV, CSV (quoted fields, also over several lines) or JSONL. The
// format is detected from the first lines as `pwb data` detects it (format_detect.h) unless forced. A
// file that carries labels (a label column or key, label-space / fastText lines) is read for its text
// only; notices() says so. Bad rows (wrong column count, invalid JSON, a missing field, invalid UTF-8, an
// empty text, an over-long line) are skipped, counted, and the first ones kept with their line for the
// report. Torch-free, Qt-free.
#include <cstdint>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "data/dataset.h"

namespace pwb::data {

struct UnlabeledOptions {
  // "auto" | "lines" | "tsv" | "csv" | "jsonl" (the detected "label-space" and "fasttext" are read as
  // lines with their label removed; "tsv-noheader"/"csv-noheader" as tsv/csv without a header).
  std::string format = "auto";
  // The text fields: column names or 1-based numbers (TSV/CSV), keys (JSONL). Empty: every column / string
  // key that is not a label or an id (as the importers choose).
  std::vector<std::string> textFields;
  std::string idField;  // the example id column/key; "" = one named id, idx, guid or index, when present
  size_t maxLineBytes = size_t(1) << 20;  // a longer line is a bad row (and is not kept in memory)
  size_t keptProblems = 100;              // problems kept with their line; all are counted
};

struct UnlabeledRow {
  int64_t row = 0;  // 0-based position among the rows read (bad rows included, so it follows the file)
  int line = 0;     // 1-based line where the row starts
  std::string id;   // the id field's value, or "" when the file has none
  std::vector<std::string> fields;  // in columns() order
};

class UnlabeledReader {
 public:
  // Opens the file and reads what identifies its layout (the first lines; a header). Throws pwb::Error
  // naming the file: missing/unreadable, binary, empty, an unknown format, an unknown text/id field.
  UnlabeledReader(const std::string& path, const UnlabeledOptions& options = {});
  ~UnlabeledReader();
  UnlabeledReader(const UnlabeledReader&) = delete;
  UnlabeledReader& operator=(const UnlabeledReader&) = delete;

  const std::string& path() const { return path_; }
  const std::string& format() const { return format_; }  // "lines" | "tsv" | "csv" | "jsonl"
  // The text fields' names, for templates ("sentence" for plain lines; the header names / keys).
  const std::vector<std::string>& columns() const { return columns_; }
  bool hasIds() const { return idIndex_ >= 0 || !idKey_.empty(); }
  const std::vector<std::string>& notices() const { return notices_; }  // labels ignored, format guessed

  // Appends up to maxRows good rows to `out` (cleared first); false when the file is exhausted and
  // nothing was read. Never holds more than one line (one CSV record) beyond `out`.
  bool next(size_t maxRows, std::vector<UnlabeledRow>& out);

  int64_t rowsRead() const { return rowsRead_; }  // good and bad
  int64_t badRows() const { return badRows_; }
  const std::vector<Problem>& problems() const { return problems_; }  // the first keptProblems
  uint64_t bytesRead() const { return bytesRead_; }
  uint64_t totalBytes() const { return totalBytes_; }

 private:
  bool readPhysicalLine(std::string& line, bool& tooLong);
  bool readRecord(std::string& record, int& line, bool& tooLong);
  void bad(int line, const std::string& message);
  bool parse(const std::string& record, int line, UnlabeledRow& row);

  std::string path_;
  UnlabeledOptions options_;
  std::unique_ptr<std::ifstream> in_;
  std::string format_;
  bool header_ = false;
  bool stripLabel_ = false;  // label-space / fastText lines: the first token is the label
  std::vector<std::string> columns_;
  std::vector<int> textIndex_;  // TSV/CSV columns
  int idIndex_ = -1;
  size_t columnCount_ = 0;
  std::vector<std::string> textKeys_;  // JSONL keys
  std::string idKey_;
  bool keysChosen_ = false;  // JSONL without textFields: taken from the first valid object
  std::vector<std::string> notices_;
  int lineNo_ = 0;
  int64_t rowsRead_ = 0;
  int64_t badRows_ = 0;
  std::vector<Problem> problems_;
  uint64_t bytesRead_ = 0;
  uint64_t totalBytes_ = 0;
  bool labelKeySeen_ = false;
};

}  // namespace pwb::data
