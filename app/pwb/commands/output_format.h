#pragma once
// --output-format F and its shorthand --json, read the same way by every command that prints a table or
// JSON (compare, runs). "markdown" is accepted for "md".
#include <string>
#include <vector>

#include "cli_args.h"

namespace pwb::cli {

// The chosen format, one of `allowed` (fallback when neither option is given). Throws UsageError when
// --json contradicts --output-format, pwb::Error when the format is not allowed.
std::string outputFormatFrom(const Args& a, const std::vector<std::string>& allowed,
                             const std::string& fallback = "md");

}  // namespace pwb::cli
