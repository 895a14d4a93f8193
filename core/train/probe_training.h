#pragma once
// Internal (includes torch): the knowledge-probing training run (train/probe_task.h says what it does) and
// its test scoring. runTraining hands a request with task "probe" to runProbeTraining.
#include <torch/torch.h>

#include <atomic>
#include <vector>

#include "train/method.h"
#include "train/probe_task.h"
#include "train/train_callbacks.h"
#include "train/train_request.h"
#include "train/train_result.h"

namespace pwb::train {

// Per seed: fresh weights, the method created without label words (the whole vocabulary is the target),
// trained on the training file with dev P@1 picking the checkpoint, then P@1, P@10 and MRR on the test
// file. SeedResult::testAccuracy / bestDevAccuracy / devCurve hold test and dev P@1 (the accuracy over the
// whole vocabulary); TrainResult::summary is over test P@1. With a run store, each seed is a run whose
// results hold test_p_at_1, test_p_at_10, test_mrr and best_dev_p_at_1 (RunRecorder::finishProbe).
TrainResult runProbeTraining(const TrainRequest& request, const TrainCallbacks& callbacks,
                             const std::atomic<bool>* cancel);

// The method's whole-vocabulary logits at the mask of each example (label = the answer's token id), in
// batches of batchSize, on the method's device; ranks as core/probe (1 + tokens with a strictly higher
// logit). Returns empty ranks when cancelled. Evaluated in fp32 (no autocast).
ProbeScores scoreProbe(Method& method, const std::vector<TaskExample>& examples, int batchSize, int64_t padId,
                       const std::atomic<bool>* cancel = nullptr);

}  // namespace pwb::train
