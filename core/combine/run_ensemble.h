#pragma once
// Ensembles of stored runs: finished runs with the same label set, the same model and the same evaluated
// test data become one run (method "ensemble") whose class distribution per example is the weighted mean
// of the members' stored test-prediction probabilities. It is stored like a run — config listing the
// members (id, uid) and the weighting, results with test_accuracy / test_macro_f1, an evaluation with
// per-example predictions — and linked to its members (run_links, role "member"). Torch-free: it reads
// and writes the project file only (no model is loaded).
//
// Differences from PET (Schick & Schuetze 2021): PET averages the members' unnormalised scores (label-word
// logits) and applies a softmax with temperature when it makes soft labels; this averages the members'
// class probabilities (the stored softmax of each member's class logits), so runs of any method — also
// [CLS]-head fine-tuning, whose logits are on another scale — combine on one footing. PET's weighting
// uses the same weights as PET (accuracy on the training set before training).
#include <cstdint>
#include <string>
#include <vector>

#include "combine/ensemble_math.h"
#include "eval/metrics.h"

namespace pwb::store {
class RunStore;
}

namespace pwb::combine {

struct EnsembleRequest {
  std::vector<int64_t> runIds;  // the members, in this order
  Weighting weighting = Weighting::Uniform;
  std::string name;            // "" = "ensemble of runs 3, 4, 5"
  std::string split = "test";  // the evaluation of each member that is combined (its latest on the split)
};

struct EnsembleMember {
  int64_t runId = 0;
  std::string uid;
  std::string name;
  std::string method;
  double rawWeight = 1.0;  // uniform: 1; pet: train_accuracy_before
  double weight = 0.0;     // normalised (the weights sum to 1)
  double accuracy = 0.0;   // the member's own accuracy on the split
};

struct EnsembleResult {
  int64_t runId = 0;  // the stored ensemble run
  int64_t evaluationId = 0;
  std::vector<EnsembleMember> members;
  std::vector<std::string> labels;
  std::vector<std::string> exampleIds;
  std::vector<int> gold;                           // class index per example
  std::vector<int> predicted;                      // argmax of probabilities
  std::vector<std::vector<double>> probabilities;  // per example, per class (labels order)
  eval::Metrics metrics;
};

// Checks the members and computes the ensemble without writing anything. Throws pwb::Error, naming the
// runs and the difference, for: no or a repeated member, a run that does not exist or did not finish, no
// evaluation on the split or predictions without class probabilities, different label sets, different
// models, different evaluated examples (count, ids or gold labels), and with PET weighting a member without
// train_accuracy_before (a [CLS]-head method, or a run recorded before it was measured: it is not computed
// here, which would need the model) or weights that sum to 0.
EnsembleResult computeEnsemble(store::RunStore& store, const EnsembleRequest& request);

// computeEnsemble, then stores the ensemble run with its evaluation and member links; fills runId and
// evaluationId. A failure after the run was created marks it failed and rethrows.
EnsembleResult createEnsemble(store::RunStore& store, const EnsembleRequest& request);

}  // namespace pwb::combine
