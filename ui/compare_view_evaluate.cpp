// CompareView's evaluation: the grid request from the form (templates, verbalizers, K-shot seeds,
// demonstrations), its run on the EvalHost one template row at a time, saving every cell to the project,
// and cancelling it.
#include <QComboBox>
#include <QElapsedTimer>
#include <QLabel>
#include <QListWidget>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QTableView>
#include <functional>

#include "background.h"
#include "common/error.h"
#include "compare_view.h"
#include "data/dataset.h"
#include "data/demo_options.h"
#include "data/kshot_sampler.h"
#include "eval/eval_session.h"
#include "eval_host.h"
#include "eval_records.h"
#include "grid_model.h"
#include "progress_relay.h"
#include "project.h"
#include "store/run_store.h"

namespace pwb::ui {

namespace {
QString q(const std::string& s) {
  return QString::fromStdString(s);
}

const char* calibrationName(eval::Calibration c) {
  switch (c) {
    case eval::Calibration::ContentFree:
      return "content-free";
    case eval::Calibration::TemplateOnly:
      return "template-only";
    case eval::Calibration::None:
      break;
  }
  return "none";
}

// Runs the grid one template at a time, handing each finished row to `rowDone` (on the worker), so that
// the GUI fills the grid as it goes instead of showing nothing until the last cell. Costs nothing extra:
// core encodes each template once per run either way, and every verbalizer of a row reuses that encoding.
// Every template × verbalizer is resolved first, so a typo in the last one still fails before the first
// forward pass. Progress: each template is an equal share of the bar.
eval::GridResult runGridByTemplate(
    eval::EvalSession& session, const eval::GridRequest& request, const eval::Progress& progress,
    const std::atomic<bool>* cancel,
    const std::function<void(size_t, const std::vector<eval::GridCell>&)>& rowDone) {
  for (const auto& run : request.runs)
    for (const auto& t : request.templates)
      for (const auto& v : request.verbalizers)
        session.resolveVerbalizer(v, run.data.labels, t, run.data.columns);
  eval::GridResult result;
  result.templates = request.templates;
  result.verbalizers = request.verbalizers;
  const int64_t templates = int64_t(request.templates.size());
  for (int64_t t = 0; t < templates; ++t) {
    eval::GridRequest one = request;
    one.templates = {request.templates[size_t(t)]};
    const eval::Progress share = [&progress, t, templates](int64_t done, int64_t total) {
      if (progress && total > 0) progress(t * 1000 + done * 1000 / total, templates * 1000);
    };
    eval::GridResult row = session.runGrid(one, share, cancel);
    result.cells.push_back(std::move(row.cells[0]));
    result.timing.encodeSeconds += row.timing.encodeSeconds;
    result.timing.scoreSeconds += row.timing.scoreSeconds;
    result.timing.encodedExamples += row.timing.encodedExamples;
    result.timing.scoredCells += row.timing.scoredCells;
    rowDone(size_t(t), result.cells.back());
  }
  return result;
}

struct GridPayload {
  eval::GridResult grid;
  QString saveError;
  int saved = 0;
  double seconds = 0;
};
}  // namespace

// The demonstration options and each run's pool: the K-shot train split of the chosen data set for the
// run's seed (K-shot mode: the seed's own split when the evaluated set is the source, as LM-BFF), or for
// seed 13 when the current data set is evaluated as a whole. Returns false (status set) on a problem.
bool CompareView::buildDemoRuns(eval::GridRequest& req, const std::shared_ptr<const data::Dataset>& data) {
  const int sampling = demoSampling_->currentIndex();
  if (sampling == 0) return true;
  req.demos.sampling = sampling == 2 ? data::DemoSampling::Similar : data::DemoSampling::Random;
  req.demos.sets = demoSets_->value();
  req.demos.perClass = demoPerClass_->value();
  const int source = demoSource_->currentData().toInt();
  std::shared_ptr<const data::Dataset> from = data;
  if (source >= 0 && source < project_->datasets().size()) {
    from = project_->datasets()[source].data;
    if (!from) {
      status_->setText(tr("✘ The demonstration data set %1 is not loaded: %2")
                           .arg(project_->datasets()[source].name, project_->datasets()[source].error));
      return false;
    }
  }
  const bool kshot = dataMode_->currentIndex() == 1;
  try {
    for (auto& run : req.runs) {
      run.demoPool = data::sampleKShot(*from, k_->value(), run.demoSeed).train;
      run.demoSplit = kshot ? "dev" : "test";
    }
  } catch (const Error& e) {
    status_->setText(tr("✘ Demonstrations: %1").arg(q(e.what())));
    return false;
  }
  return true;
}

void CompareView::cancel() {
  if (cancelFlag_) cancelFlag_->store(true);
  if (running_) status_->setText(tr("Cancelling…"));
}

void CompareView::evaluate() {
  if (running_) return;
  const auto data = project_->currentData();
  if (!data) {
    status_->setText(tr("✘ No data set: import one in the Project view."));
    emit finished(false);
    return;
  }
  eval::GridRequest req;
  templateNames_.clear();
  verbalizerNames_.clear();
  std::vector<std::optional<int64_t>> templateIds, verbalizerIds;
  for (int i = 0; i < templates_->count() && i < project_->templates().size(); ++i)
    if (templates_->item(i)->checkState() == Qt::Checked) {
      req.templates.push_back(project_->templates()[i].text.toStdString());
      templateNames_ << project_->templates()[i].name;
      templateIds.push_back(project_->templates()[i].id ? std::optional<int64_t>(project_->templates()[i].id)
                                                        : std::nullopt);
    }
  for (int i = 0; i < verbalizers_->count() && i < project_->verbalizers().size(); ++i)
    if (verbalizers_->item(i)->checkState() == Qt::Checked) {
      req.verbalizers.push_back(project_->verbalizers()[i].toSpec().toStdString());
      verbalizerNames_ << project_->verbalizers()[i].name;
      verbalizerIds.push_back(project_->verbalizers()[i].id
                                  ? std::optional<int64_t>(project_->verbalizers()[i].id)
                                  : std::nullopt);
    }
  if (req.templates.empty() || req.verbalizers.empty()) {
    status_->setText(tr("✘ Check at least one template and one verbalizer."));
    emit finished(false);
    return;
  }
  const int calib = calibration_->currentIndex();
  req.options.calibration = calib == 1   ? eval::Calibration::ContentFree
                            : calib == 2 ? eval::Calibration::TemplateOnly
                                         : eval::Calibration::None;
  req.limit = size_t(limit_->value());
  req.keepExamples = true;
  const int d = project_->currentDataset();
  const QString datasetName = project_->datasets()[d].name;
  const std::optional<int64_t> datasetId = project_->datasets()[d].id;
  std::string split = "test";
  if (dataMode_->currentIndex() == 1) {
    split = "dev";
    try {
      for (uint64_t seed : data::lmBffSeeds()) {
        auto s = data::sampleKShot(*data, k_->value(), seed);
        req.runs.push_back({"seed " + std::to_string(seed), std::move(s.dev)});
        req.runs.back().demoSeed = seed;  // the seed of the demonstrations' split and draws, when used
      }
    } catch (const Error& e) {
      status_->setText(tr("✘ %1").arg(q(e.what())));
      emit finished(false);
      return;
    }
  } else {
    req.runs.push_back({"", *data});
  }
  if (!buildDemoRuns(req, data)) {
    emit finished(false);
    return;
  }
  request_ = req;
  // Example id -> row of each run, for the predictions and flips tables (Dataset::findById is a linear
  // scan: once per row of a 1821-row table was 1.6 M string comparisons on the GUI thread per click).
  exampleRows_.assign(request_.runs.size(), {});
  for (size_t r = 0; r < request_.runs.size(); ++r) {
    const auto& examples = request_.runs[r].data.examples;
    exampleRows_[r].reserve(examples.size());
    for (size_t i = 0; i < examples.size(); ++i) exampleRows_[r].emplace(examples[i].id, i);  // first wins
  }

  running_ = true;
  ++generation_;
  evaluate_->setEnabled(false);
  cancel_->setEnabled(true);
  progress_->setValue(0);
  status_->setText(host_->hasModel()
                       ? tr("Evaluating %1 × %2 cells…").arg(req.templates.size()).arg(req.verbalizers.size())
                       : tr("No model chosen."));
  // The grid's shape at once, its rows as their templates finish; the details of the previous grid go.
  model_->startGrid(req.templates, req.verbalizers, templateNames_, verbalizerNames_);
  clearDetails();
  cancelFlag_ = std::make_shared<std::atomic<bool>>(false);
  auto cancelFlag = cancelFlag_;
  auto progress = progressTo(progress_);
  const std::string storePath = project_->path().toStdString();
  const std::string calibName = calibrationName(req.options.calibration);
  const std::string dsName = datasetName.toStdString();
  const QStringList tNames = templateNames_, vNames = verbalizerNames_;
  // Finished rows go to the GUI thread with postToGui: they arrive before the call's `done` (one queue,
  // in order), and are dropped when the view is gone or a newer evaluation has started.
  QPointer<CompareView> self(this);
  const int generation = generation_;
  auto postRow = [self, generation](size_t t, std::vector<eval::GridCell> row) {
    postToGui(self, [self, generation, t, row = std::move(row)]() {
      if (self->generation_ == generation) self->rowReady(int(t), row);
    });
  };
  host_->run<GridPayload>(
      this,
      [req, cancelFlag, progress, postRow, storePath, calibName, dsName, datasetId, templateIds,
       verbalizerIds, tNames, vNames, split](eval::EvalSession& session) {
        GridPayload p;
        QElapsedTimer timer;
        timer.start();
        // Saved here, on the worker, with its own connection (tens of thousands of prediction rows),
        // row by row: a cancelled grid keeps the cells it finished.
        std::unique_ptr<store::RunStore> store;
        try {
          store = std::make_unique<store::RunStore>(storePath);
        } catch (...) {
          p.saveError = describeException(std::current_exception());
        }
        auto saveRow = [&](size_t t, const std::vector<eval::GridCell>& row) {
          if (!store) return;
          try {
            for (size_t v = 0; v < row.size(); ++v)
              for (size_t r = 0; r < row[v].runs.size(); ++r) {
                EvaluationContext c;
                c.name = "Compare: " + tNames[int(t)].toStdString() + " x " + vNames[int(v)].toStdString() +
                         (req.runs[r].name.empty() ? "" : " (" + req.runs[r].name + ")");
                c.templateId = templateIds[t];
                c.verbalizerId = verbalizerIds[v];
                c.datasetId = datasetId;
                c.dataset = dsName;
                c.split = split;
                c.calibration = calibName;
                if (req.demos.enabled()) {
                  c.demos = data::demoOptionsToJson(req.demos);
                  c.demos["seed"] = req.runs[r].demoSeed;
                  c.demos["pool"] = req.runs[r].demoPool.path;
                  c.demos["pool_examples"] = req.runs[r].demoPool.examples.size();
                }
                store->saveEvaluation(toEvaluationRecord(row[v].runs[r], c));
                ++p.saved;
              }
          } catch (...) {
            p.saveError = describeException(std::current_exception());
            store.reset();  // one error is enough: the grid itself goes on
          }
        };
        p.grid = runGridByTemplate(session, req, progress, cancelFlag.get(),
                                   [&](size_t t, const std::vector<eval::GridCell>& row) {
                                     postRow(t, row);
                                     saveRow(t, row);
                                   });
        p.seconds = timer.elapsed() / 1000.0;
        return p;
      },
      [this](Outcome<GridPayload> out) {
        running_ = false;
        evaluate_->setEnabled(true);
        cancel_->setEnabled(false);
        if (!out.ok()) {
          progress_->setValue(0);
          const bool cancelled = cancelFlag_ && cancelFlag_->load();
          const int ready = model_->readyCells();
          if (ready == 0) model_->clear();
          QString text = cancelled ? tr("Cancelled.") : tr("✘ %1").arg(out.error);
          if (ready > 0) text += tr(" The %n finished cell(s) stay in the grid.", nullptr, ready);
          status_->setText(text);
          emit finished(false);
          return;
        }
        progress_->setValue(1000);
        QString text = tr("✔ %1 cells in %2 s (%3 forward passes).")
                           .arg(out.value->grid.templates.size() * out.value->grid.verbalizers.size())
                           .arg(out.value->seconds, 0, 'f', 1)
                           .arg(out.value->grid.timing.encodedExamples);
        text += out.value->saveError.isEmpty() ? tr(" Saved to the project.")
                                               : tr(" Not saved: %1").arg(out.value->saveError);
        status_->setText(text);
        emit finished(true);
      });
}

void CompareView::rowReady(int row, const std::vector<eval::GridCell>& cells) {
  model_->setRow(row, cells);
  // The first finished cell is shown at once; a cell the user picked meanwhile stays.
  if (shownRow_ < 0 && model_->isReady(0, 0)) {
    grid_->setCurrentIndex(model_->index(0, 0));
    showCell(0, 0);
  } else if (shownRow_ == row) {
    showCell(shownRow_, shownColumn_);
  }
  emit rowFinished(row);
}

}  // namespace pwb::ui
