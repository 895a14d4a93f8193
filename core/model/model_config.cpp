#include "model/model_config.h"

#include <cinttypes>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "common/error.h"
#include "common/json_quote.h"
#include "common/text_file.h"

namespace pwb::model {
namespace {

std::string fnv1a64Hex(const std::string& bytes) {
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 1099511628211ull;
  }
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016" PRIx64, h);
  return buf;
}

// The offending value for a message: never dump(), which recurses (a hostile config nested a million
// levels deep would overflow the stack) and copies huge strings whole.
std::string shortDump(const nlohmann::json& v) {
  return quoteJsonValue(v);
}

// A positive integer field within a sane bound (the bound keeps a hostile config from asking for
// terabytes before any weight is read).
int64_t intField(const nlohmann::json& j, const std::string& src, const char* key, int64_t lo, int64_t hi,
                 const int64_t* fallback = nullptr) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) {
    if (fallback) return *fallback;
    throw keyError(src, key, "required field is missing");
  }
  if (!it->is_number_integer()) throw keyError(src, key, "must be an integer, got " + shortDump(*it));
  const int64_t v = it->get<int64_t>();
  if (v < lo || v > hi)
    throw keyError(src, key,
                   "value " + std::to_string(v) + " is outside [" + std::to_string(lo) + ", " +
                       std::to_string(hi) + "]");
  return v;
}

double numField(const nlohmann::json& j, const std::string& src, const char* key, double fallback, double lo,
                double hi) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return fallback;
  if (!it->is_number()) throw keyError(src, key, "must be a number, got " + shortDump(*it));
  const double v = it->get<double>();
  if (!(v >= lo && v <= hi)) throw keyError(src, key, "value " + it->dump() + " is out of range");
  return v;
}

}  // namespace

ModelConfig ModelConfig::fromJsonText(const std::string& text, const std::string& source) {
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    throw fileError(source, "invalid JSON at byte " + std::to_string(e.byte) + ": " + e.what());
  } catch (const nlohmann::json::out_of_range& e) {  // a number beyond double, e.g. 1e999
    throw fileError(source, std::string("invalid JSON: ") + e.what());
  }
  if (!j.is_object()) throw fileError(source, "config must be a JSON object");
  ModelConfig c;
  auto mt = j.find("model_type");
  if (mt == j.end() || !mt->is_string())
    throw keyError(source, "model_type", "required string field is missing");
  c.modelType = mt->get<std::string>();
  if (c.modelType != "bert" && c.modelType != "roberta" && c.modelType != "xlm-roberta")
    throw keyError(source, "model_type",
                   "unsupported model type '" + c.modelType + "' (supported: bert, roberta, xlm-roberta)");
  c.vocabSize = intField(j, source, "vocab_size", 1, 10'000'000);
  c.hiddenSize = intField(j, source, "hidden_size", 1, 65536);
  c.numLayers = intField(j, source, "num_hidden_layers", 1, 1024);
  c.numHeads = intField(j, source, "num_attention_heads", 1, 1024);
  c.intermediateSize = intField(j, source, "intermediate_size", 1, 1 << 20);
  const int64_t defPos = 512, defTypes = 2, defPad = c.isRoberta() ? 1 : 0;
  c.maxPositions = intField(j, source, "max_position_embeddings", 1, 1 << 20, &defPos);
  c.typeVocabSize = intField(j, source, "type_vocab_size", 1, 1 << 16, &defTypes);
  c.padTokenId = intField(j, source, "pad_token_id", 0, c.vocabSize - 1, &defPad);
  if (c.hiddenSize % c.numHeads != 0)
    throw keyError(source, "num_attention_heads",
                   "hidden_size " + std::to_string(c.hiddenSize) + " is not divisible by " +
                       std::to_string(c.numHeads) + " heads");
  if (c.isRoberta() && c.maxPositions <= c.padTokenId + 1)
    throw keyError(source, "max_position_embeddings",
                   "too small for RoBERTa positions starting at pad_token_id+1");
  c.layerNormEps = numField(j, source, "layer_norm_eps", 1e-12, 0.0, 1.0);
  c.hiddenDropoutProb = numField(j, source, "hidden_dropout_prob", 0.1, 0.0, 1.0);
  c.attentionDropoutProb = numField(j, source, "attention_probs_dropout_prob", 0.1, 0.0, 1.0);
  c.initializerRange = numField(j, source, "initializer_range", 0.02, 0.0, 10.0);
  c.classifierDropout = numField(j, source, "classifier_dropout", c.hiddenDropoutProb, 0.0, 1.0);
  if (auto it = j.find("hidden_act"); it != j.end() && !it->is_null()) {
    if (!it->is_string()) throw keyError(source, "hidden_act", "must be a string");
    c.hiddenAct = it->get<std::string>();
  }
  if (c.hiddenAct != "gelu" && c.hiddenAct != "gelu_new" && c.hiddenAct != "gelu_pytorch_tanh" &&
      c.hiddenAct != "gelu_fast" && c.hiddenAct != "relu")
    throw keyError(source, "hidden_act",
                   "unsupported activation '" + c.hiddenAct +
                       "' (supported: gelu, gelu_new, gelu_pytorch_tanh, "
                       "gelu_fast, relu)");
  if (auto it = j.find("position_embedding_type"); it != j.end() && it->is_string() && *it != "absolute")
    throw keyError(source, "position_embedding_type",
                   "only absolute position embeddings are supported, got " + shortDump(*it));
  if (auto it = j.find("tie_word_embeddings"); it != j.end() && it->is_boolean())
    c.tieWordEmbeddings = it->get<bool>();
  if (auto it = j.find("is_decoder"); it != j.end() && it->is_boolean() && it->get<bool>())
    throw keyError(source, "is_decoder", "decoder (causal) models are not supported; a masked LM is needed");
  c.configHash = fnv1a64Hex(text);
  return c;
}

ModelConfig ModelConfig::fromFile(const std::string& configJsonPath) {
  ModelConfig c = fromJsonText(readFileBytes(configJsonPath, size_t(16) << 20), configJsonPath);
  const auto slash = configJsonPath.find_last_of('/');
  c.dir = slash == std::string::npos ? std::string(".") : configJsonPath.substr(0, slash);
  return c;
}

ModelConfig ModelConfig::bertBase() {
  ModelConfig c;
  c.modelType = "bert";
  c.vocabSize = 30522;
  c.hiddenSize = 768;
  c.numLayers = 12;
  c.numHeads = 12;
  c.intermediateSize = 3072;
  c.maxPositions = 512;
  c.typeVocabSize = 2;
  c.padTokenId = 0;
  c.layerNormEps = 1e-12;
  c.hiddenAct = "gelu";
  c.configHash = "bert-base-random";
  return c;
}

}  // namespace pwb::model
