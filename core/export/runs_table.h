#pragma once
// The runs of a project as a result table (`pwb export --runs-table`, the GUI's Export dialog): id, name,
// method, seed, status, test and best dev accuracy in percent with one decimal, as `pwb runs` shows them.
// Torch-free.
#include <vector>

#include "export/table_export.h"
#include "store/records.h"

namespace pwb::exporting {

Table runsTable(const std::vector<store::RunRecord>& runs);

}  // namespace pwb::exporting
