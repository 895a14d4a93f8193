#include "gui_channel.h"

#include <QCoreApplication>
#include <QMetaObject>
#include <QThread>
#include <deque>
#include <mutex>
#include <utility>

namespace pwb::ui {

namespace {

struct GuiQueue {
  std::mutex mutex;
  std::deque<std::function<void()>> calls;
  std::unique_ptr<GuiQueueReceiver> receiver;  // lives in the application's thread
};

// Never destroyed: worker threads may still post while static objects are torn down at exit (the call
// is then dropped because there is no application).
GuiQueue& queue() {
  static auto* q = new GuiQueue;
  return *q;
}

}  // namespace

namespace detail {

void postToGuiFunction(std::function<void()> call) {
  auto& q = queue();
  std::unique_lock<std::mutex> lock(q.mutex);
  auto* app = QCoreApplication::instance();
  if (!app) {
    lock.unlock();
    return;  // no GUI thread any more: dropped (destroyed here)
  }
  if (!q.receiver) {
    q.receiver = std::make_unique<GuiQueueReceiver>();
    if (q.receiver->thread() != app->thread()) q.receiver->moveToThread(app->thread());
  }
  q.calls.push_back(std::move(call));
  // One wake-up per call: every call is its own event, so calls and Qt's other events interleave as
  // they did with queued calls (a modal dialog's event loop keeps running later calls).
  QMetaObject::invokeMethod(q.receiver.get(), "runOne", Qt::QueuedConnection);
}

}  // namespace detail

void GuiQueueReceiver::runOne() {
  std::function<void()> next;
  {
    auto& q = queue();
    std::lock_guard<std::mutex> lock(q.mutex);
    if (q.calls.empty()) return;
    next = std::move(q.calls.front());
    q.calls.pop_front();
  }
  next();
}

}  // namespace pwb::ui
