#pragma once
// A small, strict option parser shared by the pwb sub-commands: --name value, --name=value, --flag,
// repeated options, positionals. Unknown options are usage errors that name the option.
//
// Old spellings stay accepted as hidden aliases (not in the usage texts) so that scripts keep working
// after an option was renamed for consistency across commands: an alias is stored under its canonical
// name, and spelling() tells which one the user typed, for error messages.
#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

#include "common/error.h"

namespace pwb::cli {

// The command line itself is wrong (unknown option, missing value, not a number, missing required
// option): main() exits with status 2 instead of 1, like for an unknown command.
class UsageError : public Error {
 public:
  using Error::Error;
};

// Hidden old spelling -> canonical name, e.g. {"kshot", "k"}. The alias is a flag or takes a value
// exactly as its canonical option does.
using Aliases = std::map<std::string, std::string>;

class Args {
 public:
  // valueOptions take a value ("--model DIR"); flags do not ("--json").
  //
  // With the environment variable PWB_LIST_OPTIONS set (non-empty), the constructor prints the options it
  // accepts instead of parsing — one per line, "value NAME", "flag NAME" or "alias OLD NAME" — and exits
  // with status 0. tests/app/test_cli_options.cpp compares this with every command's --help text.
  Args(const std::vector<std::string>& argv, const std::set<std::string>& valueOptions,
       const std::set<std::string>& flags, const Aliases& aliases = {});

  bool has(const std::string& name) const;                                           // flag or option given
  std::string get(const std::string& name, const std::string& fallback = "") const;  // last value
  std::string require(const std::string& name) const;           // throws UsageError when absent
  std::vector<std::string> all(const std::string& name) const;  // every value, in order
  int getInt(const std::string& name, int fallback) const;
  double getDouble(const std::string& name, double fallback) const;
  const std::vector<std::string>& positionals() const { return positionals_; }
  bool help() const { return help_; }
  // "--name" as the user last wrote it ("--kshot" when the alias was used), for messages.
  std::string spelling(const std::string& name) const;

 private:
  std::map<std::string, std::vector<std::string>> values_;
  std::set<std::string> flagsSeen_;
  std::map<std::string, std::string> typed_;  // canonical name -> alias used, when one was
  std::vector<std::string> positionals_;
  bool help_ = false;
};

// "a,b,,c" -> {"a", "b", "c"}: a comma-separated option value, empty items dropped.
std::vector<std::string> splitList(const std::string& text);

// A comma-separated list of numbers ("13,21,42", "1e-5,2e-5"), each item whole. A malformed item or an
// empty list is a UsageError naming --option, as Args::getInt treats a malformed single number.
template <typename T>
std::vector<T> parseList(const std::string& option, const std::string& text) {
  std::vector<T> out;
  for (const auto& item : splitList(text)) {
    try {
      size_t used = 0;
      T v;
      if constexpr (std::is_floating_point_v<T>) {
        v = static_cast<T>(std::stod(item, &used));
      } else {
        v = static_cast<T>(std::stoll(item, &used));
      }
      if (used != item.size()) throw std::invalid_argument(item);
      out.push_back(v);
    } catch (const std::exception&) {
      throw UsageError("--" + option + ": '" + item + "' is not a number");
    }
  }
  if (out.empty()) throw UsageError("--" + option + ": empty list");
  return out;
}

// Levenshtein distance, for "did you mean" on a mistyped command or option.
size_t editDistance(const std::string& a, const std::string& b);

}  // namespace pwb::cli
