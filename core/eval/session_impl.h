#pragma once
// Internal (includes torch): the state behind EvalSession — the loaded model and tokenizer — and the
// per-template encoding cache shared by evaluation and label-word search.
#include <algorithm>
#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "common/error.h"
#include "data/dataset.h"
#include "eval/eval_session.h"
#include "eval/mask_states.h"
#include "eval/prompt_inputs.h"
#include "model/masked_lm.h"
#include "model/padded_batch.h"
#include "prompt/template.h"
#include "tokenize/tokenizer.h"

namespace pwb::eval {

using Clock = std::chrono::steady_clock;
inline double secondsSince(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

struct EvalSession::Impl {
  std::string dir;
  SessionOptions options;
  std::shared_ptr<model::MaskedLM> model;
  std::unique_ptr<tokenize::Tokenizer> tokenizer;

  // Trained-prompt evaluation (export/prompt_eval): how batches are encoded (empty = the plain model) and
  // how many positions the prompt's vectors take from every sequence.
  BatchEncoder encoder;
  int reservedPositions = 0;

  void useThreads() const { model::setComputeThreads(options.threads); }
  // Tokens per rendered example: the model's usable length (ModelConfig::usableTokens: RoBERTa 512 of its
  // 514 positions) less the prompt's positions, or the user's shorter limit.
  int maxLength(const ScoringOptions& o) const {
    const int modelMax = static_cast<int>(model->config().usableTokens()) - reservedPositions;
    if (modelMax < 1) throw Error("the model's positions leave no room for the prompt's virtual tokens");
    return o.maxLength > 0 ? std::min(o.maxLength, modelMax) : modelMax;
  }
  EncodeSettings encodeSettings(const ScoringOptions& o, int topK) const {
    EncodeSettings s;
    s.batchSize = o.batchSize;
    s.topK = topK;
    s.padId = model::paddingId(tokenizer->special().padId, model->config());
    s.encoder = encoder;
    return s;
  }
};

// One template on one data set: the renderings and the mask states per mask count, computed on demand and
// kept while the verbalizers of the grid row are scored.
class TemplateEncodings {
 public:
  TemplateEncodings(EvalSession::Impl& s, const prompt::Template& tpl,
                    const std::vector<std::string>& columns, const std::vector<data::Example>& examples,
                    size_t count, const ScoringOptions& options)
      : s_(s), tpl_(tpl), columns_(columns), examples_(examples), count_(count), options_(options) {}

  // n = 1: the template as written; n > 1: its first mask rendered as n masks (PET multi-mask).
  const MaskStates& states(int n, const ProgressSpan& span = {}, const std::atomic<bool>* cancel = nullptr) {
    auto it = states_.find(n);
    if (it != states_.end()) return it->second;
    const auto t0 = Clock::now();
    const std::vector<RenderedInput>& inputs = rendered(n);
    MaskStates st =
        encodeMasks(*s_.model, inputs, s_.encodeSettings(options_, n == 1 ? options_.topK : 0), span, cancel);
    encodeSeconds += secondsSince(t0);
    encoded += static_cast<int64_t>(inputs.size());
    return states_.emplace(n, std::move(st)).first->second;
  }
  // PET sequential scoring: the n-mask rendering with fills[example][i] >= 0 written over the slot's mask i
  // (mask positions kept, so row i of the states is still mask i). Not cached: every call differs.
  MaskStates refilled(int n, const std::vector<std::vector<int64_t>>& fills) {
    const auto t0 = Clock::now();
    std::vector<RenderedInput> inputs = rendered(n);
    for (size_t e = 0; e < inputs.size() && e < fills.size(); ++e) {
      for (size_t i = 0; i < fills[e].size() && i < inputs[e].maskPositions.size(); ++i) {
        if (fills[e][i] >= 0) inputs[e].ids[static_cast<size_t>(inputs[e].maskPositions[i])] = fills[e][i];
      }
    }
    MaskStates st = encodeMasks(*s_.model, inputs, s_.encodeSettings(options_, 0));
    encodeSeconds += secondsSince(t0);
    encoded += static_cast<int64_t>(inputs.size());
    return st;
  }
  size_t size() const { return count_; }
  double encodeSeconds = 0;
  int64_t encoded = 0;

 private:
  EvalSession::Impl& s_;
  const prompt::Template& tpl_;
  const std::vector<std::string>& columns_;
  const std::vector<data::Example>& examples_;
  size_t count_;
  ScoringOptions options_;
  std::map<int, MaskStates> states_;
  std::map<int, std::vector<RenderedInput>> inputs_;

  const std::vector<RenderedInput>& rendered(int n) {
    auto it = inputs_.find(n);
    if (it != inputs_.end()) return it->second;
    return inputs_
        .emplace(n,
                 renderExamples(tpl_, *s_.tokenizer, columns_, examples_, count_, s_.maxLength(options_), n))
        .first->second;
  }
};

}  // namespace pwb::eval
