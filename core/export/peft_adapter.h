#pragma once
// A Hugging Face PEFT prompt-learning adapter folder: adapter_config.json + adapter_model.safetensors
// (prompt_embeddings, F32; for P_TUNING exported by Prompt Workbench also the prompt encoder's weights,
// see PeftAdapter::encoderTensors). Reading validates both files against each other and against the base
// model (writing: peft_export.h). Includes torch.
#include <torch/torch.h>

#include <string>
#include <utility>
#include <vector>

#include "export/peft_config.h"
#include "export/soft_prompt.h"
#include "model/model_config.h"

namespace pwb::exporting {

constexpr const char* kPeftConfigFile = "adapter_config.json";
constexpr const char* kPeftWeightsFile = "adapter_model.safetensors";

// Where PeftModel keeps the P-tuning prompt encoder of the adapter named "default" (the name
// PeftModel.from_pretrained gives a loaded adapter): its parameters are prompt_encoder.default.<name>.
constexpr const char* kPeftEncoderPrefix = "prompt_encoder.default.";

struct PeftAdapter {
  PeftConfig config;
  // [P, H] (prompt tuning; P-tuning: the prompt encoder's output) or [P, layers*2*H] (prefix tuning), fp32.
  torch::Tensor promptEmbeddings;
  // P_TUNING only: the prompt encoder itself (embedding.weight, mlp_head.*, lstm_head.*) under PeftModel's
  // parameter names (kPeftEncoderPrefix + name). PEFT's own save_pretrained drops them (it keeps only the
  // encoder's output, PEFT issue #1607); written beside prompt_embeddings they are loaded by name into
  // PeftModel's encoder when it has one (from_pretrained(..., is_trainable=True)) and ignored otherwise
  // (load_state_dict(strict=False)). Empty for PEFT's own adapters.
  std::vector<std::pair<std::string, torch::Tensor>> encoderTensors;
};

// True when dir holds adapter_config.json (whatever its content).
bool isPeftAdapterDir(const std::string& dir);

// Reads and validates the folder. Throws pwb::Error naming the file and key: missing files (a pickled
// adapter_model.bin is refused, never loaded), invalid config, a missing or extra tensor (other than a
// P_TUNING adapter's prompt_encoder.default.*), wrong dtype or a shape that disagrees with the config.
PeftAdapter readPeftAdapter(const std::string& dir);

// Throws pwb::Error naming adapter_config.json and the key when the adapter was made for another
// architecture (token_dim vs hidden size, num_layers, num_attention_heads).
void checkAdapterFitsModel(const PeftConfig& config, const model::ModelConfig& model,
                           const std::string& configPath);

// Throws pwb::Error naming path and prompt_embeddings when shape is not the one the config implies.
void checkPromptEmbeddingsShape(const PeftConfig& config, const std::vector<int64_t>& shape,
                                const std::string& path);

// The adapter as the encoder applies it: BeforeCls (prompt tuning, P-tuning) or Prefix.
SoftPrompt toSoftPrompt(const PeftAdapter& adapter);

}  // namespace pwb::exporting
