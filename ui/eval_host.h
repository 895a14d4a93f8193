#pragma once
// Keeps the project's model loaded for the views that run it (mask top-k, label-word suggestions, the
// comparison grid) and runs those calls one at a time on a dedicated worker thread: the GUI thread never
// touches a tensor, and an EvalSession is never used by two threads at once.
#include <QObject>
#include <QString>
#include <QThreadPool>
#include <functional>
#include <memory>

#include "background.h"

namespace pwb::eval {
class EvalSession;
}

namespace pwb::ui {

class Project;

class EvalHost : public QObject {
  Q_OBJECT
 public:
  explicit EvalHost(Project* project, QObject* parent = nullptr);
  ~EvalHost() override;

  // Threads torch may use for one call (0 = all cores).
  void setThreads(int threads) { threads_ = threads; }

  // Runs `work(session)` on the worker once the model is loaded (the first call loads it); `done` gets
  // the result or the error sentence on `context`'s thread. Calls run in the order they were made.
  template <typename T>
  void run(QObject* context, std::function<T(eval::EvalSession&)> work,
           std::function<void(Outcome<T>)> done) {
    auto session = session_;
    const std::string dir = modelDir_.toStdString();
    const int threads = threads_;
    auto* watcher = new QFutureWatcher<Outcome<T>>(context);
    QObject::connect(watcher, &QFutureWatcher<Outcome<T>>::finished, context, [watcher, done]() {
      Outcome<T> r = watcher->result();
      watcher->deleteLater();
      done(std::move(r));
    });
    watcher->setFuture(QtConcurrent::run(&pool_, [session, dir, threads, work]() {
      Outcome<T> out;
      try {
        out.value.emplace(work(load(*session, dir, threads)));
      } catch (...) {
        out.error = describeException(std::current_exception());
      }
      return out;
    }));
  }

  bool hasModel() const { return !modelDir_.isEmpty(); }

 private:
  struct Slot;
  static eval::EvalSession& load(Slot& slot, const std::string& dir, int threads);
  void modelChanged();

  Project* project_;
  QString modelDir_;
  std::shared_ptr<Slot> session_;
  QThreadPool pool_;
  int threads_ = 0;
};

}  // namespace pwb::ui
