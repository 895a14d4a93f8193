#include "train/methods/p_tuning/p_tuning.h"

#include "common/error.h"
#include "train/methods/p_tuning/prompt_encoder.h"
#include "train/slot_placement.h"

namespace pwb::train::methods {
namespace {

class PTuning : public Method {
 public:
  explicit PTuning(const MethodContext& context)
      : Method(context.device), ctx_(context), placement_(parseSlotPlacement(context.options.placement)) {
    const int n = ctx_.options.numSoftTokens;
    if (n <= 0 || n > 512)
      throw Error("the number of pseudo tokens must be 1..512, got " + std::to_string(n));
    const int64_t h = ctx_.model->config().hiddenSize;
    const int64_t e = ctx_.options.encoderHiddenSize > 0 ? ctx_.options.encoderHiddenSize : h;
    encoder_ = PromptEncoder(n, h, e, ctx_.options.encoder);
    encoder_->to(ctx_.device);
  }
  std::string name() const override { return "p-tuning"; }
  bool trainsModel() const override { return ctx_.options.jointTuning; }
  void train(bool on) override {
    ctx_.model->train(on);
    encoder_->train(on);
  }
  void adaptInput(EncodedInput& input) const override {
    placeSlots(input, ctx_.options.numSoftTokens, ctx_.unkTokenId, placement_);
  }

  NamedTensors ownParameters() override {
    NamedTensors out;
    for (auto& p : encoder_->named_parameters()) out.emplace_back("encoder." + p.key(), p.value());
    return out;
  }

  NamedTensors stateTensors() override {
    auto out = ownParameters();
    torch::NoGradGuard noGrad;
    const bool was = encoder_->is_training();
    encoder_->eval();
    out.emplace_back("prompt_embeddings", encoder_->forward().detach().clone());
    encoder_->train(was);
    return out;
  }

  torch::Tensor logits(const Batch& batch) override {
    const auto in = encoderInput(batch, embedWithSlots(*ctx_.model, batch, encoder_->forward()));
    return labelWordLogits(*ctx_.model, in, batch, ctx_.labelTokenIds);
  }

  nlohmann::json config() const override {
    nlohmann::json c = {
        {"num_virtual_tokens", ctx_.options.numSoftTokens},
        {"encoder_reparameterization_type", ctx_.options.encoder == "lstm" ? "LSTM" : "MLP"},
        {"encoder_hidden_size", ctx_.options.encoderHiddenSize > 0 ? ctx_.options.encoderHiddenSize
                                                                   : ctx_.model->config().hiddenSize},
        {"encoder_num_layers", 2},
        {"joint_tuning", ctx_.options.jointTuning}};
    // Only when not the default: template-placement runs keep the configuration earlier versions recorded.
    if (placement_ == SlotPlacement::Peft) c["placement"] = slotPlacementName(placement_);
    return c;
  }

 private:
  MethodContext ctx_;
  SlotPlacement placement_;
  PromptEncoder encoder_{nullptr};
};

}  // namespace

std::unique_ptr<Method> makePTuning(const MethodContext& context) {
  return std::make_unique<PTuning>(context);
}

}  // namespace pwb::train::methods
