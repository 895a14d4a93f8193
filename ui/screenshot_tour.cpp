#include "screenshot_tour.h"

#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QLineEdit>
#include <QListWidget>
#include <QPixmap>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QThread>
#include <cstdio>
#include <functional>

#include "common/paths.h"
#include "compare_view.h"
#include "data/dataset.h"
#include "data/dataset_import.h"
#include "demo_project.h"
#include "example_picker.h"
#include "export_dialog.h"
#include "grid_model.h"
#include "main_window.h"
#include "project.h"
#include "runs_view.h"
#include "search_view.h"
#include "sweep_builder.h"
#include "sweep_queue.h"
#include "sweep_results.h"
#include "sweeps_view.h"
#include "template_view.h"
#include "theme.h"
#include "train_view.h"
#include "verbalizer_view.h"

namespace pwb::ui {

namespace {
bool waitUntil(const std::function<bool()>& done, int timeoutMs) {
  QElapsedTimer t;
  t.start();
  while (!done()) {
    if (t.elapsed() > timeoutMs) return false;
    QApplication::processEvents(QEventLoop::AllEvents, 50);
    QThread::msleep(10);
  }
  return true;
}

void settle(int ms = 400) {
  QElapsedTimer t;
  t.start();
  while (t.elapsed() < ms) {
    QApplication::processEvents(QEventLoop::AllEvents, 20);
    // No event loop runs during the tour: deleteLater() would otherwise wait for the end.
    QApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
  }
}

template <typename T>
T* viewOf(MainWindow* w) {
  for (int i = 0; i < w->viewCount(); ++i)
    if (auto* v = qobject_cast<T*>(w->viewAt(i))) return v;
  return nullptr;
}

int indexOf(MainWindow* w, QWidget* view) {
  for (int i = 0; i < w->viewCount(); ++i)
    if (w->viewAt(i) == view) return i;
  return -1;
}
}  // namespace

int runScreenshotTour(MainWindow* w, const QString& outDir, int trainSteps) {
  QDir().mkpath(outDir);
  const QString projectPath = QDir(outDir).filePath(QStringLiteral("tour.pwbproj"));
  for (const char* suffix : {"", "-wal", "-shm"}) QFile::remove(projectPath + QLatin1String(suffix));
  int failures = 0;
  auto shoot = [&](QWidget* view, const QString& name) {
    w->showView(indexOf(w, view));
    settle();
    const QString path = QDir(outDir).filePath(name);
    if (!w->grab().save(path)) {
      std::fprintf(stderr, "screenshots: could not write %s\n", qPrintable(path));
      ++failures;
    } else {
      std::fprintf(stderr, "screenshots: %s\n", qPrintable(path));
    }
  };
  auto fail = [&](const char* what) {
    std::fprintf(stderr, "screenshots: %s\n", what);
    ++failures;
  };

  Project* project = w->project();
  try {
    createDemoProject(*project, projectPath);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "screenshots: %s\n", e.what());
    return 1;
  }
  w->resize(1280, 800);  // the smallest window the views are laid out for
  w->show();
  if (!waitUntil([&] { return project->tokenizer() != nullptr; }, 30000)) fail("tokenizer did not load");

  // 1. Project: model summary, data sets, examples.
  shoot(w->viewAt(0), QStringLiteral("01-project.png"));

  // 2. Templates: a long review at a small maximum length shows what truncation cuts.
  if (auto* t = viewOf<TemplateView>(w)) {
    t->selectTemplate(3);
    t->examplePicker()->setIndex(1);
    t->setMaxLength(24);
    t->updatePreviewNow();
    shoot(t, QStringLiteral("02-templates.png"));
    // 2b. The same view with demonstrations: one full input (query + one demonstration per class), the
    // demonstrations' text and label words coloured apart. The template is removed again so that the
    // later views (grid, training) see the demo project's usual four.
    const int demo =
        project->addTemplate(QStringLiteral("Demonstrations"),
                             QStringLiteral("{s} it was [MASK] . [DEMOS]{s} it was [LABEL] .[/DEMOS]"));
    t->selectTemplate(demo);
    t->examplePicker()->setIndex(4);
    t->setMaxLength(64);
    t->setSentenceLimits(0, 12);
    t->updatePreviewNow();
    shoot(t, QStringLiteral("02b-templates-demonstrations.png"));
    t->setSentenceLimits(0, 0);
    project->removeTemplate(demo);
  }

