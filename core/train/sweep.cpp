#include "train/sweep.h"

#include <exception>

#include "train/training.h"

namespace pwb::train {

std::vector<TrainResult> runSweep(const std::vector<TrainRequest>& queue, const SweepCallbacks& callbacks,
                                  const std::atomic<bool>* cancel) {
  std::vector<TrainResult> results;
  for (size_t i = 0; i < queue.size(); ++i) {
    if (cancel != nullptr && cancel->load()) break;
    TrainResult r;
    // Anything a request or a callback throws (a non-std one from a callback included) fails that request
    // only: the sweep goes on and the results so far are kept.
    auto fail = [&](const std::string& message) {
      r.method = queue[i].method;
      r.status = RunStatus::Failed;
      r.message = message;
      try {
        if (callbacks.run.onLog) callbacks.run.onLog(queue[i].method + ": error: " + message);
      } catch (...) {
        // a throwing log callback cannot report its own failure
      }
    };
    try {
      if (callbacks.onRunStart) callbacks.onRunStart(static_cast<int>(i), queue[i]);
      r = runTraining(queue[i], callbacks.run, cancel);
    } catch (const std::exception& e) {
      fail(e.what());
    } catch (...) {
      fail("training failed with an unknown error");
    }
    try {
      if (callbacks.onRunDone) callbacks.onRunDone(static_cast<int>(i), r);
    } catch (const std::exception& e) {
      fail(std::string("the result callback failed: ") + e.what());
    } catch (...) {
      fail("the result callback failed with an unknown error");
    }
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
