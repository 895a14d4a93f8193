#pragma once
// A trained or imported prompt in the form the encoder consumes, and how it is applied to a padded batch.
// Includes torch: only code that runs the model includes this header.
#include <torch/torch.h>

#include <utility>
#include <vector>

#include "model/masked_lm.h"

namespace pwb::exporting {

enum class PromptPlacement {
  // PEFT prompt tuning / P-tuning: the vectors precede the whole input, [CLS] included; the attention mask
  // gets ones for them, their token type is 0 and position ids count over the full length.
  BeforeCls,
  // Prompt Workbench prompt tuning / P-tuning: the vectors replace the input embeddings at the rendered
  // template's [SOFT]/[P] slots, or are inserted right after [CLS] when the template has none.
  Slots,
  // Prefix tuning / P-tuning v2: keys and values prepended at every layer; the input keeps its length.
  Prefix,
};
const char* placementName(PromptPlacement p);  // "before-cls", "slots", "prefix"

struct SoftPrompt {
  PromptPlacement placement = PromptPlacement::BeforeCls;
  // [N,H] input vectors, or for Prefix the table [P, layers*2*H] in PEFT's layout: row p holds, layer by
  // layer, that layer's key then value vector (each heads*headDim).
  torch::Tensor vectors;
  int64_t count() const { return vectors.defined() ? vectors.size(0) : 0; }
};

// The table [P, layers*2*H] as per-layer {K, V}, each [1, heads, P, headDim] (PEFT: view(B, P, layers*2,
// heads, headDim).permute(2, 0, 3, 1, 4).split(2)). Throws pwb::Error when the width does not fit config.
std::vector<std::pair<torch::Tensor, torch::Tensor>> prefixKeyValues(const torch::Tensor& table,
                                                                     const model::ModelConfig& config);

struct PromptedInput {
  model::EncoderInput input;
  // How far the batch's tokens moved right (BeforeCls: N; Slots with vectors inserted after [CLS]: N for
  // every position >= 1; else 0). Add it to the mask positions of the rendered input.
  int64_t shift = 0;
};

// ids, attentionMask, typeIds: a right-padded batch [B,T] (attentionMask/typeIds may be undefined = ones /
// zeros). slots [B,T] int64 (Slots placement only): -1 for ordinary tokens, k for the k-th vector; when
// undefined or all -1 the N vectors are inserted after the first token ([CLS]) of every row. Throws
// pwb::Error when the prompt does not fit the model (width, layers) or a slot index is out of range.
PromptedInput applySoftPrompt(const SoftPrompt& prompt, model::MaskedLM& model, const torch::Tensor& ids,
                              const torch::Tensor& attentionMask, const torch::Tensor& typeIds,
                              const torch::Tensor& slots = {});

}  // namespace pwb::exporting
