#pragma once
// importDataset for multi-label rows (core/multilabel): a JSONL label may be a list of strings, read as
// those strings joined with `separator` (a TSV/CSV label column already holds them joined). Apart from a
// separate header so that the widely included dataset_import.h and ImportOptions stay as they are.
#include <string>

#include "data/dataset.h"
#include "data/import_options.h"

namespace pwb::data {

// As importDataset; throws pwb::Error for an empty separator.
Dataset importDatasetWithLabelLists(const std::string& path, const ImportOptions& options,
                                    const std::string& separator);

}  // namespace pwb::data
