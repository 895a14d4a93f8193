#include "store/group_names.h"

#include <cstdio>
#include <cstdlib>
#include <map>
#include <set>

namespace pwb::store {
namespace {

constexpr size_t kMaxValueChars = 28;  // code points; longer values keep 13 at each end around "…"
constexpr size_t kKeepEachEnd = 13;

// Leaves of a config: "optimizer.lr" → 1e-5. Arrays are leaves; an empty object has none (a method with
// no settings of its own is not named "method config {}" next to one that has some).
void leaves(const nlohmann::json& j, const std::string& prefix, std::map<std::string, nlohmann::json>& out) {
  if (j.is_object()) {
    for (auto it = j.begin(); it != j.end(); ++it)
      leaves(it.value(), prefix.empty() ? it.key() : prefix + "." + it.key(), out);
  } else {
    out[prefix] = j;
  }
}

// Byte offsets of the UTF-8 code points of `s` (so elision never splits a character).
std::vector<size_t> codePointStarts(const std::string& s) {
  std::vector<size_t> starts;
  for (size_t i = 0; i < s.size(); ++i)
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) starts.push_back(i);
  return starts;
}

std::string elide(const std::string& s) {
  const auto starts = codePointStarts(s);
  if (starts.size() <= kMaxValueChars) return s;
  return s.substr(0, starts[kKeepEachEnd]) + "…" + s.substr(starts[starts.size() - kKeepEachEnd]);
}

// The shortest %g form that reads back as the same double, with the exponent trimmed: 2e-05 → 2e-5.
std::string shortestNumber(double v) {
  char buf[40];
  for (int precision = 1; precision <= 17; ++precision) {
    std::snprintf(buf, sizeof buf, "%.*g", precision, v);
    if (std::strtod(buf, nullptr) == v) break;
  }
  std::string s = buf;
  const auto e = s.find('e');
  if (e == std::string::npos) return s;
  std::string mantissa = s.substr(0, e), exponent = s.substr(e + 1);
  const bool negative = !exponent.empty() && exponent[0] == '-';
  if (!exponent.empty() && (exponent[0] == '-' || exponent[0] == '+')) exponent.erase(0, 1);
  while (exponent.size() > 1 && exponent[0] == '0') exponent.erase(0, 1);
  return mantissa + "e" + (negative ? "-" : "") + exponent;
}

std::string lastComponent(const std::string& key) {
  const auto dot = key.rfind('.');
  return dot == std::string::npos ? key : key.substr(dot + 1);
}

std::string spaced(std::string key) {
  for (char& c : key)
    if (c == '_') c = ' ';
  return key;
}

}  // namespace

std::string compactConfigValue(const nlohmann::json& value, int pathComponents) {
  if (value.is_null()) return "none";
  if (value.is_boolean()) return value.get<bool>() ? "on" : "off";
  if (value.is_number_integer()) return std::to_string(value.get<int64_t>());
  if (value.is_number_unsigned()) return std::to_string(value.get<uint64_t>());
  if (value.is_number()) return shortestNumber(value.get<double>());
  if (value.is_string()) {
    std::string s = value.get<std::string>();
    while (s.size() > 1 && s.back() == '/') s.pop_back();
    // The slash before the last `pathComponents` components; the whole string when there are no more.
    size_t cut = s.size();
    for (int k = 0; k < pathComponents && cut != std::string::npos && cut > 0; ++k)
      cut = s.rfind('/', cut - 1);
    if (cut != std::string::npos && cut > 0) s = s.substr(cut + 1);
    return elide(s);
  }
  if (value.is_array()) {
    std::string out = "[";
    for (size_t i = 0; i < value.size(); ++i)
      out += (i ? ", " : "") + compactConfigValue(value[i], pathComponents);
    return elide(out + "]");
  }
  return elide(value.dump());
}

std::vector<std::string> groupNames(const std::vector<ConfigGroup>& groups) {
  std::vector<std::map<std::string, nlohmann::json>> flat(groups.size());
  std::map<std::string, std::vector<size_t>> byMethod;
  for (size_t i = 0; i < groups.size(); ++i) {
    leaves(groups[i].config, "", flat[i]);
    flat[i].erase("method");  // the first word of every name
    flat[i].erase("seed");    // never part of a configuration
    byMethod[groups[i].method].push_back(i);
  }
  std::vector<std::string> names(groups.size());
  for (const auto& [method, members] : byMethod) {
    // Keys whose value (or presence) differs between this method's groups.
    std::set<std::string> keys;
    for (size_t i : members)
      for (const auto& kv : flat[i]) keys.insert(kv.first);
    std::vector<std::string> differing;
    for (const auto& k : keys) {
      std::set<std::string> seen;
      for (size_t i : members) {
        auto it = flat[i].find(k);
        seen.insert(it == flat[i].end() ? std::string("\x01missing") : it->second.dump());
      }
      if (seen.size() > 1) differing.push_back(k);
    }
    std::map<std::string, int> shortUses;
    for (const auto& k : differing) ++shortUses[lastComponent(k)];
    // Paths show as many trailing components as it takes to keep distinct values distinct
    // (".../SST-2/train.tsv" and ".../16-13/train.tsv" → "SST-2/train.tsv", "16-13/train.tsv").
    std::map<std::string, int> components;
    for (const auto& k : differing) {
      std::set<std::string> raw;
      for (size_t i : members)
        if (auto it = flat[i].find(k); it != flat[i].end()) raw.insert(it->second.dump());
      int n = 1;
      for (; n < 16; ++n) {
        std::set<std::string> shown;
        for (size_t i : members)
          if (auto it = flat[i].find(k); it != flat[i].end()) shown.insert(compactConfigValue(it->second, n));
        if (shown.size() == raw.size()) break;
      }
      components[k] = n;
    }
    for (size_t i : members) {
      std::string name = method.empty() ? std::string("(no method)") : method;
      for (const auto& k : differing) {
        auto it = flat[i].find(k);
        if (it == flat[i].end()) continue;
        const std::string shortKey = lastComponent(k);
        name += " · " + spaced(shortUses[shortKey] > 1 ? k : shortKey) + " " +
                compactConfigValue(it->second, components[k]);
      }
      names[i] = name;
    }
  }
  // Elided values can still meet (two long templates alike at both ends): number the later ones.
  std::map<std::string, int> uses;
  for (auto& n : names) {
    const int k = ++uses[n];
    if (k > 1) n += " (" + std::to_string(k) + ")";
  }
  return names;
}

}  // namespace pwb::store
