#pragma once
// One importer per on-disk format. Each reads the decoded text of one file into ds.examples through
// the RowCollector, sets ds.columns, and never throws for a bad row except in stop mode.
#include <string>
#include <string_view>
#include <vector>

#include "data/dataset.h"
#include "data/import_options.h"
#include "data/line_splitter.h"
#include "data/row_collector.h"

namespace pwb::data {

struct ImportContext {
  const std::string& path;
  std::string_view text;
  const std::vector<TextLine>& lines;
  const ImportOptions& options;
  Dataset& ds;
  RowCollector& rows;
  // Multi-label rows (importDatasetWithLabelLists): when not empty, a JSONL label that is a list of strings
  // is read as those strings joined with this separator (empty = a list is a bad row, as for single-label
  // data).
  std::string labelListSeparator = {};
};

// Delimited files: TAB or comma, with or without a header line, with or without RFC-4180 quoting.
void importDelimited(ImportContext& ctx, char delimiter, bool hasHeader, bool quoted);
// "<label> <text>" per line (Kim 2014 / harvardnlp).
void importLabelSpace(ImportContext& ctx);
// One text per line, label from ImportOptions::fixedLabel (or none).
void importPlainLines(ImportContext& ctx);
// "__label__N<TAB or space><text>".
void importFastText(ImportContext& ctx);
// One JSON object per line (SuperGLUE).
void importJsonl(ImportContext& ctx);
// Multiple choice, one JSON object per line (ARC, ARC flat, COPA): options become the fields option_A,
// option_B, ... and the label the answer's letter (see import_choice_jsonl.cpp).
void importChoiceJsonl(ImportContext& ctx);
// One PTB bracketed tree per line (Stanford SST); label = root, text = leaves.
void importPtb(ImportContext& ctx);

// Resolves a column given as a header name or a 1-based number; -1 when it matches nothing.
int resolveColumn(const std::string& spec, const std::vector<std::string>& header);

}  // namespace pwb::data
