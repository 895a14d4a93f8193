#include "worker_threads.h"

#include <algorithm>

namespace pwb::ui {

WorkerThreads::WorkerThreads(int maxThreads) : maxThreads_(std::max(1, maxThreads)) {}

WorkerThreads::~WorkerThreads() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  for (auto& t : threads_) t.join();
}

WorkerThreads& WorkerThreads::shared() {
  static WorkerThreads pool(static_cast<int>(std::max(2u, std::thread::hardware_concurrency())));
  return pool;
}

void WorkerThreads::postFunction(std::function<void()> task) {
  std::lock_guard<std::mutex> lock(mutex_);
  tasks_.push_back(std::move(task));
  if (idle_ == 0 && static_cast<int>(threads_.size()) < maxThreads_) {
    threads_.emplace_back([this]() { loop(); });
  } else {
    wake_.notify_one();
  }
}

void WorkerThreads::loop() {
  std::unique_lock<std::mutex> lock(mutex_);
  for (;;) {
    ++idle_;
    wake_.wait(lock, [this]() { return stopping_ || !tasks_.empty(); });
    --idle_;
    if (tasks_.empty()) return;  // stopping, and nothing left to run
    auto task = std::move(tasks_.front());
    tasks_.pop_front();
    lock.unlock();
    task();          // tasks catch their own exceptions (runInBackground, EvalHost::run)
    task = nullptr;  // its captures are released on this thread, before the next wait
    lock.lock();
  }
}

}  // namespace pwb::ui
