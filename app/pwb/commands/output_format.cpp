#include "output_format.h"

namespace pwb::cli {

std::string outputFormatFrom(const Args& a, const std::vector<std::string>& allowed,
                             const std::string& fallback) {
  std::string f = a.get("output-format", fallback);
  if (f == "markdown") f = "md";
  if (a.has("json")) {
    if (a.has("output-format") && f != "json")
      throw UsageError("--json contradicts " + a.spelling("output-format") + " " + a.get("output-format"));
    f = "json";
  }
  for (const auto& name : allowed) {
    if (name == f) return f;
  }
  std::string list;
  for (const auto& name : allowed) list += (list.empty() ? "" : ", ") + name;
  throw Error(a.spelling("output-format") + " must be one of " + list + ", got '" + f + "'");
}

}  // namespace pwb::cli
