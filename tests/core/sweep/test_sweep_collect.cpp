// Sweep folders without training: task run files written with RunStore as a task writes them, then
// task states from markers (and scheduler states), collect counts against hand numbers, collecting twice
// adds nothing, a failure injected mid-merge leaves the project as before, a task file of a newer schema is
// refused naming the file, runs of different models keep their model.
#include <sys/wait.h>
#include <unistd.h>

#include <QTemporaryDir>
#include <QtTest>

#include "common/error.h"
#include "store/database.h"
#include "store/process_info.h"
#include "store/run_store.h"
#include "store/statement.h"
#include "support/error_of.h"
#include "sweep/sweep_collect.h"
#include "sweep/sweep_dir.h"
#include "sweep/sweep_expand.h"
#include "sweep/sweep_status.h"

using namespace pwb::sweep;
using namespace pwb::store;
using pwb::test::errorOf;

namespace {

// 2 models x 4 seeds = 8 tasks.
const char* kSpec = R"({"name": "t", "fixed": {"train": "/d/train.tsv", "test": "/d/test.tsv"},
  "axes": {"model": ["/models/a", "/models/b"], "seed": [1, 2, 3, 4]}})";

// The run a finished task leaves in its file: 3 metric points, a test evaluation with 2 predictions, an
// inline artifact; its model row named after the task's model.
std::string writeTaskRun(const SweepDir& dir, const SweepTask& task) {
  RunStore st(dir.runFile(task.index));
  const std::string model = task.settings["model"];
  RunRecord r;
  r.method = "prompt-ft";
  r.name = "task " + std::to_string(task.index);
  r.config = task.settings;
  r.seed = task.settings["seed"].get<int64_t>();
  r.modelId = st.saveModel({0, model, model, "hash-" + model, 0});
  r.templateId = st.saveTemplate({0, "t", "{s} it was [MASK] .", 0});
  r.datasetId = st.saveDataset({0, "train", "/d/train.tsv", "tsv", "abc", 10, 0});
  const int64_t id = st.createRun(r);
  st.setStatus(id, RunStatus::Running);
  for (int step = 1; step <= 3; ++step) st.appendMetric(id, step, "loss", 1.0 / step);
  EvaluationRecord e;
  e.runId = id;
  e.name = "test";
  e.templateId = r.templateId;
  e.split = "test";
  e.labels = {"0", "1"};
  e.accuracy = 0.5 + 0.01 * task.index;
  e.n = 2;
  e.predictions = {{0, "a", std::string("0"), "0", {0.9, 0.1}}, {1, "b", std::string("1"), "0", {0.6, 0.4}}};
  st.saveEvaluation(e);
  ArtifactRecord a;
  a.runId = id;
  a.kind = "prompt-embeddings";
  a.name = "soft";
  a.data = {1, 2, 3};
  st.saveArtifact(a);
  st.finishRun(id, RunStatus::Finished, {{"test_accuracy", 0.5 + 0.01 * task.index}});
  return st.getRun(id).uid;
}

void markDone(const SweepDir& dir, int64_t index, const std::string& uid, const std::string& job = "") {
  ExitMarker m;
  m.exitCode = 0;
  m.status = "finished";
  m.host = currentHost();
  m.job = job;
  m.runUid = uid;
  dir.writeExit(index, m);
}

int64_t count(RunStore& st, const char* table) {
  Statement s(st.database(), std::string("SELECT count(*) FROM ") + table);
  s.step();
  return s.getInt64(0);
}

struct Fixture {
  QTemporaryDir tmp;
  SweepSpec spec = parseSweepText(kSpec, "t.json");
  std::vector<SweepTask> tasks = expandSweep(spec);
  SweepDir dir = prepareSweepDir(spec, tasks, tmp.filePath("sweep").toStdString());
  std::string project = tmp.filePath("project.sqlite").toStdString();
  // Tasks 0..5 done (0 with a Slurm job), 6 failed, 7 pending.
  void finishSix() {
    for (int i = 0; i < 6; ++i) markDone(dir, i, writeTaskRun(dir, tasks[i]), i == 0 ? "77_0" : "");
    ExitMarker failed;
    failed.exitCode = 1;
    failed.status = "failed";
    failed.message = "the loss became NaN";
    dir.writeExit(6, failed);
  }
};

}  // namespace

