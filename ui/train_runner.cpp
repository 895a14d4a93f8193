#include "train_runner.h"

#include "background.h"
#include "train/training.h"

namespace pwb::ui {

struct TrainRunner::Inbox {
  std::mutex mutex;
  int seedIndex = 0;
  QVector<StepPoint> steps;
  QVector<EvalPoint> evals;
  QStringList logs;
  std::vector<std::pair<int, qint64>> seedStarts;
  std::vector<std::pair<int, train::SeedResult>> seedDone;
};

TrainRunner::TrainRunner(QObject* parent) : QObject(parent) {
  timer_.setInterval(50);
  connect(&timer_, &QTimer::timeout, this, &TrainRunner::drain);
}

TrainRunner::~TrainRunner() {
  if (handle_) handle_->cancel();
  handle_.reset();  // joins
}

bool TrainRunner::start(const train::TrainRequest& request, QString* error) {
  if (handle_) {
    if (error) *error = tr("A training run is already in progress.");
    return false;
  }
  try {
    train::validateRequest(request);
  } catch (...) {
    if (error) *error = describeException(std::current_exception());
    return false;
  }
  request_ = request;
  inbox_ = std::make_shared<Inbox>();
  std::weak_ptr<Inbox> weak = inbox_;
  auto with = [weak](auto fn) {
    if (auto box = weak.lock()) {
      std::lock_guard<std::mutex> lock(box->mutex);
      fn(*box);
    }
  };
  train::TrainCallbacks cb;
  cb.onProgress = [with](int step, int total, double loss, double lr, double eta) {
    with([&](Inbox& b) { b.steps.push_back({b.seedIndex, step, total, loss, lr, eta}); });
  };
  cb.onEval = [with](int step, double acc) {
    with([&](Inbox& b) { b.evals.push_back({b.seedIndex, step, acc}); });
  };
  cb.onLog = [with](const std::string& text) {
    with([&](Inbox& b) { b.logs << QString::fromStdString(text); });
  };
  cb.onSeedStart = [with](int index, int64_t seed) {
    with([&](Inbox& b) {
      b.seedIndex = index;
      b.seedStarts.emplace_back(index, qint64(seed));
    });
  };
  cb.onSeedDone = [with](int index, const train::SeedResult& r) {
    with([&](Inbox& b) { b.seedDone.emplace_back(index, r); });
  };
  try {
    handle_ = train::startTraining(request_, cb);
  } catch (...) {
    if (error) *error = describeException(std::current_exception());
    return false;
  }
  timer_.start();
  return true;
}

void TrainRunner::cancel() {
  if (handle_) handle_->cancel();
}

void TrainRunner::drain() {
  if (!inbox_) return;
  // Take what arrived, then emit outside the lock so the worker never waits on the GUI.
  QVector<StepPoint> steps;
  QVector<EvalPoint> evals;
  QStringList logs;
  std::vector<std::pair<int, qint64>> starts;
  std::vector<std::pair<int, train::SeedResult>> done;
  const bool over = handle_ && handle_->finished();
  {
    std::lock_guard<std::mutex> lock(inbox_->mutex);
    steps.swap(inbox_->steps);
    evals.swap(inbox_->evals);
    logs.swap(inbox_->logs);
    starts.swap(inbox_->seedStarts);
    done.swap(inbox_->seedDone);
  }
  // Seed boundaries first so that points land on the right curve; points are tagged with their seed.
  for (const auto& [i, s] : starts) emit seedStarted(i, s);
  if (!logs.isEmpty()) emit logLines(logs);
  if (!steps.isEmpty()) emit this->steps(steps);
  if (!evals.isEmpty()) emit evaluations(evals);
  for (const auto& [i, r] : done) emit seedFinished(i, r);
  if (over) {
    timer_.stop();
    const train::TrainResult result = handle_->join();  // already returned: no wait
    handle_.reset();
    inbox_.reset();
    emit finished(result);
  }
}

}  // namespace pwb::ui
