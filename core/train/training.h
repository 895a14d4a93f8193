#pragma once
// Entry points of training. Torch-free header: the GUI includes it.
//
// runTraining() does the whole request on the calling thread (the CLI uses it): loads the model and data,
// samples the K-shot train/dev split per seed, trains, evaluates on the test set, optionally records to the
// run store and saves the trained state. startTraining() runs the same on a new worker thread.
// Errors in the request or its files are thrown by runTraining() as pwb::Error; from a worker they end up
// in TrainResult (status Failed, message) — nothing escapes the thread.
#include <atomic>
#include <memory>
#include <thread>

#include "train/train_callbacks.h"
#include "train/train_request.h"
#include "train/train_result.h"

namespace pwb::train {

// cancel may be null; when it turns true the run stops after the current step (status Cancelled).
TrainResult runTraining(const TrainRequest& request, const TrainCallbacks& callbacks = {},
                        const std::atomic<bool>* cancel = nullptr);

// A run on its own std::thread. The destructor cancels and joins.
class TrainingHandle {
 public:
  ~TrainingHandle();
  TrainingHandle(const TrainingHandle&) = delete;
  TrainingHandle& operator=(const TrainingHandle&) = delete;

  void cancel();              // asks the worker to stop at the next step; returns at once
  bool finished() const;      // the worker has returned
  const TrainResult& join();  // waits for the worker; the result stays valid while the handle lives

 private:
  friend std::unique_ptr<TrainingHandle> startTraining(const TrainRequest&, TrainCallbacks);
  TrainingHandle() = default;
  std::atomic<bool> cancel_{false};
  std::atomic<bool> finished_{false};
  TrainResult result_;
  std::thread worker_;
};

// Starts the worker and returns at once. Callbacks run on the worker thread.
std::unique_ptr<TrainingHandle> startTraining(const TrainRequest& request, TrainCallbacks callbacks);

}  // namespace pwb::train