  // 3. Verbalizers: the mask's top-k and the label-word suggestions.
  if (auto* v = viewOf<VerbalizerView>(w)) {
    w->showView(indexOf(w, v));
    v->selectVerbalizer(0);
    bool topk = false, sugg = false;
    QObject scope;  // ends the connections below with this block: they capture its locals
    QObject::connect(v, &VerbalizerView::topKUpdated, &scope, [&] { topk = true; });
    QObject::connect(v, &VerbalizerView::suggestionsUpdated, &scope, [&] { sugg = true; });
    v->findChild<ExamplePicker*>()->setIndex(4);
    v->refreshTopK();
    v->startSuggestions();
    if (!waitUntil([&] { return topk && sugg; }, 180000)) fail("verbalizer view did not finish");
    shoot(v, QStringLiteral("03-verbalizers.png"));
  }

  // 4. Compare: the demo README's 4 x 5 grid on the SST-2 test set.
  if (auto* c = viewOf<CompareView>(w)) {
    w->showView(indexOf(w, c));
    bool finished = false;
    QObject scope;  // ends the connections below with this block: they capture its locals
    QObject::connect(c, &CompareView::finished, &scope, [&] { finished = true; });
    c->setLimit(300);  // the first 300 test sentences keep the tour short on a laptop
    c->evaluate();
    if (!waitUntil([&] { return finished; }, 600000)) fail("the grid did not finish");
    if (!c->gridModel()->isEmpty()) {
      c->gridView()->setCurrentIndex(c->gridModel()->index(0, 0));
      c->showCell(0, 0);
    }
    shoot(c, QStringLiteral("04-compare.png"));
  }

  // 5. Train: prompt-based fine-tuning and the fine-tuning baseline, 2 seeds each, short.
  if (auto* t = viewOf<TrainView>(w)) {
    w->showView(indexOf(w, t));
    int runs = 0;
    bool queueDone = false;
    QObject scope;  // ends the connections below with this block: they capture its locals
    QObject::connect(t, &TrainView::runFinished, &scope, [&] { ++runs; });
    QObject::connect(t, &TrainView::queueFinished, &scope, [&] { queueDone = true; });
    // Test on the first 200 dev sentences (a file written next to the screenshots) to keep the tour short.
    const QString small = QDir(outDir).filePath(QStringLiteral("sst2-dev-200.txt"));
    QFile in(QString::fromStdString(pwb::demoDataDir()) + QStringLiteral("/sst2/stsa.binary.dev"));
    QFile out(small);
    if (in.open(QIODevice::ReadOnly) && out.open(QIODevice::WriteOnly))
      for (int i = 0; i < 200 && !in.atEnd(); ++i) out.write(in.readLine());
    out.close();
    try {
      DatasetItem item;
      item.name = QStringLiteral("SST-2 dev (200)");
      item.path = small;
      item.data = std::make_shared<data::Dataset>(data::importDataset(small.toStdString()));
      item.format = QString::fromStdString(item.data->format);
      project->addDataset(item);
    } catch (const std::exception& e) {
      std::fprintf(stderr, "screenshots: %s\n", e.what());
    }
    t->setDatasets(2, 3);
    t->setK(16);
    t->setSeeds(QStringLiteral("13, 21"));
    t->setBatchSize(8);
    t->setSteps(trainSteps, std::max(1, trainSteps / 5));
    // Full fine-tuning states hold the whole model: only the prompt-tuning run keeps its state (exported
    // below).
    t->setMethod(QStringLiteral("prompt-tuning"));
    t->enqueue();
    t->setSaveState(false);
    t->setMethod(QStringLiteral("fine-tune"));
    t->enqueue();
    t->setMethod(QStringLiteral("prompt-ft"));
    t->enqueue();  // last: its loss curve is the one on the screenshot
    t->startQueue();
    if (!waitUntil([&] { return queueDone; }, 1200000)) fail("training did not finish");
    shoot(t, QStringLiteral("05-train.png"));
  }

