#include "export/peft_config.h"

#include "common/error.h"
#include "common/json_quote.h"
#include "common/text_file.h"

namespace pwb::exporting {
namespace {

int64_t positiveInt(const nlohmann::json& j, const std::string& key, const std::string& path, int64_t max) {
  if (!j.contains(key) || j[key].is_null()) throw keyError(path, key, "missing");
  const auto& v = j[key];
  if (!v.is_number_integer()) throw keyError(path, key, "must be a whole number, got " + quoteJsonValue(v));
  const int64_t n = v.get<int64_t>();
  if (n <= 0 || n > max) {
    throw keyError(path, key, "must be between 1 and " + std::to_string(max) + ", got " + std::to_string(n));
  }
  return n;
}

std::string optionalString(const nlohmann::json& j, const std::string& key, const std::string& path) {
  if (!j.contains(key) || j[key].is_null()) return "";
  if (!j[key].is_string()) throw keyError(path, key, "must be a string, got " + quoteJsonValue(j[key]));
  return j[key].get<std::string>();
}

}  // namespace

const char* peftTypeName(PeftType t) {
  switch (t) {
    case PeftType::PromptTuning:
      return "PROMPT_TUNING";
    case PeftType::PTuning:
      return "P_TUNING";
    case PeftType::PrefixTuning:
      return "PREFIX_TUNING";
  }
  return "?";
}

PeftConfig parsePeftConfig(const nlohmann::json& j, const std::string& path) {
  if (!j.is_object()) throw fileError(path, "not a PEFT adapter config (expected a JSON object)");
  PeftConfig c;
  const std::string type = optionalString(j, "peft_type", path);
  if (type.empty()) throw keyError(path, "peft_type", "missing");
  if (type == "PROMPT_TUNING") {
    c.type = PeftType::PromptTuning;
  } else if (type == "P_TUNING") {
    c.type = PeftType::PTuning;
  } else if (type == "PREFIX_TUNING") {
    c.type = PeftType::PrefixTuning;
  } else {
    throw keyError(
        path, "peft_type",
        "'" + clipForMessage(type) +
            "' is not a prompt-learning adapter; supported: PROMPT_TUNING, P_TUNING, PREFIX_TUNING");
  }
  c.taskType = optionalString(j, "task_type", path);
  if (c.taskType != "FEATURE_EXTRACTION") {
    throw keyError(
        path, "task_type",
        "'" + (c.taskType.empty() ? std::string("none") : clipForMessage(c.taskType)) +
            "' is not supported: only FEATURE_EXTRACTION adapters (the masked-LM used as is) can be "
            "applied; other task types add a head or decoder this tool does not have");
  }
  c.numVirtualTokens = positiveInt(j, "num_virtual_tokens", path, 4096);
  c.tokenDim = positiveInt(j, "token_dim", path, 1 << 16);
  c.numLayers = positiveInt(j, "num_layers", path, 1024);
  c.numAttentionHeads = positiveInt(j, "num_attention_heads", path, 1024);
  if (j.contains("num_transformer_submodules") && !j["num_transformer_submodules"].is_null()) {
    c.numTransformerSubmodules = positiveInt(j, "num_transformer_submodules", path, 2);
    if (c.numTransformerSubmodules != 1) {
      throw keyError(path, "num_transformer_submodules",
                     "must be 1 for an encoder-only model (2 is for encoder-decoder models)");
    }
  }
  if (c.tokenDim % c.numAttentionHeads != 0) {
    throw keyError(path, "num_attention_heads",
                   "token_dim " + std::to_string(c.tokenDim) + " is not a multiple of " +
                       std::to_string(c.numAttentionHeads));
  }
  c.baseModel = optionalString(j, "base_model_name_or_path", path);
  if (c.type == PeftType::PTuning) {
    c.encoderType = optionalString(j, "encoder_reparameterization_type", path);
    if (c.encoderType.empty()) c.encoderType = "MLP";
    if (c.encoderType != "MLP" && c.encoderType != "LSTM") {
      throw keyError(path, "encoder_reparameterization_type",
                     "must be MLP or LSTM, got '" + clipForMessage(c.encoderType) + "'");
    }
    if (j.contains("encoder_hidden_size") && !j["encoder_hidden_size"].is_null()) {
      c.encoderHiddenSize = positiveInt(j, "encoder_hidden_size", path, 1 << 16);
    }
    if (j.contains("encoder_num_layers") && !j["encoder_num_layers"].is_null()) {
      c.encoderNumLayers = positiveInt(j, "encoder_num_layers", path, 64);
    }
    if (j.contains("encoder_dropout") && !j["encoder_dropout"].is_null()) {
      if (!j["encoder_dropout"].is_number()) throw keyError(path, "encoder_dropout", "must be a number");
      c.encoderDropout = j["encoder_dropout"].get<double>();
    }
  } else if (c.type == PeftType::PrefixTuning) {
    if (j.contains("prefix_projection") && !j["prefix_projection"].is_null()) {
      if (!j["prefix_projection"].is_boolean())
        throw keyError(path, "prefix_projection", "must be true or false");
      c.prefixProjection = j["prefix_projection"].get<bool>();
    }
    if (j.contains("encoder_hidden_size") && !j["encoder_hidden_size"].is_null()) {
      c.encoderHiddenSize = positiveInt(j, "encoder_hidden_size", path, 1 << 16);
    }
  }
  return c;
}

PeftConfig readPeftConfig(const std::string& path) {
  return parsePeftConfig(readJsonFile(path, 1 << 20), path);
}

nlohmann::json peftConfigJson(const PeftConfig& c) {
  nlohmann::json j = {{"auto_mapping", nullptr},
                      {"base_model_name_or_path", c.baseModel},
                      {"inference_mode", true},
                      {"modules_to_save", nullptr},
                      {"num_attention_heads", c.numAttentionHeads},
                      {"num_layers", c.numLayers},
                      {"num_transformer_submodules", c.numTransformerSubmodules},
                      {"num_virtual_tokens", c.numVirtualTokens},
                      {"peft_type", peftTypeName(c.type)},
                      {"peft_version", kPeftLayoutVersion},
                      {"revision", nullptr},
                      {"task_type", c.taskType},
                      {"token_dim", c.tokenDim}};
  switch (c.type) {
    case PeftType::PromptTuning:
      // The vectors are stored as trained; the init fields only matter to PEFT when training from scratch.
      j["prompt_tuning_init"] = "RANDOM";
      j["prompt_tuning_init_text"] = nullptr;
      j["tokenizer_kwargs"] = nullptr;
      j["tokenizer_name_or_path"] = nullptr;
      break;
    case PeftType::PTuning:
      j["encoder_dropout"] = c.encoderDropout;
      j["encoder_hidden_size"] = c.encoderHiddenSize > 0 ? c.encoderHiddenSize : c.tokenDim;
      j["encoder_num_layers"] = c.encoderNumLayers;
      j["encoder_reparameterization_type"] = c.encoderType;
      break;
    case PeftType::PrefixTuning:
      j["encoder_hidden_size"] = c.encoderHiddenSize > 0 ? c.encoderHiddenSize : c.tokenDim;
      j["init_weights"] = nullptr;
      j["prefix_projection"] = c.prefixProjection;
      break;
  }
  return j;
}

}  // namespace pwb::exporting
