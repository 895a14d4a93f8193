#pragma once
// Runs are grouped by configuration: the full config JSON with every "seed" key removed (at any depth,
// since trainers nest it, e.g. {"train": {"seed": 13}}), dumped with sorted keys and no spaces. Two runs
// that differ only in their seed get the same key.
#include <nlohmann/json.hpp>
#include <string>

namespace pwb::store {

nlohmann::json withoutSeed(const nlohmann::json& config);
std::string configKey(const nlohmann::json& config);

}  // namespace pwb::store
