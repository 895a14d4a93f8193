#pragma once
// Internal (includes torch): in-context evaluation with demonstrations (issue 14; GPT-3 style, no
// training). For every evaluated example, `sets` demonstration sets are drawn from the run's pool with
// data::DemoSampler — a pure function of (seed, "<split>:<example id>", set index), so the same example gets
// the same demonstrations whatever the batch size, thread count, --limit or position in the file — and
// each set is rendered with the template's demonstration block. All example x set inputs of a template are
// encoded together by encodeMasks (length-bucketed batches of ScoringOptions::batchSize sequences): the sets
// run as batched forward passes, never one by one.
#include <atomic>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "data/dataset.h"
#include "data/demo_sampler.h"
#include "eval/session_impl.h"
#include "prompt/demonstration.h"

namespace pwb::eval {

// One run's demonstration draws: the sampler over its pool and, per evaluated example, the pool rows of
// each set in placement order.
struct DemoDraws {
  std::unique_ptr<data::DemoSampler> sampler;
  int sets = 0;
  std::vector<std::vector<std::vector<int>>> rows;  // rows[example][set]

  // The pool example ids of example i's sets (ExamplePrediction::demos).
  std::vector<std::vector<std::string>> ids(size_t example) const;
};

// The text an example is embedded by for similar sampling: its fields joined by a space, as LM-BFF's
// tools/get_sbert_embedding.py joins a pair's two sentences.
std::string demoEmbeddingText(const data::Example& example);

// Builds the sampler (throws pwb::Error naming a class with no example in the pool) and draws the sets of
// examples [0, count). keySplit names the key space of the draws ("test", "dev", "train"); a query that is
// itself a pool row (the data and the pool come from the same file) is never its own demonstration.
// Similar sampling embeds the pool and the queries with `embeddingModel` (cached on disk, see
// eval/sentence_embeddings.h) on `device`.
DemoDraws drawDemonstrations(const data::Dataset& pool, const std::vector<std::string>& labels,
                             const data::DemoOptions& options, uint64_t seed, const data::Dataset& queries,
                             size_t count, const std::string& keySplit, const std::string& embeddingModel,
                             const std::string& device);

// The states of one template's example x set inputs, row i * sets + s for example i, set s. The rendering
// depends on the verbalizer only through its demonstration label words (the first word of each class), so
// the verbalizers of a grid row that share them share one encoding.
class DemoEncodings {
 public:
  DemoEncodings(EvalSession::Impl& s, const prompt::Template& tpl, const std::vector<std::string>& columns,
                const std::vector<data::Example>& examples, const DemoDraws& draws,
                const prompt::DemoLimits& limits, const ScoringOptions& options)
      : s_(s),
        tpl_(tpl),
        columns_(columns),
        examples_(examples),
        draws_(draws),
        limits_(limits),
        options_(options) {}

  // labelWords[c]: the word a demonstration of class c shows (labels order).
  const MaskStates& states(const std::vector<std::string>& labelWords, const ProgressSpan& span = {},
                           const std::atomic<bool>* cancel = nullptr);
  size_t inputsPerEncoding() const { return draws_.rows.size() * static_cast<size_t>(draws_.sets); }
  double encodeSeconds = 0;
  int64_t encoded = 0;

 private:
  EvalSession::Impl& s_;
  const prompt::Template& tpl_;
  const std::vector<std::string>& columns_;
  const std::vector<data::Example>& examples_;
  const DemoDraws& draws_;
  prompt::DemoLimits limits_;
  ScoringOptions options_;
  std::map<std::vector<std::string>, MaskStates> states_;
};

}  // namespace pwb::eval
