#include "train/methods/fine_tune/fine_tune.h"

#include "train/cls_head.h"

namespace pwb::train::methods {
namespace {

class FineTune : public Method {
 public:
  explicit FineTune(const MethodContext& context)
      : Method(context.device),
        ctx_(context),
        head_(*ctx_.model, ctx_.numLabels, ctx_.options.clsHead, ctx_.device) {}
  std::string name() const override { return "fine-tune"; }
  bool usesPrompt() const override { return false; }
  bool trainsModel() const override { return true; }
  void train(bool on) override {
    ctx_.model->train(on);
    training_ = on;
  }
  NamedTensors ownParameters() override { return head_.parameters(); }

  torch::Tensor logits(const Batch& batch) override {
    return head_.forward(firstTokenStates(*ctx_.model, encoderInput(batch)), training_);
  }

  nlohmann::json config() const override {
    auto j = head_.config();
    j["head"] = ctx_.options.clsHead == "linear" ? "cls-linear" : "hf-sequence-classification";
    j["num_labels"] = ctx_.numLabels;
    return j;
  }

 private:
  MethodContext ctx_;
  ClsHead head_;
  bool training_ = false;
};

}  // namespace

std::unique_ptr<Method> makeFineTune(const MethodContext& context) {
  return std::make_unique<FineTune>(context);
}

}  // namespace pwb::train::methods
