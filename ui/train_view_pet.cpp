// The Train view's PET / iPET jobs: queued like training runs, run by PetRunner (pet_runner.h) on its worker
// thread, with progress per stage (seed, generation, member / distillation) and the job's numbers in the
// queue table. The members and the distilled classifier are runs of the project: the Runs view shows them.
#include <QLabel>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QTableWidget>
#include <algorithm>

#include "background.h"
#include "eval/metrics.h"
#include "pet_panel.h"
#include "pet_runner.h"
#include "train_view.h"

namespace pwb::ui {
namespace {

QString pct(double v) {
  return QString::number(v * 100, 'f', 1);
}

// "PET: members 71.2, ensemble 74.0 / 74.3, distilled 72.8" over the seeds (means).
QString summaryOf(const train::pet::PetResult& r) {
  std::vector<double> best, uniform, weighted, distilled;
  for (const auto& s : r.seeds) {
    if (s.generations.empty()) continue;
    const auto& g = s.generations.back();
    double top = 0;
    for (const auto& m : g.members) top = std::max(top, m.testAccuracy);
    best.push_back(top);
    uniform.push_back(g.uniformAccuracy);
    if (g.weightedAccuracy >= 0) weighted.push_back(g.weightedAccuracy);
    if (s.hasDistilled) distilled.push_back(s.distilledAccuracy);
  }
  auto mean = [](const std::vector<double>& v) { return pct(eval::summarizeRuns(v).mean); };
  QStringList parts;
  if (!best.empty()) parts << TrainView::tr("best member %1").arg(mean(best));
  if (!uniform.empty()) parts << TrainView::tr("ensemble %1").arg(mean(uniform));
  if (!weighted.empty()) parts << TrainView::tr("PET-weighted %1").arg(mean(weighted));
  if (!distilled.empty()) parts << TrainView::tr("distilled %1").arg(mean(distilled));
  return parts.join(QStringLiteral(", ")) + TrainView::tr(", n=%1").arg(r.seeds.size());
}

}  // namespace

void TrainView::enqueuePet(const train::TrainRequest& base) {
  train::TrainRequest b = base;
  b.method = "prompt-ft";
  Job job;
  job.isPet = true;
  job.pet = pet_->request(b);
  train::pet::validatePetRequest(job.pet);
  job.request = job.pet.base;
  job.label = tr("PET · %1 pair(s) · %2 generation(s) · K=%3 · %n seed(s) · %4 steps", nullptr,
                 int(job.pet.base.seeds.size()))
                  .arg(pet_->checkedPairs())
                  .arg(job.pet.generations)
                  .arg(job.pet.base.k)
                  .arg(job.pet.base.steps);
  job.state = tr("queued");
  jobs_ << job;
  refreshQueueTable();
  status_->setText(tr("Queued. Press Start to train the queue."));
}

bool TrainView::startPet(int index) {
  Job& job = jobs_[index];
  QString error;
  petTrainings_ = std::max(1, PetRunner::trainingsOf(job.pet));
  petDone_ = 0;
  if (!petRunner_->start(job.pet, &error)) {
    job.state = tr("failed");
    job.result = error;
    status_->setText(tr("✘ %1").arg(error));
    refreshQueueTable();
    return false;
  }
  job.state = tr("running");
  refreshQueueTable();
  startButton_->setEnabled(false);
  cancelButton_->setEnabled(true);
  status_->setText(tr("Training %1…").arg(job.label));
  log_->appendPlainText(tr("== %1 (work folder %2)").arg(job.label, QString::fromStdString(job.pet.workDir)));
  return true;
}

void TrainView::onPetStage(qint64 seed, const QString& stage, int generation, int index, int total,
                           int done) {
  petDone_ = done;
  progress_->setValue(int(1000.0 * done / petTrainings_));
  status_->setText(stage == QLatin1String("members")
                       ? tr("PET, seed %1, generation %2: member %3 of %4")
                             .arg(seed)
                             .arg(generation)
                             .arg(index + 1)
                             .arg(total)
                       : tr("PET, seed %1: distilling the ensemble into the classifier").arg(seed));
}

void TrainView::onPetStep(int step, int totalSteps, double eta) {
  if (totalSteps <= 0) return;
  const double within = double(step) / totalSteps;
  progress_->setValue(int(1000.0 * (petDone_ + within) / petTrainings_));
  eta_->setText(
      tr("step %1 / %2 of this stage, %3 s left in it").arg(step).arg(totalSteps).arg(int(eta + 0.5)));
}

void TrainView::onPetFinished(const train::pet::PetResult& result, const QString& error) {
  if (currentJob_ >= 0) {
    Job& job = jobs_[currentJob_];
    if (!error.isEmpty()) {
      job.state = tr("failed");
      job.result = error;
    } else {
      job.state = QString::fromLatin1(train::statusName(result.status));
      job.result = result.seeds.empty() ? QString::fromStdString(result.message) : summaryOf(result);
    }
  }
  refreshQueueTable();
  if (error.isEmpty() && result.status == train::RunStatus::Finished) {
    progress_->setValue(1000);
    status_->setText(tr("✔ PET finished in %1 s: %2. The members and the classifier are in the Runs view.")
                         .arg(result.seconds, 0, 'f', 1)
                         .arg(currentJob_ >= 0 ? jobs_[currentJob_].result : QString()));
  } else {
    status_->setText(error.isEmpty()
                         ? tr("%1: %2 (finished members are kept: start the job again to continue)")
                               .arg(QString::fromLatin1(train::statusName(result.status)),
                                    QString::fromStdString(result.message))
                         : tr("✘ %1").arg(error));
  }
  emit petFinished(result, error);
  startNext();
}

}  // namespace pwb::ui
