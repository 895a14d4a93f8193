#pragma once
// A sweep's runs ("tasks"): each is one TrainRequest with one seed, numbered 0..N-1 in a stable order, and
// keyed by a hash of its settings. Torch-free.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "sweep/sweep_spec.h"
#include "train/train_request.h"

namespace pwb::sweep {

struct SweepTask {
  int64_t index = 0;  // position in the expansion, 0-based: the Slurm array index and tasks/<index>.*
  std::string key;    // 16 hex digits of SHA-256 over the canonical settings (sorted keys, compact JSON)
  nlohmann::json settings = nlohmann::json::object();  // setting name -> value, only those that apply
};

// Grid: the product of the axes, per method only over the axes that apply to it, in settings() order
// (the last axis varies fastest), minus "exclude", within "only". Random: `count` distinct runs of that
// same set drawn with SplitMix64(seed), in draw order (all of them, shuffled, when count >= their number).
// Throws pwb::Error (naming the sweep file) when the sweep expands to no run.
std::vector<SweepTask> expandSweep(const SweepSpec& spec);

// The number of grid runs before exclude/only: cheap even for huge sweeps (used by random mode and the
// run-limit check).
double gridSize(const SweepSpec& spec);

std::string taskKey(const nlohmann::json& settings);

// The request `pwb train` would build from the same options: `preset` first, then every explicit setting
// (explicit settings win), the seed as the only seed, no lr/batch grid (a run is one configuration).
// Defaults as `pwb train`: verbalizer "0=terrible;1=great", the demo model. validateRequest() is called.
// resolveModel = false leaves modelDir empty when the settings name no model (checking only).
train::TrainRequest taskRequest(const nlohmann::json& settings, bool resolveModel = true);

}  // namespace pwb::sweep
