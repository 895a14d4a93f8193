#include "data/lmbff_split_files.h"

#include <algorithm>
#include <cstdlib>
#include <map>

#include "common/error.h"
#include "data/numpy_random.h"
#include "data/pandas_csv.h"

namespace pwb::data {
namespace {

// One text line as Python's readlines() returns it in text mode: universal newlines, so the line ends
// in "\n" whatever its terminator was, or in nothing at the end of the file.
struct TextLine {
  std::string text;
  int number = 0;
};

std::vector<TextLine> pythonLines(const std::string& s) {
  std::vector<TextLine> out;
  std::string cur;
  int number = 1;
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < s.size() && s[i + 1] == '\n') ++i;
      cur.push_back('\n');
      out.push_back({std::move(cur), number++});
      cur.clear();
    } else {
      cur.push_back(c);
    }
  }
  if (!cur.empty()) out.push_back({std::move(cur), number});
  return out;
}

// Decodes the UTF-8 code point that ends at `end` (exclusive); returns its start.
size_t codePointBefore(const std::string& s, size_t end, uint32_t& cp) {
  size_t b = end - 1;
  while (b > 0 && (static_cast<unsigned char>(s[b]) & 0xC0) == 0x80 && end - b < 4) --b;
  const auto u = [&](size_t i) { return static_cast<uint32_t>(static_cast<unsigned char>(s[i])); };
  const size_t n = end - b;
  if (n == 1)
    cp = u(b);
  else if (n == 2)
    cp = ((u(b) & 0x1F) << 6) | (u(b + 1) & 0x3F);
  else if (n == 3)
    cp = ((u(b) & 0x0F) << 12) | ((u(b + 1) & 0x3F) << 6) | (u(b + 2) & 0x3F);
  else
    cp = ((u(b) & 0x07) << 18) | ((u(b + 1) & 0x3F) << 12) | ((u(b + 2) & 0x3F) << 6) | (u(b + 3) & 0x3F);
  return b;
}

size_t codePointAt(const std::string& s, size_t b, uint32_t& cp) {
  const auto u = [&](size_t i) { return static_cast<uint32_t>(static_cast<unsigned char>(s[i])); };
  const uint32_t c = u(b);
  size_t n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
  n = std::min(n, s.size() - b);
  cp = n == 1   ? c
       : n == 2 ? ((c & 0x1F) << 6) | (u(b + 1) & 0x3F)
       : n == 3
           ? ((c & 0x0F) << 12) | ((u(b + 1) & 0x3F) << 6) | (u(b + 2) & 0x3F)
           : ((c & 0x07) << 18) | ((u(b + 1) & 0x3F) << 12) | ((u(b + 2) & 0x3F) << 6) | (u(b + 3) & 0x3F);
  return b + n;
}

// Python's str.isspace() code points, which str.strip() removes.
bool pythonSpace(uint32_t cp) {
  return (cp >= 0x09 && cp <= 0x0D) || (cp >= 0x1C && cp <= 0x20) || cp == 0x85 || cp == 0xA0 ||
         cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F ||
         cp == 0x205F || cp == 0x3000;
}

std::string pythonStrip(const std::string& s) {
  size_t b = 0, e = s.size();
  while (b < e) {
    uint32_t cp = 0;
    const size_t next = codePointAt(s, b, cp);
    if (!pythonSpace(cp)) break;
    b = next;
  }
  while (e > b) {
    uint32_t cp = 0;
    const size_t start = codePointBefore(s, e, cp);
    if (!pythonSpace(cp)) break;
    e = start;
  }
  return s.substr(b, e - b);
}

std::vector<std::string> splitTabs(const std::string& s) {
  std::vector<std::string> out;
  size_t start = 0;
  for (;;) {
    const size_t tab = s.find('\t', start);
    out.push_back(s.substr(start, tab == std::string::npos ? std::string::npos : tab - start));
    if (tab == std::string::npos) return out;
    start = tab + 1;
  }
}

std::string glueLabel(const LmBffTask& task, const TextLine& line, const std::string& origin) {
  const auto fields = splitTabs(pythonStrip(line.text));
  switch (task.label) {
    case LmBffTask::Label::First:
      return fields.front();
    case LmBffTask::Label::Second:
      if (fields.size() < 2)
        throw lineError(origin, line.number, "no second tab-separated field (the label)");
      return fields[1];
    case LmBffTask::Label::Last:
      return fields.back();
    case LmBffTask::Label::StsbThreshold: {
      // Python's float(): surrounding whitespace allowed (already stripped here).
      const std::string& v = fields.back();
      char* end = nullptr;
      const double score = std::strtod(v.c_str(), &end);
      if (v.empty() || end != v.c_str() + v.size() || v.find_first_of("xXpP") != std::string::npos)
        throw lineError(origin, line.number, "the last field '" + v + "' is not a number (STS-B score)");
      return score < 2.5 ? "0" : "1";
    }
  }
  return fields.front();
}

// Rows in LM-BFF's shuffled order grouped by label: the first K of each class, then the next K of each.
struct Picked {
  std::vector<size_t> train, dev;
  std::vector<std::string> labels, shortClasses;
};

