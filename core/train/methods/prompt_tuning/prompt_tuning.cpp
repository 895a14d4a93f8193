#include "train/methods/prompt_tuning/prompt_tuning.h"

#include "common/error.h"
#include "train/methods/prompt_tuning/prompt_init.h"
#include "train/slot_placement.h"

namespace pwb::train::methods {
namespace {

class PromptTuning : public Method {
 public:
  explicit PromptTuning(const MethodContext& context)
      : Method(context.device), ctx_(context), placement_(parseSlotPlacement(context.options.placement)) {
    const int n = ctx_.options.numSoftTokens;
    if (n <= 0 || n > 512) throw Error("the number of soft tokens must be 1..512, got " + std::to_string(n));
    auto init = initialPrompt(ctx_, n, ctx_.options.init);
    for (size_t i = 0; i < ctx_.slotInitIds.size() && static_cast<int>(i) < n; ++i) {
      if (ctx_.slotInitIds[i] < 0) continue;  // [SOFT:text] in the template: start from that token
      torch::NoGradGuard noGrad;
      const auto id = torch::tensor({ctx_.slotInitIds[i]}, torch::kLong).to(ctx_.model->device());
      init[static_cast<int64_t>(i)].copy_(ctx_.model->wordEmbeddings(id)[0].to(torch::kCPU, torch::kFloat));
    }
    prompt_ = init.to(ctx_.device).set_requires_grad(true);
  }
  std::string name() const override { return "prompt-tuning"; }
  bool trainsModel() const override { return false; }
  NamedTensors ownParameters() override { return {{"prompt_embeddings", prompt_}}; }
  void train(bool on) override { ctx_.model->train(on); }

  void adaptInput(EncodedInput& input) const override {
    placeSlots(input, ctx_.options.numSoftTokens, ctx_.unkTokenId, placement_);
  }

  torch::Tensor logits(const Batch& batch) override {
    const auto in = encoderInput(batch, embedWithSlots(*ctx_.model, batch, prompt_));
    return labelWordLogits(*ctx_.model, in, batch, ctx_.labelTokenIds);
  }

  nlohmann::json config() const override {
    nlohmann::json c = {{"num_virtual_tokens", ctx_.options.numSoftTokens},
                        {"init", ctx_.options.init},
                        {"init_text", ctx_.options.initText},
                        {"vocab_sample_size", ctx_.options.vocabSampleSize}};
    // Only when not the default, so that the configuration (and config_key) of template-placement runs
    // stays what earlier versions recorded.
    if (placement_ == SlotPlacement::Peft) c["placement"] = slotPlacementName(placement_);
    return c;
  }

 private:
  MethodContext ctx_;
  SlotPlacement placement_;
  torch::Tensor prompt_;
};

}  // namespace

std::unique_ptr<Method> makePromptTuning(const MethodContext& context) {
  return std::make_unique<PromptTuning>(context);
}

}  // namespace pwb::train::methods
