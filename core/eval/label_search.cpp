// LM-BFF automatic label-word search, simplified (Gao et al. 2021, section 4.1): candidate tokens per class
// by their summed log-probability at the mask over that class's training examples, then every mapping built
// from the best few per class, ranked by accuracy on the dev examples. All scoring reuses one encoding of
// the training set and one of the dev set.
#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include "common/error.h"
#include "eval/calibration.h"
#include "eval/eval_session.h"
#include "eval/metrics.h"
#include "eval/session_impl.h"

namespace pwb::eval {
namespace {

// A candidate must be a whole word of letters: not special, not a WordPiece continuation (##), and for
// byte-level BPE a word-initial token (Ġ prefix) so that the label word reads as a word after a space.
bool wordCandidate(const tokenize::Tokenizer& tok, int64_t id, std::string* word) {
  const std::string token = tok.idToToken(id);
  const auto& sp = tok.special();
  if (token.empty() || id == sp.clsId || id == sp.sepId || id == sp.padId || id == sp.unkId ||
      id == sp.maskId) {
    return false;
  }
  std::string text = token;
  if (tok.kind() == "bpe") {
    static const std::string kSpaceMark = "\xC4\xA0";  // Ġ
    if (text.compare(0, kSpaceMark.size(), kSpaceMark) != 0) return false;
    text = text.substr(kSpaceMark.size());
  } else if (text.size() >= 2 && text[0] == '#' && text[1] == '#') {
    return false;
  }
  if (text.empty()) return false;
  for (unsigned char c : text) {
    if (!std::isalpha(c)) return false;
  }
  *word = text;
  return true;
}

std::map<std::string, std::vector<size_t>> rowsByLabel(const data::Dataset& d) {
  std::map<std::string, std::vector<size_t>> out;
  for (size_t i = 0; i < d.examples.size(); ++i) out[d.examples[i].label].push_back(i);
  return out;
}

}  // namespace

LabelSearchResult EvalSession::suggestLabelWords(const LabelSearchRequest& request, const Progress& progress,
                                                 const std::atomic<bool>* cancel) {
  impl_->useThreads();
  const auto& tok = *impl_->tokenizer;
  if (request.topK < 1) throw Error("label search: top-k must be at least 1");
  if (request.perClass < 1) throw Error("label search: candidates per class must be at least 1");
  if (request.train.labels.size() < 2) throw Error("label search: the training set needs at least 2 labels");
  if (request.dev.examples.empty()) throw Error("label search: the dev set is empty");
  prompt::Template tpl = prompt::parseTemplate(request.templateText);
  tpl.requireMask();
  tpl.validate(request.train.columns);
  tpl.validate(request.dev.columns);

  LabelSearchResult result;
  result.labels = request.train.labels;
  const size_t classes = result.labels.size();
  const int64_t total = static_cast<int64_t>(request.train.examples.size() + request.dev.examples.size());
  ScoringOptions o = request.options;
  o.topK = 0;

  // 1. Summed log-probs over the full vocabulary, per class, at the first mask.
  TemplateEncodings trainEnc(*impl_, tpl, request.train.columns, request.train.examples,
                             request.train.examples.size(), o);
  const MaskStates& trainStates = trainEnc.states(1, {&progress, 0, total}, cancel);
  const auto byLabel = rowsByLabel(request.train);
  const int64_t vocab = impl_->model->config().vocabSize;
  std::vector<int64_t> eligible;
  std::vector<std::string> eligibleWord;
  for (int64_t id = 0; id < vocab; ++id) {
    std::string word;
    if (wordCandidate(tok, id, &word)) {
      eligible.push_back(id);
      eligibleWord.push_back(word);
    }
  }
  if (eligible.empty()) throw Error("label search: the vocabulary has no whole-word alphabetic token");
  const auto eligibleT = torch::tensor(eligible, torch::kLong);
  result.candidates.resize(classes);
  for (size_t c = 0; c < classes; ++c) {
    auto it = byLabel.find(result.labels[c]);
    if (it == byLabel.end())
      throw Error("label search: no training example of label '" + result.labels[c] + "'");
    torch::Tensor sum = torch::zeros({vocab});
    const auto rows = torch::tensor(std::vector<int64_t>(it->second.begin(), it->second.end()), torch::kLong);
    MaskStates subset;
    subset.transformed = trainStates.transformed.index_select(0, rows);
    subset.logNorm = trainStates.logNorm.index_select(0, rows);
    const int64_t n = subset.size();
    for (int64_t b = 0; b < n; b += 64) {
      if (cancel && cancel->load()) throw Cancelled();
      sum += vocabLogProbs(*impl_->model, subset, 0, b, std::min(n, b + 64)).sum(0);
    }
    const auto scores = sum.index_select(0, eligibleT);
    const auto top = scores.topk(std::min<int64_t>(request.topK, scores.size(0)));
    const auto values = std::get<0>(top), index = std::get<1>(top);
    for (int64_t k = 0; k < index.size(0); ++k) {
      const int64_t e = index[k].item<int64_t>();
      WordCandidate wc;
      wc.id = eligible[e];
      wc.word = eligibleWord[e];
      wc.logProbSum = values[k].item<double>();
      wc.meanLogProb = wc.logProbSum / static_cast<double>(n);
      result.candidates[c].push_back(wc);
    }
  }

  // 2. Mappings: perClass best per class, capped so that perClass^classes <= maxCombinations.
  int per = request.perClass;
  auto combos = [&](int p) {
    double n = 1;
    for (size_t c = 0; c < classes; ++c) n *= std::min<size_t>(p, result.candidates[c].size());
    return n;
  };
  while (per > 1 && combos(per) > static_cast<double>(request.maxCombinations)) --per;
  result.perClassUsed = per;

  TemplateEncodings devEnc(*impl_, tpl, request.dev.columns, request.dev.examples,
                           request.dev.examples.size(), o);
  const MaskStates& devStates =
      devEnc.states(1, {&progress, static_cast<int64_t>(request.train.examples.size()), total}, cancel);
  std::vector<int64_t> ids;
  for (size_t c = 0; c < classes; ++c) {
    for (int k = 0; k < per && k < static_cast<int>(result.candidates[c].size()); ++k) {
      ids.push_back(result.candidates[c][k].id);
    }
  }
  const auto lp = tokenLogProbs(*impl_->model, devStates, 0, ids).cpu().contiguous();  // [N, ids]
  const float* lpData = lp.data_ptr<float>();
  const int64_t cols = lp.size(1);
  std::map<std::string, int> labelIndex;
  for (size_t c = 0; c < classes; ++c) labelIndex[result.labels[c]] = static_cast<int>(c);
  std::vector<int> gold;
  std::vector<int64_t> devRows;
  for (size_t i = 0; i < request.dev.examples.size(); ++i) {
    auto it = labelIndex.find(request.dev.examples[i].label);
    if (it == labelIndex.end()) continue;
    gold.push_back(it->second);
    devRows.push_back(static_cast<int64_t>(i));
  }
  if (gold.empty()) throw Error("label search: no dev example has one of the training labels");

  std::vector<size_t> offset(classes, 0), choices(classes, 0);
  for (size_t c = 1; c < classes; ++c)
    offset[c] = offset[c - 1] + std::min<size_t>(per, result.candidates[c - 1].size());
  std::vector<size_t> pick(classes, 0);
  for (size_t c = 0; c < classes; ++c) choices[c] = std::min<size_t>(per, result.candidates[c].size());
  std::vector<LabelMapping> all;
  std::vector<int> pred(gold.size());
  while (true) {
    std::set<int64_t> distinct;
    for (size_t c = 0; c < classes; ++c) distinct.insert(result.candidates[c][pick[c]].id);
    if (distinct.size() == classes) {  // one word may not stand for two classes
      for (size_t r = 0; r < devRows.size(); ++r) {
        const float* row = lpData + devRows[r] * cols;
        int best = 0;
        for (size_t c = 1; c < classes; ++c) {
          if (row[offset[c] + pick[c]] > row[offset[best] + pick[best]]) best = static_cast<int>(c);
        }
        pred[r] = best;
      }
      const Metrics m = computeMetrics(gold, pred, result.labels);
      LabelMapping mapping;
      for (size_t c = 0; c < classes; ++c) {
        mapping.words.push_back(result.candidates[c][pick[c]].word);
        mapping.verbalizerText += (c ? ";" : "") + result.labels[c] + "=" + mapping.words.back();
      }
      mapping.devAccuracy = m.accuracy;
      mapping.devMacroF1 = m.macroF1;
      all.push_back(std::move(mapping));
      ++result.mappingsTried;
    }
    size_t c = 0;
    while (c < classes && ++pick[c] == choices[c]) pick[c++] = 0;
    if (c == classes) break;
  }
  std::stable_sort(all.begin(), all.end(), [](const LabelMapping& a, const LabelMapping& b) {
    if (a.devAccuracy != b.devAccuracy) return a.devAccuracy > b.devAccuracy;
    return a.devMacroF1 > b.devMacroF1;
  });
  if (static_cast<int>(all.size()) > request.maxMappings) all.resize(std::max(0, request.maxMappings));
  result.mappings = std::move(all);
  return result;
}

}  // namespace pwb::eval
