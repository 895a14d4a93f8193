#pragma once
// Runs long work (model loading, evaluation, tokenizing a whole data set) off the GUI thread and hands the
// result back on the GUI thread. Every exception is caught on the worker and turned into a message: no
// exception ever crosses a thread and nothing the user does can crash the window.
#include <QObject>
#include <QPointer>
#include <QString>
#include <exception>
#include <functional>
#include <memory>
#include <optional>

#include "common/error.h"
#include "gui_channel.h"
#include "worker_threads.h"

namespace pwb::ui {

// Outcome of a background call: either a value or the sentence that explains why there is none.
template <typename T>
struct Outcome {
  std::optional<T> value;
  QString error;
  bool ok() const { return value.has_value(); }
};

// Converts whatever was thrown into the sentence the user will read.
inline QString describeException(std::exception_ptr e) {
  try {
    std::rethrow_exception(e);
  } catch (const pwb::Error& err) {
    return QString::fromStdString(err.what());
  } catch (const std::bad_alloc&) {
    return QObject::tr("Out of memory.");
  } catch (const std::exception& err) {
    return QString::fromStdString(err.what());
  } catch (...) {
    return QObject::tr("Unknown error.");
  }
}

// Runs `work()` on `threads`; `done(Outcome<T>)` is called on the GUI thread when it finishes, unless
// `context` was destroyed meanwhile. (std::threads and postToGui rather than QtConcurrent and a
// QFutureWatcher: ThreadSanitizer can check the hand-overs; see gui_channel.h.)
template <typename T, typename Work, typename Done>
void runOn(WorkerThreads& threads, QObject* context, Work work, Done done) {
  QPointer<QObject> target(context);
  threads.post([target, work = std::move(work), done = std::move(done)]() mutable {
    Outcome<T> out;
    try {
      out.value.emplace(work());
    } catch (...) {
      out.error = describeException(std::current_exception());
    }
    postToGui(target, [out = std::move(out), done = std::move(done)]() mutable { done(std::move(out)); });
  });
}

// runOn the worker threads every view shares.
template <typename T, typename Work, typename Done>
void runInBackground(QObject* context, Work work, Done done) {
  runOn<T>(WorkerThreads::shared(), context, std::move(work), std::move(done));
}

}  // namespace pwb::ui
