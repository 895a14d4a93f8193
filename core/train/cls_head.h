#pragma once
// The classification head on the first token ([CLS] / <s>) used by fine-tuning and by P-tuning v2's "cls"
// scoring. Two kinds:
//   "hf"      (default) the heads of the reference code, built on Hugging Face's models:
//             fine-tuning (LM-BFF's baseline = BertForSequenceClassification /
//             RobertaForSequenceClassification)
//               BERT:    out_proj(dropout(tanh(dense(h_cls))))           dense = the pooler
//               RoBERTa: out_proj(dropout(tanh(dense(dropout(h_cls)))))  RobertaClassificationHead
//             dropout = classifier_dropout (hidden_dropout_prob when null); everything trained.
//             P-tuning v2 (its code's BertPrefixForSequenceClassification / RobertaPrefix...): the model's
//             pooler output for both architectures, dropout (hidden_dropout_prob), a linear classifier:
//               out_proj(dropout(tanh(dense(h_cls))))
//             where the pooler belongs to the frozen model: dense is not trained (frozenPooler).
//             The dense layer starts from the checkpoint's pretrained pooler (bert.pooler.dense.*) when it
//             has one, as in Hugging Face; except for fine-tuning RoBERTa, whose RobertaClassificationHead
//             is always new (RobertaForSequenceClassification builds its model without a pooler).
//             Saved as head.dense.{weight,bias} [H,H]/[H] and head.out_proj.{weight,bias} [L,H]/[L]
//             (HF: bert.pooler.dense.* / classifier.*, or classifier.dense.* / classifier.out_proj.*).
//   "linear"  dropout (hidden_dropout_prob) and one linear layer on the raw first-token state, no pooler
//             (this project's head before the "hf" one): head.weight [L,H], head.bias [L].
// New weights are initialised as Hugging Face's _init_weights: normal(0, initializer_range), zero bias,
// drawn from torch's default generator (the caller seeds it).
#include <torch/torch.h>

#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "model/masked_lm.h"
#include "train/method.h"

namespace pwb::train {

class ClsHead {
 public:
  enum class Reference { FineTuning, PTuningV2 };
  // Throws pwb::Error for an unknown kind.
  ClsHead(const model::MaskedLM& model, int numLabels, const std::string& kind, torch::Device device,
          Reference reference = Reference::FineTuning);

  // hidden [B,T,H] (the encoder's last state) or [B,H] (its first rows) -> class logits [B,L] (fp32).
  // Dropout when training.
  torch::Tensor forward(const torch::Tensor& hidden, bool training);
  NamedTensors parameters();  // the trained tensors, under the head.* names above
  NamedTensors state();       // every tensor to save: parameters() plus a frozen pooler
  // Restores state() from saved tensors; throws pwb::Error for a missing or misshaped tensor.
  void load(const std::map<std::string, torch::Tensor>& tensors);
  // {"cls_head": kind} plus, for BERT's "hf" head, "pooler": "checkpoint" | "new".
  nlohmann::json config() const;
  bool poolerFromCheckpoint() const { return poolerFromCheckpoint_; }

  static std::vector<std::string> kinds() { return {"hf", "linear"}; }

 private:
  std::string kind_;
  bool roberta_ = false;
  bool frozenPooler_ = false;  // P-tuning v2: the pooler is part of the frozen model
  bool poolerFromCheckpoint_ = false;
  double dropout_ = 0.1;
  torch::nn::Linear dense_{nullptr};    // "hf" only
  torch::nn::Linear outProj_{nullptr};  // the H -> L layer of both kinds
};

}  // namespace pwb::train
