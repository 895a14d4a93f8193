// MaskedLM::encodeRows: the encoder for callers that need only a few rows of the last hidden state (the
// [MASK] rows of prompt-based training and scoring, the [CLS] row of a classification head).
//
// Two savings over encode() + gatherPositions, both exact up to float rounding:
//  * No work on padding. Between layers the hidden states are packed, [N,H] over the N attended tokens of
//    the batch, so the projections, FFN, GELU, LayerNorms and dropouts touch no padding row. Only the
//    attention product needs the [B,heads,T,T] layout; queries, keys and values are scattered into it
//    (zeros at padding, which the additive mask hides from every softmax) and the context is gathered back.
//    A batch of 8 few-shot SST-2 prompts is about 40 % padding.
//  * The last layer only for the chosen rows. Its keys and values still come from every token, but its
//    queries, attention output, FFN and LayerNorms are computed for the chosen rows alone: no other row of
//    the last layer reaches them (in the lower layers every row does, through attention).
// The dropout masks are drawn over these smaller tensors, so a training run draws other masks than with
// encode(): same distribution, other random numbers.
// On the CPU in fp32 the attention runs on the packed rows directly (attendPacked: per example and head, no
// padded layout at all); elsewhere the packed rows are scattered into the padded layout for attend().
#include <cmath>
#include <vector>

#include "common/error.h"
#include "model/encoder_kernels.h"
#include "model/masked_lm.h"
#include "model/masked_lm_impl.h"

