#include "probe/vocab_rank.h"

#include <algorithm>
#include <string>

#include "common/error.h"

namespace pwb::probe {

VocabRanks rankAnswers(model::MaskedLM& model, const eval::MaskStates& states,
                       const std::vector<int64_t>& answerIds, int topK, int64_t batch) {
  c10::InferenceMode guard;
  const int64_t n = states.size();
  if (static_cast<int64_t>(answerIds.size()) != n)
    throw Error("rankAnswers: " + std::to_string(answerIds.size()) + " answers for " + std::to_string(n) +
                " examples");
  if (n > 0 && states.maskCount() != 1) throw Error("a probing template needs exactly one [MASK]");
  const int64_t vocab = model.config().vocabSize;
  for (int64_t id : answerIds)
    if (id < 0 || id >= vocab)
      throw Error("answer token id " + std::to_string(id) + " is outside the vocabulary");
  const int64_t k = std::clamp<int64_t>(topK, 0, vocab);
  VocabRanks out;
  out.rank.resize(n);
  out.prob.resize(n);
  out.topIds.resize(n);
  out.topProbs.resize(n);
  // Everything below runs on the decoder's device: the state slice goes there, and the answer ids too.
  const auto device = model.decoderWeight().device();
  const auto weight = model.decoderWeight().to(torch::kFloat);  // [V, H]
  const auto bias = model.decoderBias().to(torch::kFloat);      // [V]
  const auto ids = torch::tensor(answerIds, torch::kLong);
  for (int64_t begin = 0; begin < n; begin += std::max<int64_t>(1, batch)) {
    const int64_t end = std::min(n, begin + std::max<int64_t>(1, batch));
    const auto h = states.transformed.select(1, 0).slice(0, begin, end).to(device, torch::kFloat);
    const auto logits = torch::addmm(bias, h, weight.t());  // [b, V]
    const auto answer = ids.slice(0, begin, end).to(device).unsqueeze(1);
    const auto answerLogit = logits.gather(1, answer);  // [b, 1]
    const auto rank = (logits > answerLogit).sum(1) + 1;
    const auto logNorm = torch::logsumexp(logits, 1, true);
    const auto prob = (answerLogit - logNorm).exp().squeeze(1);
    const auto rankCpu = rank.to(torch::kLong).cpu();
    const auto probCpu = prob.to(torch::kDouble).cpu();
    torch::Tensor topIdsCpu, topProbsCpu;
    if (k > 0) {
      const auto top = logits.topk(k, 1);
      topIdsCpu = std::get<1>(top).cpu();
      topProbsCpu = (std::get<0>(top) - logNorm).exp().to(torch::kDouble).cpu();
    }
    for (int64_t r = 0; r < end - begin; ++r) {
      const int64_t i = begin + r;
      out.rank[i] = rankCpu[r].item<int64_t>();
      out.prob[i] = probCpu[r].item<double>();
      if (k > 0) {
        const auto idRow = topIdsCpu[r];
        const auto probRow = topProbsCpu[r];
        const int64_t* pi = idRow.data_ptr<int64_t>();
        const double* pp = probRow.data_ptr<double>();
        out.topIds[i].assign(pi, pi + k);
        out.topProbs[i].assign(pp, pp + k);
      }
    }
  }
  return out;
}

}  // namespace pwb::probe
