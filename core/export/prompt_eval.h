#pragma once
// `pwb eval --prompt DIR`: evaluates a data set with a trained prompt applied. Torch-free header.
//   Bundle: the training method is rebuilt with its saved settings and tensors (and model weights when the
//     method trains them) and predicts as at the end of training — the run's test predictions exactly.
//   PEFT adapter: its vectors applied the way PEFT applies them (before [CLS], or as per-layer prefixes),
//     the template rendered without slots and the verbalizer's label words scored at [MASK] exactly as
//     `pwb eval` scores them (same options: aggregation, multi-token mode, calibration, top-k).
#include <string>
#include <vector>

#include "eval/eval_types.h"

namespace pwb::exporting {

struct PromptEvalRequest {
  std::string promptDir;
  std::string modelDir;
  std::string dataPath;
  std::string dataFormat = "auto";
  std::string templateText;  // "" = the prompt's own (bundle, PEFT sidecar); required for a bare adapter
  std::string verbalizer;    // likewise
  size_t limit = 0;          // first N examples; 0 = all
  // PEFT adapter: every field applies as in `pwb eval` (calibration, multi-token mode, aggregation, top-k,
  // batch, max length — 0 = the model's usable length less the adapter's virtual tokens). Bundle: only
  // batchSize; the bundle predicts with its training method's own path, so any other non-default field
  // is refused (bundleIgnores).
  eval::ScoringOptions options;
  std::string device = "cpu";
  int threads = 0;
  bool bf16 = false;  // PEFT adapters: bf16 inference; refused for bundles
};

// The request's settings a bundle cannot honour, as words for a message ("calibration", "top-k", ...);
// empty when there are none.
std::vector<std::string> bundleIgnores(const PromptEvalRequest& request);

// Throws pwb::Error naming the file for a bad prompt, a model mismatch (both identities) or bad data.
// CellResult::examples carry class scores/probs for PEFT adapters (through the same scoring as `pwb eval`:
// eval::EvalSession with the adapter's vectors applied by its batch encoder); for bundles only the
// predicted class (the training method's own prediction path).
eval::CellResult evaluateWithPrompt(const PromptEvalRequest& request);

}  // namespace pwb::exporting
