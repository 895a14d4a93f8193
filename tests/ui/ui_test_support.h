#pragma once
// Shared set-up of the GUI tests: settings and application data in a temporary place, and the demo
// project created there (demo-bert-mini + the SST-2 sample of resources/).
#include <QApplication>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

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

}  // namespace pwb::ui::test
