#pragma once
// A Hugging Face PEFT prompt-learning adapter folder: adapter_config.json + adapter_model.safetensors
// (one tensor, prompt_embeddings, F32). Reading validates both files against each other and against the
// base model (writing: peft_export.h). Includes torch.
#include <torch/torch.h>

#include <string>
#include <vector>

#include "export/peft_config.h"
#include "export/soft_prompt.h"
#include "model/model_config.h"

namespace pwb::exporting {

constexpr const char* kPeftConfigFile = "adapter_config.json";
constexpr const char* kPeftWeightsFile = "adapter_model.safetensors";

struct PeftAdapter {
  PeftConfig config;
  // [P, H] (prompt tuning; P-tuning: the prompt encoder's output) or [P, layers*2*H] (prefix tuning), fp32.
  torch::Tensor promptEmbeddings;
};

// True when dir holds adapter_config.json (whatever its content).
bool isPeftAdapterDir(const std::string& dir);

// Reads and validates the folder. Throws pwb::Error naming the file and key: missing files (a pickled
// adapter_model.bin is refused, never loaded), invalid config, a missing or extra tensor, wrong dtype or
// a shape that disagrees with the config.
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
