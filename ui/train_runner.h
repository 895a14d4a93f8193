#pragma once
// Runs one TrainRequest on core/train's worker thread and brings its reports to the GUI thread. The
// worker's callbacks only append to a mutex-guarded inbox; a 50 ms timer on the GUI thread drains it and
// emits signals in batches, so even thousands of steps per second never flood the event loop.
#include <QObject>
#include <QString>
#include <QTimer>
#include <QVector>
#include <memory>
#include <mutex>
#include <vector>

#include "train/train_request.h"
#include "train/train_result.h"

namespace pwb::train {
class TrainingHandle;
}

namespace pwb::ui {

struct StepPoint {
  int seedIndex = 0;
  int step = 0;
  int totalSteps = 0;
  double loss = 0;
  double lr = 0;
  double eta = 0;
};

struct EvalPoint {
  int seedIndex = 0;
  int step = 0;
  double accuracy = 0;
};

class TrainRunner : public QObject {
  Q_OBJECT
 public:
  explicit TrainRunner(QObject* parent = nullptr);
  ~TrainRunner() override;  // cancels and waits for the worker

  // Starts at once on a new worker thread; false (with the reason) when one is already running or the
  // request is invalid.
  bool start(const train::TrainRequest& request, QString* error = nullptr);
  void cancel();
  bool isRunning() const { return handle_ != nullptr; }
  const train::TrainRequest& request() const { return request_; }

 signals:
  void steps(const QVector<pwb::ui::StepPoint>& points);  // in order
  void evaluations(const QVector<pwb::ui::EvalPoint>& points);
  void logLines(const QStringList& lines);
  void seedStarted(int seedIndex, qint64 seed);
  void seedFinished(int seedIndex, const pwb::train::SeedResult& result);
  void finished(const pwb::train::TrainResult& result);

 private:
  struct Inbox;
  void drain();

  train::TrainRequest request_;
  std::shared_ptr<Inbox> inbox_;
  std::unique_ptr<train::TrainingHandle> handle_;
  QTimer timer_;
};

}  // namespace pwb::ui

Q_DECLARE_METATYPE(pwb::train::SeedResult)
Q_DECLARE_METATYPE(pwb::train::TrainResult)