  // 6. Runs: grouped by configuration, mean ± std and the seeds.
  if (auto* r = viewOf<RunsView>(w)) {
    bool refreshed = false;
    QObject scope;  // ends the connections below with this block: they capture its locals
    QObject::connect(r, &RunsView::refreshed, &scope, [&] { refreshed = true; });
    r->refresh();
    if (!waitUntil([&] { return refreshed; }, 30000)) fail("runs did not load");
    shoot(r, QStringLiteral("06-runs.png"));
    bool curves = false;
    QObject::connect(r, &RunsView::lossCurvesShown, &scope, [&] { curves = true; });
    r->selectRuns({0, 1, 2, 3});
    if (waitUntil([&] { return curves; }, 30000)) shoot(r, QStringLiteral("07-runs-loss-curves.png"));
  }

  // 7. Export: the prompt-tuning run as a PEFT adapter, with the nearest tokens of its vectors.
  qint64 promptRun = 0;
  if (auto* r = viewOf<RunsView>(w))
    for (const auto& run : r->runs())
      if (run.method == "prompt-tuning" && promptRun == 0) promptRun = run.id;
  {
    ExportDialog dialog(project, promptRun, w);
    dialog.resize(860, 720);
    dialog.show();
    bool loaded = false, exported = false;
    QObject scope;  // ends the connections below with this block: they capture its locals
    QObject::connect(&dialog, &ExportDialog::runsLoaded, &scope, [&] { loaded = true; });
    QObject::connect(&dialog, &ExportDialog::exportFinished, &scope, [&] { exported = true; });
    if (!waitUntil([&] { return loaded; }, 30000)) fail("export dialog did not list the runs");
    dialog.setFormat(ExportDialog::Peft);
    dialog.setNearestCount(4);
    dialog.setOutputPath(QDir(outDir).filePath(QStringLiteral("peft-export")));
    dialog.startExport();
    if (!waitUntil([&] { return exported; }, 120000)) fail("export did not finish");
    settle();
    const QString path = QDir(outDir).filePath(QStringLiteral("08-export.png"));
    if (!dialog.grab().save(path)) fail("could not write 08-export.png");
  }

