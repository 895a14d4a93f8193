#include "cli_args.h"

#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <sstream>

namespace pwb::cli {

namespace {

// " (did you mean --x?)" for the closest known option within two edits, else "".
std::string suggestion(const std::string& name, const std::set<std::string>& valueOptions,
                       const std::set<std::string>& flags) {
  std::string best;
  size_t bestDistance = 3;
  for (const auto* names : {&valueOptions, &flags}) {
    for (const auto& candidate : *names) {
      const size_t d = editDistance(name, candidate);
      if (d < bestDistance) {
        bestDistance = d;
        best = candidate;
      }
    }
  }
  return best.empty() ? "" : " (did you mean --" + best + "?)";
}

}  // namespace

Args::Args(const std::vector<std::string>& argv, const std::set<std::string>& valueOptions,
           const std::set<std::string>& flags, const Aliases& aliases) {
  if (const char* list = std::getenv("PWB_LIST_OPTIONS"); list != nullptr && *list != '\0') {
    for (const auto& name : valueOptions) std::cout << "value " << name << "\n";
    for (const auto& name : flags) std::cout << "flag " << name << "\n";
    for (const auto& [old, name] : aliases) std::cout << "alias " << old << " " << name << "\n";
    std::cout.flush();
    std::exit(0);
  }
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
      const std::string typed = name;
      const auto alias = aliases.find(name);
      if (alias != aliases.end()) {
        name = alias->second;
        typed_[name] = typed;
      } else {
        typed_.erase(name);
      }
      if (flags.count(name)) {
        if (inlineValue) throw UsageError("option --" + typed + " takes no value");
        flagsSeen_.insert(name);
      } else if (valueOptions.count(name)) {
        if (!inlineValue) {
          if (i + 1 >= argv.size()) throw UsageError("option --" + typed + " needs a value");
          value = argv[++i];
        }
        values_[name].push_back(value);
      } else {
        throw UsageError("unknown option --" + typed + suggestion(typed, valueOptions, flags) +
                         " (see --help)");
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
  if (it == values_.end()) throw UsageError("missing required option --" + name + " (see --help)");
  return it->second.back();
}

std::vector<std::string> Args::all(const std::string& name) const {
  auto it = values_.find(name);
  return it == values_.end() ? std::vector<std::string>{} : it->second;
}

std::string Args::spelling(const std::string& name) const {
  auto it = typed_.find(name);
  return "--" + (it == typed_.end() ? name : it->second);
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
  throw UsageError("option " + spelling(name) + " expects an integer, got '" + v + "'");
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
  throw UsageError("option " + spelling(name) + " expects a number, got '" + v + "'");
}

size_t editDistance(const std::string& a, const std::string& b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diag = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diag = up;
    }
  }
  return row[b.size()];
}

std::vector<std::string> splitList(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream ss(text);
  std::string item;
  while (std::getline(ss, item, ',')) {
    if (!item.empty()) out.push_back(item);
  }
  return out;
}

}  // namespace pwb::cli
