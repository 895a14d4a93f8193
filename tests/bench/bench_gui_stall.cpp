// GUI responsiveness: drives the real main window (createMainWindow(), offscreen) on the demo project
// through the work a user starts — opening the project and its model, a Compare grid and clicking its
// cells, a label-word search, a training run with the live loss plot, switching views, and the Runs view
// on a project with many runs — while a lateness probe on the GUI thread measures how long the event loop
// was kept from turning. Prints, per phase, the probe's samples, the longest stall and the 99th
// percentile, the three worst stalls with the driver step they happened in, and a final overall line.
//
// The probe: a 5 ms PreciseTimer on the GUI thread. Each tick records the wall-clock gap since the previous
// tick (QElapsedTimer, monotonic). While the event loop turns freely the gap is the 5 ms interval; when
// something runs on the GUI thread for T ms (a slot, a paint, a synchronous call of the driver below, which
// stands for a click handler) no tick can fire and the next gap is about T. Qt fires an overdue timer once,
// not once per missed interval, so one long block gives one long sample. "Stall" below is that gap: what a
// user would feel as the window not reacting.
//
// Each sample is also reported less the time the thread spent runnable but waiting for a CPU (Linux
// schedstat): on a loaded machine that part of a gap is the machine's, and the rest is what the program
// itself kept the GUI thread busy or blocked with. Both are printed; the target (no stall over 50 ms) is
// judged on the second where the machine is shared.
//
// Usage: bench_gui_stall [options]
//   --phases LIST        of open,compare,labels,train,views,runs (default: all; open always runs)
//   --examples N         Compare grid on the first N examples of SST-2 test (default 0 = all 1821)
//   --steps N            training steps, one live-plot point each (default 2000)
//   --train-model DIR    model to train (default: the tiny-bert test fixture; "project": demo-bert-mini)
//   --runs N             finished runs written into the project for the Runs view (default 2000)
//   --smoothing W        the Train view's loss smoothing, 0 … 0.99 (default: the view's own)
#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QStandardPaths>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTimer>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "store/run_store.h"
#include "ui/compare_view.h"
#include "ui/grid_model.h"
#include "ui/main_window.h"
#include "ui/project.h"
#include "ui/runs_view.h"
#include "ui/train_view.h"
#include "ui/verbalizer_view.h"
#include "ui/workbench.h"

using namespace pwb;
using namespace pwb::ui;

namespace {

struct Sample {
  double gapMs;      // wall-clock gap between two ticks
  double ownMs;      // the gap less the time the thread waited for a CPU (see runQueueWaitNs)
  std::string step;  // what the driver was doing during the gap
};

// Nanoseconds this thread has spent runnable but waiting for a CPU (Linux /proc/thread-self/schedstat,
// second field); -1 where unavailable. On a loaded machine the kernel can keep the GUI thread off the CPU
// for a long time: that part of a gap is the machine's, not the program's.
qint64 runQueueWaitNs() {
  std::FILE* f = std::fopen("/proc/thread-self/schedstat", "r");
  if (!f) return -1;
  unsigned long long onCpu = 0, waiting = 0;
  const bool ok = std::fscanf(f, "%llu %llu", &onCpu, &waiting) == 2;
  std::fclose(f);
  return ok ? qint64(waiting) : -1;
}

class LatenessProbe {
 public:
  LatenessProbe() {
    timer_.setInterval(5);
    timer_.setTimerType(Qt::PreciseTimer);
    QObject::connect(&timer_, &QTimer::timeout, [this]() { tick(); });
    clock_.start();
  }
  void start(const std::string& phase) {
    phase_ = phase;
    blame_ = step_ = std::string();
    samples_[phase];
    order_.push_back(phase);
    last_ = clock_.nsecsElapsed();
    lastWait_ = runQueueWaitNs();
    timer_.start();
  }
  void stop() { timer_.stop(); }
  // A gap is blamed on the step in effect at the tick that opened it and on every step set before the
  // tick that closed it: a synchronous call of the driver ends before the next tick can fire.
  void setStep(const std::string& step) {
    step_ = step;
    blame_ += (blame_.empty() ? "" : " / ") + step;
  }
  const std::vector<std::string>& phases() const { return order_; }
  const std::vector<Sample>& samples(const std::string& phase) const { return samples_.at(phase); }

