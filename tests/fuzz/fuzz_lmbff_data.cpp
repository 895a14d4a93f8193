// Fuzzes the data readers added for LM-BFF's K-shot files and for classifying unlabeled text (core/data):
//   0  readPandasCsv (pandas' headerless CSV): one line number per row, every row as wide as the table,
//      lines increasing; the table written back (csvLine) and read again writes the same bytes;
//   1  makeLmBffSplit (LM-BFF's generate_k_shot_data.py, byte for byte) for a GLUE or a CSV task, K and
//      seed from the input: deterministic, K-shot rows per class at most K in train and in dev, one source
//      line per written row (GLUE: the written lines are the source's, so one line break per row and header,
//      one less when the source's last line has none);
//   2  makeLmBffTestFile;
//   3  UnlabeledReader (lines / TSV / CSV / JSONL, detected or forced) read in chunks: rows and lines
//      increasing, every row as wide as columns(), good + bad = rows read.
// The first input byte picks the mode and, with the second, the task/format/K/seed. Any exception other
// than pwb::Error escapes and is a crash.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "common/error.h"
#include "data/lmbff_split_files.h"
#include "data/pandas_csv.h"
#include "data/unlabeled_reader.h"
#include "fuzz_support.h"

using namespace pwb::data;

namespace {

std::string writeAll(const PandasCsvTable& t) {
  std::string out;
  for (size_t r = 0; r < t.rows.size(); ++r) out += t.csvLine(r);
  return out;
}

bool hasFloatColumn(const PandasCsvTable& t) {
  for (auto type : t.types)
    if (type == PandasCsvTable::ColumnType::IntegerWithMissing ||
        type == PandasCsvTable::ColumnType::AllMissing)
      return true;
  return false;
}

void pandas(const std::string& bytes) {
  const PandasCsvTable t = readPandasCsv(bytes, "fuzz.csv");
  if (t.rows.size() != t.lines.size()) __builtin_trap();
  for (size_t r = 0; r < t.rows.size(); ++r) {
    if (t.rows[r].size() != t.types.size() || t.lines[r] < 1 || (r > 0 && t.lines[r] <= t.lines[r - 1]))
      __builtin_trap();
  }
  const std::string written = writeAll(t);
  // Floats ("7.0") are refused on reading (pandas' own float format is not reproduced): compare only
  // tables without them. The second reading may legitimately fail (a lone '\r' is written unquoted, as
  // Python does, and refused on reading) or lose rows (a row of one missing value is written as an
  // empty line, which pandas skips); when it keeps every row it must write the same bytes.
  if (hasFloatColumn(t)) return;
  PandasCsvTable again;
  try {
    again = readPandasCsv(written, "again.csv");
  } catch (const pwb::Error&) {
    return;
  }
  if (again.rows.size() == t.rows.size() && !hasFloatColumn(again) && writeAll(again) != written)
    __builtin_trap();
}

size_t lineCount(const std::string& s) {
  size_t n = 0;
  for (char c : s) n += c == '\n';
  return n;
}

void split(const std::string& bytes, uint8_t a, uint8_t b) {
  static const std::vector<std::string> csvTasks = {"sst-5", "mr", "trec"};
  const auto& glue = lmBffGlueTasks();
  const std::string name = a % 2 ? glue[(a / 2) % glue.size()] : csvTasks[(a / 2) % csvTasks.size()];
  const LmBffTask task = lmBffTask(name);
  const int k = 1 + b % 4;
  const uint64_t seed = b / 4;
  const LmBffSplit s = makeLmBffSplit(bytes, "fuzz", task, k, seed);
  const LmBffSplit again = makeLmBffSplit(bytes, "fuzz", task, k, seed);
  if (s.train != again.train || s.dev != again.dev || s.trainLines != again.trainLines) __builtin_trap();
  if (s.trainLines.size() > s.labels.size() * k || s.devLines.size() > s.labels.size() * k) __builtin_trap();
  for (int line : s.trainLines)
    if (line < 1) __builtin_trap();
  for (int line : s.devLines)
    if (line < 1) __builtin_trap();
  if (task.glue) {
    // Lines are written back as read: a last line without a line break stays without one (LM-BFF's
    // script does the same), so the row it lands on may lack its '\n'.
    const size_t header = task.header ? 1 : 0;
    const bool lastHasBreak = bytes.empty() || bytes.back() == '\n' || bytes.back() == '\r';
    auto rowsMatch = [&](const std::string& file, size_t rows) {
      const size_t breaks = lineCount(file);
      return breaks == rows + header || (!lastHasBreak && rows + header > 0 && breaks == rows + header - 1);
    };
    if (!rowsMatch(s.train, s.trainLines.size()) || !rowsMatch(s.dev, s.devLines.size())) __builtin_trap();
  }
}

void testFile(const std::string& bytes, uint8_t a) {
  const auto& glue = lmBffGlueTasks();
  const std::string name = a % 2 ? glue[(a / 2) % glue.size()] : std::string("mr");
  const LmBffTestFile f = makeLmBffTestFile(bytes, "fuzz", lmBffTask(name));
  if (f.name.empty()) __builtin_trap();
}

void unlabeled(const std::string& bytes, uint8_t a) {
  static const std::vector<std::string> formats = {"auto",  "lines",        "tsv",         "csv",
                                                   "jsonl", "tsv-noheader", "csv-noheader"};
  UnlabeledOptions o;
  o.format = formats[a % formats.size()];
  o.maxLineBytes = 256;
  o.keptProblems = 4;
  if (a / 8 % 4 == 1) o.textFields = {"2"};
  if (a / 8 % 4 == 2) o.textFields = {"text"};
  if (a / 32 % 2) o.idField = "id";
  const std::string path = pwb::fuzz::writeScratch("unlabeled.txt", bytes);
  UnlabeledReader r(path, o);
  std::vector<UnlabeledRow> rows;
  int64_t good = 0, lastRow = -1;
  int lastLine = 0;
  while (r.next(3, rows)) {
    if (rows.size() > 3) __builtin_trap();
    for (const UnlabeledRow& row : rows) {
      if (row.fields.size() != r.columns().size() || row.row <= lastRow || row.line < lastLine ||
          row.line < 1)
        __builtin_trap();
      lastRow = row.row;
      lastLine = row.line;
      ++good;
    }
  }
  if (good + r.badRows() != r.rowsRead() || r.problems().size() > o.keptProblems) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  const int mode = data[0] % 4;
  const uint8_t a = data[0] / 4, b = data[1];
  const std::string text(reinterpret_cast<const char*>(data + 2), size - 2);
  try {
    switch (mode) {
      case 0:
        pandas(text);
        break;
      case 1:
        split(text, a, b);
        break;
      case 2:
        testFile(text, a);
        break;
      case 3:
        unlabeled(text, a);
        break;
    }
  } catch (const pwb::Error& e) {
    if (e.message().empty()) __builtin_trap();
  }
  return 0;
}
