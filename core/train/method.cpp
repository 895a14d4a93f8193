#include "train/method.h"

#include "common/error.h"
#include "train/distillation_loss.h"

namespace pwb::train {

torch::Tensor Method::loss(const Batch& batch, const Batch* plainBatch) {
  (void)plainBatch;
  if (batch.targets.defined()) return distillationLoss(logits(batch), batch.targets, batch.targetTemperature);
  return torch::nn::functional::cross_entropy(logits(batch), batch.labels);
}

void Method::loadState(const std::map<std::string, torch::Tensor>& tensors) {
  torch::NoGradGuard noGrad;
  for (auto& [name, param] : ownParameters()) {
    auto it = tensors.find(name);
    if (it == tensors.end()) throw Error("saved " + this->name() + " state has no tensor '" + name + "'");
    if (it->second.sizes() != param.sizes()) {
      throw Error("saved tensor '" + name + "' has shape " + c10::str(it->second.sizes()) + ", the " +
                  this->name() + " method expects " + c10::str(param.sizes()));
    }
    param.copy_(it->second.to(param.device(), param.scalar_type()));
  }
}

torch::Tensor embedWithSlots(model::MaskedLM& model, const Batch& batch, const torch::Tensor& vectors) {
  auto embeds = model.wordEmbeddings(batch.ids);  // [B,T,H]
  if (!batch.slotIds.defined()) return embeds;
  const auto isSlot = batch.slotIds.ge(0).unsqueeze(-1);                      // [B,T,1]
  const auto index = batch.slotIds.clamp_min(0).reshape({-1});                // [B*T]
  const auto gathered = vectors.index_select(0, index).view(embeds.sizes());  // [B,T,H]
  return torch::where(isSlot, gathered.to(embeds.scalar_type()), embeds);
}

model::EncoderInput encoderInput(const Batch& batch, const torch::Tensor& inputsEmbeds) {
  model::EncoderInput in;
  if (inputsEmbeds.defined())
    in.inputsEmbeds = inputsEmbeds;
  else
    in.inputIds = batch.ids;
  in.attentionMask = batch.attentionMask;
  in.tokenTypeIds = batch.typeIds;
  in.tokenIndex = batch.tokenIndex;
  return in;
}

torch::Tensor firstTokenStates(model::MaskedLM& model, const model::EncoderInput& input) {
  const int64_t b = input.inputsEmbeds.defined() ? input.inputsEmbeds.size(0) : input.inputIds.size(0);
  const auto rows = torch::arange(b, torch::TensorOptions().dtype(torch::kLong).device(model.device()));
  return model.encodeRows(input, rows, torch::zeros_like(rows));
}

torch::Tensor labelWordLogits(model::MaskedLM& model, const model::EncoderInput& input, const Batch& batch,
                              const std::vector<std::vector<int64_t>>& labelTokenIds) {
  if (batch.maskPos.lt(0).any().item<bool>()) {
    throw Error("an example has no [MASK] position: the template must contain [MASK] for this method");
  }
  const auto device = model.device();
  const auto rows = torch::arange(batch.size(), torch::TensorOptions().dtype(torch::kLong).device(device));
  const auto atMask = model.encodeRows(input, rows, batch.maskPos);
  // No label words: the whole vocabulary is the class set, class index = token id ([B, V]). The knowledge
  // probing task trains this way (train/probe_task.h; P-tuning's LAMA experiments take the cross-entropy
  // over the whole vocabulary at the mask); a dense [V, V] averaging matrix below would be huge.
  if (labelTokenIds.empty()) return model.mlmLogits(atMask).to(torch::kFloat);
  const int64_t numLabels = static_cast<int64_t>(labelTokenIds.size());
  std::vector<int64_t> all;
  for (const auto& words : labelTokenIds) all.insert(all.end(), words.begin(), words.end());
  // Averaging matrix [K, L]: each label's logit is the mean over its words' logits.
  auto average = torch::zeros({static_cast<int64_t>(all.size()), numLabels});
  int64_t row = 0;
  for (int64_t l = 0; l < numLabels; ++l) {
    for (size_t w = 0; w < labelTokenIds[l].size(); ++w) {
      average[row++][l] = 1.0 / static_cast<double>(labelTokenIds[l].size());
    }
  }
  const auto ids = torch::tensor(all, torch::kLong).to(device);
  const auto wordLogits = model.mlmLogitsFor(atMask, ids).to(torch::kFloat);  // [B,K]
  return wordLogits.matmul(average.to(device));
}

void insertSlotsAfterCls(EncodedInput& input, int n, int64_t placeholder) {
  if (n <= 0 || input.ids.empty()) return;
  const auto at = static_cast<std::ptrdiff_t>(1);
  const int64_t type = input.typeIds.empty() ? 0 : input.typeIds[0];
  if (input.slotIds.empty()) input.slotIds.assign(input.ids.size(), -1);
  std::vector<int64_t> newSlots(static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) newSlots[static_cast<size_t>(i)] = i;
  input.ids.insert(input.ids.begin() + at, static_cast<size_t>(n), placeholder);
  if (!input.typeIds.empty()) input.typeIds.insert(input.typeIds.begin() + at, static_cast<size_t>(n), type);
  input.slotIds.insert(input.slotIds.begin() + at, newSlots.begin(), newSlots.end());
  if (input.maskPos >= 1) input.maskPos += n;
}

void checkOrInsertSlots(EncodedInput& input, int n, int64_t placeholder) {
  bool any = false;
  for (int64_t slot : input.slotIds) {
    if (slot >= n) {
      throw Error("the template has more trainable-token slots than the method's " + std::to_string(n) +
                  " vectors (slot " + std::to_string(slot + 1) + ")");
    }
    any = any || slot >= 0;
  }
  if (!any) insertSlotsAfterCls(input, n, placeholder);
}

}  // namespace pwb::train