class TestSweepCollect : public QObject {
  Q_OBJECT
 private slots:
  void layoutAndPlan();
  void statusFromMarkers();
  void collectCopiesEverythingOnce();
  void collectIsTransactional();
  void newerSchemaTaskFileIsRefused();
};

void TestSweepCollect::layoutAndPlan() {
  Fixture f;
  QCOMPARE(f.tasks.size(), size_t(8));
  QVERIFY(QFile::exists(QString::fromStdString(f.dir.planPath())));
  QCOMPARE(QString::fromStdString(f.dir.runFile(3)), f.tmp.filePath("sweep/tasks/3.sqlite"));
  QCOMPARE(QString::fromStdString(f.dir.exitMarker(3)), f.tmp.filePath("sweep/tasks/3.exit"));
  const auto plan = f.dir.readPlan();
  QCOMPARE(plan.size(), size_t(8));
  for (size_t i = 0; i < plan.size(); ++i) {
    QCOMPARE(plan[i].key, f.tasks[i].key);
    QCOMPARE(plan[i].settings, f.tasks[i].settings);
  }
  QCOMPARE(f.dir.sweepName(), std::string("t"));
  // The same sweep again: accepted; another sweep in the same folder: refused.
  prepareSweepDir(f.spec, f.tasks, f.dir.dir());
  const auto other =
      expandSweep(parseSweepText(R"({"fixed": {"train": "/x", "test": "/y", "seed": 5}})", "o.json"));
  const QString e = errorOf([&] { prepareSweepDir(f.spec, other, f.dir.dir()); });
  QVERIFY2(e.contains("holds another sweep"), qPrintable(e));
  QVERIFY2(errorOf([&] { f.dir.task(8); }).contains("no task 8 (the sweep has 8 tasks, 0..7)"),
           "index check");
}

