#pragma once
// Runs long work (model loading, evaluation, tokenizing a whole data set) off the GUI thread and hands the
// result back on the GUI thread. Every exception is caught on the worker and turned into a message: no
// exception ever crosses a thread and nothing the user does can crash the window.
#include <QFutureWatcher>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QtConcurrent/QtConcurrentRun>
#include <exception>
#include <functional>
#include <memory>
#include <optional>

#include "common/error.h"

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

// Runs `work()` on the global thread pool; `done(Outcome<T>)` is called on `context`'s thread (the GUI) when
// it finishes, unless `context` was destroyed meanwhile.
template <typename T, typename Work, typename Done>
void runInBackground(QObject* context, Work work, Done done) {
  auto* watcher = new QFutureWatcher<Outcome<T>>(context);
  QObject::connect(watcher, &QFutureWatcher<Outcome<T>>::finished, context, [watcher, done]() {
    Outcome<T> result = watcher->result();
    watcher->deleteLater();
    done(std::move(result));
  });
  watcher->setFuture(QtConcurrent::run([work = std::move(work)]() {
    Outcome<T> out;
    try {
      out.value.emplace(work());
    } catch (...) {
      out.error = describeException(std::current_exception());
    }
    return out;
  }));
}

}  // namespace pwb::ui