Picked pick(const std::vector<std::string>& rowLabels, int k, uint64_t seed) {
  std::vector<size_t> order(rowLabels.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  NumpyLegacyRandom rng(static_cast<uint32_t>(seed));
  rng.shuffle(order);
  Picked p;
  std::map<std::string, std::vector<size_t>> byClass;
  for (size_t i : order) {
    auto& rows = byClass[rowLabels[i]];
    if (rows.empty()) p.labels.push_back(rowLabels[i]);
    rows.push_back(i);
  }
  const size_t kk = static_cast<size_t>(k);
  for (const auto& label : p.labels) {
    const auto& rows = byClass[label];
    for (size_t j = 0; j < std::min(kk, rows.size()); ++j) p.train.push_back(rows[j]);
    if (rows.size() < 2 * kk) p.shortClasses.push_back(label + " (" + std::to_string(rows.size()) + " rows)");
  }
  for (const auto& label : p.labels) {
    const auto& rows = byClass[label];
    for (size_t j = kk; j < std::min(2 * kk, rows.size()); ++j) p.dev.push_back(rows[j]);
  }
  return p;
}

}  // namespace

const std::vector<std::string>& lmBffGlueTasks() {
  static const std::vector<std::string> names = {"CoLA", "MNLI", "MRPC",  "QNLI",  "QQP",
                                                 "RTE",  "SNLI", "SST-2", "STS-B", "WNLI"};
  return names;
}

LmBffTask lmBffTask(const std::string& name) {
  if (name.empty()) throw Error("no LM-BFF task name given (e.g. SST-2, sst-5, mr, trec)");
  LmBffTask t;
  t.name = name;
  const auto& glue = lmBffGlueTasks();
  if (std::find(glue.begin(), glue.end(), name) == glue.end()) return t;  // a CSV task
  t.glue = true;
  t.header = name != "CoLA";
  t.label = name == "CoLA"    ? LmBffTask::Label::Second
            : name == "MRPC"  ? LmBffTask::Label::First
            : name == "STS-B" ? LmBffTask::Label::StsbThreshold
                              : LmBffTask::Label::Last;
  if (name == "MNLI") t.devName = "dev_matched.tsv";
  return t;
}

LmBffSplit makeLmBffSplit(const std::string& bytes, const std::string& origin, const LmBffTask& task, int k,
                          uint64_t seed) {
  if (k <= 0) throw Error("K must be a positive number of examples per class, got " + std::to_string(k));
  if (seed > 0xffffffffULL)
    throw Error("LM-BFF's seeds go through np.random.seed, which takes seeds below 2^32; got " +
                std::to_string(seed));
  LmBffSplit out;
  std::vector<std::string> labels;
  if (task.glue) {
    requireUtf8(bytes, origin, "LM-BFF's script (Python text mode)");
    auto lines = pythonLines(bytes);
    std::string header;
    if (task.header && !lines.empty()) {
      header = lines.front().text;
      lines.erase(lines.begin());
    }
    if (lines.empty()) throw fileError(origin, "no rows after the header");
    for (const auto& l : lines) labels.push_back(glueLabel(task, l, origin));
    const Picked p = pick(labels, k, seed);
    out.trainName = "train.tsv";
    out.devName = task.devName;
    out.train = out.dev = header;
    for (size_t i : p.train) {
      out.train += lines[i].text;
      out.trainLines.push_back(lines[i].number);
    }
    for (size_t i : p.dev) {
      out.dev += lines[i].text;
      out.devLines.push_back(lines[i].number);
    }
    out.labels = p.labels;
    out.shortClasses = p.shortClasses;
    return out;
  }
  const PandasCsvTable table = readPandasCsv(bytes, origin);
  for (size_t r = 0; r < table.rows.size(); ++r) {
    if (!table.rows[r][0])
      throw lineError(origin, table.lines[r], "missing label in the first column (pandas reads NaN there)");
    labels.push_back(table.cellText(r, 0));
  }
  const Picked p = pick(labels, k, seed);
  out.trainName = "train.csv";
  out.devName = "dev.csv";
  for (size_t i : p.train) {
    out.train += table.csvLine(i);
    out.trainLines.push_back(table.lines[i]);
  }
  for (size_t i : p.dev) {
    out.dev += table.csvLine(i);
    out.devLines.push_back(table.lines[i]);
  }
  out.labels = p.labels;
  out.shortClasses = p.shortClasses;
  return out;
}

LmBffTestFile makeLmBffTestFile(const std::string& bytes, const std::string& origin, const LmBffTask& task) {
  LmBffTestFile f;
  if (task.glue) {
    requireUtf8(bytes, origin, "LM-BFF's script (Python text mode)");
    std::string base =
        origin.substr(origin.find_last_of("/\\") == std::string::npos ? 0 : origin.find_last_of("/\\") + 1);
    if (base.find("dev") == std::string::npos)
      throw fileError(origin,
                      "LM-BFF's test files come from the original dev*.tsv files; this name has no 'dev'");
    // Python's str.replace replaces every occurrence.
    for (size_t at = base.find("dev"); at != std::string::npos; at = base.find("dev", at + 4))
      base.replace(at, 3, "test");
    f.name = base;
    for (const auto& l : pythonLines(bytes)) f.content += l.text;
    return f;
  }
  const PandasCsvTable table = readPandasCsv(bytes, origin);
  f.name = "test.csv";
  for (size_t r = 0; r < table.rows.size(); ++r) f.content += table.csvLine(r);
  return f;
}

}  // namespace pwb::data
