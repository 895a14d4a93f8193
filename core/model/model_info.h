#pragma once
// Torch-free description of a model folder, for the GUI's "choose model" dialog and `pwb` listings:
// validates that the folder is a usable masked-LM (config, weights, tokenizer) without loading weights.
#include <cstdint>
#include <string>
#include <vector>

#include "model/model_config.h"

namespace pwb::model {

struct ModelInfo {
  std::string dir;
  ModelConfig config;
  std::string architecture;              // config.json "architectures"[0] or "" when absent
  std::vector<std::string> weightFiles;  // the safetensors file(s), names relative to dir
  bool sharded = false;                  // model.safetensors.index.json
  std::string storedDtype;               // "F32" | "F16" | "BF16" | "mixed"
  int64_t parameterCount = 0;            // elements in the stored tensors that the model uses
  int64_t weightBytes = 0;               // bytes of those tensors as stored
  std::string tokenizerKind;             // "tokenizer.json" | "vocab.txt" | "vocab.json+merges.txt"
  std::vector<std::string> warnings;     // e.g. ignored extra tensors (pooler, NSP head)
};

// Reads config.json, validates every safetensors header (offsets, dtypes, shapes against the config,
// required keys present) and checks that the tokenizer files exist. Throws pwb::Error with a sentence
// naming the file/key for the first problem (missing config.json, pytorch_model.bin only, missing
// tokenizer file, corrupt header, missing key, shape mismatch). Reads headers only: fast on large models.
ModelInfo inspectModel(const std::string& dir);

}  // namespace pwb::model
