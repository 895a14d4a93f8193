#include "sweep_queue.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTableWidget>
#include <QThread>
#include <QVBoxLayout>
#include <algorithm>

#include "background.h"
#include "project.h"
#include "store/group_names.h"
#include "store/run_store.h"
#include "sweep/slurm_sweep.h"
#include "sweep/sweep_collect.h"
#include "sweep/sweep_dir.h"
#include "sweep/sweep_expand.h"
#include "sweep/sweep_local.h"
#include "sweep/sweep_runs.h"
#include "sweep/sweep_spec.h"

namespace pwb::ui {

namespace {

QString q(const std::string& s) {
  return QString::fromStdString(s);
}

struct QueueSnapshot {
  std::vector<sweep::TaskStatus> statuses;
  std::vector<QString> settings;  // per task, what tells it apart
  std::vector<std::string> runUids;
  bool onSlurm = false;
  QStringList warnings;
};

// The settings of a task that vary in a sweep, compactly: the method first, the seed last
// ("prompt-ft · batch 4 · lr 1e-5 · seed 13"); settings every task shares (`common`) are left out.
QString settingsText(const nlohmann::json& settings, const nlohmann::json& common) {
  QStringList parts;
  if (settings.contains("method")) parts << q(store::compactConfigValue(settings["method"]));
  for (auto it = settings.begin(); it != settings.end(); ++it) {
    const std::string& key = it.key();
    if (key == "method" || key == "seed") continue;
    if (common.contains(key) && common[key] == it.value()) continue;
    parts << q(key) + QLatin1Char(' ') + q(store::compactConfigValue(it.value()));
  }
  if (settings.contains("seed"))
    parts << QStringLiteral("seed ") + q(store::compactConfigValue(settings["seed"]));
  return parts.join(QStringLiteral(" · "));
}

QueueSnapshot readQueue(const std::string& dirPath) {
  const sweep::SweepDir dir(dirPath);
  QueueSnapshot snap;
  // Slurm's view of a submitted sweep, as `pwb sweep status` has it (nothing is asked of Slurm for a local
  // sweep, or where its commands are not installed).
  snap.onSlurm = !sweep::readSlurmRecord(dir).submissions.empty();
  std::vector<std::string> warnings;
  const sweep::SchedulerStates scheduler = sweep::slurmStatesIfSubmitted(dir, &warnings);
  for (const auto& w : warnings) snap.warnings << q(w);
  snap.statuses = sweep::sweepStatus(dir, scheduler);
  const auto plan = dir.readPlan();
  // A setting equal in every task is not shown per task: compare with the tasks' common values.
  nlohmann::json common = plan.empty() ? nlohmann::json::object() : plan.front().settings;
  for (const auto& t : plan)
    for (auto it = common.begin(); it != common.end();) {
      if (!t.settings.contains(it.key()) || t.settings[it.key()] != it.value())
        it = common.erase(it);
      else
        ++it;
    }
  for (const auto& st : snap.statuses) {
    const auto it = std::find_if(plan.begin(), plan.end(),
                                 [&](const sweep::SweepTask& t) { return t.index == st.index; });
    snap.settings.push_back(it == plan.end() ? QString() : settingsText(it->settings, common));
  }
  const auto uids = sweep::sweepRunUids(dir);
  snap.runUids.assign(uids.begin(), uids.end());
  return snap;
}

QString stateTitle(sweep::TaskState s) {
  switch (s) {
    case sweep::TaskState::Pending:
      return QObject::tr("pending");
    case sweep::TaskState::Running:
      return QObject::tr("running");
    case sweep::TaskState::Done:
      return QObject::tr("done");
    case sweep::TaskState::Failed:
      return QObject::tr("failed");
    case sweep::TaskState::Cancelled:
      return QObject::tr("cancelled");
  }
  return {};
}

// The pwb program next to this one (installed: same bin folder; build tree: bin/ next to tests/), else on
// PATH.
QString findPwb() {
  const QDir here(QCoreApplication::applicationDirPath());
  for (const QString& candidate :
       {here.filePath(QStringLiteral("pwb")), here.filePath(QStringLiteral("../bin/pwb"))})
    if (QFileInfo(candidate).isExecutable()) return QFileInfo(candidate).canonicalFilePath();
  return QStandardPaths::findExecutable(QStringLiteral("pwb"));
}

}  // namespace

SweepQueue::SweepQueue(Project* project, QWidget* parent) : QWidget(parent), project_(project) {
  setObjectName(QStringLiteral("sweepQueue"));
  program_ = findPwb();
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  auto* top = new QHBoxLayout;
  folder_ = new QLabel(tr("No sweep folder: build a sweep and run it, or open a folder."), this);
  folder_->setObjectName(QStringLiteral("sweepFolder"));
  folder_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  auto* open = new QPushButton(tr("Open Folder…"), this);
  open->setToolTip(tr("Follow a sweep folder written by pwb sweep run / submit"));
  connect(open, &QPushButton::clicked, this, &SweepQueue::chooseFolder);
  top->addWidget(folder_, 1);
  top->addWidget(open);
  layout->addLayout(top);

  auto* actions = new QHBoxLayout;
  workers_ = new QSpinBox(this);
  workers_->setObjectName(QStringLiteral("sweepWorkers"));
  workers_->setRange(1, std::max(1, QThread::idealThreadCount()));
  workers_->setValue(std::max(1, QThread::idealThreadCount() / 4));
  workers_->setPrefix(tr("workers "));
  workers_->setToolTip(tr("Parallel worker processes; each gets cores / workers threads"));
  runButton_ = new QPushButton(tr("Run Locally"), this);
  runButton_->setObjectName(QStringLiteral("sweepRunLocal"));
  submitButton_ = new QPushButton(tr("Submit to Slurm"), this);
  submitButton_->setObjectName(QStringLiteral("sweepSubmit"));
  collectButton_ = new QPushButton(tr("Collect"), this);
  collectButton_->setObjectName(QStringLiteral("sweepCollect"));
  collectButton_->setToolTip(
      tr("Merge the done tasks' runs into the project (collecting twice adds nothing)"));
  resubmitButton_ = new QPushButton(tr("Resubmit Failed"), this);
  resubmitButton_->setObjectName(QStringLiteral("sweepResubmit"));
  resubmitButton_->setToolTip(tr("Run the failed and cancelled tasks again (on Slurm when submitted there)"));
  cancelButton_ = new QPushButton(tr("Cancel"), this);
  cancelButton_->setObjectName(QStringLiteral("sweepCancel"));
  actions->addWidget(workers_);
  actions->addWidget(runButton_);
  actions->addWidget(submitButton_);
  actions->addStretch(1);
  actions->addWidget(collectButton_);
  actions->addWidget(resubmitButton_);
  actions->addWidget(cancelButton_);
  layout->addLayout(actions);

  slurmBox_ = new QGroupBox(tr("Slurm"), this);
  slurmBox_->setCheckable(false);
  auto* slurm = new QFormLayout(slurmBox_);
  auto edit = [this](const QString& placeholder, const QString& tip) {
    auto* e = new QLineEdit(this);
    e->setPlaceholderText(placeholder);
    e->setToolTip(tip);
    return e;
  };
  partition_ = edit(tr("cluster default"), tr("--partition"));
  account_ = edit(tr("cluster default"), tr("--account"));
  time_ = edit(QStringLiteral("HH:MM:SS"), tr("--time: MM, MM:SS, HH:MM:SS, D-HH, D-HH:MM, D-HH:MM:SS"));
  gres_ = edit(QStringLiteral("gpu:1"), tr("--gres, e.g. gpu:1"));
  mem_ = edit(QStringLiteral("16G"), tr("--mem"));
  cpus_ = new QSpinBox(this);
  cpus_->setRange(0, 512);
  cpus_->setSpecialValueText(tr("default"));
  cpus_->setToolTip(tr("--cpus-per-task (also the task's torch threads)"));
  maxParallel_ = new QSpinBox(this);
  maxParallel_->setRange(0, 100000);
  maxParallel_->setSpecialValueText(tr("no limit"));
  maxParallel_->setToolTip(tr("At most this many array tasks at once (%N of --array)"));
  auto* row1 = new QHBoxLayout;
  row1->addWidget(partition_);
  row1->addWidget(new QLabel(tr("account"), this));
  row1->addWidget(account_);
  row1->addWidget(new QLabel(tr("time"), this));
  row1->addWidget(time_);
  auto* row2 = new QHBoxLayout;
  row2->addWidget(gres_);
  row2->addWidget(new QLabel(tr("CPUs"), this));
  row2->addWidget(cpus_);
  row2->addWidget(new QLabel(tr("memory"), this));
  row2->addWidget(mem_);
  row2->addWidget(new QLabel(tr("max parallel"), this));
  row2->addWidget(maxParallel_);
  slurm->addRow(tr("Partition"), row1);
  slurm->addRow(tr("GRES"), row2);
  layout->addWidget(slurmBox_);

  info_ = new QLabel(this);
  info_->setObjectName(QStringLiteral("sweepQueueInfo"));
  info_->setWordWrap(true);
  info_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  layout->addWidget(info_);
  table_ = new QTableWidget(0, 6, this);
  table_->setObjectName(QStringLiteral("sweepTasks"));
  table_->setHorizontalHeaderLabels(
      {tr("Task"), tr("State"), tr("Job"), tr("Seconds"), tr("Settings"), tr("Detail")});
  table_->verticalHeader()->setVisible(false);
  table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  table_->setSelectionBehavior(QAbstractItemView::SelectRows);
  table_->setAlternatingRowColors(true);
  table_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
  table_->horizontalHeader()->setSectionResizeMode(4, QHeaderView::Stretch);
  table_->setWordWrap(false);
  layout->addWidget(table_, 1);

  connect(runButton_, &QPushButton::clicked, this, [this]() { runLocally(false); });
  connect(submitButton_, &QPushButton::clicked, this, [this]() { submitToSlurm(false); });
  connect(collectButton_, &QPushButton::clicked, this, &SweepQueue::collect);
  connect(resubmitButton_, &QPushButton::clicked, this, &SweepQueue::resubmitFailed);
  connect(cancelButton_, &QPushButton::clicked, this, &SweepQueue::cancel);
  poll_.setInterval(2000);
  connect(&poll_, &QTimer::timeout, this, &SweepQueue::refresh);
  // Another project: its sweeps are other folders.
  connect(project_, &Project::opened, this, [this]() {
    if (!busy_) setSweepDir(QString());
  });
  std::string why;
  slurmAvailable_ = sweep::slurmAvailable(&why);
  if (!slurmAvailable_) {
    submitButton_->setEnabled(false);
    submitButton_->setToolTip(q(why));
    slurmBox_->setToolTip(q(why));
  }
  updateButtons();
}

SweepQueue::~SweepQueue() {
  if (cancelLocal_) cancelLocal_->store(true);  // the workers get SIGTERM; their tasks read cancelled
}

// The folder `pwb sweep run/submit --db PROJECT` uses without --dir (defaultSweepDir of
// app/pwb/commands/sweep.cpp), so the GUI and the command line find each other's sweeps.
QString SweepQueue::defaultSweepDir(const QString& projectPath, const QString& sweepName) {
  QString base = projectPath;
  if (base.endsWith(QLatin1String(".sqlite"))) base.chop(7);
  return base + QStringLiteral(".sweeps/") + sweepName;
}

QString SweepQueue::prepare(const nlohmann::json& sweepFile) {
  if (!project_->isOpen()) return tr("Open a project first.");
  try {
    const auto spec = sweep::parseSweepText(sweepFile.dump(2), "sweep builder");
    const auto tasks = sweep::expandSweep(spec);
    const QString dir = defaultSweepDir(project_->path(), q(spec.name));
    sweep::prepareSweepDir(spec, tasks, dir.toStdString());
    setSweepDir(dir);
    return {};
  } catch (const std::exception& e) {
    return q(e.what());
  }
}

void SweepQueue::setSweepDir(const QString& dir) {
  dir_ = dir;
  ++generation_;  // a reading of the previous folder is dropped
  statuses_.clear();
  runUids_.clear();
  table_->setRowCount(0);
  info_->clear();
  folder_->setText(dir.isEmpty() ? tr("No sweep folder: build a sweep and run it, or open a folder.")
                                 : tr("Sweep folder: %1").arg(QDir::toNativeSeparators(dir)));
  folder_->setToolTip(dir);
  updateButtons();
  refresh();
}

void SweepQueue::chooseFolder() {
  const QString dir = QFileDialog::getExistingDirectory(this, tr("Open Sweep Folder"), dir_);
  if (!dir.isEmpty()) setSweepDir(dir);
}

void SweepQueue::refresh() {
  if (dir_.isEmpty()) return;
  // One reading at a time: squeue/scontrol may be slow, and the poll must not pile them up.
  if (reading_) {
    readAgain_ = true;
    return;
  }
  reading_ = true;
  const int gen = ++generation_;
  const std::string dir = dir_.toStdString();
  runInBackground<QueueSnapshot>(
      this, [dir]() { return readQueue(dir); },
      [this, gen](Outcome<QueueSnapshot> out) {
        reading_ = false;
        if (readAgain_ || gen != generation_) {
          readAgain_ = false;
          refresh();  // something changed meanwhile (another folder, a finished action): read again
          return;
        }
        if (!out.ok()) {
          info_->setText(tr("✘ %1").arg(out.error));
          poll_.stop();
          return;
        }
        auto& snap = *out.value;
        statuses_ = std::move(snap.statuses);
        runUids_ = std::move(snap.runUids);
        onSlurm_ = snap.onSlurm;
        table_->setRowCount(int(statuses_.size()));
        for (int i = 0; i < int(statuses_.size()); ++i) {
          const auto& s = statuses_[size_t(i)];
          const QStringList cells{QString::number(s.index),
                                  stateTitle(s.state),
                                  q(s.job),
                                  s.seconds > 0 ? QString::number(s.seconds, 'f', 1) : QString(),
                                  snap.settings[size_t(i)],
                                  q(s.detail)};
          for (int c = 0; c < cells.size(); ++c) {
            auto* item = new QTableWidgetItem(cells[c]);
            if (c == 4 || c == 5) item->setToolTip(cells[c]);
            table_->setItem(i, c, item);
          }
        }
        const auto n = sweep::countStates(statuses_);
        if (!busy_) {
          QString text = tr("%1 task(s): %2 pending, %3 running, %4 done, %5 failed, %6 cancelled%7.")
                             .arg(statuses_.size())
                             .arg(n.pending)
                             .arg(n.running)
                             .arg(n.done)
                             .arg(n.failed)
                             .arg(n.cancelled)
                             .arg(onSlurm_ ? tr(" (on Slurm)") : QString());
          if (!snap.warnings.isEmpty()) text += QLatin1Char(' ') + snap.warnings.join(QLatin1Char(' '));
          info_->setText(text);
        }
        // Keep following while anything may still change.
        const bool active = localRunning_ || (onSlurm_ && (n.pending > 0 || n.running > 0));
        poll_.setInterval(onSlurm_ && !localRunning_ ? 5000 : 2000);  // spare the Slurm controller
        if (active && !poll_.isActive()) poll_.start();
        if (!active) poll_.stop();
        updateButtons();
        emit refreshed();
      });
}

void SweepQueue::startBusy(const QString& what) {
  busy_ = true;
  info_->setText(what);
  updateButtons();
}

void SweepQueue::endBusy(const QString& message) {
  busy_ = false;
  info_->setText(message);
  updateButtons();
  refresh();
  emit finished();
}

void SweepQueue::updateButtons() {
  const bool haveDir = !dir_.isEmpty();
  int failed = 0, done = 0, open = 0;
  for (const auto& s : statuses_) {
    failed += s.state == sweep::TaskState::Failed || s.state == sweep::TaskState::Cancelled;
    done += s.state == sweep::TaskState::Done;
    open += s.state == sweep::TaskState::Pending || s.state == sweep::TaskState::Running;
  }
  runButton_->setEnabled(haveDir && !busy_ && !program_.isEmpty());
  submitButton_->setEnabled(haveDir && !busy_ && slurmAvailable_ && !program_.isEmpty());
  collectButton_->setEnabled(haveDir && !busy_ && done > 0);
  resubmitButton_->setEnabled(haveDir && !busy_ && failed > 0);
  cancelButton_->setEnabled(haveDir && (localRunning_ || (onSlurm_ && open > 0)));
}

void SweepQueue::runLocally(bool retryFailed) {
  if (dir_.isEmpty() || busy_) return;
  if (program_.isEmpty()) {
    info_->setText(tr("✘ The pwb program was not found next to this one or on PATH."));
    return;
  }
  auto cancelFlag = std::make_shared<std::atomic<bool>>(false);
  cancelLocal_ = cancelFlag;
  localRunning_ = true;
  sweep::LocalRunOptions options;
  options.program = program_.toStdString();
  options.workers = workers_->value();
  options.retryFailed = retryFailed;
  options.cancel = cancelFlag.get();
  const std::string dir = dir_.toStdString(), project = project_->path().toStdString();
  startBusy(tr("Running the sweep with %n worker(s)…", nullptr, options.workers));
  poll_.start();
  struct Result {
    sweep::LocalRunSummary run;
    sweep::CollectSummary collect;
  };
  runInBackground<Result>(
      this,
      [dir, project, options, cancelFlag]() {
        Result r;
        r.run = sweep::runSweepLocally(sweep::SweepDir(dir), options);
        // As `pwb sweep run`: the done tasks are merged into the project when the workers are through.
        store::RunStore store(project);
        r.collect = sweep::collectSweep(sweep::SweepDir(dir), store);
        return r;
      },
      [this](Outcome<Result> out) {
        localRunning_ = false;
        cancelLocal_.reset();
        if (!out.ok()) {
          endBusy(tr("✘ %1").arg(out.error));
          return;
        }
        const auto& r = *out.value;
        endBusy(tr("Ran %1 task(s): %2 done, %3 failed, %4 cancelled (%5 already done). Collected: %6 run(s) "
                   "added, %7 already in the project.")
                    .arg(r.run.ran)
                    .arg(r.run.done)
                    .arg(r.run.failed)
                    .arg(r.run.cancelled)
                    .arg(r.run.skipped)
                    .arg(r.collect.runsAdded)
                    .arg(r.collect.runsPresent));
        if (r.collect.runsAdded > 0) emit collected(int(r.collect.runsAdded));
      });
}

void SweepQueue::submitToSlurm(bool resubmit) {
  if (dir_.isEmpty() || busy_) return;
  sweep::SlurmOptions options;
  options.partition = partition_->text().trimmed().toStdString();
  options.account = account_->text().trimmed().toStdString();
  options.time = time_->text().trimmed().toStdString();
  options.gres = gres_->text().trimmed().toStdString();
  options.mem = mem_->text().trimmed().toStdString();
  options.cpusPerTask = cpus_->value();
  options.maxParallel = maxParallel_->value();
  const std::string dir = dir_.toStdString(), program = program_.toStdString();
  startBusy(resubmit ? tr("Resubmitting the failed tasks to Slurm…") : tr("Submitting to Slurm…"));
  runInBackground<QString>(
      this,
      [dir, program, options, resubmit]() {
        sweep::checkSlurmOptions(options);
        const sweep::SweepDir d(dir);
        const auto statuses = sweep::sweepStatus(d, sweep::slurmStatesIfSubmitted(d));
        const auto indices = resubmit ? sweep::tasksToResubmit(statuses) : sweep::tasksToSubmit(statuses);
        if (indices.empty())
          return resubmit ? QObject::tr("Nothing to resubmit: no task failed or was cancelled.")
                          : QObject::tr("Nothing to submit: every task is done, queued or running.");
        // A resubmitted task starts clean: no stale exit marker may decide its state (as pwb sweep resubmit).
        if (resubmit)
          for (int64_t i : indices) d.resetTask(i);
        const auto s = sweep::submitToSlurm(d, indices, options, program);
        return QObject::tr("Submitted %n task(s) as Slurm array job %1 (--array %2).", nullptr,
                           int(s.indices.size()))
            .arg(q(s.job), q(s.array));
      },
      [this](Outcome<QString> out) {
        if (out.ok()) onSlurm_ = true;  // recorded in DIR/slurm/submissions.json: follow it on Slurm
        endBusy(out.ok() ? *out.value : tr("✘ %1").arg(out.error));
      });
}

void SweepQueue::collect() {
  if (dir_.isEmpty() || busy_) return;
  const std::string dir = dir_.toStdString(), project = project_->path().toStdString();
  startBusy(tr("Collecting…"));
  runInBackground<sweep::CollectSummary>(
      this,
      [dir, project]() {
        store::RunStore store(project);
        return sweep::collectSweep(sweep::SweepDir(dir), store);
      },
      [this](Outcome<sweep::CollectSummary> out) {
        if (!out.ok()) {
          endBusy(tr("✘ Nothing was merged: %1").arg(out.error));
          return;
        }
        const auto& s = *out.value;
        endBusy(
            tr("Collected %1 done task(s): %2 run(s) added, %3 already in the project; %4 task(s) not done.")
                .arg(s.tasksDone)
                .arg(s.runsAdded)
                .arg(s.runsPresent)
                .arg(s.tasksNotDone));
        if (s.runsAdded > 0) emit collected(int(s.runsAdded));
      });
}

void SweepQueue::resubmitFailed() {
  if (onSlurm_)
    submitToSlurm(true);
  else
    runLocally(true);
}

void SweepQueue::cancel() {
  if (localRunning_ && cancelLocal_) {
    cancelLocal_->store(true);
    info_->setText(tr("Stopping the workers…"));
    return;
  }
  if (!onSlurm_ || busy_) return;
  const std::string dir = dir_.toStdString();
  startBusy(tr("Cancelling the Slurm tasks…"));
  runInBackground<QString>(
      this,
      [dir]() {
        const auto targets = sweep::cancelSlurmTasks(sweep::SweepDir(dir), {});
        QStringList jobs;
        for (const auto& t : targets) jobs << q(t);
        return jobs.isEmpty() ? QObject::tr("No submitted task was still queued or running.")
                              : QObject::tr("Cancelled %1.").arg(jobs.join(QStringLiteral(", ")));
      },
      [this](Outcome<QString> out) { endBusy(out.ok() ? *out.value : tr("✘ %1").arg(out.error)); });
}

}  // namespace pwb::ui
