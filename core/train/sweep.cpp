#include "train/sweep.h"

#include <exception>

#include "train/training.h"

namespace pwb::train {

std::vector<TrainResult> runSweep(const std::vector<TrainRequest>& queue, const SweepCallbacks& callbacks,
                                  const std::atomic<bool>* cancel) {
  std::vector<TrainResult> results;
  for (size_t i = 0; i < queue.size(); ++i) {
    if (cancel != nullptr && cancel->load()) break;
    if (callbacks.onRunStart) callbacks.onRunStart(static_cast<int>(i), queue[i]);
    TrainResult r;
    try {
      r = runTraining(queue[i], callbacks.run, cancel);
    } catch (const std::exception& e) {
      r.method = queue[i].method;
      r.status = RunStatus::Failed;
      r.message = e.what();
      if (callbacks.run.onLog) callbacks.run.onLog(queue[i].method + ": error: " + e.what());
    }
    if (callbacks.onRunDone) callbacks.onRunDone(static_cast<int>(i), r);
    results.push_back(std::move(r));
  }
  return results;
}

std::vector<TrainRequest> methodSweep(const TrainRequest& base, const std::vector<std::string>& methods) {
  std::vector<TrainRequest> out;
  for (const auto& m : methods) {
    TrainRequest r = base;
    r.method = m;
    out.push_back(std::move(r));
  }
  return out;
}

SweepHandle::~SweepHandle() {
  cancel_ = true;
  if (worker_.joinable()) worker_.join();
}
void SweepHandle::cancel() {
  cancel_ = true;
}
bool SweepHandle::finished() const {
  return finished_.load();
}
const std::vector<TrainResult>& SweepHandle::join() {
  if (worker_.joinable()) worker_.join();
  return results_;
}

std::unique_ptr<SweepHandle> startSweep(std::vector<TrainRequest> queue, SweepCallbacks callbacks) {
  std::unique_ptr<SweepHandle> handle(new SweepHandle());
  SweepHandle* h = handle.get();
  h->worker_ = std::thread([h, queue = std::move(queue), callbacks = std::move(callbacks)]() {
    try {
      h->results_ = runSweep(queue, callbacks, &h->cancel_);
    } catch (...) {
      // runSweep turns every request's error into a result; nothing else may escape the thread.
    }
    h->finished_ = true;
  });
  return handle;
}

}  // namespace pwb::train
