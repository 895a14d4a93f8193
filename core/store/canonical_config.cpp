#include "store/canonical_config.h"

namespace pwb::store {

nlohmann::json withoutSeed(const nlohmann::json& config) {
  if (config.is_object()) {
    nlohmann::json out = nlohmann::json::object();
    for (auto it = config.begin(); it != config.end(); ++it) {
      if (it.key() != "seed") out[it.key()] = withoutSeed(it.value());
    }
    return out;
  }
  if (config.is_array()) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& v : config) out.push_back(withoutSeed(v));
    return out;
  }
  return config;
}

// nlohmann::json objects are std::map-backed, so dump() already sorts keys; integers and doubles keep
// their own types (1 and 1.0 stay different, as the trainer wrote them).
std::string configKey(const nlohmann::json& config) {
  return withoutSeed(config).dump();
}

}  // namespace pwb::store
