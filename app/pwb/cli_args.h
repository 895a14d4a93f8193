#pragma once
// A small, strict option parser shared by the pwb sub-commands: --name value, --name=value, --flag,
// repeated options, positionals. Unknown options are errors that name the option.
#include <map>
#include <set>
#include <string>
#include <vector>

namespace pwb::cli {

class Args {
 public:
  // valueOptions take a value ("--model DIR"); flags do not ("--json").
  Args(const std::vector<std::string>& argv, const std::set<std::string>& valueOptions,
       const std::set<std::string>& flags);

  bool has(const std::string& name) const;                                           // flag or option given
  std::string get(const std::string& name, const std::string& fallback = "") const;  // last value
  std::string require(const std::string& name) const;           // throws pwb::Error when absent
  std::vector<std::string> all(const std::string& name) const;  // every value, in order
  int getInt(const std::string& name, int fallback) const;
  double getDouble(const std::string& name, double fallback) const;
  const std::vector<std::string>& positionals() const { return positionals_; }
  bool help() const { return help_; }

 private:
  std::map<std::string, std::vector<std::string>> values_;
  std::set<std::string> flagsSeen_;
  std::vector<std::string> positionals_;
  bool help_ = false;
};

}  // namespace pwb::cli
