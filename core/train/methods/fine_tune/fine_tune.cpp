#include "train/methods/fine_tune/fine_tune.h"

namespace pwb::train::methods {
namespace {

namespace nn = torch::nn;

class FineTune : public Method {
 public:
  explicit FineTune(const MethodContext& context) : Method(context.device), ctx_(context) {
    head_ = nn::Linear(ctx_.model->config().hiddenSize, ctx_.numLabels);
    torch::NoGradGuard noGrad;
    head_->weight.normal_(0.0, 0.02);
    head_->bias.zero_();
    head_->to(ctx_.device);
  }
  std::string name() const override { return "fine-tune"; }
  bool usesPrompt() const override { return false; }
  bool trainsModel() const override { return true; }
  void train(bool on) override {
    ctx_.model->train(on);
    head_->train(on);
  }
  NamedTensors ownParameters() override {
    return {{"head.weight", head_->weight}, {"head.bias", head_->bias}};
  }

  torch::Tensor logits(const Batch& batch) override {
    model::EncoderInput in;
    in.inputIds = batch.ids;
    in.attentionMask = batch.attentionMask;
    in.tokenTypeIds = batch.typeIds;
    const auto cls = ctx_.model->encode(in).select(1, 0).to(torch::kFloat);
    return head_->forward(torch::dropout(cls, ctx_.model->config().hiddenDropoutProb, head_->is_training()));
  }

  nlohmann::json config() const override { return {{"head", "cls-linear"}, {"num_labels", ctx_.numLabels}}; }

 private:
  MethodContext ctx_;
  nn::Linear head_{nullptr};
};

}  // namespace

std::unique_ptr<Method> makeFineTune(const MethodContext& context) {
  return std::make_unique<FineTune>(context);
}

}  // namespace pwb::train::methods
