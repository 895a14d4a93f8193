#pragma once
// Short names for configuration groups shown side by side (the GUI's Runs view): a group is named by its
// method and by what differs between it and the other shown groups of the same method, e.g.
// "prompt-ft · lr 1e-5" and "prompt-ft · lr 2e-5". Keys equal across those groups are left out; a key is
// named by its last path component ("method_config.init" → "init") unless two shown keys share it; values
// are written compactly (2e-05 → 2e-5, a path → its file name, or as many trailing folders as keep the
// shown values apart, a long text elided in the middle).
// Unlike labelGroups (aggregate.h, used by `pwb runs`), the method separates groups of different methods
// by itself, so settings that exist only for one method do not name the others.
#include <string>
#include <vector>

#include "store/aggregate.h"

namespace pwb::store {

// One name per group, in the groups' order; names are unique (a clash gets " (2)", " (3)" …).
std::vector<std::string> groupNames(const std::vector<ConfigGroup>& groups);

// How a config value is written in a name: numbers in shortest form ("1e-5", "0.1", "250"), booleans
// "on"/"off", strings with a '/' as their last `pathComponents` components, strings over 28 characters
// elided in the middle.
std::string compactConfigValue(const nlohmann::json& value, int pathComponents = 1);

}  // namespace pwb::store
