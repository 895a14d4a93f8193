#pragma once
// A knowledge probe's result as a run of the project's run store (`pwb probe --db`): the zero-shot
// counterpart of a trained probe run (train/probe_task.h), with the same result keys so that both list
// side by side in `pwb runs` and the Runs view. Torch-free.
#include <cstdint>
#include <string>

#include "probe/probe_import.h"
#include "probe/probe_types.h"

namespace pwb::probe {

// Creates a finished run, method "zero-shot", config {"task": "probe", "model", "template", "data",
// "multi_piece_answers"}, results {"task": "probe", "test_p_at_1", "test_p_at_10", "test_mrr",
// "test_count", "skipped_multi_piece", "skipped_unknown"}, with the template and data set records and an
// evaluation (split "test", accuracy = P@1, metrics {"task": "probe", "p_at_1", "p_at_10", "mrr",
// "count"}) whose predictions hold each scored fact's answer (gold) and top-1 token (predicted; "" when the
// probe kept no top tokens). Returns the run id; throws pwb::Error when the store cannot be written.
int64_t recordProbeRun(const std::string& dbPath, const ProbeResult& result, const ProbeSet& set);

}  // namespace pwb::probe
