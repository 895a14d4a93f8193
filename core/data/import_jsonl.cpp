// JSON Lines (SuperGLUE): one object per line. The text fields are the string-valued keys of the first
// object, in file order, except the label key and id keys (idx, id, guid); a file without any label
// key (SuperGLUE test) becomes an unlabeled set.
#include <nlohmann/json.hpp>

#include "common/error.h"
#include "data/importers.h"

namespace pwb::data {
namespace {

bool isIdKey(const std::string& k) {
  return k == "idx" || k == "id" || k == "guid" || k == "index";
}

std::string scalarText(const nlohmann::ordered_json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
  if (v.is_number()) return v.dump();
  return {};
}

}  // namespace

void importJsonl(ImportContext& ctx) {
  const std::string labelKey = ctx.options.labelColumn.empty() ? "label" : ctx.options.labelColumn;
  std::vector<std::string> textKeys = ctx.options.textColumns;
  bool columnsKnown = !textKeys.empty();
  bool keysChecked = false;
  if (columnsKnown) ctx.ds.columns = textKeys;
  for (const auto& line : ctx.lines) {
    if (ctx.rows.full()) break;
    if (trimView(line.text).empty()) {
      ctx.rows.blankLine(line.number);
      continue;
    }
    if (!ctx.rows.acceptLine(line)) continue;
    nlohmann::ordered_json obj;
    try {
      obj = nlohmann::ordered_json::parse(line.text);
    } catch (const nlohmann::json::parse_error& e) {
      // nlohmann says "[json.exception.parse_error.101] parse error at line 1, column 33: <why>";
      // the line is ours, so keep the column and the reason.
      std::string why = e.what();
      const size_t colon = why.find(": ");
      if (colon != std::string::npos) why = why.substr(colon + 2);
      ctx.rows.problem(line.number, "invalid JSON at column " + std::to_string(e.byte) + ": " + why);
      continue;
    } catch (const nlohmann::json::out_of_range& e) {  // a number beyond double, e.g. 1e999
      ctx.rows.problem(line.number, std::string("invalid JSON: ") + e.what());
      continue;
    }
    if (!obj.is_object()) {
      ctx.rows.problem(line.number, "expected a JSON object, found " + std::string(obj.type_name()));
      continue;
    }
    if (!ctx.options.textColumns.empty() && !keysChecked) {
      keysChecked = true;
      // Checked once, on the first object: a misspelt --text-column is one clear error, not N bad rows.
      for (const auto& key : textKeys)
        if (!obj.contains(key)) {
          std::string keys;
          for (const auto& [k, v] : obj.items()) keys += (keys.empty() ? "" : ", ") + k;
          throw lineError(ctx.path, line.number,
                          "text field '" + key + "' is not in the object (keys: " + keys + ")");
        }
    }
    if (!columnsKnown) {
      for (const auto& [key, value] : obj.items())
        if (key != labelKey && !isIdKey(key) && value.is_string()) textKeys.push_back(key);
      if (textKeys.empty()) {
        ctx.rows.problem(line.number,
                         "no text field: the object has no string value besides '" + labelKey + "'");
        continue;
      }
      ctx.ds.columns = textKeys;
      columnsKnown = true;
    }
    std::vector<std::string> fields;
    std::string missing;
    for (const auto& key : textKeys) {
      auto it = obj.find(key);
      if (it == obj.end() || !(it->is_string() || it->is_number())) {
        missing = key;
        break;
      }
      fields.push_back(scalarText(*it));
    }
    if (!missing.empty()) {
      ctx.rows.problem(line.number, "missing text field '" + missing + "'");
      continue;
    }
    std::string label;
    auto it = obj.find(labelKey);
    if (it != obj.end()) {
      label = scalarText(*it);
      if (it->is_array() && !ctx.labelListSeparator.empty()) {
        bool strings = true;
        for (const auto& v : *it) {
          strings = strings && v.is_string();
          if (strings) label += (label.empty() ? "" : ctx.labelListSeparator) + v.get<std::string>();
        }
        if (!strings) {
          ctx.rows.problem(line.number, "'" + labelKey + "' is a list with an element that is not a string");
          continue;
        }
      }
      if (label.empty()) {
        ctx.rows.problem(line.number, "missing label: '" + labelKey + "' is empty or not a string/number");
        continue;
      }
    }
    ctx.rows.add(line.number, std::move(fields), std::move(label));
  }
}

}  // namespace pwb::data
