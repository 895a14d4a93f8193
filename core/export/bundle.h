#pragma once
// Our own, resumable prompt bundle — one folder:
//   prompt.json          {"format": "pwb-prompt-bundle", "version": 1, method, method_config,
//                         hyperparameters, template, verbalizer, labels, model {name, path, config_hash,
//                         tokenizer_hash}, metrics, program_version, trained_with_version, trains_model,
//                         tensors {name: shape}, source}
//   prompt.safetensors   every trainable tensor of the method as training saved it (prompt_embeddings,
//                        encoder.*, prefix.*, head.*), F32
//   model.safetensors    the model's weights, only for methods that train them (prompt-ft, fine-tune,
//                        P-tuning with joint tuning)
// The tensors are the training state's (core/train method_state.h) byte for byte, so a bundle can be
// resumed or evaluated exactly. Torch-free.
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "export/model_identity.h"

namespace pwb::exporting {

constexpr const char* kBundleInfoFile = "prompt.json";
constexpr const char* kBundleTensorsFile = "prompt.safetensors";
constexpr const char* kBundleModelFile = "model.safetensors";
constexpr const char* kBundleFormat = "pwb-prompt-bundle";

struct BundleInfo {
  std::string method;  // "prompt-tuning", "p-tuning", "p-tuning-v2", "prompt-ft", "fine-tune"
  nlohmann::json methodConfig = nlohmann::json::object();  // the method's settings (Method::config())
  nlohmann::json hyperparameters =
      nlohmann::json::object();  // seed, steps, lr, batch_size, k, max_length ...
  std::string templateText;
  std::string verbalizer;
  std::vector<std::string> labels;  // class order of the trained head / label words
  // "regression" for LM-BFF's two-pole regression (labels "lower", "upper"; poles "VL=LOWER;VU=UPPER" with
  // the range training used), so that `pwb predict` gives the expectation; "" for classification. Written
  // to prompt.json as "task" and "poles" only for regression (a classification bundle is as before).
  std::string task;
  std::string poles;
  ModelIdentity model;
  nlohmann::json metrics = nlohmann::json::object();  // test_accuracy, best_dev_accuracy, ...
  std::string programVersion;                         // the pwb that wrote the bundle (PWB_VERSION)
  std::string trainedWithVersion;  // the pwb that trained (from the run store; "" when unknown)
  bool trainsModel = false;        // model.safetensors is part of the bundle
  nlohmann::json tensors = nlohmann::json::object();  // name -> shape, as in prompt.safetensors
  nlohmann::json source = nlohmann::json::object();   // where it came from: run id, database, state folder

  nlohmann::json toJson() const;
  // Validates format, version and the required keys; `path` names prompt.json in errors.
  static BundleInfo fromJson(const nlohmann::json& j, const std::string& path);
};

bool isBundleDir(const std::string& dir);           // holds prompt.json
bool isTrainStateDir(const std::string& dir);       // holds method.json (a training state, core/train)
BundleInfo readBundleInfo(const std::string& dir);  // prompt.json, validated; checks the tensor file exists

// What to put into a bundle besides the training state's own record.
struct BundleRequest {
  std::string stateDir;  // training state folder: method.json + method.safetensors [+ model.safetensors]
  std::string modelDir;  // base model for the identity; "" = the state's model_dir
  nlohmann::json hyperparameters = nlohmann::json::object();  // merged over the state's (seed, step)
  nlohmann::json metrics = nlohmann::json::object();          // merged over the state's (test_accuracy)
  nlohmann::json source = nlohmann::json::object();           // "state" defaults to stateDir
  std::string trainedWithVersion;
};

// Writes the bundle into outDir (created when missing; existing bundle files replaced). Throws pwb::Error
// naming the file for an unreadable/invalid state or a model folder that is gone.
BundleInfo writeBundle(const BundleRequest& request, const std::string& outDir);

}  // namespace pwb::exporting