  // 8. Sweeps: learning rate x batch size (x prompt length for prompt tuning) over two seeds, run by two
  // local worker processes, then read: parallel coordinates and the best configuration per method.
  if (auto* s = viewOf<SweepsView>(w)) {
    w->showView(indexOf(w, s));
    SweepBuilder* b = s->builder();
    b->nameEdit()->setText(QStringLiteral("tour-sweep"));
    for (int i = 0; i < b->methodList()->count(); ++i) {
      const QString id = b->methodList()->item(i)->data(Qt::UserRole).toString();
      const bool on = id == QLatin1String("prompt-ft") || id == QLatin1String("prompt-tuning");
      b->methodList()->item(i)->setCheckState(on ? Qt::Checked : Qt::Unchecked);
    }
    b->setDatasets(2, 3);  // train on SST-2 train, test on the 200 dev sentences added above
    b->seedsEdit()->setText(QStringLiteral("13, 21"));
    b->kEdit()->setText(QStringLiteral("16"));
    b->lrEdit()->setText(QStringLiteral("1e-4, 1e-3, 1e-2"));
    b->batchEdit()->setText(QStringLiteral("4, 8"));
    b->promptLengthEdit()->setText(QStringLiteral("4, 16"));
    b->stepsSpin()->setValue(std::max(10, trainSteps / 3));
    if (!s->createSweepFolder().isEmpty()) fail("the sweep folder could not be written");
    SweepQueue* queue = s->queue();
    bool ran = false, read = false;
    QObject scope;  // ends the connections below with this block: they capture its locals
    QObject::connect(queue, &SweepQueue::finished, &scope, [&] { ran = true; });
    QObject::connect(s->results(), &SweepResults::refreshed, &scope, [&] { read = true; });
    queue->workersSpin()->setValue(2);
    waitUntil([&] { return !queue->statuses().empty(); }, 10000);
    queue->runLocally();
    if (!waitUntil([&] { return ran; }, 1800000)) fail("the sweep did not finish");
    waitUntil([&] { return !queue->busy() && queue->runUids().size() == queue->statuses().size(); }, 20000);
    shoot(s, QStringLiteral("12-sweep-queue.png"));
    read = false;
    s->tabs()->setCurrentWidget(s->results());  // re-reads the sweep's runs
    if (!waitUntil([&] { return read && !s->results()->summary().points.empty(); }, 30000))
      fail("the sweep's runs did not load");
    shoot(s, QStringLiteral("11-sweeps.png"));
  }

  // 9. Search: the first eight templates of LM-BFF's SST-2 list (auto_template/SST-2/16-13.sort.txt, written
  // next to the screenshots) ranked on the dev splits of two seeds (K=16), tested on the 200 dev sentences;
  // the best is added to the project's templates.
  if (auto* s = viewOf<SearchView>(w)) {
    w->showView(indexOf(w, s));
    const QString list = QDir(outDir).filePath(QStringLiteral("sst2-16-13.sort.txt"));
    QFile out(list);
    if (out.open(QIODevice::WriteOnly)) {
      out.write(
          "*cls**sent_0*_And_that_is*mask*.*sep+*\n*cls*_Not*mask*.*+sent_0**sep+*\n"
          "*cls**sent_0*_A_truly*mask*_movie.*sep+*\n*cls**sent_0*_A*mask*_film.*sep+*\n"
          "*cls**sent_0*_A*mask*_waste_of_time.*sep+*\n*cls**sent_0*_This_is*mask*.*sep+*\n"
          "*cls**sent_0*_I_thought_it_was*mask*.*sep+*\n*cls**sent_0*_The_ending_is*mask*.*sep+*\n");
      out.close();
    }
    s->setMethod(search::SearchMethod::LmBffList);
    s->setLmBffFile(list);
    s->setVerbalizerSpec(QStringLiteral("1=great;0=terrible"));
    s->setDatasets(2, 3);
    s->setK(16);
    s->setSeeds(QStringLiteral("13, 21"));
    bool done = false;
    QObject scope;  // ends the connections below with this block: they capture its locals
    QObject::connect(s, &SearchView::searchFinished, &scope, [&] { done = true; });
    s->start();
    if (!waitUntil([&] { return done; }, 1200000)) fail("the search did not finish");
    s->candidatesTable()->selectRow(0);
    s->useCandidate(0);
    shoot(s, QStringLiteral("13-search.png"));
  }

  // 10. The dark theme, switched at run time (plots and heat-map follow the palette).
  applyTheme(*qApp, ThemeMode::Dark);
  settle(600);
  if (auto* c = viewOf<CompareView>(w)) shoot(c, QStringLiteral("09-compare-dark.png"));
  if (auto* t = viewOf<TrainView>(w)) shoot(t, QStringLiteral("10-train-dark.png"));
  applyTheme(*qApp, ThemeMode::Light);
  project->close();
  return failures == 0 ? 0 : 1;
}

}  // namespace pwb::ui