void TestSweepCollect::statusFromMarkers() {
  Fixture f;
  markDone(f.dir, 0, writeTaskRun(f.dir, f.tasks[0]));
  ExitMarker failed;
  failed.exitCode = 1;
  failed.status = "failed";
  failed.message = "boom";
  f.dir.writeExit(1, failed);
  ExitMarker cancelled = failed;
  cancelled.status = "cancelled";
  f.dir.writeExit(2, cancelled);
  // Task 3 runs in this (live) process; task 4's process is gone.
  f.dir.writeStart(3, {nowSeconds(), currentHost(), currentPid(), ""});
  const pid_t child = fork();
  if (child == 0) _exit(0);
  waitpid(child, nullptr, 0);
  f.dir.writeStart(4, {1.0, currentHost(), child, ""});
  markDone(f.dir, 5, "");  // finished by its marker, but no run file
  auto s = sweepStatus(f.dir);
  QCOMPARE(s.size(), size_t(8));
  QCOMPARE(taskStateName(s[0].state), std::string("done"));
  QVERIFY(s[0].collectable);
  QCOMPARE(taskStateName(s[1].state), std::string("failed"));
  QCOMPARE(s[1].detail, std::string("boom"));
  QCOMPARE(taskStateName(s[2].state), std::string("cancelled"));
  QCOMPARE(taskStateName(s[3].state), std::string("running"));
  QCOMPARE(taskStateName(s[4].state), std::string("failed"));
  QVERIFY(s[4].detail.find("ended without an exit marker") != std::string::npos);
  QCOMPARE(taskStateName(s[5].state), std::string("failed"));
  QCOMPARE(taskStateName(s[6].state), std::string("pending"));
  auto c = countStates(s);
  QCOMPARE(c.done, int64_t(1));       // 0
  QCOMPARE(c.failed, int64_t(3));     // 1, 4, 5
  QCOMPARE(c.cancelled, int64_t(1));  // 2
  QCOMPARE(c.running, int64_t(1));    // 3
  QCOMPARE(c.pending, int64_t(2));    // 6, 7
  // A start marker older than the live process that has its id: the task's own process died and the id
  // was given to a newer one (store::ownerAlive), so the task is not running.
  f.dir.writeStart(3, {1.0, currentHost(), currentPid(), ""});
  QCOMPARE(taskStateName(sweepStatus(f.dir)[3].state), std::string("failed"));
  f.dir.writeStart(3, {nowSeconds(), currentHost(), currentPid(), ""});
  // A scheduler's word: it decides where no exit marker does.
  SchedulerStates sched;
  sched[3] = {TaskState::Cancelled, "9_3", "CANCELLED by 1000"};
  sched[6] = {TaskState::Running, "9_6", "RUNNING"};
  sched[7] = {TaskState::Done, "9_7", "COMPLETED"};
  sched[0] = {TaskState::Failed, "9_0", "FAILED"};  // the exit marker wins
  s = sweepStatus(f.dir, sched);
  QCOMPARE(taskStateName(s[3].state), std::string("cancelled"));
  QCOMPARE(s[3].job, std::string("9_3"));
  QCOMPARE(taskStateName(s[6].state), std::string("running"));
  QCOMPARE(taskStateName(s[7].state), std::string("failed"));  // "completed" without a marker
  QCOMPARE(taskStateName(s[0].state), std::string("done"));
  // Providers registered by scheduler back-ends are asked by querySchedulers.
  addSchedulerStateProvider([](const SweepDir&) {
    return SchedulerStates{{7, {TaskState::Pending, "9_7", "PENDING"}}};
  });
  QCOMPARE(taskStateName(sweepStatus(f.dir, querySchedulers(f.dir))[7].state), std::string("pending"));
  // A resubmitted task starts clean.
  f.dir.resetTask(0);
  QCOMPARE(taskStateName(sweepStatus(f.dir)[0].state), std::string("pending"));
  QVERIFY(!QFile::exists(QString::fromStdString(f.dir.runFile(0))));
}

void TestSweepCollect::collectCopiesEverythingOnce() {
  Fixture f;
  f.finishSix();
  RunStore project(f.project);
  const auto c = collectSweep(f.dir, project);
  QCOMPARE(c.tasksDone, int64_t(6));
  QCOMPARE(c.tasksNotDone, int64_t(2));
  QCOMPARE(c.runsAdded, int64_t(6));
  QCOMPARE(c.runsPresent, int64_t(0));
  QCOMPARE(count(project, "runs"), int64_t(6));
  QCOMPARE(count(project, "metrics"), int64_t(6 * 3));
  QCOMPARE(count(project, "evaluations"), int64_t(6));
  QCOMPARE(count(project, "predictions"), int64_t(6 * 2));
  QCOMPARE(count(project, "artifacts"), int64_t(6));
  // Rows saved by content: 2 models (tasks 0-3 model a, 4-5 model b), 1 template, 1 data set.
  QCOMPARE(count(project, "models"), int64_t(2));
  QCOMPARE(count(project, "templates"), int64_t(1));
  QCOMPARE(count(project, "datasets"), int64_t(1));
  for (int i = 0; i < 6; ++i) {
    RunStore task(f.dir.runFile(i));
    const RunRecord src = task.listRuns().at(0);
    const auto id = project.findRunByUid(src.uid);
    QVERIFY(id);
    const RunRecord dst = project.getRun(*id);
    QCOMPARE(dst.createdAt, src.createdAt);
    QCOMPARE(*dst.endedAt, *src.endedAt);
    QCOMPARE(dst.results, src.results);
    QCOMPARE(dst.configKey, src.configKey);
    QCOMPARE(runStatusName(dst.status), std::string("finished"));
    QCOMPARE(project.getModel(*dst.modelId).path, f.tasks[i].settings["model"].get<std::string>());
    QCOMPARE(dst.job, std::string(i == 0 ? "77_0" : ""));
    const auto ev = project.listEvaluations(*id);
    QCOMPARE(ev.size(), size_t(1));
    QCOMPARE(ev[0].accuracy, 0.5 + 0.01 * i);
    const auto full = project.getEvaluation(ev[0].id);
    QCOMPARE(full.predictions.at(1).probabilities, (std::vector<double>{0.6, 0.4}));
    QCOMPARE(project.getArtifact(project.listArtifacts(*id).at(0).id).data, (std::vector<uint8_t>{1, 2, 3}));
    const auto loss = project.runMetrics(*id, "loss");
    QCOMPARE(loss.size(), size_t(3));
    QCOMPARE(loss[2].value, 1.0 / 3);
  }
  // Twice: nothing added.
  const auto again = collectSweep(f.dir, project);
  QCOMPARE(again.runsAdded, int64_t(0));
  QCOMPARE(again.runsPresent, int64_t(6));
  QCOMPARE(count(project, "runs"), int64_t(6));
  QCOMPARE(count(project, "metrics"), int64_t(18));
  QCOMPARE(count(project, "models"), int64_t(2));
  // Task 7 finishes later: only it is added.
  markDone(f.dir, 7, writeTaskRun(f.dir, f.tasks[7]));
  const auto later = collectSweep(f.dir, project);
  QCOMPARE(later.runsAdded, int64_t(1));
  QCOMPARE(count(project, "runs"), int64_t(7));
  QCOMPARE(count(project, "models"), int64_t(2));
}

