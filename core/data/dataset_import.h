#pragma once
// The entry point: read a file in any supported format into a Dataset.
#include <string>

#include "data/dataset.h"
#include "data/import_options.h"

namespace pwb::data {

// Throws pwb::Error for file-level problems (missing, too large, binary, empty, unknown format) and,
// in OnBadRow::Stop mode, for the first bad row ("<file>:<line>: <message>").
Dataset importDataset(const std::string& path, const ImportOptions& options = {});

}  // namespace pwb::data