 private:
  void tick() {
    const qint64 now = clock_.nsecsElapsed();
    const qint64 wait = runQueueWaitNs();
    const double gap = (now - last_) / 1e6;
    const double waited = wait >= 0 && lastWait_ >= 0 ? (wait - lastWait_) / 1e6 : 0;
    samples_[phase_].push_back({gap, std::max(0.0, gap - waited), blame_});
    blame_ = step_;
    last_ = now;
    lastWait_ = wait;
  }
  QTimer timer_;
  QElapsedTimer clock_;
  qint64 last_ = 0, lastWait_ = -1;
  std::string phase_, step_, blame_;
  std::vector<std::string> order_;
  std::map<std::string, std::vector<Sample>> samples_;
};

// The driver's "wait": the real event loop turns (the probe ticks) until `done` holds or the time is up.
bool waitFor(const std::function<bool()>& done, int timeoutMs, const char* what) {
  if (done()) return true;
  QEventLoop loop;
  QTimer poll;
  poll.setInterval(2);
  QObject::connect(&poll, &QTimer::timeout, [&]() {
    if (done()) loop.quit();
  });
  QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
  poll.start();
  loop.exec();
  if (!done()) {
    std::fprintf(stderr, "bench_gui_stall: timed out after %d ms waiting for %s\n", timeoutMs, what);
    return false;
  }
  return true;
}

void idle(int ms) {
  QEventLoop loop;
  QTimer::singleShot(ms, &loop, &QEventLoop::quit);
  loop.exec();
}

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const size_t i = std::min(v.size() - 1, size_t(p * double(v.size() - 1) + 0.5));
  return v[i];
}

struct Figures {
  size_t samples = 0;
  double maxMs = 0, p99Ms = 0, ownMaxMs = 0, ownP99Ms = 0;
};

Figures figures(const std::vector<Sample>& s) {
  std::vector<double> gaps, own;
  for (const auto& x : s) gaps.push_back(x.gapMs), own.push_back(x.ownMs);
  Figures f;
  f.samples = s.size();
  if (s.empty()) return f;
  f.maxMs = *std::max_element(gaps.begin(), gaps.end());
  f.ownMaxMs = *std::max_element(own.begin(), own.end());
  f.p99Ms = percentile(gaps, 0.99);
  f.ownP99Ms = percentile(own, 0.99);
  return f;
}

void printFigures(const char* name, const Figures& f) {
  std::printf(
      "%-8s samples %6zu  longest stall %7.1f ms  p99 %6.1f ms  |  less CPU wait: longest %7.1f ms  p99 "
      "%6.1f ms\n",
      name, f.samples, f.maxMs, f.p99Ms, f.ownMaxMs, f.ownP99Ms);
}

void report(const std::string& phase, const std::vector<Sample>& s) {
  printFigures(phase.c_str(), figures(s));
  std::vector<Sample> worst = s;
  std::sort(worst.begin(), worst.end(), [](const Sample& a, const Sample& b) { return a.gapMs > b.gapMs; });
  for (size_t i = 0; i < worst.size() && i < 3 && worst[i].gapMs > 20; ++i)
    std::printf("           %7.1f ms (%5.1f ms less CPU wait) during: %s\n", worst[i].gapMs, worst[i].ownMs,
                worst[i].step.c_str());
}

// Many finished runs with a loss curve each, written by another connection (as `pwb train --db` would).
void seedRuns(const std::string& path, int count) {
  store::RunStore s(path);
  const char* methods[] = {"prompt-ft", "soft-prompt", "p-tuning", "fine-tune"};
  const int64_t seeds[] = {13, 21, 42, 87, 100};
  for (int i = 0; i < count; ++i) {
    store::RunRecord r;
    const std::string method = methods[i % 4];
    const double lr = 1e-5 * (1 + (i / 20) % 10);
    r.name = method + " bench " + std::to_string(i);
    r.method = method;
    r.seed = seeds[i % 5];
    r.config = {{"method", method}, {"lr", lr}, {"seed", seeds[i % 5]}, {"k", 16}};
    const int64_t id = s.createRun(r);
    s.setStatus(id, store::RunStatus::Running);
    // Most runs are short; every tenth has a noisy 2000-step loss curve, as a real training run.
    const int steps = i % 10 == 9 ? 2000 : 50;
    std::vector<store::MetricPoint> loss;
    for (int step = 1; step <= steps; ++step)
      loss.push_back({step, 1.0 / std::sqrt(double(step)) + 0.3 * double((step * 7919 + i) % 101) / 101.0,
                      double(step)});
    s.importMetrics(id, "loss", loss);
    const double acc = 0.5 + 0.4 * double((i * 37) % 100) / 100.0;
    s.finishRun(id, store::RunStatus::Finished, {{"test_accuracy", acc}, {"best_dev_accuracy", acc}});
  }
}

int intOption(const QStringList& args, const QString& name, int fallback) {
  const int i = int(args.indexOf(name));
  return i >= 0 && i + 1 < args.size() ? args[i + 1].toInt() : fallback;
}

}  // namespace

