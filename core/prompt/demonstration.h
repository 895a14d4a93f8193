#pragma once
// Demonstrations (GPT-3's in-context examples, LM-BFF's "prompt-demo"): solved training examples placed
// in the model input next to the query. The template's demonstration block (TEMPLATES.md,
// Demonstrations) says how ONE demonstration renders; PromptRenderer repeats it for each DemoInput in
// the order given. Torch-free and Qt-free: the sampler (core/data) hands these to the renderer.
#include <string>
#include <vector>

namespace pwb::prompt {

// One filled-in demonstration, in placement order.
struct DemoInput {
  std::string id;                   // the example's id (recorded with predictions)
  std::vector<std::string> fields;  // its text fields in the data set's column order
  // The word that stands for its class (the verbalizer's first word), spelt as written: the renderer adds
  // the leading space itself where the template's [MASK] predicts the leading-space form (Ġgreat).
  std::string labelWord;
};

// LM-BFF's per-sentence token limits (--first_sent_limit, --other_sent_limit). As in LM-BFF they count the
// tokens of one sentence as tokenized in the prompt and keep its first N tokens; "first" is the query's
// first text column (LM-BFF's *sent_0*), "other" every other sentence: each field of every demonstration
// and, like LM-BFF's *sent_1*, the query's second text column of a pair task.
struct DemoLimits {
  int firstSentenceTokens = 0;  // LM-BFF --first_sent_limit (the query's sentence); 0 = none
  int otherSentenceTokens = 0;  // LM-BFF --other_sent_limit (each sentence of a demonstration); 0 = none

  bool any() const { return firstSentenceTokens > 0 || otherSentenceTokens > 0; }
};

}  // namespace pwb::prompt
