#pragma once
// A bundle's training method rebuilt and restored: the method's settings from prompt.json, its tensors from
// prompt.safetensors (and model.safetensors for methods that train the model), then predictions through the
// training module's own path (TaskBuilder rendering, Method::logits, train::predict) — so a bundle
// reproduces its run's test predictions exactly. Torch-free header.
#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "train/train_request.h"

namespace pwb::exporting {

// The training options a method was built with, from its saved config (Method::config()). Throws
// pwb::Error naming `source` and the key for an unknown method or a malformed value.
train::MethodOptions methodOptionsFromConfig(const std::string& method, const nlohmann::json& config,
                                             const std::string& source);

struct BundlePredictRequest {
  std::string bundleDir;
  std::string modelDir;
  std::string dataPath;  // labelled data; its labels must be the bundle's (same class order)
  std::string dataFormat = "auto";
  size_t limit = 0;  // first N examples; 0 = all
  int batchSize = 64;
  std::string device = "cpu";
};

struct BundlePredictions {
  std::vector<std::string> labels;      // class order
  std::vector<std::string> exampleIds;  // in data order
  std::vector<int> gold;                // class index, -1 when unknown
  std::vector<int> predicted;
  double accuracy = 0;
};

// Throws pwb::Error: wrong model (both identities named), data whose labels differ from the bundle's,
// tensors that do not fit the method.
BundlePredictions predictWithBundle(const BundlePredictRequest& request);

}  // namespace pwb::exporting
