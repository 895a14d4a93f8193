#include "probe/probe_import.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "common/error.h"
#include "common/text_file.h"
#include "data/dataset_import.h"
#include "data/format_detect.h"
#include "data/line_splitter.h"
#include "data/text_decode.h"

namespace pwb::probe {
namespace {

// The keys of the first JSON object, or the header names of a delimited file; empty when the first row
// says nothing (a bad first line: the import then reports it by line).
std::vector<std::string> firstRowNames(const std::string& format, const std::vector<data::TextLine>& lines) {
  std::vector<std::string> names;
  for (const auto& line : lines) {
    if (data::trimView(line.text).empty()) continue;
    if (format == "jsonl") {
      const auto obj = nlohmann::ordered_json::parse(line.text, nullptr, false);
      if (obj.is_object())
        for (const auto& item : obj.items()) names.push_back(item.key());
    } else if (format == "tsv" || format == "tsv-quoted" || format == "csv") {
      const char delim = format == "csv" ? ',' : '\t';
      std::string_view rest = line.text;
      while (true) {
        const size_t end = rest.find(delim);
        std::string name = data::trimCopy(std::string(rest.substr(0, end)));
        if (name.size() >= 2 && name.front() == '"' && name.back() == '"')
          name = name.substr(1, name.size() - 2);
        names.push_back(name);
        if (end == std::string_view::npos) break;
        rest = rest.substr(end + 1);
      }
    }
    break;
  }
  return names;
}

std::string joined(const std::vector<std::string>& names) {
  std::string s;
  for (const auto& n : names) s += (s.empty() ? "" : ", ") + n;
  return s;
}

// The answer column when the user named none: the first default candidate the first row has.
std::string findAnswerColumn(const std::string& path, const ProbeImportOptions& options) {
  const std::string bytes = readFileBytes(path, data::ImportOptions{}.maxFileBytes);
  const data::DecodedText decoded = data::decodeText(bytes, path);
  const auto lines = data::splitLines(decoded.text);
  const std::string format =
      options.format.empty() || options.format == "auto" ? data::detectFormat(lines).format : options.format;
  if (format != "jsonl" && format != "tsv" && format != "tsv-quoted" && format != "csv")
    throw fileError(path,
                    "a probing data set needs named columns (JSONL, or TSV/CSV with a header); this file "
                    "reads as '" +
                        format + "': name the answer column with --answer");
  const auto names = firstRowNames(format, lines);
  for (const auto& candidate : defaultAnswerColumns())
    if (std::find(names.begin(), names.end(), candidate) != names.end()) return candidate;
  throw fileError(path, "no answer column: the first row has no '" + joined(defaultAnswerColumns()) +
                            "' (it has: " + joined(names) + "); name it with --answer");
}

}  // namespace

const std::vector<std::string>& defaultAnswerColumns() {
  static const std::vector<std::string> names{"answer", "obj_label"};
  return names;
}

std::string ProbeSet::summary() const {
  const size_t skipped = data.problems.size();
  return std::to_string(data.examples.size()) + (data.examples.size() == 1 ? " fact" : " facts") +
         " (answers from '" + answerColumn + "'), " + std::to_string(data.labels.size()) + " distinct " +
         (data.labels.size() == 1 ? "answer, " : "answers, ") + std::to_string(skipped) +
         (skipped == 1 ? " row skipped" : " rows skipped");
}

ProbeSet importProbeSet(const std::string& path, const ProbeImportOptions& options) {
  ProbeSet out;
  out.answerColumn = options.answerColumn.empty() ? findAnswerColumn(path, options) : options.answerColumn;
  data::ImportOptions io;
  io.format = options.format.empty() ? "auto" : options.format;
  io.labelColumn = out.answerColumn;
  io.textColumns = options.fields;
  // Read in skip mode and stop afterwards: a row without the answer key is only found once every row is
  // read (the importer cannot tell it from an unlabeled set before), so stopping while reading would name
  // a later line than the first bad one.
  io.onBadRow = data::OnBadRow::Skip;
  io.maxRows = options.maxRows;
  out.data = data::importDataset(path, io);
  data::Dataset& ds = out.data;
  // Rows read but none with an answer: the column is wrong, not the rows. (No rows read at all: every row
  // was bad, and the problems say why, by line.)
  if (!ds.examples.empty() && ds.unlabeled)
    throw fileError(path, "no row has an answer in '" + out.answerColumn + "'");
  // The importers call a missing answer a "missing label"; here it is an answer.
  for (auto& p : ds.problems)
    if (p.message.rfind("missing label", 0) == 0) p.message = "missing answer" + p.message.substr(13);
  // A fact with an empty field renders a prompt with a hole ("The capital of  is [MASK] ."): a bad row.
  std::vector<data::Example> kept;
  kept.reserve(ds.examples.size());
  for (auto& e : ds.examples) {
    std::string empty;
    for (size_t f = 0; f < e.fields.size() && empty.empty(); ++f)
      if (e.fields[f].empty()) empty = f < ds.columns.size() ? ds.columns[f] : std::to_string(f + 1);
    if (!empty.empty()) {
      ds.problems.push_back({ds.path, e.line, "empty field '" + empty + "'"});
      continue;
    }
    kept.push_back(std::move(e));
  }
  ds.examples = std::move(kept);
  std::stable_sort(ds.problems.begin(), ds.problems.end(),
                   [](const data::Problem& a, const data::Problem& b) { return a.line < b.line; });
  if (options.onBadRow == data::OnBadRow::Stop && !ds.problems.empty())
    throw lineError(path, ds.problems.front().line, ds.problems.front().message);
  data::refreshLabels(ds);
  return out;
}

}  // namespace pwb::probe
