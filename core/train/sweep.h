#pragma once
// A queue of training requests (e.g. methods x the same seeds) run one after another on one worker thread;
// each request is itself seeds x grid. Torch-free.
#include <atomic>
#include <functional>
#include <memory>
#include <thread>
#include <vector>

#include "train/train_callbacks.h"
#include "train/train_request.h"
#include "train/train_result.h"

namespace pwb::train {

struct SweepCallbacks {
  TrainCallbacks run;                                              // forwarded to every request
  std::function<void(int index, const TrainRequest&)> onRunStart;  // index in the queue
  std::function<void(int index, const TrainResult&)> onRunDone;
};

// Runs the queue on the calling thread. A request that throws (bad file, unknown method) becomes a Failed
// result with the message, and the sweep goes on; cancel stops it (the remaining requests are not run).
std::vector<TrainResult> runSweep(const std::vector<TrainRequest>& queue,
                                  const SweepCallbacks& callbacks = {},
                                  const std::atomic<bool>* cancel = nullptr);

// One request per method name, all else equal.
std::vector<TrainRequest> methodSweep(const TrainRequest& base, const std::vector<std::string>& methods);

class SweepHandle {
 public:
  ~SweepHandle();  // cancels and joins
  SweepHandle(const SweepHandle&) = delete;
  SweepHandle& operator=(const SweepHandle&) = delete;
  void cancel();
  bool finished() const;
  const std::vector<TrainResult>& join();

 private:
  friend std::unique_ptr<SweepHandle> startSweep(std::vector<TrainRequest>, SweepCallbacks);
  SweepHandle() = default;
  std::atomic<bool> cancel_{false};
  std::atomic<bool> finished_{false};
  std::vector<TrainResult> results_;
  std::thread worker_;
};

std::unique_ptr<SweepHandle> startSweep(std::vector<TrainRequest> queue, SweepCallbacks callbacks);

}  // namespace pwb::train