int main(int argc, char** argv) {
  std::setvbuf(stdout, nullptr, _IOLBF, 0);  // figures appear as phases end, also when piped
  if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
  // Settings, application data (the demo project) and the project in a temporary place.
  QTemporaryDir home;
  qputenv("XDG_CONFIG_HOME", QDir(home.path()).filePath(QStringLiteral("config")).toLocal8Bit());
  qputenv("XDG_DATA_HOME", QDir(home.path()).filePath(QStringLiteral("data")).toLocal8Bit());
  if (qEnvironmentVariableIsEmpty("PWB_RESOURCES")) qputenv("PWB_RESOURCES", PWB_RESOURCES_DIR);
  QApplication app(argc, argv);
  QApplication::setOrganizationName(QStringLiteral("PromptWorkbenchBench"));
  QApplication::setApplicationName(QStringLiteral("bench-gui-stall"));

  const QStringList args = app.arguments();
  const int ai = int(args.indexOf(QStringLiteral("--phases")));
  const QStringList phases =
      (ai >= 0 && ai + 1 < args.size() ? args[ai + 1]
                                       : QStringLiteral("open,compare,labels,train,views,runs"))
          .split(QLatin1Char(','));
  const int examples = intOption(args, QStringLiteral("--examples"), 0);
  const int steps = intOption(args, QStringLiteral("--steps"), 2000);
  const int runCount = intOption(args, QStringLiteral("--runs"), 2000);
  // Training runs on the tiny-bert test fixture by default: thousands of steps (points for the live plot)
  // in a minute or two; --train-model project trains the project's model (demo-bert-mini) instead.
  const int tm = int(args.indexOf(QStringLiteral("--train-model")));
  QString trainModel = tm >= 0 && tm + 1 < args.size()
                           ? args[tm + 1]
                           : QStringLiteral(PWB_REFERENCE_DIR "/fixtures/tiny-bert");
  if (trainModel == QLatin1String("project")) trainModel.clear();
  auto want = [&](const char* p) { return phases.contains(QLatin1String(p)); };

  LatenessProbe meter;
  MainWindow* window = createMainWindow();
  window->resize(1280, 820);
  window->show();
  auto* verbalizers = qobject_cast<VerbalizerView*>(window->viewAt(2));
  auto* compare = qobject_cast<CompareView*>(window->viewAt(3));
  auto* train = qobject_cast<TrainView*>(window->viewAt(4));
  auto* runs = qobject_cast<RunsView*>(window->viewAt(5));
  if (!verbalizers || !compare || !train || !runs) {
    std::fprintf(stderr, "bench_gui_stall: the main window's views are not where expected\n");
    return 1;
  }
  Project* project = window->project();
  auto loaded = [project]() {
    if (!project->tokenizer()) return false;
    for (const auto& d : project->datasets())
      if (!d.data && d.error.isEmpty()) return false;
    return !project->datasets().isEmpty();
  };
  std::printf("bench_gui_stall: phases %s, compare examples %d, training steps %d, runs %d\n",
              qPrintable(phases.join(QLatin1Char(','))), examples, steps, runCount);
  QElapsedTimer wall;
  wall.start();

  // Open: File ▸ Open Demo Project creates it (imports SST-2), then the project is opened again as a
  // saved file (data sets re-imported); the model is loaded by the first model call (mask top-k).
  meter.start("open");
  meter.setStep("open demo project (create)");
  if (!window->openDemoProject()) return 1;
  meter.setStep("waiting for tokenizer and data sets");
  waitFor(loaded, 60000, "the demo project");
  const QString projectPath = project->path();
  meter.setStep("open saved project");
  if (!window->openProject(projectPath)) return 1;
  meter.setStep("waiting for tokenizer and data sets (reopen)");
  waitFor(loaded, 60000, "the reopened project");
  meter.setStep("show Verbalizers view");
  window->showView(2);
  int topK = 0;
  QObject::connect(verbalizers, &VerbalizerView::topKUpdated, [&topK]() { ++topK; });
  meter.setStep("mask top-k (loads the model)");
  verbalizers->refreshTopK();
  waitFor([&]() { return topK > 0; }, 120000, "the model and its mask top-k");
  meter.stop();
  if (!loaded()) return 1;

  std::thread seeder;
  if (want("runs"))
    seeder = std::thread([path = projectPath.toStdString(), runCount]() { seedRuns(path, runCount); });

  if (want("compare")) {
    meter.start("compare");
    meter.setStep("show Compare view");
    window->showView(3);
    compare->setLimit(examples);
    bool done = false, ok = false;
    auto c = QObject::connect(compare, &CompareView::finished, [&](bool r) { done = true, ok = r; });
    meter.setStep("evaluate grid (4 templates x 5 verbalizers)");
    compare->evaluate();
    waitFor([&]() { return done; }, 600000, "the Compare grid");
    QObject::disconnect(c);
    if (!ok)
      std::fprintf(stderr, "bench_gui_stall: the grid failed: %s\n", qPrintable(compare->statusText()));
    const int rows = compare->gridModel()->rowCount(), cols = compare->gridModel()->columnCount();
    for (int r = 0; r < rows; ++r)
      for (int col = 0; col < cols; ++col) {
        meter.setStep("click a grid cell (predictions table)");
        compare->gridView()->setCurrentIndex(compare->gridModel()->index(r, col));
        idle(20);
      }
    meter.setStep("two cells: flips");
    compare->showFlips(0, 0, rows - 1, cols - 1);
    idle(50);
    meter.stop();
  }

  if (want("labels")) {
    meter.start("labels");
    meter.setStep("show Verbalizers view");
    window->showView(2);
    int found = 0;
    auto c = QObject::connect(verbalizers, &VerbalizerView::suggestionsUpdated, [&found]() { ++found; });
    meter.setStep("label-word search");
    verbalizers->startSuggestions();
    waitFor([&]() { return found > 0; }, 600000, "the label search");
    QObject::disconnect(c);
    for (int i = 0; i < 5; ++i) {
      meter.setStep("mask top-k");
      verbalizers->refreshTopK();
      waitFor([&, n = topK]() { return topK > n; }, 60000, "mask top-k");
    }
    meter.stop();
  }

  if (want("train")) {
    meter.start("train");
    meter.setStep("show Train view");
    window->showView(4);
    if (!trainModel.isEmpty()) train->setModelOverride(trainModel);
    train->setDatasets(2, 1);  // SST-2 train → SST-2 dev
    train->setMethod(QStringLiteral("prompt-ft"));
    train->setK(16);
    train->setSeeds(QStringLiteral("13"));
    train->setBatchSize(4);
    train->setMaxLength(48);
    train->setSteps(steps, std::max(1, steps / 5));
    const int sm = int(args.indexOf(QStringLiteral("--smoothing")));
    if (sm >= 0 && sm + 1 < args.size()) train->setSmoothing(args[sm + 1].toDouble());
    bool done = false;
    auto c = QObject::connect(train, &TrainView::queueFinished, [&done]() { done = true; });
    meter.setStep("start training");
    train->startQueue();
    meter.setStep("training (live plot)");
    waitFor([&]() { return done; }, 600000, "the training run");
    QObject::disconnect(c);
    std::printf("         training: %s\n", qPrintable(train->statusText()));
    meter.stop();
  }

  if (want("views")) {
    meter.start("views");
    for (int round = 0; round < 3; ++round)
      for (int v = 0; v < window->viewCount(); ++v) {
        meter.setStep("switch to view " + std::to_string(v + 1));
        window->showView(v);
        idle(30);
      }
    meter.stop();
  }

  if (seeder.joinable()) seeder.join();
  if (want("runs")) {
    meter.start("runs");
    meter.setStep("show Runs view");
    window->showView(5);
    int refreshed = 0, curves = 0;
    auto c1 = QObject::connect(runs, &RunsView::refreshed, [&refreshed]() { ++refreshed; });
    auto c2 = QObject::connect(runs, &RunsView::lossCurvesShown, [&curves]() { ++curves; });
    meter.setStep("refresh Runs view");
    runs->refresh();
    waitFor([&]() { return refreshed > 0; }, 120000, "the Runs view");
    meter.setStep("select 50 runs (loss curves)");
    QList<int> rowsToShow;
    for (int i = 0; i < 50 && i < runs->runsTable()->rowCount(); ++i) rowsToShow << i;
    runs->selectRuns(rowsToShow);
    waitFor([&]() { return curves > 0; }, 120000, "the loss curves");
    meter.setStep("refresh Runs view again");
    runs->refresh();
    waitFor([&]() { return refreshed > 1; }, 120000, "the Runs view");
    QObject::disconnect(c1);
    QObject::disconnect(c2);
    std::printf("         runs table: %d rows\n", runs->runsTable()->rowCount());
    meter.stop();
  }

  std::printf("\n");
  std::vector<Sample> all;
  for (const auto& phase : meter.phases()) {
    report(phase, meter.samples(phase));
    all.insert(all.end(), meter.samples(phase).begin(), meter.samples(phase).end());
  }
  printFigures("overall", figures(all));
  std::printf("wall %.1f s\n", wall.elapsed() / 1000.0);
  delete window;
  return 0;
}
