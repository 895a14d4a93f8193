#pragma once
// Shared set-up of the GUI tests: settings and application data in a temporary place, and the demo
// project created there (demo-bert-mini + the SST-2 sample of resources/).
#include <QApplication>
#include <QElapsedTimer>
#include <QObject>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <algorithm>

#include "ui/demo_project.h"
#include "ui/project.h"

namespace pwb::ui::test {

inline void isolateSettings() {
  QStandardPaths::setTestModeEnabled(true);  // QSettings and AppDataLocation under ~/.qttest
  QApplication::setOrganizationName(QStringLiteral("PromptWorkbenchTests"));
  QApplication::setApplicationName(QStringLiteral("prompt-workbench-tests"));
  qputenv("PWB_RESOURCES", PWB_RESOURCES_DIR);
}

// Creates the demo project in `dir` and waits until its tokenizer is loaded.
inline void openDemo(Project& project, const QTemporaryDir& dir) {
  createDemoProject(project, dir.filePath(QStringLiteral("demo.pwbproj")));
  QTRY_VERIFY_WITH_TIMEOUT(project.tokenizer() != nullptr || !project.tokenizerError().isEmpty(), 20000);
  QVERIFY2(project.tokenizer() != nullptr, qPrintable(project.tokenizerError()));
}

// Ticks of a 10 ms timer on the GUI thread while long work runs: ticks() > 0 shows the work ran off the
// GUI thread. The longest gap is printed for information only; stall figures with a target belong to
// bench_gui_stall (a threshold here failed on loaded CI machines).
class StallMeter : public QObject {
 public:
  StallMeter() {
    timer_.setInterval(10);
    timer_.setTimerType(Qt::PreciseTimer);
    connect(&timer_, &QTimer::timeout, this, [this]() {
      const qint64 now = clock_.nsecsElapsed();
      if (last_ >= 0) maxGapMs_ = std::max(maxGapMs_, (now - last_) / 1e6);
      last_ = now;
      ++ticks_;
    });
    clock_.start();
    timer_.start();
  }
  double maxGapMs() const { return maxGapMs_; }
  int ticks() const { return ticks_; }

 private:
  QTimer timer_;
  QElapsedTimer clock_;
  qint64 last_ = -1;
  double maxGapMs_ = 0;
  int ticks_ = 0;
};

}  // namespace pwb::ui::test
