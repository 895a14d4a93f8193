#pragma once
// Records training runs in the project's run store (core/store), one run per seed: configuration, seed,
// K-shot manifest checksum, device, per-step loss / lr / dev accuracy, final status, the test evaluation
// and the saved state as an artifact. Torch-free header. Used from the worker thread only.
#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "train/train_request.h"
#include "train/train_result.h"

namespace pwb::store {
class RunStore;
}
namespace pwb::model {
class MaskedLM;
}
namespace pwb::data {
struct Dataset;
}
namespace pwb::regress {
struct Poles;
}

namespace pwb::train {

class Method;
struct ProbeScores;
struct ProbeSplit;

class RunRecorder {
 public:
  explicit RunRecorder(const std::string& dbPath);  // opens/creates the store; throws pwb::Error
  ~RunRecorder();

  // Creates the run (status running) and returns its id. `demonstrations` (when not null) is recorded as
  // the config's "demonstrations": the sampling options, the embedding model and its identity. The run points
  // at the model, template, verbalizer and (when given) training data set it used: records saved by content,
  // an existing record with the same text / file reused, so `pwb runs show` and the GUI name them.
  int64_t begin(const TrainRequest& request, int64_t seed, const std::string& kshotChecksum,
                const std::string& device, const nlohmann::json& methodConfig,
                const std::string& modelConfigHash, const data::Dataset* trainSet = nullptr,
                const nlohmann::json& demonstrations = nullptr);
  void metric(int64_t runId, int64_t step, const std::string& key, double value);
  // Final status and results; with a test accuracy also an evaluation (predictions included, with their
  // class probabilities when `probabilities` has one row per prediction: ensembles average them) and, when
  // the state was saved, an artifact pointing to it. demoIds: per prediction, the example ids of each of
  // its demonstration sets (PredictionRecord::demos); empty without demonstrations.
  void finish(int64_t runId, const SeedResult& result, const std::vector<std::string>& labels,
              const std::vector<int>& gold, const std::vector<int>& predicted,
              const std::vector<std::string>& exampleIds, const TrainRequest& request,
              const std::vector<std::vector<double>>& probabilities = {},
              const std::vector<std::vector<std::vector<std::string>>>& demoIds = {});
  // finish() for a regression run (TrainRequest::task): results hold test_pearson, test_spearman, test_mse
  // and best_dev_pearson (NaN stored as null) where a classification run has test_accuracy and
  // best_dev_accuracy; the test evaluation has no accuracy (NULL) and its metrics JSON {"task":
  // "regression", "pearson", "spearman", "mse", "poles"}; each prediction's gold and predicted are the
  // target and the pole expectation written as numbers ("%.17g"), its probabilities (p_lower, p_upper).
  void finishRegression(int64_t runId, const SeedResult& result, const regress::Poles& poles,
                        const std::vector<double>& gold, const std::vector<double>& predicted,
                        const std::vector<std::string>& exampleIds, const TrainRequest& request,
                        const std::vector<std::vector<double>>& probabilities);
  // finish() for a multi-label run (train/multilabel_task.h): results hold test_micro_f1, test_macro_f1,
  // test_subset_acc, threshold and best_dev_micro_f1; the test evaluation has accuracy = subset accuracy
  // and metrics {"task": "multilabel", "micro_f1", "macro_f1", "subset_acc", "threshold", "scheme"}; each
  // prediction's gold and predicted are label sets written as text, the labels joined by "|" in label order
  // ("" = none), its probabilities the per-label probabilities.
  void finishMultiLabel(int64_t runId, const SeedResult& result, const std::vector<std::string>& labels,
                        const std::vector<std::vector<int>>& gold,
                        const std::vector<std::vector<int>>& predicted,
                        const std::vector<std::vector<double>>& probabilities,
                        const std::vector<std::string>& exampleIds, const TrainRequest& request);
  // finish() for a knowledge-probing run (TrainRequest::task "probe", train/probe_task.h): results hold
  // test_p_at_1, test_p_at_10, test_mrr and best_dev_p_at_1; the test evaluation has accuracy = P@1, no
  // labels and no confusion matrix (the classes are the whole vocabulary), metrics {"task": "probe",
  // "p_at_1", "p_at_10", "mrr", "count"}; each prediction's gold is the answer word and predicted the top-1
  // token. `scores` empty: the run failed or was cancelled (no evaluation).
  void finishProbe(int64_t runId, const SeedResult& result, const ProbeScores& scores, const ProbeSplit& test,
                   const TrainRequest& request);
  // Keeps a trained method's state inside the project file (store/state_artifact.h, inline form):
  // `stateInfo` becomes method.json, the method's tensors method.safetensors, as saveMethodState writes
  // them. For prompt-only methods trained without an output folder (their tensors are small); a method
  // that trains the model's weights is refused (pwb::Error) — those belong in a folder.
  void keepState(int64_t runId, Method& method, model::MaskedLM& model, const nlohmann::json& stateInfo);

 private:
  std::unique_ptr<store::RunStore> store_;
};

}  // namespace pwb::train
