#include "export/peft_adapter.h"

#include "common/error.h"
#include "common/text_file.h"
#include "model/safetensors_reader.h"
#include "model/safetensors_tensor.h"

namespace pwb::exporting {
namespace {

std::string shapeText(const std::vector<int64_t>& s) {
  std::string out = "[";
  for (size_t i = 0; i < s.size(); ++i) out += (i ? ", " : "") + std::to_string(s[i]);
  return out + "]";
}

}  // namespace

void checkPromptEmbeddingsShape(const PeftConfig& c, const std::vector<int64_t>& shape,
                                const std::string& path) {
  const std::vector<int64_t> want = {c.tensorRows(), c.tensorCols()};
  if (shape != want) {
    throw keyError(
        path, "prompt_embeddings",
        "shape " + shapeText(shape) + " does not match adapter_config.json: " + peftTypeName(c.type) +
            " with num_virtual_tokens " + std::to_string(c.numVirtualTokens) + " needs " + shapeText(want));
  }
}

bool isPeftAdapterDir(const std::string& dir) {
  return fileExists(joinPath(dir, kPeftConfigFile));
}

PeftAdapter readPeftAdapter(const std::string& dir) {
  const std::string configPath = joinPath(dir, kPeftConfigFile);
  const std::string weightsPath = joinPath(dir, kPeftWeightsFile);
  if (!fileExists(configPath)) throw fileError(configPath, "missing: not a PEFT adapter folder");
  PeftAdapter a;
  a.config = readPeftConfig(configPath);
  if (!fileExists(weightsPath)) {
    if (fileExists(joinPath(dir, "adapter_model.bin"))) {
      throw fileError(
          weightsPath,
          "missing: only adapter_model.bin (a pickle) is there, which is never loaded for safety; "
          "re-save the adapter with safe_serialization=True");
    }
    throw fileError(weightsPath, "missing");
  }
  const model::SafetensorsFile file(weightsPath);
  const auto* entry = file.find("prompt_embeddings");
  if (!entry)
    throw keyError(weightsPath, "prompt_embeddings", "missing tensor (a prompt-learning adapter has it)");
  const std::string encoderPrefix = kPeftEncoderPrefix;
  for (const auto& e : file.tensors()) {
    if (e.name == "prompt_embeddings") continue;
    if (a.config.type == PeftType::PTuning && e.name.rfind(encoderPrefix, 0) == 0 &&
        e.name.size() > encoderPrefix.size()) {
      if (!model::isFloatWeightDtype(e.dtype)) {
        throw keyError(
            weightsPath, e.name,
            std::string("dtype ") + model::dtypeName(e.dtype) + " is not a float type (F32/F16/BF16)");
      }
      a.encoderTensors.emplace_back(e.name, model::readFloatTensor(file, e));
      continue;
    }
    throw keyError(
        weightsPath, e.name,
        "unexpected tensor: a prompt-learning adapter holds only prompt_embeddings (and a P-tuning "
        "adapter its prompt encoder, " +
            encoderPrefix + "*); modules_to_save and other adapters are not supported");
  }
  if (!model::isFloatWeightDtype(entry->dtype)) {
    throw keyError(
        weightsPath, "prompt_embeddings",
        std::string("dtype ") + model::dtypeName(entry->dtype) + " is not a float type (F32/F16/BF16)");
  }
  checkPromptEmbeddingsShape(a.config, entry->shape, weightsPath);
  a.promptEmbeddings = model::readFloatTensor(file, *entry);
  if (!torch::isfinite(a.promptEmbeddings).all().item<bool>()) {
    throw keyError(weightsPath, "prompt_embeddings", "holds NaN or infinite values");
  }
  return a;
}

void checkAdapterFitsModel(const PeftConfig& c, const model::ModelConfig& m, const std::string& configPath) {
  const std::string model = m.dir.empty() ? std::string("the model") : "the model " + m.dir;
  if (c.tokenDim != m.hiddenSize) {
    throw keyError(configPath, "token_dim",
                   std::to_string(c.tokenDim) + " but " + model + " has hidden size " +
                       std::to_string(m.hiddenSize) + ": the adapter was made for another base model");
  }
  if (c.numLayers != m.numLayers) {
    throw keyError(configPath, "num_layers",
                   std::to_string(c.numLayers) + " but " + model + " has " + std::to_string(m.numLayers) +
                       " layers: the adapter was made for another base model");
  }
  if (c.numAttentionHeads != m.numHeads) {
    throw keyError(configPath, "num_attention_heads",
                   std::to_string(c.numAttentionHeads) + " but " + model + " has " +
                       std::to_string(m.numHeads) + " heads: the adapter was made for another base model");
  }
}

SoftPrompt toSoftPrompt(const PeftAdapter& adapter) {
  SoftPrompt p;
  p.placement =
      adapter.config.type == PeftType::PrefixTuning ? PromptPlacement::Prefix : PromptPlacement::BeforeCls;
  p.vectors = adapter.promptEmbeddings;
  return p;
}

}  // namespace pwb::exporting
