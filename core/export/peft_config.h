#pragma once
// adapter_config.json of a Hugging Face PEFT prompt-learning adapter (PROMPT_TUNING, P_TUNING,
// PREFIX_TUNING), read with validation and written with exactly the keys PEFT 0.21 writes for each type
// (see tests/reference/fixtures/peft). Torch-free.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

namespace pwb::exporting {

enum class PeftType { PromptTuning, PTuning, PrefixTuning };
const char* peftTypeName(PeftType t);  // "PROMPT_TUNING", "P_TUNING", "PREFIX_TUNING"

struct PeftConfig {
  PeftType type = PeftType::PromptTuning;
  int64_t numVirtualTokens = 0;
  int64_t tokenDim = 0;  // the model's hidden size
  int64_t numLayers = 0;
  int64_t numAttentionHeads = 0;
  int64_t numTransformerSubmodules = 1;
  std::string taskType = "FEATURE_EXTRACTION";
  std::string baseModel;  // base_model_name_or_path
  // P_TUNING: the prompt encoder ("MLP" | "LSTM"); PREFIX_TUNING: encoder_hidden_size of the projection.
  std::string encoderType = "MLP";
  int64_t encoderHiddenSize = 0;
  int64_t encoderNumLayers = 2;
  double encoderDropout = 0.0;
  bool prefixProjection = false;  // PREFIX_TUNING

  // Shape of adapter_model.safetensors' prompt_embeddings: [P * submodules, token_dim] for prompt and
  // P-tuning, [P * submodules, layers * 2 * token_dim] for prefix tuning.
  int64_t tensorRows() const { return numVirtualTokens * numTransformerSubmodules; }
  int64_t tensorCols() const { return type == PeftType::PrefixTuning ? numLayers * 2 * tokenDim : tokenDim; }
};

// The PEFT version whose adapter layout this module writes (peft_version in adapter_config.json).
constexpr const char* kPeftLayoutVersion = "0.21.0";

// Parses adapter_config.json; `path` names the file in errors. Throws pwb::Error naming the file and key
// for a missing/invalid key, an unknown peft_type (LoRA and other non-prompt adapters are named as such),
// or a task type other than FEATURE_EXTRACTION (the masked-LM used as is).
PeftConfig parsePeftConfig(const nlohmann::json& j, const std::string& path);
PeftConfig readPeftConfig(const std::string& path);

// The JSON PEFT writes for this config: same key set as the fixtures for each type (sorted, as PEFT's
// json.dumps(sort_keys=True)).
nlohmann::json peftConfigJson(const PeftConfig& c);

}  // namespace pwb::exporting
