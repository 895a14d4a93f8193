#pragma once
// Loads a trained prompt folder — our bundle or a PEFT adapter (with or without our sidecar) — checked
// against the model it is applied to, into the form the encoder applies (SoftPrompt). Includes torch.
#include <map>
#include <string>
#include <vector>

#include "export/soft_prompt.h"
#include "model/model_config.h"

namespace pwb::eval {
class EvalSession;
}

namespace pwb::exporting {

enum class PromptSource { Bundle, Peft };

struct LoadedPrompt {
  std::string dir;
  PromptSource source = PromptSource::Peft;
  // Bundle: the training method; PEFT: "prompt-tuning", "p-tuning" or "prefix-tuning" (its peft_type).
  std::string method;
  // What the encoder applies: Slots (bundle prompt-tuning / P-tuning), BeforeCls (PEFT prompt / P-tuning),
  // Prefix (P-tuning v2, PEFT prefix tuning). No vectors for methods that have none (prompt-ft, fine-tune).
  SoftPrompt prompt;
  bool hasVectors() const { return prompt.vectors.defined(); }
  std::string templateText;         // the bundle's / the PEFT sidecar's; "" for a bare PEFT adapter
  std::string verbalizer;           // likewise
  std::vector<std::string> labels;  // class order the prompt was trained with; may be empty
  // PEFT adapter exported by Prompt Workbench whose training method can be rebuilt from it
  // (bundle_method.h): evaluating it with its own template and verbalizer replays the run exactly,
  // placement included. replayProblem says why not otherwise ("" for a bundle or when it can).
  bool replaysMethod = false;
  std::string replayProblem;
  std::map<std::string, torch::Tensor> tensors;  // every tensor of the bundle (PEFT: prompt_embeddings)
};

// True when dir is a bundle (prompt.json) or a PEFT adapter (adapter_config.json).
bool isPromptDir(const std::string& dir);

// Reads the folder and checks it against the model: a bundle's recorded identity (config and tokenizer
// hashes) against modelDir's, a PEFT adapter's architecture against `config` (and, when it carries our
// prompt_workbench.json with a model identity, that identity too). Throws pwb::Error naming the
// file and, for a wrong model, both identities.
LoadedPrompt loadPrompt(const std::string& dir, const model::ModelConfig& config,
                        const std::string& modelDir);

// Makes `session` (loaded on the adapter's model) apply a PEFT adapter's vectors the way PEFT applies
// them (before [CLS], or as per-layer prefixes) in every later evaluate(): `pwb eval --prompt` and
// `pwb predict --prompt`. `prompt` must outlive the session's use. Throws pwb::Error when the model's
// positions leave no room for the virtual tokens. Implemented in prompt_eval.cpp.
void attachPeftPrompt(eval::EvalSession& session, const LoadedPrompt& prompt);

}  // namespace pwb::exporting
