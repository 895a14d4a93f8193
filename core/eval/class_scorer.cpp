#include "eval/class_scorer.h"

#include <algorithm>
#include <map>
#include <utility>

#include "common/error.h"

namespace pwb::eval {

int ResolvedVerbalizer::maxTokens() const {
  int n = 1;
  for (const auto& cls : words) {
    for (const auto& w : cls) n = std::max<int>(n, static_cast<int>(w.ids.size()));
  }
  return n;
}

ScoringOptions ResolvedVerbalizer::effective(ScoringOptions options) const {
  if (aggregation) options.aggregation = *aggregation;
  if (multiToken) options.multiToken = *multiToken;
  return options;
}

namespace {

// Collects every (states, mask, token) the words need so each group is one matrix product.
struct LogProbTable {
  // key (n masks, mask index) -> token ids and, after compute(), [N, ids] log-probs
  std::map<std::pair<int, int64_t>, std::vector<int64_t>> ids;
  std::map<std::pair<int, int64_t>, torch::Tensor> values;

  void need(int n, int64_t mask, int64_t id) {
    auto& v = ids[{n, mask}];
    if (std::find(v.begin(), v.end(), id) == v.end()) v.push_back(id);
  }
  void compute(model::MaskedLM& model, const StatesFor& statesFor) {
    for (const auto& [key, list] : ids)
      values[key] = tokenLogProbs(model, statesFor(key.first), key.second, list);
  }
  torch::Tensor column(int n, int64_t mask, int64_t id) const {
    const auto& list = ids.at({n, mask});
    const int64_t col = std::find(list.begin(), list.end(), id) - list.begin();
    return values.at({n, mask}).select(1, col);
  }
};

// PET's sequential score of one word (MultiMaskTaskHelper's evaluation; eval::scoreFills for one text):
// per example, the open mask of the n-mask slot whose piece has the highest log-prob is filled with that
// piece, the model runs again, and the chosen log-probs are summed. Ties go to the leftmost mask, as in
// scoreFills. [N] double.
torch::Tensor sequentialWordScore(model::MaskedLM& model, const LabelWord& w, const StatesFor& statesFor,
                                  const RefillStates& refill) {
  const int n = static_cast<int>(w.ids.size());
  const MaskStates& first = statesFor(n);
  const int64_t N = first.size();
  std::vector<std::vector<int64_t>> fills(static_cast<size_t>(N), std::vector<int64_t>(n, -1));
  std::vector<double> total(static_cast<size_t>(N), 0.0);
  MaskStates refilled;
  for (int step = 0; step < n; ++step) {
    const MaskStates& st = step == 0 ? first : refilled;
    // [N, n]: log p(piece i at mask i) under the current fills.
    std::vector<torch::Tensor> cols;
    for (int i = 0; i < n; ++i) cols.push_back(tokenLogProbs(model, st, i, {w.ids[static_cast<size_t>(i)]}));
    const auto lp = torch::cat(cols, 1).to(torch::kCPU, torch::kDouble).contiguous();
    const double* p = lp.data_ptr<double>();
    for (int64_t e = 0; e < N; ++e) {
      auto& f = fills[static_cast<size_t>(e)];
      int pick = -1;
      for (int i = 0; i < n; ++i) {
        if (f[static_cast<size_t>(i)] >= 0) continue;
        if (pick < 0 || p[e * n + i] > p[e * n + pick]) pick = i;
      }
      total[static_cast<size_t>(e)] += p[e * n + pick];
      f[static_cast<size_t>(pick)] = w.ids[static_cast<size_t>(pick)];
    }
    if (step + 1 < n) refilled = refill(n, fills);
  }
  return torch::tensor(total, torch::kDouble);
}

}  // namespace

torch::Tensor classScores(model::MaskedLM& model, const ResolvedVerbalizer& verbalizer,
                          const ScoringOptions& options, const StatesFor& statesFor,
                          const RefillStates& refill) {
  c10::InferenceMode guard;
  const bool sequential = options.multiToken == MultiTokenMode::PetSequential;
  if (sequential && !refill && verbalizer.maxTokens() > 1)
    throw Error(
        "PET's sequential multi-token scoring (pet_sequential) re-encodes every example after each filled "
        "piece and is not available here (e.g. with demonstrations); use multi_mask");
  // PetSequential reads the first piece's log-probs from the same n-mask states as MultiMask.
  const bool multiMask = options.multiToken == MultiTokenMode::MultiMask || sequential;
  const bool firstOnly = options.multiToken == MultiTokenMode::FirstSubtoken;
  auto tokensUsed = [&](const LabelWord& w) { return firstOnly ? size_t(1) : w.ids.size(); };
  LogProbTable table;
  for (const auto& cls : verbalizer.words) {
    if (cls.empty()) throw Error("a class of the verbalizer has no label word");
    for (const auto& w : cls) {
      if (w.ids.empty()) throw Error("label word '" + w.word + "' has no tokens");
      const int n = multiMask ? static_cast<int>(w.ids.size()) : 1;
      for (size_t i = 0; i < w.ids.size(); ++i)
        table.need(n, multiMask ? static_cast<int64_t>(i) : 0, w.ids[i]);
    }
  }
  table.compute(model, statesFor);

  std::vector<torch::Tensor> classCols;
  for (const auto& cls : verbalizer.words) {
    std::vector<torch::Tensor> wordScores;
    for (const auto& w : cls) {
      const int n = multiMask ? static_cast<int>(w.ids.size()) : 1;
      if (sequential && n > 1) {
        wordScores.push_back(sequentialWordScore(model, w, statesFor, refill));
        continue;
      }
      torch::Tensor s;
      for (size_t i = 0; i < tokensUsed(w); ++i) {
        const auto col =
            table.column(n, multiMask ? static_cast<int64_t>(i) : 0, w.ids[i]).to(torch::kDouble);
        s = s.defined() ? s + col : col;
      }
      if (!multiMask) s = s / static_cast<double>(tokensUsed(w));
      wordScores.push_back(s);
    }
    const auto stacked = torch::stack(wordScores, 1);  // [N, words]
    switch (options.aggregation) {
      case WordAggregation::MeanLogProb:
        classCols.push_back(stacked.mean(1));
        break;
      case WordAggregation::MaxLogProb:
        classCols.push_back(std::get<0>(stacked.max(1)));
        break;
      case WordAggregation::LogSumProb:
        classCols.push_back(torch::logsumexp(stacked, 1));
        break;
    }
  }
  return torch::stack(classCols, 1);
}

}  // namespace pwb::eval
