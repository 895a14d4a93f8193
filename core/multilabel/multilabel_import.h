#pragma once
// Reading a multi-label data set: JSONL rows with a list of labels ({"text": "..", "labels": ["a", "c"]})
// or TSV/CSV rows whose label column joins them with a separator ("a,c"). The generic importers of
// core/data do the reading (formats, encodings, file:line problems); this layer splits the labels and
// checks them against the declared label set. Bad rows — no label, a label outside the declared set, an
// empty label between separators — are counted in Dataset::problems with file and line, never dropped
// silently; nothing throws for a bad row except in OnBadRow::Stop mode.
#include <string>

#include "multilabel/multilabel_types.h"

namespace pwb::multilabel {

// Throws pwb::Error for file-level problems (missing file, unknown label column, an empty separator, a
// repeated declared label) and, in stop mode, for the first bad row.
MultiLabelSet importMultiLabelSet(const std::string& path, const MultiLabelImportOptions& options = {});

// Splits "a, c" by the separator into trimmed labels; an empty piece is returned as "" (a bad row).
std::vector<std::string> splitLabels(const std::string& text, const std::string& separator);

}  // namespace pwb::multilabel