void TestSweepCollect::collectIsTransactional() {
  Fixture f;
  f.finishSix();
  {
    RunStore project(f.project);
    project.saveTemplate({0, "mine", "{s} [MASK]", 0});  // the project had something before
    CollectOptions fail;
    fail.failAfterRuns = 3;  // three runs (with their rows) are in, then an error
    const QString e = errorOf([&] { collectSweep(f.dir, project, fail); });
    QVERIFY2(e.contains("stopped by the test hook after 3 runs"), qPrintable(e));
    QCOMPARE(count(project, "runs"), int64_t(0));
    QCOMPARE(count(project, "metrics"), int64_t(0));
    QCOMPARE(count(project, "evaluations"), int64_t(0));
    QCOMPARE(count(project, "models"), int64_t(0));
    QCOMPARE(count(project, "templates"), int64_t(1));
  }
  // A crash (the process ends inside the transaction, no destructor runs) leaves the file as before too.
  const pid_t child = fork();
  if (child == 0) {
    RunStore project(f.project);
    CollectOptions crash;
    crash.afterRun = [](int64_t added) {
      if (added == 4) _exit(3);
    };
    collectSweep(f.dir, project, crash);
    _exit(0);
  }
  int status = 0;
  waitpid(child, &status, 0);
  QVERIFY(WIFEXITED(status));
  QCOMPARE(WEXITSTATUS(status), 3);
  RunStore project(f.project);
  QCOMPARE(count(project, "runs"), int64_t(0));
  // Then a whole collect.
  QCOMPARE(collectSweep(f.dir, project).runsAdded, int64_t(6));
  QCOMPARE(count(project, "templates"), int64_t(2));
}

void TestSweepCollect::newerSchemaTaskFileIsRefused() {
  Fixture f;
  f.finishSix();
  {
    Database db(f.dir.runFile(2));
    db.exec("PRAGMA user_version = 99");
  }
  RunStore project(f.project);
  const QString e = errorOf([&] { collectSweep(f.dir, project); });
  QVERIFY2(e.contains(QString::fromStdString(f.dir.runFile(2))) && e.contains("newer"), qPrintable(e));
  QCOMPARE(count(project, "runs"), int64_t(0));
}

QTEST_GUILESS_MAIN(TestSweepCollect)
#include "test_sweep_collect.moc"
