#pragma once
// The interface every training method implements (one folder per method under methods/). A method owns
// its trainable tensors, says which input it reads (the rendered template or the plain sentence), turns a
// batch into class logits, and saves/loads its state under stable tensor names:
//   prompt_embeddings   the vectors fed to the model (PEFT's name; [N,H], or [P, layers*2*H] for prefixes)
//   encoder.*           P-tuning's prompt encoder (PEFT's PromptEncoder names)
//   prefix.*            P-tuning v2's prefix parameters / reparameterisation MLP
//   head.*              a classification head on [CLS] (train/cls_head.h)
// Model weights (methods that train them) are saved separately under their Hugging Face names.
#include <torch/torch.h>

#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "model/masked_lm.h"
#include "train/batch.h"
#include "train/encoded_example.h"
#include "train/train_request.h"

namespace pwb::tokenize {
class Tokenizer;
}

namespace pwb::train {

struct MethodContext {
  model::MaskedLM* model = nullptr;
  const tokenize::Tokenizer* tokenizer = nullptr;  // null in tests that build ids by hand
  // Per class, the token ids of its label words (one token each); logits of several words are averaged.
  std::vector<std::vector<int64_t>> labelTokenIds;
  int numLabels = 2;
  MethodOptions options;
  torch::Device device = torch::kCPU;
  int64_t maskTokenId = -1;  // [MASK] / <mask> (PET's auxiliary MLM)
  int64_t unkTokenId = 0;    // placeholder id at slot positions (replaced by the method's vectors)
  // Per slot index: the token a [SOFT:text] vector starts from (-1 = use the chosen initialisation).
  std::vector<int64_t> slotInitIds;
};

using NamedTensors = std::vector<std::pair<std::string, torch::Tensor>>;

class Method {
 public:
  explicit Method(torch::Device device) : device_(device) {}
  virtual ~Method() = default;
  torch::Device deviceForInputs() const { return device_; }
  virtual std::string name() const = 0;
  // Which rendering of an example the method reads.
  virtual bool usesPrompt() const { return true; }
  // Gives the method a chance to change an input once, before training (e.g. insert soft-token slots).
  virtual void adaptInput(EncodedInput& input) const { (void)input; }
  // True when the model's own weights are trained too (all-weights methods, P-tuning joint tuning).
  virtual bool trainsModel() const = 0;
  // The method's own trainable parameters (not the model's), with their save names.
  virtual NamedTensors ownParameters() = 0;
  // Class logits [B, numLabels] (fp32). Dropout follows train(): on while training.
  virtual torch::Tensor logits(const Batch& batch) = 0;
  // The training loss; default cross-entropy of logits against batch.labels, or PET's distillation loss
  // when the batch has soft targets (batch.targets).
  virtual torch::Tensor loss(const Batch& batch, const Batch* plainBatch);
  // True when loss() needs the plain rendering too (PET's auxiliary MLM).
  virtual bool needsPlainBatch() const { return false; }
  virtual void train(bool on) = 0;
  // Everything to save: own parameters plus derived tensors (e.g. prompt_embeddings of an encoder).
  virtual NamedTensors stateTensors() { return ownParameters(); }
  // Restores own parameters from saved tensors; throws pwb::Error for a missing/misshaped tensor.
  virtual void loadState(const std::map<std::string, torch::Tensor>& tensors);
  // The method's settings as saved beside its tensors (method.json "config").
  virtual nlohmann::json config() const = 0;

 private:
  torch::Device device_;
};

// Helpers shared by methods.
// Word embeddings of batch.ids with the slot positions replaced by rows of `vectors` ([N,H]), differentiable
// with respect to vectors.
torch::Tensor embedWithSlots(model::MaskedLM& model, const Batch& batch, const torch::Tensor& vectors);
// The encoder input of a batch: its ids (or inputsEmbeds when given), attention mask, token types and
// token index.
model::EncoderInput encoderInput(const Batch& batch, const torch::Tensor& inputsEmbeds = {});
// Label-word logits at the [MASK] of each example: [B, numLabels] from the MLM head (only label columns).
// Encodes `input` with MaskedLM::encodeRows, so only the [MASK] rows of the last layer are computed.
torch::Tensor labelWordLogits(model::MaskedLM& model, const model::EncoderInput& input, const Batch& batch,
                              const std::vector<std::vector<int64_t>>& labelTokenIds);
// The last hidden state's first row ([CLS] / <s>) of each example, [B,H], by MaskedLM::encodeRows.
torch::Tensor firstTokenStates(model::MaskedLM& model, const model::EncoderInput& input);
// Inserts n slots (placeholder id `placeholder`, slot indices 0..n-1) right after the first token ([CLS]),
// shifting maskPos; used when the template holds no explicit [SOFT]/[P] slots.
void insertSlotsAfterCls(EncodedInput& input, int n, int64_t placeholder);
// Keeps the template's own slots when it has some (each index must be < n; throws pwb::Error otherwise),
// else inserts n slots after [CLS].
void checkOrInsertSlots(EncodedInput& input, int n, int64_t placeholder);

}  // namespace pwb::train
