#include "train/cls_head.h"

#include "common/error.h"

namespace pwb::train {

ClsHead::ClsHead(const model::MaskedLM& model, int numLabels, const std::string& kind, torch::Device device,
                 Reference reference)
    : kind_(kind) {
  const auto& cfg = model.config();
  if (kind_ != "hf" && kind_ != "linear")
    throw Error("unknown classification head '" + kind_ + "' (hf or linear)");
  // P-tuning v2's code reads the pooler output for RoBERTa as for BERT: the head is BERT's shape there.
  roberta_ = cfg.isRoberta() && reference == Reference::FineTuning;
  frozenPooler_ = kind_ == "hf" && reference == Reference::PTuningV2;
  torch::NoGradGuard noGrad;
  const double initStd = cfg.initializerRange;
  if (kind_ == "hf") {
    dropout_ = reference == Reference::PTuningV2 ? cfg.hiddenDropoutProb : cfg.classifierDropout;
    dense_ = torch::nn::Linear(cfg.hiddenSize, cfg.hiddenSize);
    // Hugging Face's RobertaForSequenceClassification has no pooler: its head's dense layer is always new.
    if (!roberta_ && model.poolerWeight().defined() && model.poolerBias().defined()) {
      dense_->weight.copy_(model.poolerWeight());
      dense_->bias.copy_(model.poolerBias());
      poolerFromCheckpoint_ = true;
    } else {
      dense_->weight.normal_(0.0, initStd);
      dense_->bias.zero_();
    }
    dense_->to(device);
    if (frozenPooler_) {
      dense_->weight.set_requires_grad(false);
      dense_->bias.set_requires_grad(false);
    }
  } else {
    dropout_ = cfg.hiddenDropoutProb;
  }
  outProj_ = torch::nn::Linear(cfg.hiddenSize, numLabels);
  outProj_->weight.normal_(0.0, initStd);
  outProj_->bias.zero_();
  outProj_->to(device);
}

torch::Tensor ClsHead::forward(const torch::Tensor& hidden, bool training) {
  // [B,T,H] (the whole last hidden state) or [B,H] (its first rows, train::firstTokenStates).
  auto x = (hidden.dim() == 3 ? hidden.select(1, 0) : hidden).to(torch::kFloat);
  if (kind_ == "hf") {
    if (roberta_) x = torch::dropout(x, dropout_, training);
    x = torch::tanh(dense_->forward(x));
  }
  return outProj_->forward(torch::dropout(x, dropout_, training));
}

NamedTensors ClsHead::parameters() {
  if (kind_ == "linear") return {{"head.weight", outProj_->weight}, {"head.bias", outProj_->bias}};
  if (frozenPooler_)
    return {{"head.out_proj.weight", outProj_->weight}, {"head.out_proj.bias", outProj_->bias}};
  return state();
}

NamedTensors ClsHead::state() {
  if (kind_ == "linear") return parameters();
  return {{"head.dense.weight", dense_->weight},
          {"head.dense.bias", dense_->bias},
          {"head.out_proj.weight", outProj_->weight},
          {"head.out_proj.bias", outProj_->bias}};
}

void ClsHead::load(const std::map<std::string, torch::Tensor>& tensors) {
  torch::NoGradGuard noGrad;
  for (auto& [name, param] : state()) {
    auto it = tensors.find(name);
    if (it == tensors.end()) throw Error("saved state has no tensor '" + name + "'");
    if (it->second.sizes() != param.sizes())
      throw Error("saved tensor '" + name + "' has shape " + c10::str(it->second.sizes()) +
                  ", the head expects " + c10::str(param.sizes()));
    param.copy_(it->second.to(param.device(), param.scalar_type()));
  }
}

nlohmann::json ClsHead::config() const {
  nlohmann::json j = {{"cls_head", kind_}};
  if (kind_ == "hf" && !roberta_) j["pooler"] = poolerFromCheckpoint_ ? "checkpoint" : "new";
  return j;
}

}  // namespace pwb::train
