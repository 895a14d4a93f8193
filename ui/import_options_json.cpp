#include "import_options_json.h"

namespace pwb::ui {

nlohmann::json importOptionsToJson(const data::ImportOptions& o) {
  return nlohmann::json{{"format", o.format},           {"textColumns", o.textColumns},
                        {"labelColumn", o.labelColumn}, {"fixedLabel", o.fixedLabel},
                        {"labelNames", o.labelNames},   {"stopOnBadRow", o.onBadRow == data::OnBadRow::Stop}};
}

data::ImportOptions importOptionsFromJson(const nlohmann::json& j) {
  data::ImportOptions o;
  if (!j.is_object()) return o;
  auto str = [&](const char* key, std::string& out) {
    if (j.contains(key) && j[key].is_string()) out = j[key].get<std::string>();
  };
  str("format", o.format);
  str("labelColumn", o.labelColumn);
  str("fixedLabel", o.fixedLabel);
  if (j.contains("textColumns") && j["textColumns"].is_array())
    for (const auto& c : j["textColumns"])
      if (c.is_string()) o.textColumns.push_back(c.get<std::string>());
  if (j.contains("labelNames") && j["labelNames"].is_object())
    for (const auto& [k, v] : j["labelNames"].items())
      if (v.is_string()) o.labelNames[k] = v.get<std::string>();
  if (j.contains("stopOnBadRow") && j["stopOnBadRow"].is_boolean())
    o.onBadRow = j["stopOnBadRow"].get<bool>() ? data::OnBadRow::Stop : data::OnBadRow::Skip;
  return o;
}

}  // namespace pwb::ui
