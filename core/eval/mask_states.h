#pragma once
// Internal (includes torch): the encoder's output that scoring needs, computed once per template and data
// set and reused by every verbalizer: the MLM head's transform of the hidden state at each mask, and the
// log of the full-vocabulary softmax denominator there. A label word then costs one dot product per
// example (transformed . decoder[id] + bias[id] - logNorm), never another forward pass.
#include <torch/torch.h>

#include <atomic>
#include <cstdint>
#include <functional>
#include <vector>

#include "eval/eval_types.h"
#include "model/masked_lm.h"

namespace pwb::eval {

// One rendered example: token ids with special tokens, type ids, and where its masks are.
struct RenderedInput {
  std::vector<int64_t> ids;
  std::vector<int64_t> typeIds;
  std::vector<int64_t> maskPositions;
};

// Always on the CPU, whatever the model's device: scoring moves the few decoder rows it needs to the
// states (tokenLogProbs) or a slice of the states to the decoder (vocabLogProbs), never mixing devices.
struct MaskStates {
  torch::Tensor transformed;  // [N, M, H] fp32: mlmTransform(hidden at mask m of example n)
  torch::Tensor logNorm;      // [N, M] fp32: logsumexp over the full vocabulary of the logits there
  torch::Tensor topIds;  // [N, M, K] int64: the K most likely tokens (K = EncodeSettings::topK), or undefined
  torch::Tensor topProbs;  // [N, M, K] fp32
  int64_t size() const { return transformed.defined() ? transformed.size(0) : 0; }
  int64_t maskCount() const { return transformed.defined() ? transformed.size(1) : 0; }
};

// The encoder's output for a padded batch, and how many positions it inserted before the tokens (a soft
// prompt placed before [CLS] or after it shifts every mask by that many).
struct EncodedBatch {
  torch::Tensor hidden;  // [B, T + shift, H] on the model's device
  int64_t shift = 0;
};
// How a padded batch (CPU tensors) becomes hidden states; empty = the model's own encoder (encodeRows at
// the mask rows). Trained prompts (export/prompt_eval) put their vectors in here, so they share the
// batching, padding and scoring.
using BatchEncoder = std::function<EncodedBatch(const model::EncoderInput& batch)>;

struct EncodeSettings {
  int batchSize = 32;
  int topK = 0;
  int64_t padId = 0;
  BatchEncoder encoder;
};

// Progress units: examples encoded (done is added to `doneBefore`, total is `grandTotal`).
struct ProgressSpan {
  const Progress* progress = nullptr;
  int64_t doneBefore = 0;
  int64_t grandTotal = 0;
};

// Length-bucketed, batched forward passes under InferenceMode: inputs are sorted by length, batched,
// padded within the batch, and the results put back in input order. Every input must have the same
// number of masks (>= 1). Throws Cancelled when *cancel becomes true between batches.
MaskStates encodeMasks(model::MaskedLM& model, const std::vector<RenderedInput>& inputs,
                       const EncodeSettings& settings, const ProgressSpan& progress = {},
                       const std::atomic<bool>* cancel = nullptr);

// log p(token | mask m) for every example: [N, ids.size()] fp32, on the states' device (the CPU).
torch::Tensor tokenLogProbs(model::MaskedLM& model, const MaskStates& states, int64_t mask,
                            const std::vector<int64_t>& ids);

// Full-vocabulary log-probs at mask m for the rows [begin, end): [end - begin, V] fp32 on the CPU (computed
// on the model's device).
torch::Tensor vocabLogProbs(model::MaskedLM& model, const MaskStates& states, int64_t mask, int64_t begin,
                            int64_t end);

}  // namespace pwb::eval
