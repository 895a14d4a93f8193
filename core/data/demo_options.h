#pragma once
// How demonstrations (filled-in training examples placed in the input, GPT-3 / LM-BFF style) are chosen:
// the sampling (none, uniform per class, or LM-BFF's similarity filter), how many per class, their order,
// how many demonstration sets are averaged per test example, and LM-BFF's per-sentence length limits.
// Shared by evaluation, comparison grids and training; recorded in run configs as JSON.
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

namespace pwb::data {

enum class DemoSampling { None, Random, Similar };
enum class DemoOrder { ByClass, Shuffled };  // ByClass = LM-BFF (class order, then draw order)

struct DemoOptions {
  DemoSampling sampling = DemoSampling::None;  // None = no demonstrations
  int perClass = 1;
  DemoOrder order = DemoOrder::ByClass;
  int sets = 16;                 // demonstration sets averaged per test example (LM-BFF num_sample)
  std::string embeddingModel;    // Similar: an HF BERT/RoBERTa folder; "" = the task model
  double similarFraction = 0.5;  // Similar: sample among this top fraction of each class
  int firstSentenceTokens = 0, otherSentenceTokens = 0;  // -> prompt::DemoLimits
  bool enabled() const { return sampling != DemoSampling::None; }
};

const char* demoSamplingName(DemoSampling s);  // "none" | "random" | "similar"
// Throws pwb::Error naming the accepted names.
DemoSampling parseDemoSampling(const std::string& name);
const std::vector<std::string>& demoSamplingNames();
const char* demoOrderName(DemoOrder o);  // "class" | "shuffle"
DemoOrder parseDemoOrder(const std::string& name);

// Throws pwb::Error for a value out of range (perClass/sets < 1, fraction outside (0, 1], negative limits).
void validateDemoOptions(const DemoOptions& options);

// {"sampling": "similar", "per_class": 1, "order": "class", "sets": 16, "embedding_model": "",
//  "similar_fraction": 0.5, "first_sentence_tokens": 0, "other_sentence_tokens": 0}
nlohmann::json demoOptionsToJson(const DemoOptions& options);
// Missing keys keep their defaults; a wrong type or value throws pwb::Error naming `origin` and the key.
DemoOptions demoOptionsFromJson(const nlohmann::json& j, const std::string& origin);

}  // namespace pwb::data
