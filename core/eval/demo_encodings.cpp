#include "eval/demo_encodings.h"

#include "common/error.h"
#include "eval/sentence_embeddings.h"
#include "prompt/prompt_renderer.h"

namespace pwb::eval {

std::vector<std::vector<std::string>> DemoDraws::ids(size_t example) const {
  std::vector<std::vector<std::string>> out;
  out.reserve(rows[example].size());
  for (const auto& set : rows[example]) out.push_back(sampler->ids(set));
  return out;
}

std::string demoEmbeddingText(const data::Example& example) {
  std::string text;
  for (const auto& f : example.fields) text += (text.empty() ? "" : " ") + f;
  return text;
}

DemoDraws drawDemonstrations(const data::Dataset& pool, const std::vector<std::string>& labels,
                             const data::DemoOptions& options, uint64_t seed, const data::Dataset& queries,
                             size_t count, const std::string& keySplit, const std::string& embeddingModel,
                             const std::string& device) {
  DemoDraws d;
  d.sets = options.sets;
  d.sampler = std::make_unique<data::DemoSampler>(pool, labels, options, seed);
  count = std::min(count, queries.examples.size());
  std::vector<float> queryEmbeddings;
  if (options.sampling == data::DemoSampling::Similar) {
    EmbeddingOptions eo;
    eo.device = device;
    std::vector<std::string> poolTexts, queryTexts;
    for (const auto& ex : pool.examples) poolTexts.push_back(demoEmbeddingText(ex));
    for (size_t i = 0; i < count; ++i) queryTexts.push_back(demoEmbeddingText(queries.examples[i]));
    int dim = 0;
    auto poolEmbeddings = sentenceEmbeddings(embeddingModel, poolTexts, eo, &dim);
    eo.expectedDim = dim;
    queryEmbeddings = sentenceEmbeddings(embeddingModel, queryTexts, eo, &dim);
    d.sampler->setEmbeddings(std::move(poolEmbeddings), dim);
  }
  // The same file (a K-shot dev/train split evaluated with demonstrations from its own train split): the
  // query's own row is excluded, as LM-BFF does for training queries. Ids are line based, so rows of two
  // different files must not be matched by id.
  const bool sameFile = pool.path == queries.path && pool.checksum == queries.checksum;
  const int dim = d.sampler->embeddingDim();
  d.rows.resize(count);
  for (size_t i = 0; i < count; ++i) {
    const auto& ex = queries.examples[i];
    const int exclude = sameFile ? d.sampler->rowOf(ex.id) : -1;
    const float* embedding = queryEmbeddings.empty() ? nullptr : queryEmbeddings.data() + i * size_t(dim);
    const std::string key = keySplit + ":" + ex.id;
    try {
      const auto candidates = d.sampler->candidates(exclude, embedding);
      for (int s = 0; s < d.sets; ++s) d.rows[i].push_back(d.sampler->drawFrom(candidates, key, uint64_t(s)));
    } catch (const Error& e) {
      throw Error("example " + ex.id + ": " + e.message(), e.where());
    }
  }
  return d;
}

const MaskStates& DemoEncodings::states(const std::vector<std::string>& labelWords, const ProgressSpan& span,
                                        const std::atomic<bool>* cancel) {
  auto it = states_.find(labelWords);
  if (it != states_.end()) return it->second;
  const auto t0 = Clock::now();
  const prompt::PromptRenderer renderer(tpl_, columns_, *s_.tokenizer, s_.maxLength(options_));
  std::vector<RenderedInput> inputs;
  inputs.reserve(inputsPerEncoding());
  for (size_t i = 0; i < draws_.rows.size(); ++i) {
    const auto& ex = examples_[i];
    for (const auto& rows : draws_.rows[i]) {
      prompt::RenderedPrompt r;
      try {
        r = renderer.render(ex.fields, draws_.sampler->inputs(rows, labelWords), limits_);
      } catch (const Error& e) {
        ErrorLocation where = e.where();
        if (where.line == 0 && ex.line > 0) where.line = ex.line;
        throw Error("example " + ex.id + ": " + e.message(), where);
      }
      RenderedInput in;
      in.ids = std::move(r.ids);
      in.typeIds = std::move(r.typeIds);
      in.maskPositions.assign(r.maskPositions.begin(), r.maskPositions.end());
      inputs.push_back(std::move(in));
    }
  }
  MaskStates st = encodeMasks(*s_.model, inputs, s_.encodeSettings(options_, options_.topK), span, cancel);
  encodeSeconds += secondsSince(t0);
  encoded += static_cast<int64_t>(inputs.size());
  return states_.emplace(labelWords, std::move(st)).first->second;
}

}  // namespace pwb::eval