namespace pwb::model {
namespace {

// The packed attention's query groups: one per example over its own rows, and one per chosen row for the
// last layer. Usable when the states are on the CPU in fp32 and every example's tokens are its first
// positions (right padding, as padBatch builds), so that each example is a run of consecutive packed rows.
struct PackedGroups {
  bool usable = false;
  std::vector<AttentionGroup> examples, chosen;
  torch::Tensor chosenRows;  // [S] packed row of each chosen (batch, position)
};

PackedGroups packedGroups(const torch::Tensor& x, const torch::Tensor& keep, int64_t B, int64_t T,
                          const torch::Tensor& rowB, const torch::Tensor& rowP) {
  PackedGroups out;
  if (!packedAttentionPath(x)) return out;
  std::vector<int64_t> length(static_cast<size_t>(B), T);
  if (keep.defined()) {
    std::fill(length.begin(), length.end(), 0);
    const auto idx = keep.contiguous();
    const int64_t* p = idx.data_ptr<int64_t>();
    for (int64_t i = 0; i < idx.numel(); ++i) {
      const int64_t b = p[i] / T, t = p[i] % T;
      if (b < 0 || b >= B || t != length[static_cast<size_t>(b)] || (i > 0 && p[i] <= p[i - 1])) return out;
      ++length[static_cast<size_t>(b)];
    }
  }
  std::vector<int64_t> begin(static_cast<size_t>(B) + 1, 0);
  for (int64_t b = 0; b < B; ++b) {
    begin[static_cast<size_t>(b) + 1] = begin[static_cast<size_t>(b)] + length[static_cast<size_t>(b)];
    out.examples.push_back({begin[static_cast<size_t>(b)], length[static_cast<size_t>(b)],
                            begin[static_cast<size_t>(b)], length[static_cast<size_t>(b)], b});
  }
  const auto rb = rowB.contiguous(), rp = rowP.contiguous();
  const int64_t *bp = rb.data_ptr<int64_t>(), *pp = rp.data_ptr<int64_t>();
  std::vector<int64_t> rows;
  for (int64_t s = 0; s < rb.numel(); ++s) {
    const auto b = static_cast<size_t>(bp[s]);
    if (pp[s] >= length[b]) return out;  // a chosen padding position: the padded form gives what it gives
    rows.push_back(begin[b] + pp[s]);
    out.chosen.push_back({s, 1, begin[b], length[b], bp[s]});
  }
  out.chosenRows = torch::tensor(rows, torch::kLong);
  out.usable = true;
  return out;
}

}  // namespace

torch::Tensor MaskedLM::encodeRows(const EncoderInput& in, const torch::Tensor& batchIdx,
                                   const torch::Tensor& posIdx) {
  const Impl& m = *impl_;
  const auto dev = device();
  torch::Tensor x = embeddingSum(in);  // [B,T,H], before the embedding LayerNorm
  const int64_t B = x.size(0), T = x.size(1), H = config_.hiddenSize, nh = config_.numHeads,
                d = config_.headDim();
  const int64_t P = prefixLength(in);
  const torch::Tensor mask = additiveAttentionMask(in, x, P);  // [B,1,1,P+T] or undefined

  const auto rowB = batchIdx.to(dev, torch::kLong).reshape({-1});
  const auto rowP = posIdx.to(dev, torch::kLong).reshape({-1});
  if (rowB.numel() != rowP.numel()) throw Error("encodeRows: batchIdx and posIdx differ in length");
  checkIds(rowB, B, "batch index");
  checkIds(rowP, T, "position index");
  const int64_t S = rowB.numel();

  // The attended tokens, as flat indices b*T+t; undefined = every position is a token (no mask).
  torch::Tensor keep;
  if (in.tokenIndex.defined()) {
    keep = in.tokenIndex.to(dev, torch::kLong).reshape({-1});
    if (keep.numel() > B * T)
      throw Error("encodeRows: tokenIndex has more entries than the batch has tokens");
  } else if (in.attentionMask.defined()) {
    keep = in.attentionMask.reshape({-1}).ne(0).nonzero().reshape({-1}).to(dev);
  }
  if (keep.defined() && keep.numel() == B * T) keep = torch::Tensor();  // no padding in this batch

  // [B*T,C] <-> [N,C]. Scattering into zeros keeps padding rows finite (the mask hides them anyway).
  auto pack = [&](const torch::Tensor& flat) { return keep.defined() ? flat.index_select(0, keep) : flat; };
  auto unpack = [&](const torch::Tensor& rows) {
    if (!keep.defined()) return rows;
    return at::zeros({B * T, rows.size(1)}, rows.options()).index_copy(0, keep, rows);
  };
  auto padded = [&](const torch::Tensor& rows) { return unpack(rows).view({B, T, H}); };

  const double scale = 1.0 / std::sqrt(static_cast<double>(d));
  const double pAttn = is_training() ? config_.attentionDropoutProb : 0.0;
  const double pHidden = is_training() ? config_.hiddenDropoutProb : 0.0;
  x = pack(x.reshape({B * T, H}));
  x = at::layer_norm(x, {H}, m.embNorm.w, m.embNorm.b, config_.layerNormEps);
  x = fastDropout(x, pHidden, pHidden > 0);

  const PackedGroups packed = packedGroups(x, keep, B, T, rowB, rowP);
  if (packed.usable) {
    for (size_t li = 0; li < m.layers.size(); ++li) {
      const EncoderLayer& L = m.layers[li];
      torch::Tensor pk, pv;
      if (!in.prefixKeyValues.empty()) {
        pk = prefixRows(in.prefixKeyValues[li].first, B, x);
        pv = prefixRows(in.prefixKeyValues[li].second, B, x);
      }
      // The dropout masks are indexed as the padded attention's [B or S, heads, T or 1, P+T] probabilities.
      if (li + 1 < m.layers.size()) {
        const auto ctx =
            attendPacked(L.q(x), L.k(x), L.v(x), pk, pv, packed.examples, nh, scale, pAttn, T, P + T);
        x = finishLayer(L, config_, ctx, x, pHidden);
      } else {
        const auto residual = x.index_select(0, packed.chosenRows);  // [S,H]
        const auto ctx =
            attendPacked(L.q(residual), L.k(x), L.v(x), pk, pv, packed.chosen, nh, scale, pAttn, 1, P + T);
        x = finishLayer(L, config_, ctx, residual, pHidden);
      }
    }
    return m.layers.empty() ? x.index_select(0, packed.chosenRows) : x;
  }

  for (size_t li = 0; li < m.layers.size(); ++li) {
    const EncoderLayer& L = m.layers[li];
    const bool last = li + 1 == m.layers.size();
    auto k = padded(L.k(x)), v = padded(L.v(x));  // [B,T,H]
    prependPrefix(in, li, k, v);
    torch::Tensor ctx, residual;
    if (!last) {
      residual = x;
      ctx = pack(attend(padded(L.q(x) * scale), k, v, mask, nh, pAttn).reshape({B * T, H}));
    } else {
      // Each chosen row attends over its own example's keys and values.
      residual = unpack(x).index_select(0, rowB * T + rowP);  // [S,H]
      const auto rowMask = mask.defined() ? mask.index_select(0, rowB) : mask;
      ctx = attend((L.q(residual) * scale).view({S, 1, H}), k.index_select(0, rowB), v.index_select(0, rowB),
                   rowMask, nh, pAttn)
                .view({S, H});
    }
    x = finishLayer(L, config_, ctx, residual, pHidden);
  }
  if (m.layers.empty()) x = unpack(x).index_select(0, rowB * T + rowP);
  return x;
}

}  // namespace pwb::model
