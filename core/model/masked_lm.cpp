#include "model/masked_lm.h"

#include <cmath>
#include <limits>
#include <map>

#include "common/error.h"
#include "model/encoder_kernels.h"
#include "model/masked_lm_impl.h"
#include "model/weight_names.h"

namespace pwb::model {
namespace {

// An empty module used only to give parameters their dotted Hugging Face names.
struct NameNode : torch::nn::Module {};

torch::nn::Module& childNode(torch::nn::Module& parent, const std::string& name) {
  for (const auto& kv : parent.named_children())
    if (kv.key() == name) return *kv.value();
  return *parent.register_module(name, std::make_shared<NameNode>());
}

torch::Tensor addNamedParameter(torch::nn::Module& root, const std::string& dotted,
                                const std::vector<int64_t>& shape) {
  torch::nn::Module* m = &root;
  size_t start = 0;
  for (size_t dot = dotted.find('.'); dot != std::string::npos; dot = dotted.find('.', start)) {
    m = &childNode(*m, dotted.substr(start, dot - start));
    start = dot + 1;
  }
  return m->register_parameter(dotted.substr(start), torch::empty(shape, torch::kFloat));
}

}  // namespace

torch::Tensor Linear::operator()(const torch::Tensor& x) const {
  if (bf16Matmuls != nullptr && *bf16Matmuls && x.device().is_cpu() && x.scalar_type() == torch::kFloat &&
      w.scalar_type() == torch::kFloat)
    return bf16Linear(x, w, b, bf16Weight.get());
  return at::linear(x, w, b);
}

torch::Tensor activation(const torch::Tensor& x, const std::string& act) {
  if (act == "gelu") return geluErf(x);  // at::gelu, or in CPU training one pass that keeps the derivative
  if (act == "relu") return at::relu(x);
  return at::gelu(x, "tanh");  // gelu_new, gelu_pytorch_tanh, gelu_fast: the tanh approximation
}

void checkIds(const torch::Tensor& ids, int64_t limit, const char* what) {
  if (ids.numel() == 0) return;
  const auto mm = at::aminmax(ids);
  const int64_t lo = std::get<0>(mm).item<int64_t>(), hi = std::get<1>(mm).item<int64_t>();
  if (lo < 0 || hi >= limit)
    throw Error(std::string(what) + " " + std::to_string(lo < 0 ? lo : hi) + " is outside [0, " +
                std::to_string(limit) + ")");
}

MaskedLM::MaskedLM(ModelConfig config) : config_(std::move(config)), impl_(std::make_shared<Impl>()) {
  std::map<std::string, torch::Tensor> p;
  for (const auto& s : parameterSpecs(config_)) p[s.name] = addNamedParameter(*this, s.name, s.shape);
  const std::string base = config_.isRoberta() ? "roberta" : "bert";
  Impl& m = *impl_;
  auto lin = [&](const std::string& n) {
    return Linear{p.at(n + ".weight"), p.at(n + ".bias"), &m.bf16Matmuls};
  };
  auto norm = [&](const std::string& n) { return Norm{p.at(n + ".weight"), p.at(n + ".bias")}; };
  m.wordEmb = p.at(base + ".embeddings.word_embeddings.weight");
  m.posEmb = p.at(base + ".embeddings.position_embeddings.weight");
  m.typeEmb = p.at(base + ".embeddings.token_type_embeddings.weight");
  m.embNorm = norm(base + ".embeddings.LayerNorm");
  for (int64_t i = 0; i < config_.numLayers; ++i) {
    const std::string l = base + ".encoder.layer." + std::to_string(i);
    m.layers.push_back({lin(l + ".attention.self.query"), lin(l + ".attention.self.key"),
                        lin(l + ".attention.self.value"), lin(l + ".attention.output.dense"),
                        norm(l + ".attention.output.LayerNorm"), lin(l + ".intermediate.dense"),
                        lin(l + ".output.dense"), norm(l + ".output.LayerNorm")});
  }
  const std::string head = config_.isRoberta() ? "lm_head." : "cls.predictions.";
  const std::string transform = config_.isRoberta() ? "lm_head." : "cls.predictions.transform.";
  m.headDense = lin(transform + "dense");
  m.headNorm = norm(transform + (config_.isRoberta() ? "layer_norm" : "LayerNorm"));
  // A tied decoder is the word-embedding tensor itself (same storage, follows moves and training).
  m.decoderW = config_.tieWordEmbeddings ? m.wordEmb : p.at(head + "decoder.weight");
  m.decoderB = p.at(head + "bias");
}

torch::Device MaskedLM::device() const {
  return impl_->wordEmb.device();
}
torch::ScalarType MaskedLM::dtype() const {
  return impl_->wordEmb.scalar_type();
}

void MaskedLM::setBf16Matmuls(bool on) {
  impl_->bf16Matmuls = on;
}
bool MaskedLM::bf16Matmuls() const {
  return impl_->bf16Matmuls;
}

void MaskedLM::moveTo(torch::Device device, torch::ScalarType dtype) {
  to(device, dtype);
}

torch::Tensor MaskedLM::wordEmbeddings(const torch::Tensor& ids) {
  checkIds(ids, config_.vocabSize, "token id");
  return at::embedding(impl_->wordEmb, ids.to(device(), torch::kLong), config_.padTokenId);
}

torch::Tensor MaskedLM::embeddingSum(const EncoderInput& in) {
  const Impl& m = *impl_;
  const auto dev = device();
  torch::Tensor x;
  torch::Tensor ids;
  if (in.inputsEmbeds.defined()) {
    if (in.inputsEmbeds.dim() != 3 || in.inputsEmbeds.size(2) != config_.hiddenSize)
      throw Error("inputsEmbeds must be [batch, length, " + std::to_string(config_.hiddenSize) + "], got " +
                  shapeToString(in.inputsEmbeds.sizes().vec()));
    x = in.inputsEmbeds.to(dev, dtype());
  } else {
    if (!in.inputIds.defined() || in.inputIds.dim() != 2)
      throw Error("inputIds must be a [batch, length] tensor (or give inputsEmbeds)");
    ids = in.inputIds.to(dev, torch::kLong);
    x = wordEmbeddings(ids);
  }
  const int64_t T = x.size(1);
  const int64_t past = in.prefixKeyValues.empty() ? 0 : in.prefixKeyValues.front().first.size(2);

  torch::Tensor pos;
  if (in.positionIds.defined()) {
    pos = in.positionIds.to(dev, torch::kLong);
    if (pos.dim() == 1) pos = pos.unsqueeze(0);
  } else if (config_.isRoberta() && ids.defined()) {
    // HF create_position_ids_from_input_ids: non-pad tokens count from pad_token_id + 1, pads stay pad.
    const auto notPad = ids.ne(config_.padTokenId).to(torch::kLong);
    pos = (at::cumsum(notPad, 1) + past) * notPad + config_.padTokenId;
  } else {
    const int64_t start = config_.positionOffset() + past;
    pos =
        torch::arange(start, start + T, torch::TensorOptions().dtype(torch::kLong).device(dev)).unsqueeze(0);
  }
  if (pos.size(-1) != T) throw Error("positionIds length does not match the input length");
  checkIds(pos, config_.maxPositions,
           ("position id (sequence of " + std::to_string(T) + " tokens vs max_position_embeddings " +
            std::to_string(config_.maxPositions) + ")")
               .c_str());
  x = x + at::embedding(m.posEmb, pos);
  if (in.tokenTypeIds.defined()) {
    const auto tt = in.tokenTypeIds.to(dev, torch::kLong);
    checkIds(tt, config_.typeVocabSize, "token type id");
    x = x + at::embedding(m.typeEmb, tt);
  } else {
    x = x + m.typeEmb[0];
  }
  return x;
}

torch::Tensor MaskedLM::embeddingOutput(const EncoderInput& in) {
  const Impl& m = *impl_;
  auto x =
      at::layer_norm(embeddingSum(in), {config_.hiddenSize}, m.embNorm.w, m.embNorm.b, config_.layerNormEps);
  return fastDropout(x, config_.hiddenDropoutProb, is_training());
}

torch::Tensor additiveAttentionMask(const EncoderInput& in, const torch::Tensor& x, int64_t prefixLength) {
  if (!in.attentionMask.defined()) return {};
  const int64_t B = x.size(0), T = x.size(1), P = prefixLength;
  if (in.attentionMask.sizes() != x.sizes().slice(0, 2))
    throw Error("attentionMask must be [batch, length] like the input");
  const auto keep = in.attentionMask.to(x.device(), x.scalar_type());
  // bf16 rounds float's lowest to -inf (and 0 * -inf = NaN), so it gets a slightly smaller value.
  const double lowest = x.scalar_type() == torch::kFloat ? std::numeric_limits<float>::lowest() : -3.0e38;
  auto mask = (1.0 - keep) * lowest;
  if (P > 0) mask = at::cat({at::zeros({B, P}, mask.options()), mask}, 1);
  return mask.view({B, 1, 1, P + T});
}

void prependPrefix(const EncoderInput& in, size_t layer, torch::Tensor& k, torch::Tensor& v) {
  if (in.prefixKeyValues.empty()) return;
  const int64_t B = k.size(0);
  k = at::cat({prefixRows(in.prefixKeyValues[layer].first, B, k), k}, 1);
  v = at::cat({prefixRows(in.prefixKeyValues[layer].second, B, v), v}, 1);
}

torch::Tensor finishLayer(const EncoderLayer& L, const ModelConfig& config, const torch::Tensor& ctx,
                          const torch::Tensor& residual, double pHidden) {
  const int64_t H = config.hiddenSize;
  const auto a = fastDropout(L.attnOut(ctx), pHidden, pHidden > 0);
  const auto x = at::layer_norm(a + residual, {H}, L.attnNorm.w, L.attnNorm.b, config.layerNormEps);
  const auto f = fastDropout(L.out(activation(L.inter(x), config.hiddenAct)), pHidden, pHidden > 0);
  return at::layer_norm(f + x, {H}, L.outNorm.w, L.outNorm.b, config.layerNormEps);
}

int64_t MaskedLM::prefixLength(const EncoderInput& in) const {
  if (in.prefixKeyValues.empty()) return 0;
  if (static_cast<int64_t>(in.prefixKeyValues.size()) != config_.numLayers)
    throw Error("prefixKeyValues has " + std::to_string(in.prefixKeyValues.size()) +
                " layers, the model has " + std::to_string(config_.numLayers));
  return in.prefixKeyValues.front().first.size(2);
}

torch::Tensor MaskedLM::encode(const EncoderInput& in) {
  const Impl& m = *impl_;
  torch::Tensor x = embeddingOutput(in);
  const int64_t nh = config_.numHeads, d = config_.headDim();
  const int64_t P = prefixLength(in);

  const torch::Tensor mask = additiveAttentionMask(in, x, P);  // [B,1,1,P+T] or undefined
  const double scale = 1.0 / std::sqrt(static_cast<double>(d));
  const double pAttn = is_training() ? config_.attentionDropoutProb : 0.0;
  const double pHidden = is_training() ? config_.hiddenDropoutProb : 0.0;

  for (size_t li = 0; li < m.layers.size(); ++li) {
    const EncoderLayer& L = m.layers[li];
    auto k = L.k(x), v = L.v(x);  // [B,T,H]
    prependPrefix(in, li, k, v);
    // The query is pre-scaled (cheaper than scaling the scores).
    x = finishLayer(L, config_, attend(L.q(x) * scale, k, v, mask, nh, pAttn), x, pHidden);
  }
  return x;
}

torch::Tensor MaskedLM::mlmTransform(const torch::Tensor& hidden) {
  const Impl& m = *impl_;
  // RobertaLMHead always uses erf GELU; BertPredictionHeadTransform follows hidden_act.
  auto t =
      activation(m.headDense(hidden.to(device(), dtype())), config_.isRoberta() ? "gelu" : config_.hiddenAct);
  return at::layer_norm(t, {config_.hiddenSize}, m.headNorm.w, m.headNorm.b, config_.layerNormEps);
}

torch::Tensor MaskedLM::mlmLogits(const torch::Tensor& hidden) {
  return at::linear(mlmTransform(hidden), impl_->decoderW, impl_->decoderB).to(torch::kFloat);
}

torch::Tensor MaskedLM::mlmLogitsFor(const torch::Tensor& hidden, const torch::Tensor& tokenIds) {
  const auto ids = tokenIds.to(device(), torch::kLong).reshape({-1});
  checkIds(ids, config_.vocabSize, "token id");
  return at::linear(mlmTransform(hidden), impl_->decoderW.index_select(0, ids),
                    impl_->decoderB.index_select(0, ids))
      .to(torch::kFloat);
}

torch::Tensor MaskedLM::decoderWeight() const {
  return impl_->decoderW;
}
torch::Tensor MaskedLM::decoderBias() const {
  return impl_->decoderB;
}

torch::Tensor MaskedLM::gatherPositions(const torch::Tensor& hidden, const torch::Tensor& batchIdx,
                                        const torch::Tensor& posIdx) {
  if (hidden.dim() != 3) throw Error("gatherPositions: hidden must be [batch, length, hidden]");
  const int64_t B = hidden.size(0), T = hidden.size(1);
  const auto b = batchIdx.to(hidden.device(), torch::kLong).reshape({-1});
  const auto p = posIdx.to(hidden.device(), torch::kLong).reshape({-1});
  if (b.numel() != p.numel()) throw Error("gatherPositions: batchIdx and posIdx differ in length");
  checkIds(b, B, "batch index");
  checkIds(p, T, "position index");
  return hidden.reshape({B * T, hidden.size(2)}).index_select(0, b * T + p);
}

}  // namespace pwb::model
