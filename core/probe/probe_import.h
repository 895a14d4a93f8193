#pragma once
// Reading a knowledge-probing data set: rows of text fields plus an answer that is a word, not a class
// (LAMA's JSONL {"sub_label": "France", "obj_label": "Paris", ...}, or a TSV/CSV with a header). The
// generic importers of core/data do the reading (formats, encodings, file:line problems); the answer is
// their label column, and this layer adds what a probe needs on top: an answer column found by name, and
// every text field non-empty. Bad rows are counted in Dataset::problems with file and line, never dropped
// silently; nothing throws for a bad row except in OnBadRow::Stop mode.
#include <cstddef>
#include <string>
#include <vector>

#include "data/dataset.h"
#include "data/import_options.h"

namespace pwb::probe {

struct ProbeImportOptions {
  std::string format = "auto";  // "auto", "jsonl", "tsv", "csv", ... (data::formatNames())
  // The answer's key / header name; empty = "answer", else LAMA's "obj_label" (whichever the first row has).
  std::string answerColumn;
  // Text fields by name; empty = every string field but the answer and id keys (the importer's default).
  std::vector<std::string> fields;
  data::OnBadRow onBadRow = data::OnBadRow::Skip;
  size_t maxRows = 0;  // 0 = all rows
};

struct ProbeSet {
  data::Dataset data;        // Example::label holds the answer word; Dataset::labels the distinct answers
  std::string answerColumn;  // the column the answers came from
  // "40 facts (answers from 'obj_label'), 38 distinct answers, 2 rows skipped".
  std::string summary() const;
};

// The answer column candidates tried in order when none is given.
const std::vector<std::string>& defaultAnswerColumns();

// Throws pwb::Error for file-level problems (missing file, no answer column, no row with an answer, a
// headerless format without --answer) and, in stop mode, for the first bad row.
ProbeSet importProbeSet(const std::string& path, const ProbeImportOptions& options = {});

}  // namespace pwb::probe
