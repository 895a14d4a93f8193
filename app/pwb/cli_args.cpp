#include "cli_args.h"

#include "common/error.h"

namespace pwb::cli {

Args::Args(const std::vector<std::string>& argv, const std::set<std::string>& valueOptions,
           const std::set<std::string>& flags) {
  for (size_t i = 0; i < argv.size(); ++i) {
    const std::string& a = argv[i];
    if (a == "--help" || a == "-h") {
      help_ = true;
      continue;
    }
    if (a == "--") {
      positionals_.insert(positionals_.end(), argv.begin() + static_cast<long>(i) + 1, argv.end());
      break;
    }
    if (a.size() > 2 && a.compare(0, 2, "--") == 0) {
      std::string name = a.substr(2), value;
      const auto eq = name.find('=');
      const bool inlineValue = eq != std::string::npos;
      if (inlineValue) {
        value = name.substr(eq + 1);
        name = name.substr(0, eq);
      }
      if (flags.count(name)) {
        if (inlineValue) throw Error("option --" + name + " takes no value");
        flagsSeen_.insert(name);
      } else if (valueOptions.count(name)) {
        if (!inlineValue) {
          if (i + 1 >= argv.size()) throw Error("option --" + name + " needs a value");
          value = argv[++i];
        }
        values_[name].push_back(value);
      } else {
        throw Error("unknown option --" + name + " (see --help)");
      }
      continue;
    }
    positionals_.push_back(a);
  }
}

bool Args::has(const std::string& name) const {
  return flagsSeen_.count(name) || values_.count(name);
}

std::string Args::get(const std::string& name, const std::string& fallback) const {
  auto it = values_.find(name);
  return it == values_.end() ? fallback : it->second.back();
}

std::string Args::require(const std::string& name) const {
  auto it = values_.find(name);
  if (it == values_.end()) throw Error("missing required option --" + name + " (see --help)");
  return it->second.back();
}

std::vector<std::string> Args::all(const std::string& name) const {
  auto it = values_.find(name);
  return it == values_.end() ? std::vector<std::string>{} : it->second;
}

int Args::getInt(const std::string& name, int fallback) const {
  if (!values_.count(name)) return fallback;
  const std::string v = get(name);
  try {
    size_t used = 0;
    const int n = std::stoi(v, &used);
    if (used == v.size()) return n;
  } catch (const std::exception&) {
  }
  throw Error("option --" + name + " expects an integer, got '" + v + "'");
}

double Args::getDouble(const std::string& name, double fallback) const {
  if (!values_.count(name)) return fallback;
  const std::string v = get(name);
  try {
    size_t used = 0;
    const double d = std::stod(v, &used);
    if (used == v.size()) return d;
  } catch (const std::exception&) {
  }
  throw Error("option --" + name + " expects a number, got '" + v + "'");
}

}  // namespace pwb::cli
