#pragma once
// A saved prompt's training method rebuilt and restored, then predictions through the training module's
// own path (TaskBuilder rendering with training's length budget, Method::logits, train::predict) — so the
// run's test predictions come back exactly, placement of the vectors included. Two sources:
//   a bundle: settings from prompt.json, tensors from prompt.safetensors (+ model.safetensors for methods
//     that train the model);
//   a PEFT adapter that Prompt Workbench exported: settings, template, verbalizer and model from
//     prompt_workbench.json, tensors from adapter_model.safetensors (prompt tuning: prompt_embeddings;
//     P-tuning: its prompt encoder, prompt_encoder.default.*; P-tuning v2: the prefix table).
// Torch-free header.
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

// "" when `dir` is a PEFT adapter from which the training method can be rebuilt (see above), else why not
// (no or a foreign prompt_workbench.json, a P-tuning adapter without its encoder, ...). Throws pwb::Error
// for an unreadable adapter.
std::string adapterReplayProblem(const std::string& dir);

struct BundlePredictRequest {
  std::string bundleDir;  // a bundle, or a PEFT adapter for which adapterReplayProblem() is ""
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
// tensors that do not fit the method, an adapter that cannot be replayed.
BundlePredictions predictWithBundle(const BundlePredictRequest& request);

}  // namespace pwb::exporting
