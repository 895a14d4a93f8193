#pragma once
// postToGui: hands a call from any thread to the GUI thread, where it runs unless its context object is
// gone by then. Calls run in the order they were posted (one queue, like Qt's event queue of that thread).
//
// Why not QMetaObject::invokeMethod with a lambda, or a QFutureWatcher: both carry the lambda or the result
// to the GUI thread through locks inside Qt's library. Debian's Qt is not built with ThreadSanitizer, so
// those locks are invisible to it and every such hand-over read as a data race (tests/sanitizers/README.md).
// Here the call crosses under a std::mutex, which ThreadSanitizer sees, and Qt carries only a wake-up call
// that holds no data (a queued call of a slot, by name).
#include <QObject>
#include <QPointer>
#include <functional>
#include <memory>

namespace pwb::ui {

namespace detail {
void postToGuiFunction(std::function<void()> call);
}

// Any thread. `call` runs only while `context` lives; it may be move-only, and it is destroyed on the GUI
// thread (or on the calling thread when there is no application any more).
template <typename Object, typename Call>
void postToGui(QPointer<Object> context, Call call) {
  auto held = std::make_shared<Call>(std::move(call));
  detail::postToGuiFunction([context = std::move(context), held]() {
    if (context) (*held)();
  });
}

// The GUI-thread end of the queue (one object, made on first use and moved to the application's thread).
class GuiQueueReceiver : public QObject {
  Q_OBJECT
 public:
  Q_INVOKABLE void runOne();
};

}  // namespace pwb::ui
