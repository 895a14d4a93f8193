#pragma once
// The optimisation loop of one run (one seed, one learning rate / batch size): AdamW over the trainable
// parameters (the method's own, plus the model's when the method trains it), linear warm-up/decay, gradient
// clipping and accumulation, dev evaluation every N steps with the best state kept (and restored at the
// end), early stopping, cancel, NaN/inf and out-of-memory handling.
#include <torch/torch.h>

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "model/masked_lm.h"
#include "train/encoded_example.h"
#include "train/method.h"
#include "train/step_profile.h"
#include "train/train_callbacks.h"
#include "train/train_result.h"
#include "train/trainer_state.h"

namespace pwb::train {

struct ScoredPredictions;

struct TrainerConfig {
  int steps = 250;
  int batchSize = 8;
  int gradAccum = 1;
  double lr = 1e-4;
  double warmupRatio = 0.0;
  double weightDecay = 0.0;
  double maxGradNorm = 1.0;
  int evalEvery = 50;
  int earlyStopPatience = 0;
  int evalBatchSize = 64;
  uint64_t seed = 0;          // batch order (the caller seeds torch for initialisation and dropout)
  bool bf16Autocast = false;  // CUDA only
  int64_t padId = 0;
  double softTargetTemperature = 1.0;  // for examples with a soft target (TaskExample::target)
  // Stop after this step (after its dev evaluation) and hand back the loop's state in
  // TrainOutcome::resumable, the weights left as they are (not the best-dev ones); 0 = never. Ignored when
  // it is not before the last step.
  int stopAfterStep = 0;
  // Continue a stopped run: the method and model must already hold that run's weights (method_state.h);
  // the settings above must be the stopped run's (a pwb::Error names the first that differs).
  std::shared_ptr<const TrainerState> resume;
  // Demonstrations resampled at every step (LM-BFF): the template input of training example `example` at
  // its `visit`-th use (0 in the first epoch of the batch order, 1 in the second ...: each epoch uses every
  // example once, so the visit does not depend on the batch size). The method adapts it (adaptInput) as it
  // adapted the examples. Null: the examples' own input.
  std::function<EncodedInput(size_t example, uint64_t visit)> trainInput;
  // When set, each step's phases are timed into it (added to what it holds; bench_train --profile). On
  // CUDA the timer synchronizes the device at every phase boundary, so profiled steps are slower there;
  // null (the default) times nothing and synchronizes nothing.
  StepProfile* profile = nullptr;
  // The AdamW update (and the clipping's scaling) as one pass per tensor (train/fused_adamw.h) rather than
  // LibTorch's AdamW::step and clip_grad_norm_: the same formula, equal up to float rounding; the state
  // is torch::optim::AdamW's either way. With it, gradients are dropped instead of zeroed before each
  // step (same sums). false: LibTorch's zero_grad/clip_grad_norm_/step (bench_train --compare).
  bool fusedAdamW = true;
  // The dev score that picks the best checkpoint (higher is better; TrainOutcome::bestDevAccuracy and
  // devCurve then hold it). Null: accuracy. A regression run passes dev Pearson (train/regression_task.h).
  std::function<double(const ScoredPredictions&, const std::vector<TaskExample>&)> devScore;
  // The training loss of a batch instead of Method::loss (null: Method::loss). A multi-label run passes
  // binary cross-entropy over the label words (train/multilabel_objective.h).
  std::function<torch::Tensor(Method&, const Batch&)> taskLoss;
};

struct TrainOutcome {
  RunStatus status = RunStatus::Finished;
  std::string message;
  std::vector<float> losses;
  std::vector<std::pair<int, double>> devCurve;
  double bestDevAccuracy = -1.0;  // -1 = never evaluated
  int bestStep = 0;
  int stepsDone = 0;
  // Set when the run stopped at TrainerConfig::stopAfterStep (status Cancelled): what resuming needs.
  std::shared_ptr<TrainerState> resumable;
};

// Trains `method` (already built for `model`) on train, evaluating on dev. On return the method/model hold
// the best-dev state (or the last one when dev is empty or nothing was evaluated, or the current one when
// the run stopped at config.stopAfterStep).
TrainOutcome trainMethod(model::MaskedLM& model, Method& method, const std::vector<TaskExample>& train,
                         const std::vector<TaskExample>& dev, const TrainerConfig& config,
                         const TrainCallbacks& callbacks, const std::atomic<bool>* cancel);

// Predicted class per example (eval mode, no grad), in batches sorted by length. Returns an empty vector
// when cancelled.
std::vector<int> predict(Method& method, const std::vector<TaskExample>& examples, int batchSize,
                         int64_t padId, bool bf16Autocast, const std::atomic<bool>* cancel = nullptr);
// predict() with the class distribution too: probabilities[i] is the softmax of the method's class logits
// for examples[i] (computed in float64 on the CPU; sums to 1), predicted[i] their argmax as predict()
// gives it. Both empty when cancelled. An example with demonstration sets (TaskExample::demoSets) is
// scored by the mean of its sets' class logits (LM-BFF averages the logits over num_sample); the sets of
// all examples are batched together (batchSize inputs per forward pass, sorted by length).
struct ScoredPredictions {
  std::vector<int> predicted;
  std::vector<std::vector<double>> probabilities;
  std::vector<std::vector<float>> logits;  // the class logits themselves (fp32), for PET's ensembles
  // Examples whose class logits hold NaN or an infinity get predicted -1 (no class; torch's argmax would
  // return the NaN's index). How many, and the index of the first in `examples`.
  int nonFinite = 0;
  size_t firstNonFinite = 0;
};
ScoredPredictions predictScored(Method& method, const std::vector<TaskExample>& examples, int batchSize,
                                int64_t padId, bool bf16Autocast, const std::atomic<bool>* cancel = nullptr);
// predictScored()'s logits only, rows in the examples' order (PET scores its pool with it). Empty when
// cancelled.
std::vector<std::vector<float>> predictLogits(Method& method, const std::vector<TaskExample>& examples,
                                              int batchSize, int64_t padId, bool bf16Autocast,
                                              const std::atomic<bool>* cancel = nullptr);
double accuracyOf(const std::vector<int>& predictions, const std::vector<TaskExample>& examples);

// Every tensor that training changes: the model's parameters (if the method trains them) then the
// method's own parameters.
std::vector<torch::Tensor> trainableTensors(model::MaskedLM& model, Method& method);
// Sets requires_grad on the model's parameters: true only when the method trains them.
void freezeForMethod(model::MaskedLM& model, const Method& method);

// A run's bf16 request on the model's device. CUDA: true, for TrainerConfig::bf16Autocast (training and
// evaluation under bf16 autocast). CPU: the model's bf16 matmuls go on (MaskedLM::setBf16Matmuls; fp32
// weights and accumulation, model/bf16_linear.h) and it returns false, autocast staying off. `log` gets one
// line saying which, and on a CPU without AVX512-BF16 or AMX that the run will be slower than fp32.
bool applyBf16Request(model::MaskedLM& model, bool requested,
                      const std::function<void(const std::string&)>& log);

// Message for an exception thrown by torch during training (out-of-memory gets the batch size to try).
std::string describeTorchFailure(const std::exception& e, int batchSize);

}  // namespace pwb::train
