#pragma once
// Keeps the project's model loaded for the views that run it (mask top-k, label-word suggestions, the
// comparison grid) and runs those calls one at a time on a dedicated worker thread: the GUI thread never
// touches a tensor, and an EvalSession is never used by two threads at once. The device and bf16 choice
// (Compare view) apply to every view that runs through the host; changing either reloads the model.
#include <QObject>
#include <QString>
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
  // Emits closing() first (the views cancel their running work), then runs what is still queued and joins.
  ~EvalHost() override;

  // Threads torch may use for one call (0 = all cores).
  void setThreads(int threads) { threads_ = threads; }

  // Where the model runs: "auto" (CUDA when available), "cpu", "cuda" or "cuda:N"; and bf16 inference
  // (numbers differ slightly from fp32). A change makes the next call load the model again with it;
  // calls already queued finish with the session they were given.
  void setDevice(const QString& device);
  void setBf16(bool bf16);
  const QString& device() const { return device_; }
  bool bf16() const { return bf16_; }

  // Runs `work(session)` on the worker once the model is loaded (the first call loads it); `done` gets
  // the result or the error sentence on `context`'s thread. Calls run in the order they were made.
  template <typename T>
  void run(QObject* context, std::function<T(eval::EvalSession&)> work,
           std::function<void(Outcome<T>)> done) {
    auto session = session_;
    const std::string dir = modelDir_.toStdString();
    const int threads = threads_;
    const std::string device = device_.toStdString();
    const bool bf16 = bf16_;
    runOn<T>(
        worker_, context,
        [session, dir, threads, device, bf16, work]() {
          return work(load(*session, dir, threads, device, bf16));
        },
        std::move(done));
  }

  bool hasModel() const { return !modelDir_.isEmpty(); }

 signals:
  // The host is being destroyed (the window closes): views cancel the work they run on it, so that
  // closing does not wait for a whole grid or probe.
  void closing();

 private:
  struct Slot;
  static eval::EvalSession& load(Slot& slot, const std::string& dir, int threads, const std::string& device,
                                 bool bf16);
  void modelChanged();
  void reload();

  Project* project_;
  QString modelDir_;
  std::shared_ptr<Slot> session_;
  WorkerThreads worker_{1};  // one torch call at a time, in order, on one kept thread
  int threads_ = 0;
  QString device_ = QStringLiteral("auto");
  bool bf16_ = false;
};

}  // namespace pwb::ui
