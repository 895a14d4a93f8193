#pragma once
// `pwb eval --task regression`: the regression path of pwb eval (core/regress), kept apart from the
// classification path so that each reads its own options.
#include <set>
#include <string>

#include "cli_args.h"

namespace pwb::cli {

// The option names only the regression task reads.
const std::set<std::string>& regressionOptionNames();
// Reads a --task value: true for "regression", false for "classification"; a UsageError otherwise.
bool isRegressionTask(const Args& a);
// Runs the evaluation and prints it; refuses the classification-only options given with it.
int evalRegression(const Args& a);

}  // namespace pwb::cli
