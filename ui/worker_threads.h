#pragma once
// Threads that run the GUI's background work: a queue under a std::mutex and std::threads, instead of
// QThreadPool, so that ThreadSanitizer sees the hand-over of each task to its thread (Debian's Qt is not
// instrumented; see gui_channel.h). Tasks run in the order they were posted; with one thread, one at a time.
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace pwb::ui {

class WorkerThreads {
 public:
  // Up to `maxThreads` threads, started as tasks arrive and kept until destruction.
  explicit WorkerThreads(int maxThreads);
  // Runs what is still queued, then joins every thread.
  ~WorkerThreads();
  WorkerThreads(const WorkerThreads&) = delete;
  WorkerThreads& operator=(const WorkerThreads&) = delete;

  // Any thread. `task` may be move-only.
  template <typename Task>
  void post(Task task) {
    auto held = std::make_shared<Task>(std::move(task));
    postFunction([held]() { (*held)(); });
  }

  // The threads shared by every view's short background calls (runInBackground): one per core.
  static WorkerThreads& shared();

 private:
  void postFunction(std::function<void()> task);
  void loop();

  const int maxThreads_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::function<void()>> tasks_;
  std::vector<std::thread> threads_;
  int idle_ = 0;
  bool stopping_ = false;
};

}  // namespace pwb::ui
