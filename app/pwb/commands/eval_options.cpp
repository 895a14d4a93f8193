#include "eval_options.h"

#include "common/error.h"

namespace pwb::cli {

eval::ScoringOptions scoringOptionsFrom(const Args& a) {
  eval::ScoringOptions o;
  std::string cal = a.has("calibrate") ? "content-free" : "none";
  cal = a.get("calibration", cal);
  if (cal == "none")
    o.calibration = eval::Calibration::None;
  else if (cal == "content-free")
    o.calibration = eval::Calibration::ContentFree;
  else if (cal == "template-only")
    o.calibration = eval::Calibration::TemplateOnly;
  else
    throw Error("--calibration must be none, content-free or template-only, got '" + cal + "'");
  const std::string mt = a.get("multi-token", "mean");
  if (mt == "mean")
    o.multiToken = eval::MultiTokenMode::SubtokenMean;
  else if (mt == "pet")
    o.multiToken = eval::MultiTokenMode::MultiMask;
  else if (mt == "pet-sequential")
    o.multiToken = eval::MultiTokenMode::PetSequential;
  else if (mt == "first")
    o.multiToken = eval::MultiTokenMode::FirstSubtoken;
  else
    throw Error("--multi-token must be mean, pet, pet-sequential or first, got '" + mt + "'");
  const std::string ag = a.get("aggregate", "mean");
  if (ag == "mean")
    o.aggregation = eval::WordAggregation::MeanLogProb;
  else if (ag == "max")
    o.aggregation = eval::WordAggregation::MaxLogProb;
  else if (ag == "logsumexp")
    o.aggregation = eval::WordAggregation::LogSumProb;
  else
    throw Error("--aggregate must be mean, max or logsumexp, got '" + ag + "'");
  o.batchSize = a.getInt("batch", 32);
  if (o.batchSize < 1 || o.batchSize > 4096) throw Error("--batch must be between 1 and 4096");
  o.maxLength = a.getInt("max-length", 0);
  if (o.maxLength < 0) throw Error("--max-length must not be negative");
  o.topK = a.getInt("top-k", 0);
  if (o.topK < 0 || o.topK > 1000) throw Error("--top-k must be between 0 and 1000");
  return o;
}

eval::SessionOptions sessionOptionsFrom(const Args& a) {
  eval::SessionOptions s;
  s.device = a.get("device", "auto");  // CUDA when available, else CPU: the default of every command
  s.threads = a.getInt("threads", 0);
  if (s.threads < 0) throw Error("--threads must not be negative");
  s.bf16 = a.has("bf16");
  return s;
}

size_t limitFrom(const Args& a) {
  const int limit = a.getInt("limit", 0);
  if (limit < 0) throw Error("--limit must not be negative");
  return static_cast<size_t>(limit);
}

}  // namespace pwb::cli
