#pragma once
// Internal (includes torch): what AutoPrompt optimises — the loss of a trigger template on K-shot examples
// with the model frozen, its gradient with respect to the trigger positions' input embeddings, the exact
// loss of many candidate tokens at one position (batched), and accuracy on a data set. Split from the
// search loop (autoprompt.cpp) so tests can check the gradient against finite differences.
#include <torch/torch.h>

#include <atomic>
#include <cstdint>
#include <vector>

#include "data/dataset.h"
#include "eval/class_scorer.h"
#include "eval/mask_states.h"
#include "model/masked_lm.h"
#include "search/trigger_template.h"

namespace pwb::search {

// A data set rendered once with the masked template (every trigger token a [MASK]): the token ids never
// change during the search except at the trigger positions, so rendering and tokenizing happen once.
struct TriggerExamples {
  std::vector<eval::RenderedInput> inputs;
  std::vector<std::vector<int64_t>> triggerPositions;  // [example][trigger token]
  std::vector<int64_t> labelPosition;                  // the template's own [MASK]
  std::vector<int64_t> gold;                           // class index (verbalizer order)
  size_t size() const { return inputs.size(); }
};

// Renders `set` (labels must be verbalizer labels; unlabeled examples are an error).
TriggerExamples renderTriggerExamples(const TriggerTemplate& tpl, const tokenize::Tokenizer& tokenizer,
                                      const data::Dataset& set, const std::vector<std::string>& labels,
                                      int maxLength);

// A padded batch of examples with given trigger ids, on the model's device.
struct TriggerBatch {
  torch::Tensor ids, attention, types;                 // [B, T]
  torch::Tensor triggerRow, triggerPos, triggerIndex;  // [B*J]: row, position and trigger token of each slot
  torch::Tensor labelPos;                              // [B]
  torch::Tensor gold;                                  // [B]
  int64_t rows = 0, triggers = 0;
};

struct SetScore {
  double accuracy = 0;
  double loss = 0;  // mean cross-entropy over the classes
};

// Freezes the model's parameters (requires_grad false) for its lifetime and restores the flags after.
class FrozenParameters {
 public:
  explicit FrozenParameters(torch::nn::Module& module);
  ~FrozenParameters();
  FrozenParameters(const FrozenParameters&) = delete;
  FrozenParameters& operator=(const FrozenParameters&) = delete;

 private:
  std::vector<torch::Tensor> params_;
  std::vector<bool> flags_;
};

class TriggerObjective {
 public:
  // Every label word must be a single token (checked by the caller). `rowsPerPass` bounds the sequences in
  // one forward pass when scoring candidates and data sets.
  TriggerObjective(model::MaskedLM& model, const eval::ResolvedVerbalizer& verbalizer, int64_t padId,
                   int rowsPerPass = 128);

  TriggerBatch batch(const TriggerExamples& set, const std::vector<size_t>& rows,
                     const std::vector<int64_t>& triggerIds) const;

  // The trigger tokens' input embeddings [J, H] (fp32, model device).
  torch::Tensor embeddingsOf(const std::vector<int64_t>& triggerIds);
  // Every vocabulary row of the input embedding matrix [V, H] (fp32, model device).
  torch::Tensor embeddingMatrix();

  // Mean loss over the batch with the trigger positions' input embeddings set to `triggerEmbeds` [J, H]
  // (the ids at those positions are ignored), and its gradient with respect to them [J, H] (fp32): one
  // embedding shared by every row, so the gradient sums the rows' contributions (as AutoPrompt's
  // averaged_grad of a mean loss).
  double lossAndGradient(const TriggerBatch& b, const torch::Tensor& triggerEmbeds, torch::Tensor& gradient);
  // The same loss without a gradient (finite differences in the tests).
  double loss(const TriggerBatch& b, const torch::Tensor& triggerEmbeds);

  // Mean loss over the batch for each candidate token at trigger token `j` (the other triggers as in the
  // batch): candidates x rows sequences in passes of at most rowsPerPass. Stops early (returning what was
  // scored, the rest +inf) when *cancel is raised.
  std::vector<double> candidateLosses(const TriggerBatch& b, int64_t j,
                                      const std::vector<int64_t>& candidates,
                                      const std::atomic<bool>* cancel = nullptr);

  // Accuracy and mean loss on every example of `set` with these trigger ids (gradient-free passes).
  SetScore score(const TriggerExamples& set, const std::vector<int64_t>& triggerIds);

 private:
  model::MaskedLM& model_;
  FrozenParameters frozen_;
  int64_t padId_;
  int rowsPerPass_;
  torch::Tensor wordIds_;                                // [W] every label word's token, class by class
  std::vector<std::pair<int64_t, int64_t>> classWords_;  // per class: [begin, end) into wordIds_
  eval::WordAggregation aggregation_;

  torch::Tensor classScores(const torch::Tensor& hiddenAtLabel);  // [N, C]
  torch::Tensor rowLosses(const torch::Tensor& hidden, const torch::Tensor& labelPos,
                          const torch::Tensor& gold);
};

}  // namespace pwb::search
