#pragma once
// data::ImportOptions <-> JSON, so that a data set is re-imported on project open exactly as the user
// imported it (format, columns, label renames, bad-row policy).
#include <nlohmann/json.hpp>

#include "data/import_options.h"

namespace pwb::ui {

nlohmann::json importOptionsToJson(const data::ImportOptions& options);
// Unknown or mistyped keys are ignored (the defaults stay): the setting is ours, but the file may be edited.
data::ImportOptions importOptionsFromJson(const nlohmann::json& j);

}  // namespace pwb::ui
