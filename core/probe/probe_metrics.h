#pragma once
// P@1, P@10 and MRR from 1-based ranks (probe_types.h states the convention).
#include <cstdint>
#include <vector>

#include "probe/probe_types.h"

namespace pwb::probe {

// Throws pwb::Error for a rank below 1. No ranks: count 0 and every metric 0.
ProbeMetrics probeMetrics(const std::vector<int64_t>& ranks);

}  // namespace pwb::probe
