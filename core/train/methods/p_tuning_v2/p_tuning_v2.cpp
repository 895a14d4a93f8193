#include "train/methods/p_tuning_v2/p_tuning_v2.h"

#include <optional>

#include "common/error.h"
#include "train/cls_head.h"

namespace pwb::train::methods {
namespace {

namespace nn = torch::nn;

class PTuningV2 : public Method {
 public:
  explicit PTuningV2(const MethodContext& context)
      : Method(context.device), ctx_(context), own_(std::make_shared<nn::Module>()) {
    const auto& cfg = ctx_.model->config();
    const int64_t p = ctx_.options.prefixLength;
    if (p <= 0 || p > 1024) throw Error("the prefix length must be 1..1024, got " + std::to_string(p));
    const int64_t width = cfg.numLayers * 2 * cfg.hiddenSize;
    if (ctx_.options.head != "verbalizer" && ctx_.options.head != "cls") {
      throw Error("unknown P-tuning v2 head '" + ctx_.options.head + "' (verbalizer or cls)");
    }
    if (ctx_.options.reparameterize) {
      const int64_t e = ctx_.options.prefixHiddenSize > 0 ? ctx_.options.prefixHiddenSize : cfg.hiddenSize;
      embedding_ = own_->register_module("embedding", nn::Embedding(p, cfg.hiddenSize));
      transform_ = own_->register_module(
          "transform", nn::Sequential(nn::Linear(cfg.hiddenSize, e), nn::Tanh(), nn::Linear(e, width)));
    } else {
      embedding_ = own_->register_module("embedding", nn::Embedding(p, width));
    }
    own_->to(ctx_.device);
    if (ctx_.options.head == "cls")
      head_.emplace(*ctx_.model, ctx_.numLabels, ctx_.options.clsHead, ctx_.device,
                    ClsHead::Reference::PTuningV2);
  }
  std::string name() const override { return "p-tuning-v2"; }
  bool trainsModel() const override { return false; }
  void train(bool on) override {
    ctx_.model->train(on);
    own_->train(on);
    training_ = on;
  }

  NamedTensors ownParameters() override {
    NamedTensors out;
    for (auto& p : own_->named_parameters()) out.emplace_back("prefix." + p.key(), p.value());
    if (head_) {
      for (auto& p : head_->parameters()) out.push_back(p);
    }
    return out;
  }

  NamedTensors stateTensors() override {
    NamedTensors out;
    for (auto& p : own_->named_parameters()) out.emplace_back("prefix." + p.key(), p.value());
    if (head_) {
      for (auto& p : head_->state()) out.push_back(p);
    }
    torch::NoGradGuard noGrad;
    out.emplace_back("prompt_embeddings", prefixTable().detach().clone());
    return out;
  }

  void loadState(const std::map<std::string, torch::Tensor>& tensors) override {
    Method::loadState(tensors);
    if (head_) head_->load(tensors);  // the frozen pooler too
  }

  torch::Tensor logits(const Batch& batch) override {
    const auto& cfg = ctx_.model->config();
    auto table = prefixTable();  // [P, L*2*H]
    table = torch::dropout(table, cfg.hiddenDropoutProb, own_->is_training());
    const int64_t p = table.size(0);
    // [P, L*2, heads, hd] -> [L*2, heads, P, hd]; entry 2l is layer l's keys, 2l+1 its values.
    const auto kv = table.view({p, cfg.numLayers * 2, cfg.numHeads, cfg.headDim()}).permute({1, 2, 0, 3});
    model::EncoderInput in = encoderInput(batch);
    for (int64_t l = 0; l < cfg.numLayers; ++l) {
      in.prefixKeyValues.emplace_back(kv[2 * l].unsqueeze(0).to(ctx_.model->dtype()),
                                      kv[2 * l + 1].unsqueeze(0).to(ctx_.model->dtype()));
    }
    if (!head_) return labelWordLogits(*ctx_.model, in, batch, ctx_.labelTokenIds);
    return head_->forward(firstTokenStates(*ctx_.model, in), training_);
  }

  nlohmann::json config() const override {
    nlohmann::json j = {
        {"num_virtual_tokens", ctx_.options.prefixLength},
        {"prefix_projection", ctx_.options.reparameterize},
        {"encoder_hidden_size",
         ctx_.options.prefixHiddenSize > 0 ? ctx_.options.prefixHiddenSize : ctx_.model->config().hiddenSize},
        {"head", ctx_.options.head}};
    if (head_) j.update(head_->config());
    return j;
  }

 private:
  torch::Tensor prefixTable() {
    const auto w = embedding_->weight;
    return transform_ ? transform_->forward(w) : w;
  }

  MethodContext ctx_;
  std::shared_ptr<nn::Module> own_;
  nn::Embedding embedding_{nullptr};
  nn::Sequential transform_{nullptr};
  std::optional<ClsHead> head_;  // the "cls" scoring's head
  bool training_ = false;
};

}  // namespace

std::unique_ptr<Method> makePTuningV2(const MethodContext& context) {
  return std::make_unique<PTuningV2>(context);
}

}  // namespace pwb::train::methods
