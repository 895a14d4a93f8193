#include "data/demo_options.h"

#include <cmath>
#include <nlohmann/json.hpp>

#include "common/error.h"

namespace pwb::data {

const char* demoSamplingName(DemoSampling s) {
  switch (s) {
    case DemoSampling::Random:
      return "random";
    case DemoSampling::Similar:
      return "similar";
    case DemoSampling::None:
      break;
  }
  return "none";
}

const std::vector<std::string>& demoSamplingNames() {
  static const std::vector<std::string> names = {"none", "random", "similar"};
  return names;
}

DemoSampling parseDemoSampling(const std::string& name) {
  if (name == "none") return DemoSampling::None;
  if (name == "random") return DemoSampling::Random;
  if (name == "similar") return DemoSampling::Similar;
  throw Error("unknown demonstration sampling '" + name + "' (expected none, random or similar)");
}

const char* demoOrderName(DemoOrder o) {
  return o == DemoOrder::Shuffled ? "shuffle" : "class";
}

DemoOrder parseDemoOrder(const std::string& name) {
  if (name == "class") return DemoOrder::ByClass;
  if (name == "shuffle") return DemoOrder::Shuffled;
  throw Error("unknown demonstration order '" + name + "' (expected class or shuffle)");
}

void validateDemoOptions(const DemoOptions& o) {
  if (o.perClass < 1)
    throw Error("demonstrations per class must be at least 1, got " + std::to_string(o.perClass));
  if (o.sets < 1) throw Error("demonstration sets must be at least 1, got " + std::to_string(o.sets));
  if (!(o.similarFraction > 0.0 && o.similarFraction <= 1.0))
    throw Error("the similar-demonstration fraction must be in (0, 1], got " +
                std::to_string(o.similarFraction));
  if (o.firstSentenceTokens < 0 || o.otherSentenceTokens < 0)
    throw Error("demonstration sentence limits must be 0 (none) or a positive number of tokens");
}

nlohmann::json demoOptionsToJson(const DemoOptions& o) {
  return nlohmann::json{{"sampling", demoSamplingName(o.sampling)},
                        {"per_class", o.perClass},
                        {"order", demoOrderName(o.order)},
                        {"sets", o.sets},
                        {"embedding_model", o.embeddingModel},
                        {"similar_fraction", o.similarFraction},
                        {"first_sentence_tokens", o.firstSentenceTokens},
                        {"other_sentence_tokens", o.otherSentenceTokens}};
}

namespace {

template <typename T>
void readKey(const nlohmann::json& j, const std::string& origin, const char* key, T& out) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return;
  try {
    if constexpr (std::is_same_v<T, int>) {
      if (!it->is_number_integer()) throw Error("expected an integer");
      const auto v = it->get<long long>();
      if (v < INT32_MIN || v > INT32_MAX) throw Error("integer out of range");
      out = static_cast<int>(v);
    } else if constexpr (std::is_same_v<T, double>) {
      if (!it->is_number()) throw Error("expected a number");
      out = it->get<double>();
    } else {
      if (!it->is_string()) throw Error("expected a string");
      out = it->get<std::string>();
    }
  } catch (const Error& e) {
    throw keyError(origin, key, e.message());
  }
}

}  // namespace

DemoOptions demoOptionsFromJson(const nlohmann::json& j, const std::string& origin) {
  if (!j.is_object()) throw fileError(origin, "demonstration options must be a JSON object");
  DemoOptions o;
  std::string sampling = demoSamplingName(o.sampling), order = demoOrderName(o.order);
  readKey(j, origin, "sampling", sampling);
  readKey(j, origin, "per_class", o.perClass);
  readKey(j, origin, "order", order);
  readKey(j, origin, "sets", o.sets);
  readKey(j, origin, "embedding_model", o.embeddingModel);
  readKey(j, origin, "similar_fraction", o.similarFraction);
  readKey(j, origin, "first_sentence_tokens", o.firstSentenceTokens);
  readKey(j, origin, "other_sentence_tokens", o.otherSentenceTokens);
  try {
    o.sampling = parseDemoSampling(sampling);
    o.order = parseDemoOrder(order);
    validateDemoOptions(o);
  } catch (const Error& e) {
    throw fileError(origin, "demonstrations: " + e.message());
  }
  return o;
}

}  // namespace pwb::data
