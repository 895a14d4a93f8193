#include "train/methods/prompt_ft/prompt_ft.h"

#include "common/error.h"

namespace pwb::train::methods {
namespace {

class PromptFt : public Method {
 public:
  explicit PromptFt(const MethodContext& context) : Method(context.device), ctx_(context) {
    if (ctx_.options.petMlmAlpha < 0.0 || ctx_.options.petMlmAlpha >= 1.0) {
      throw Error("the PET auxiliary MLM weight must be in [0, 1), got " +
                  std::to_string(ctx_.options.petMlmAlpha));
    }
    if (ctx_.options.petMlmAlpha > 0.0 && ctx_.maskTokenId < 0) {
      throw Error("the PET auxiliary MLM loss needs the tokenizer's mask token");
    }
  }
  std::string name() const override { return "prompt-ft"; }
  bool trainsModel() const override { return true; }
  NamedTensors ownParameters() override { return {}; }
  bool needsPlainBatch() const override { return ctx_.options.petMlmAlpha > 0.0; }
  void train(bool on) override { ctx_.model->train(on); }

  torch::Tensor logits(const Batch& batch) override {
    return labelWordLogits(*ctx_.model, encoderInput(batch), batch, ctx_.labelTokenIds);
  }

  torch::Tensor loss(const Batch& batch, const Batch* plainBatch) override {
    // Soft targets (a regression run's pole distributions) take Method::loss's KL path, LM-BFF's regression
    // objective (train/regression_task.h); hard labels the cross-entropy.
    auto ce = batch.targets.defined() ? Method::loss(batch, nullptr)
                                      : torch::nn::functional::cross_entropy(logits(batch), batch.labels);
    const double alpha = ctx_.options.petMlmAlpha;
    if (alpha <= 0.0 || plainBatch == nullptr) return ce;
    return (1.0 - alpha) * ce + alpha * mlmLoss(*plainBatch);
  }

  nlohmann::json config() const override { return {{"pet_mlm_alpha", ctx_.options.petMlmAlpha}}; }

 private:
  // BERT-style masked-LM loss on the text tokens (not [CLS]/[SEP]): 15% chosen, of which 80% -> [MASK],
  // 10% -> a random token, 10% unchanged. Random draws come from torch's seeded generator.
  torch::Tensor mlmLoss(const Batch& plain) {
    const auto device = plain.ids.device();
    const int64_t t = plain.ids.size(1);
    const auto lengths = plain.attentionMask.sum(1, /*keepdim=*/true);  // [B,1]
    const auto pos = torch::arange(t, torch::TensorOptions().dtype(torch::kLong).device(device)).unsqueeze(0);
    const auto candidate = pos.gt(0).logical_and(pos.lt(lengths - 1));  // [B,T]
    auto chosen =
        torch::rand(plain.ids.sizes(), torch::TensorOptions().device(device)).lt(0.15).logical_and(candidate);
    if (!chosen.any().item<bool>()) chosen = candidate.logical_and(pos.eq(1));  // at least one target
    if (!chosen.any().item<bool>()) return torch::zeros({}, torch::TensorOptions().device(device));
    const auto r = torch::rand(plain.ids.sizes(), torch::TensorOptions().device(device));
    const auto randomIds = torch::randint(ctx_.model->config().vocabSize, plain.ids.sizes(),
                                          torch::TensorOptions().dtype(torch::kLong).device(device));
    auto corrupted =
        torch::where(chosen.logical_and(r.lt(0.8)), torch::full_like(plain.ids, ctx_.maskTokenId), plain.ids);
    corrupted = torch::where(chosen.logical_and(r.ge(0.8)).logical_and(r.lt(0.9)), randomIds, corrupted);
    model::EncoderInput in = encoderInput(plain);
    in.inputIds = corrupted;
    const auto where = chosen.nonzero();  // [N,2]
    const auto rows = ctx_.model->encodeRows(in, where.select(1, 0), where.select(1, 1));
    const auto targets = plain.ids.index({where.select(1, 0), where.select(1, 1)});
    return torch::nn::functional::cross_entropy(ctx_.model->mlmLogits(rows), targets);
  }

  MethodContext ctx_;
};

}  // namespace

std::unique_ptr<Method> makePromptFt(const MethodContext& context) {
  return std::make_unique<PromptFt>(context);
}

}  // namespace pwb::train::methods
