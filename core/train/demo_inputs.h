#pragma once
// Demonstrations in training and its evaluations (LM-BFF, Gao et al. 2021, "prompt-based fine-tuning with
// demonstrations"): per seed, the sampler over the seed's K-shot training split, the sentence embeddings
// of that pool and of the queries (similar sampling), and the encodings an example gets:
//   - a training example: demonstrations drawn afresh at each visit (draw = the visit, i.e. the epoch of
//     the batch order it is drawn in; never the example itself), so the draws do not depend on the batch
//     size, the thread count or the order of the batch;
//   - a dev/test example: `sets` demonstration sets (draws 0 .. sets-1), their class logits averaged.
// Draws are keyed by "<split>:<example id>" and the seed (data/demo_sampler.h). Torch-free.
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "data/dataset.h"
#include "data/demo_sampler.h"
#include "train/encoded_example.h"
#include "train/train_request.h"

namespace pwb::train {

class TaskBuilder;

// The text a query or a pool example is embedded by: its fields joined by a space (LM-BFF's
// get_sbert_embedding.py joins a pair's two sentences so).
std::string embeddingText(const data::Example& example);

// The embedding folder similar sampling uses: the request's demos.embeddingModel, or the task model.
std::string demoEmbeddingModel(const TrainRequest& request);

class SeedDemos {
 public:
  // pool: the seed's K-shot training split. device: where embeddings are computed ("cpu", "cuda" ...).
  // Similar sampling embeds the pool at once (read from the disk cache when it was embedded before).
  SeedDemos(const TaskBuilder& task, const data::Dataset& pool, uint64_t seed, const std::string& device);

  // Similar: embeds a split's queries (cached on disk), so encodeWithSets/trainingInput can look them up
  // by their index in that split. The training split is the pool itself and needs no call.
  void embedQueries(const std::string& split, const data::Dataset& queries);
  // Uses embeddings computed elsewhere for a split (the test set is embedded once for every seed).
  void setQueryEmbeddings(const std::string& split, std::vector<float> embeddings);

  // An evaluation example with options.sets demonstration sets: demoSets/demoIds filled, prompt = set 0.
  TaskExample encodeWithSets(const data::Example& example, const std::string& split, size_t index) const;
  // A training example (pool row `poolRow`) encoded with its demonstrations of visit 0.
  TaskExample encodeTraining(const data::Example& example, int poolRow) const;
  // A training example's template input at its visit `visit` (pool row `poolRow`, never drawn).
  EncodedInput trainingInput(const data::Example& example, int poolRow, uint64_t visit) const;

  const data::DemoSampler& sampler() const { return sampler_; }
  const std::string& embeddingIdentity() const { return embeddingIdentity_; }

 private:
  const float* queryEmbedding(const std::string& split, size_t index) const;
  std::vector<int> rowsFor(const data::Example& example, const std::string& split, size_t index, int exclude,
                           uint64_t draw) const;
  const TaskBuilder& task_;
  data::DemoSampler sampler_;
  std::string device_;
  std::string embeddingIdentity_;
  std::map<std::string, std::vector<float>> queries_;  // split -> rows x dim
};

}  // namespace pwb::train
