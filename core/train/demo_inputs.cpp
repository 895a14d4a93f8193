#include "train/demo_inputs.h"

#include "common/error.h"
#include "eval/sentence_embeddings.h"
#include "train/task_builder.h"

namespace pwb::train {
namespace {

const char* kTrainSplit = "train";

std::vector<std::string> textsOf(const data::Dataset& d) {
  std::vector<std::string> texts;
  texts.reserve(d.examples.size());
  for (const auto& e : d.examples) texts.push_back(embeddingText(e));
  return texts;
}

}  // namespace

std::string embeddingText(const data::Example& example) {
  std::string text;
  for (size_t i = 0; i < example.fields.size(); ++i) text += (i ? " " : "") + example.fields[i];
  return text;
}

std::string demoEmbeddingModel(const TrainRequest& request) {
  return request.demos.embeddingModel.empty() ? request.modelDir : request.demos.embeddingModel;
}

SeedDemos::SeedDemos(const TaskBuilder& task, const data::Dataset& pool, uint64_t seed,
                     const std::string& device)
    : task_(task), sampler_(pool, task.labels(), task.request().demos, seed), device_(device) {
  if (task.request().demos.sampling != data::DemoSampling::Similar) return;
  eval::EmbeddingOptions o;
  o.device = device_;
  const auto r = eval::computeSentenceEmbeddings(demoEmbeddingModel(task.request()), textsOf(pool), o);
  embeddingIdentity_ = r.modelIdentity;
  sampler_.setEmbeddings(r.vectors, r.dim);
}

void SeedDemos::embedQueries(const std::string& split, const data::Dataset& queries) {
  if (task_.request().demos.sampling != data::DemoSampling::Similar) return;
  eval::EmbeddingOptions o;
  o.device = device_;
  o.expectedDim = sampler_.embeddingDim();
  setQueryEmbeddings(
      split, eval::sentenceEmbeddings(demoEmbeddingModel(task_.request()), textsOf(queries), o, nullptr));
}

void SeedDemos::setQueryEmbeddings(const std::string& split, std::vector<float> embeddings) {
  if (embeddings.size() % static_cast<size_t>(std::max(1, sampler_.embeddingDim())) != 0)
    throw Error("the " + split + " embeddings do not have the pool's dimension " +
                std::to_string(sampler_.embeddingDim()));
  queries_[split] = std::move(embeddings);
}

const float* SeedDemos::queryEmbedding(const std::string& split, size_t index) const {
  if (task_.request().demos.sampling != data::DemoSampling::Similar) return nullptr;
  const size_t dim = static_cast<size_t>(sampler_.embeddingDim());
  if (split == kTrainSplit) {
    // A training query is a pool row: its own embedding. (Examples outside the pool are refused upstream.)
    return nullptr;
  }
  auto it = queries_.find(split);
  if (it == queries_.end() || (index + 1) * dim > it->second.size())
    throw Error("similar demonstrations: no sentence embedding for " + split + " example " +
                std::to_string(index));
  return it->second.data() + index * dim;
}

std::vector<int> SeedDemos::rowsFor(const data::Example& example, const std::string& split, size_t index,
                                    int exclude, uint64_t draw) const {
  const float* q = queryEmbedding(split, index);
  if (split == kTrainSplit && task_.request().demos.sampling == data::DemoSampling::Similar) {
    if (exclude < 0)
      throw Error("similar demonstrations for training example " + example.id + ", which is not in the pool");
    q = sampler_.embedding(exclude);
  }
  return sampler_.draw(split + ":" + example.id, draw, exclude, q);
}

TaskExample SeedDemos::encodeWithSets(const data::Example& example, const std::string& split,
                                      size_t index) const {
  const int sets = task_.request().demos.sets;
  // Candidates once per query (the similarity ranking); the sets differ only in the draw.
  const auto cands = sampler_.candidates(-1, queryEmbedding(split, index));
  TaskExample out;
  for (int s = 0; s < sets; ++s) {
    const auto rows = sampler_.drawFrom(cands, split + ":" + example.id, static_cast<uint64_t>(s));
    const auto demos = sampler_.inputs(rows, task_.demoLabelWords());
    if (s == 0) {
      out = task_.encode(example, demos);
    }
    out.demoSets.push_back(s == 0 ? out.prompt : task_.encodePrompt(example, demos));
    out.demoIds.push_back(sampler_.ids(rows));
  }
  return out;
}

TaskExample SeedDemos::encodeTraining(const data::Example& example, int poolRow) const {
  const auto rows = rowsFor(example, kTrainSplit, 0, poolRow, 0);
  return task_.encode(example, sampler_.inputs(rows, task_.demoLabelWords()));
}

EncodedInput SeedDemos::trainingInput(const data::Example& example, int poolRow, uint64_t visit) const {
  const auto rows = rowsFor(example, kTrainSplit, 0, poolRow, visit);
  return task_.encodePrompt(example, sampler_.inputs(rows, task_.demoLabelWords()));
}

}  // namespace pwb::train
