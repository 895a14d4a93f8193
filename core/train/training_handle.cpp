// startTraining: the same work as runTraining on a worker std::thread; nothing escapes the thread.
#include <exception>

#include "train/training.h"

namespace pwb::train {

const char* statusName(RunStatus status) {
  switch (status) {
    case RunStatus::Finished:
      return "finished";
    case RunStatus::Cancelled:
      return "cancelled";
    case RunStatus::Failed:
      return "failed";
  }
  return "failed";
}

TrainingHandle::~TrainingHandle() {
  cancel_ = true;
  if (worker_.joinable()) worker_.join();
}

void TrainingHandle::cancel() {
  cancel_ = true;
}

bool TrainingHandle::finished() const {
  return finished_.load();
}

const TrainResult& TrainingHandle::join() {
  if (worker_.joinable()) worker_.join();
  return result_;
}

std::unique_ptr<TrainingHandle> startTraining(const TrainRequest& request, TrainCallbacks callbacks) {
  std::unique_ptr<TrainingHandle> handle(new TrainingHandle());
  TrainingHandle* h = handle.get();
  h->result_.method = request.method;
  h->worker_ = std::thread([h, request, callbacks = std::move(callbacks)]() {
    try {
      h->result_ = runTraining(request, callbacks, &h->cancel_);
    } catch (const std::exception& e) {
      h->result_.status = RunStatus::Failed;
      h->result_.message = e.what();
      if (callbacks.onLog) callbacks.onLog(std::string("error: ") + e.what());
    } catch (...) {
      h->result_.status = RunStatus::Failed;
      h->result_.message = "training failed with an unknown error";
    }
    h->finished_ = true;
  });
  return handle;
}

}  // namespace pwb::train
