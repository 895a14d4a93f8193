#pragma once
// `pwb eval --prompt DIR`: evaluates a data set with a trained prompt applied. Torch-free header.
//   Bundle: the training method is rebuilt with its saved settings and tensors (and model weights when the
//     method trains them) and predicts as at the end of training — the run's test predictions exactly.
//   PEFT adapter: its vectors applied the way PEFT applies them (before [CLS], or as per-layer prefixes),
//     the template rendered without slots and the verbalizer's label words scored at [MASK] (mean
//     log-prob over words, sub-token mean for multi-token words).
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
  int batchSize = 32;
  int maxLength = 0;  // 0 = the bundle's max_length (training's) or the model's maximum
  std::string device = "cpu";
  int threads = 0;
};

// Throws pwb::Error naming the file for a bad prompt, a model mismatch (both identities) or bad data.
// CellResult::examples carry class scores/probs for PEFT adapters; for bundles only the predicted class
// (the training method's own prediction path).
eval::CellResult evaluateWithPrompt(const PromptEvalRequest& request);

}  // namespace pwb::exporting
