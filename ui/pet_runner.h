#pragma once
// Runs one PET / iPET job (core/train/pet) on a worker thread and brings its reports to the GUI thread, as
// TrainRunner does for one training request: the worker only appends to a mutex-guarded inbox, a 50 ms
// timer drains it on the GUI thread and emits the signals.
#include <QObject>
#include <QString>
#include <QStringList>
#include <QTimer>
#include <atomic>
#include <memory>
#include <thread>

#include "train/pet/pet_request.h"
#include "train/pet/pet_result.h"

namespace pwb::ui {

class PetRunner : public QObject {
  Q_OBJECT
 public:
  explicit PetRunner(QObject* parent = nullptr);
  ~PetRunner() override;  // cancels and waits for the worker

  // False (with the reason) when a job is running or the request is invalid.
  bool start(const train::pet::PetRequest& request, QString* error = nullptr);
  void cancel();
  bool isRunning() const { return running_; }
  // Trainings the job does: per seed one per member and generation, plus the distillation.
  static int trainingsOf(const train::pet::PetRequest& request);

 signals:
  void logLines(const QStringList& lines);
  // A stage started: "members" (generation, member index of total) or "distill"; `done` counts the
  // trainings of the job started before this one.
  void stage(qint64 seed, const QString& stage, int generation, int index, int total, int done);
  void stepProgress(int step, int totalSteps, double eta);
  void finished(const pwb::train::pet::PetResult& result, const QString& error);

 private:
  struct Inbox;
  void drain();

  std::shared_ptr<Inbox> inbox_;
  std::shared_ptr<std::atomic<bool>> cancel_;
  std::thread worker_;
  bool running_ = false;
  QTimer timer_;
};

}  // namespace pwb::ui

Q_DECLARE_METATYPE(pwb::train::pet::PetResult)
