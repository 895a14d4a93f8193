#include "workbench.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QFileInfo>
#include <QMenuBar>
#include <QSettings>
#include <QTimer>
#include <cstdio>
#include <memory>

#include "compare_view.h"
#include "eval_host.h"
#include "main_window.h"
#include "project.h"
#include "project_view.h"
#include "runs_view.h"
#include "screenshot_tour.h"
#include "search_view.h"
#include "sweeps_view.h"
#include "task_import.h"
#include "template_view.h"
#include "theme.h"
#include "train_view.h"
#include "verbalizer_view.h"

namespace pwb::ui {

MainWindow* createMainWindow() {
  auto* window = new MainWindow;
  Project* project = window->project();
  auto* projectView = new ProjectView(project, window);
  window->addView(projectView, QObject::tr("Project"), QObject::tr("Model, data sets and examples"));
  QObject::connect(projectView, &ProjectView::chooseModelRequested, window, &MainWindow::chooseModel);
  QObject::connect(projectView, &ProjectView::importRequested, window, &MainWindow::importData);
  auto* templates = new TemplateView(project, window);
  window->addView(templates, QObject::tr("Templates"),
                  QObject::tr("Write templates and see what the model reads"));
  auto* host = new EvalHost(project, window);
  auto* verbalizers = new VerbalizerView(project, host, window);
  window->addView(verbalizers, QObject::tr("Verbalizers"),
                  QObject::tr("Map labels to words; mask predictions and suggestions"));
  window->setCurrentPvpSource([project, templates, verbalizers]() {
    const int t = templates->currentTemplate(), v = verbalizers->currentVerbalizer();
    return std::make_pair(
        t >= 0 && t < project->templates().size() ? project->templates()[t].text : QString(),
        v >= 0 && v < project->verbalizers().size() ? project->verbalizers()[v].toSpec() : QString());
  });
  auto* compare = new CompareView(project, host, window);
  const int compareIndex =
      window->addView(compare, QObject::tr("Compare"), QObject::tr("Templates × verbalizers, side by side"));
  window->setTaskDataSink([window, compare, compareIndex](const TaskImport& request) {
    window->showView(compareIndex);
    compare->openTaskData(request);
  });
  auto* trainView = new TrainView(project, window);
  const int trainIndex = window->addView(trainView, QObject::tr("Train"),
                                         QObject::tr("Prompt-based fine-tuning, soft prompts, P-tuning"));
  auto* runs = new RunsView(project, window);
  window->addView(runs, QObject::tr("Runs"), QObject::tr("Every run, grouped by configuration"));
  QObject::connect(trainView, &TrainView::runFinished, runs, &RunsView::refresh);
  QObject::connect(runs, &RunsView::exportRequested, window, &MainWindow::exportTrainedPrompt);
  window->setSelectedRunSource([runs]() { return runs->selectedRunId(); });
  auto* sweeps = new SweepsView(project, window);
  window->addView(sweeps, QObject::tr("Sweeps"),
                  QObject::tr("Hyperparameter sweeps: build, run locally or on Slurm, read"));
  QObject::connect(sweeps, &SweepsView::runsChanged, runs, &RunsView::refresh);
  auto* search = new SearchView(project, window);
  window->addView(search, QObject::tr("Search"),
                  QObject::tr("Template search: AutoPrompt triggers, masked-LM generation, LM-BFF lists"));

  QMenu* run = window->menuBar()->addMenu(QObject::tr("&Run"));
  QAction* evaluate =
      run->addAction(QObject::tr("&Evaluate Grid"), window, [window, compare, compareIndex]() {
        window->showView(compareIndex);
        compare->evaluate();
      });
  evaluate->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
  QAction* trainAction =
      run->addAction(QObject::tr("Start &Training"), window, [window, trainView, trainIndex]() {
        window->showView(trainIndex);
        trainView->startQueue();
      });
  trainAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_T));
  QAction* cancel =
      run->addAction(QObject::tr("&Cancel Evaluation and Training"), window, [compare, trainView, search]() {
        compare->cancel();
        trainView->cancel();
        search->cancel();
      });
  cancel->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Period));
  // The Help menu stays last.
  QList<QAction*> menus = window->menuBar()->actions();
  if (menus.size() >= 2) window->menuBar()->insertAction(menus[menus.size() - 2], run->menuAction());
  return window;
}

int runWorkbench(int argc, char** argv) {
  QApplication app(argc, argv);
  QApplication::setApplicationName(QStringLiteral("prompt-workbench"));
  QApplication::setApplicationDisplayName(QObject::tr("Prompt Workbench"));
  QApplication::setOrganizationName(QStringLiteral("PromptWorkbench"));
  QApplication::setApplicationVersion(QStringLiteral(PWB_VERSION));

  QCommandLineParser parser;
  parser.setApplicationDescription(QObject::tr(
      "Prompt Workbench: templates, verbalizers, comparisons and prompt training for masked LMs."));
  parser.addHelpOption();
  parser.addVersionOption();
  QCommandLineOption demo(QStringLiteral("demo"),
                          QObject::tr("Open the demo project (created on first use)."));
  QCommandLineOption projectOpt(QStringLiteral("project"), QObject::tr("Open this project file."),
                                QObject::tr("FILE"));
  QCommandLineOption theme(QStringLiteral("theme"), QObject::tr("Colour theme: system, light or dark."),
                           QObject::tr("NAME"));
  QCommandLineOption view(QStringLiteral("view"),
                          QObject::tr("Start on this view (1 = Project … 6 = Runs, 7 = Sweeps, 8 = Search)."),
                          QObject::tr("N"));
  QCommandLineOption shots(
      QStringLiteral("screenshots"),
      QObject::tr("Build a demo project in DIR, visit every view and save screenshots there."),
      QObject::tr("DIR"));
  QCommandLineOption shotSteps(QStringLiteral("screenshot-steps"),
                               QObject::tr("Training steps of the screenshot tour."), QObject::tr("N"),
                               QStringLiteral("60"));
  parser.addOptions({demo, projectOpt, theme, view, shots, shotSteps});
  parser.process(app);  // --help / --version print and exit here

  QSettings settings;
  const QString themeName =
      parser.isSet(theme) ? parser.value(theme)
                          : settings.value(QStringLiteral("theme"), QStringLiteral("system")).toString();
  applyTheme(app, themeFromString(themeName));

  if (parser.isSet(shots)) {
    applyTheme(app, ThemeMode::Light);
    std::unique_ptr<MainWindow> tour(createMainWindow());
    return runScreenshotTour(tour.get(), parser.value(shots), parser.value(shotSteps).toInt());
  }

  MainWindow* window = createMainWindow();
  window->setAttribute(Qt::WA_DeleteOnClose);
  window->restoreWindowState();
  window->show();

  // Open after the window is shown, so errors appear in front of it.
  QTimer::singleShot(0, window, [&parser, &settings, window, demo, projectOpt, view]() {
    if (parser.isSet(projectOpt)) {
      window->openProject(parser.value(projectOpt));
    } else if (parser.isSet(demo)) {
      window->openDemoProject();
    } else {
      const QString last = settings.value(QStringLiteral("lastProject")).toString();
      if (!last.isEmpty() && QFileInfo::exists(last))
        window->openProject(last);
      else
        window->openDemoProject();  // first start: something to click on
    }
    if (parser.isSet(view)) window->showView(parser.value(view).toInt() - 1);
  });
  return app.exec();
}

}  // namespace pwb::ui
