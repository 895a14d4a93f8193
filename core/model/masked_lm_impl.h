#pragma once
// The masked LM's layers, shared by the files that compute with them (masked_lm.cpp: the padded encoder
// and the head; masked_lm_rows.cpp: the packed encoder that computes only chosen rows). Private to
// core/model: nothing outside it includes this header.
#include <torch/torch.h>

#include <memory>
#include <string>
#include <vector>

#include "model/bf16_linear.h"
#include "model/masked_lm.h"

namespace pwb::model {

struct Linear {
  torch::Tensor w, b;
  const bool* bf16Matmuls = nullptr;  // the model's switch (MaskedLM::setBf16Matmuls)
  std::shared_ptr<Bf16WeightCache> bf16Weight = std::make_shared<Bf16WeightCache>();
  // at::linear, or with the switch on and a CPU fp32 input and weight, bf16Linear.
  torch::Tensor operator()(const torch::Tensor& x) const;
};
struct Norm {
  torch::Tensor w, b;
};
struct EncoderLayer {
  Linear q, k, v, attnOut;
  Norm attnNorm;
  Linear inter, out;
  Norm outNorm;
};

struct MaskedLM::Impl {
  torch::Tensor wordEmb, posEmb, typeEmb;
  Norm embNorm;
  std::vector<EncoderLayer> layers;
  Linear headDense;
  Norm headNorm;
  torch::Tensor decoderW, decoderB;
  bool bf16Matmuls = false;  // every Linear above points here
};

// hidden_act -> the op: "gelu" (erf), "relu", else the tanh approximation (gelu_new, gelu_pytorch_tanh, ...).
torch::Tensor activation(const torch::Tensor& x, const std::string& act);
// Throws pwb::Error naming `what` when an id lies outside [0, limit) (reads the extremes back to the host).
void checkIds(const torch::Tensor& ids, int64_t limit, const char* what);
// The additive attention mask [B,1,1,P+T] for x [B,T,H] and P prefix keys: 0 where attended, the dtype's
// lowest value at padding (as HF does); undefined when the input has no attention mask.
torch::Tensor additiveAttentionMask(const EncoderInput& in, const torch::Tensor& x, int64_t prefixLength);
// Puts layer `layer`'s prefix keys and values (P-tuning v2 / prefix tuning) in front of k and v [B,T,H];
// nothing when the input has no prefix.
void prependPrefix(const EncoderInput& in, size_t layer, torch::Tensor& k, torch::Tensor& v);
// A layer after its attention context ctx [..,H]: output projection, dropout, LayerNorm with the residual,
// FFN, dropout, LayerNorm. pHidden is 0 outside training. Both encoders (encode, encodeRows) end a layer so.
torch::Tensor finishLayer(const EncoderLayer& layer, const ModelConfig& config, const torch::Tensor& ctx,
                          const torch::Tensor& residual, double pHidden);

}  // namespace pwb::model
