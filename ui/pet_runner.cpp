#include "pet_runner.h"

#include <mutex>
#include <optional>
#include <vector>

#include "background.h"
#include "train/pet/pet_pipeline.h"

namespace pwb::ui {

struct PetRunner::Inbox {
  std::mutex mutex;
  QStringList logs;
  struct Stage {
    qint64 seed;
    QString name;
    int generation, index, total, done;
  };
  std::vector<Stage> stages;
  int trainingsStarted = 0;
  std::optional<std::tuple<int, int, double>> lastStep;  // only the newest step matters for the bar
  bool over = false;
  train::pet::PetResult result;
  QString error;
};

PetRunner::PetRunner(QObject* parent) : QObject(parent) {
  qRegisterMetaType<pwb::train::pet::PetResult>();
  timer_.setInterval(50);
  connect(&timer_, &QTimer::timeout, this, &PetRunner::drain);
}

PetRunner::~PetRunner() {
  if (cancel_) *cancel_ = true;
  if (worker_.joinable()) worker_.join();
}

int PetRunner::trainingsOf(const train::pet::PetRequest& r) {
  const int pvps = int(r.templates.size() * r.verbalizers.size());
  return int(r.base.seeds.size()) * (pvps * r.generations + (r.distill ? 1 : 0));
}

bool PetRunner::start(const train::pet::PetRequest& request, QString* error) {
  if (running_) {
    if (error) *error = tr("A PET job is already in progress.");
    return false;
  }
  try {
    train::pet::validatePetRequest(request);
  } catch (...) {
    if (error) *error = describeException(std::current_exception());
    return false;
  }
  if (worker_.joinable()) worker_.join();
  inbox_ = std::make_shared<Inbox>();
  cancel_ = std::make_shared<std::atomic<bool>>(false);
  auto box = inbox_;
  train::pet::PetCallbacks cb;
  cb.run.onLog = [box](const std::string& s) {
    std::lock_guard<std::mutex> lock(box->mutex);
    box->logs << QString::fromStdString(s);
  };
  cb.run.onProgress = [box](int step, int total, double, double, double eta) {
    std::lock_guard<std::mutex> lock(box->mutex);
    box->lastStep = std::make_tuple(step, total, eta);
  };
  cb.onStage = [box](int64_t seed, const std::string& name, int g, int i, int n) {
    std::lock_guard<std::mutex> lock(box->mutex);
    box->stages.push_back({qint64(seed), QString::fromStdString(name), g, i, n, box->trainingsStarted++});
  };
  auto cancel = cancel_;
  worker_ = std::thread([box, cancel, request, cb]() {
    train::pet::PetResult result;
    QString error;
    try {
      result = train::pet::runPet(request, cb, cancel.get());
    } catch (...) {
      error = describeException(std::current_exception());
    }
    std::lock_guard<std::mutex> lock(box->mutex);
    box->result = std::move(result);
    box->error = error;
    box->over = true;
  });
  running_ = true;
  timer_.start();
  return true;
}

void PetRunner::cancel() {
  if (cancel_) *cancel_ = true;
}

void PetRunner::drain() {
  if (!inbox_) return;
  QStringList logs;
  std::vector<Inbox::Stage> stages;
  std::optional<std::tuple<int, int, double>> step;
  bool over = false;
  {
    std::lock_guard<std::mutex> lock(inbox_->mutex);
    logs.swap(inbox_->logs);
    stages.swap(inbox_->stages);
    step.swap(inbox_->lastStep);
    over = inbox_->over;
  }
  for (const auto& s : stages) emit stage(s.seed, s.name, s.generation, s.index, s.total, s.done);
  if (!logs.isEmpty()) emit logLines(logs);
  if (step) emit stepProgress(std::get<0>(*step), std::get<1>(*step), std::get<2>(*step));
  if (over) {
    timer_.stop();
    worker_.join();
    running_ = false;
    const auto result = inbox_->result;
    const QString error = inbox_->error;
    inbox_.reset();
    emit finished(result, error);
  }
}

}  // namespace pwb::ui
