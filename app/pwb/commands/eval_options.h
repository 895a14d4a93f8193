#pragma once
// Options shared by `pwb eval` and `pwb compare`: scoring (calibration, multi-token mode, aggregation,
// batch, max length, top-k), session (device, threads, bf16) and --limit.
#include <cstddef>

#include "cli_args.h"
#include "eval/eval_session.h"

namespace pwb::cli {

eval::ScoringOptions scoringOptionsFrom(const Args& a);
eval::SessionOptions sessionOptionsFrom(const Args& a);
size_t limitFrom(const Args& a);

}  // namespace pwb::cli
