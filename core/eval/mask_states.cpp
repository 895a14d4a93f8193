#include "eval/mask_states.h"

#include <algorithm>
#include <numeric>
#include <string>

#include "common/error.h"
#include "model/masked_lm.h"
#include "model/padded_batch.h"

namespace pwb::eval {

MaskStates encodeMasks(model::MaskedLM& model, const std::vector<RenderedInput>& inputs,
                       const EncodeSettings& settings, const ProgressSpan& progress,
                       const std::atomic<bool>* cancel) {
  c10::InferenceMode guard;
  const int64_t n = static_cast<int64_t>(inputs.size());
  const int64_t hidden = model.config().hiddenSize;
  MaskStates out;
  if (n == 0) {
    out.transformed = torch::zeros({0, 1, hidden});
    out.logNorm = torch::zeros({0, 1});
    return out;
  }
  const int64_t masks = static_cast<int64_t>(inputs[0].maskPositions.size());
  if (masks < 1) throw Error("the rendered prompt has no [MASK] token to score");
  for (const auto& in : inputs) {
    if (static_cast<int64_t>(in.maskPositions.size()) != masks) {
      throw Error("all rendered prompts of a template must have the same number of masks (" +
                  std::to_string(masks) + " and " + std::to_string(in.maskPositions.size()) + ")");
    }
    if (in.ids.empty() || in.typeIds.size() != in.ids.size()) throw Error("a rendered prompt is empty");
  }
  const int topK = std::max(0, std::min<int>(settings.topK, static_cast<int>(model.config().vocabSize)));
  out.transformed = torch::empty({n, masks, hidden});
  out.logNorm = torch::empty({n, masks});
  if (topK > 0) {
    out.topIds = torch::empty({n, masks, topK}, torch::kLong);
    out.topProbs = torch::empty({n, masks, topK});
  }

  // Sorting by length keeps padding (wasted attention and FFN work) small inside each batch.
  std::vector<int64_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](int64_t a, int64_t b) { return inputs[a].ids.size() < inputs[b].ids.size(); });

  const auto device = model.device();
  const torch::Tensor decoder = model.decoderWeight();  // [V, H] on the model's device
  const torch::Tensor bias = model.decoderBias();       // [V]
  const int64_t batch = std::max(1, settings.batchSize);
  for (int64_t start = 0; start < n; start += batch) {
    if (cancel && cancel->load()) throw Cancelled();
    const int64_t end = std::min(n, start + batch);
    const int64_t b = end - start;
    model::TokenRows idRows, typeRows;
    auto batchIdx = torch::empty({b * masks}, torch::kLong);
    auto posIdx = torch::empty({b * masks}, torch::kLong);
    auto rows = torch::empty({b}, torch::kLong);
    auto bA = batchIdx.accessor<int64_t, 1>();
    auto pA = posIdx.accessor<int64_t, 1>();
    auto rA = rows.accessor<int64_t, 1>();
    for (int64_t r = 0; r < b; ++r) {
      const RenderedInput& in = inputs[order[start + r]];
      rA[r] = order[start + r];
      idRows.push_back(&in.ids);
      typeRows.push_back(&in.typeIds);
      for (int64_t m = 0; m < masks; ++m) {
        const int64_t pos = in.maskPositions[m];
        if (pos < 0 || pos >= static_cast<int64_t>(in.ids.size())) {
          throw Error("a mask position lies outside its rendered prompt");
        }
        bA[r * masks + m] = r;
        pA[r * masks + m] = pos;
      }
    }
    const model::EncoderInput input = model::padBatch(idRows, settings.padId, typeRows);
    torch::Tensor atMask;  // [b*M, H]
    if (settings.encoder) {
      const EncodedBatch encoded = settings.encoder(input);
      atMask = model::MaskedLM::gatherPositions(encoded.hidden, batchIdx.to(device),
                                                (posIdx + encoded.shift).to(device));
    } else {
      // Only the mask rows of the last layer, and no padding rows (MaskedLM::encodeRows).
      atMask = model.encodeRows(input, batchIdx.to(device), posIdx.to(device));
    }
    const auto transformed = model.mlmTransform(atMask);  // [b*M, H]
    const auto logits =
        torch::addmm(bias.to(transformed.dtype()), transformed, decoder.t()).to(torch::kFloat);
    const auto logNorm = torch::logsumexp(logits, -1);  // [b*M]
    out.transformed.index_copy_(0, rows, transformed.to(torch::kFloat).cpu().view({b, masks, hidden}));
    out.logNorm.index_copy_(0, rows, logNorm.cpu().view({b, masks}));
    if (topK > 0) {
      const auto top = logits.topk(topK, -1);
      const auto probs = (std::get<0>(top) - logNorm.unsqueeze(1)).exp();
      out.topIds.index_copy_(0, rows, std::get<1>(top).cpu().view({b, masks, topK}));
      out.topProbs.index_copy_(0, rows, probs.cpu().view({b, masks, topK}));
    }
    if (progress.progress && *progress.progress)
      (*progress.progress)(progress.doneBefore + end, progress.grandTotal);
  }
  return out;
}

torch::Tensor tokenLogProbs(model::MaskedLM& model, const MaskStates& states, int64_t mask,
                            const std::vector<int64_t>& ids) {
  c10::InferenceMode guard;
  const int64_t vocab = model.config().vocabSize;
  for (int64_t id : ids) {
    if (id < 0 || id >= vocab)
      throw Error("label token id " + std::to_string(id) + " is outside the vocabulary");
  }
  if (mask < 0 || mask >= states.maskCount()) throw Error("no mask " + std::to_string(mask) + " to score at");
  // The K decoder rows go to the states (on the CPU), never the states to the decoder: a device mix here
  // was issue 13's defect 1 (states on CUDA, rows on the CPU).
  const auto device = states.transformed.device();
  const auto idT = torch::tensor(ids, torch::kLong).to(model.decoderWeight().device());
  const auto w = model.decoderWeight().index_select(0, idT).to(device, torch::kFloat);  // [K, H]
  const auto b = model.decoderBias().index_select(0, idT).to(device, torch::kFloat);    // [K]
  const auto h = states.transformed.select(1, mask);                                    // [N, H]
  return torch::addmm(b, h, w.t()) - states.logNorm.select(1, mask).to(device).unsqueeze(1);
}

torch::Tensor vocabLogProbs(model::MaskedLM& model, const MaskStates& states, int64_t mask, int64_t begin,
                            int64_t end) {
  c10::InferenceMode guard;
  if (mask < 0 || mask >= states.maskCount()) throw Error("no mask " + std::to_string(mask) + " to score at");
  // The slice of states goes to the decoder's device (the full [V, H] matrix stays where it is).
  const auto device = model.decoderWeight().device();
  const auto h = states.transformed.select(1, mask).slice(0, begin, end).to(device, torch::kFloat);
  const auto logits =
      torch::addmm(model.decoderBias().to(torch::kFloat), h, model.decoderWeight().to(torch::kFloat).t());
  return torch::log_softmax(logits, -1).cpu();
}

}  // namespace pwb::eval
