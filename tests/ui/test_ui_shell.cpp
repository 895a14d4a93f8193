// The window and its dialogs: all six views, the demo project on first start, recent files and window
// state in QSettings, model validation with the engine's messages, the import preview with its bad-row
// report, the dark palette.
#include <QAction>
#include <QFile>
#include <QLabel>
#include <QListWidget>
#include <QSettings>
#include <QTableWidget>
#include <QtTest>

#include "common/error.h"
#include "common/paths.h"
#include "data/dataset.h"
#include "ui/import_dialog.h"
#include "ui/main_window.h"
#include "ui/model_dialog.h"
#include "ui/recent_files.h"
#include "ui/theme.h"
#include "ui/workbench.h"
#include "ui_test_support.h"

using namespace pwb;
using namespace pwb::ui;

class TestUiShell : public QObject {
  Q_OBJECT
  QTemporaryDir dir_;

 private slots:
  void initTestCase() {
    test::isolateSettings();
    QSettings().clear();
    QFile::remove(demoProjectPath());
  }

  void windowHasEveryViewAndOpensTheDemo() {
    std::unique_ptr<MainWindow> w(createMainWindow());
    w->show();
    QCOMPARE(w->viewCount(), 6);
    const QStringList names{"projectView", "templateView", "verbalizerView",
                            "compareView", "trainView",    "runsView"};
    for (int i = 0; i < 6; ++i) QCOMPARE(w->viewAt(i)->objectName(), names[i]);
    QVERIFY(w->openDemoProject());
    QVERIFY(QFile::exists(demoProjectPath()));
    QCOMPARE(w->project()->templates().size(), 4);
    QCOMPARE(w->project()->verbalizers().size(), 5);
    QCOMPARE(w->project()->datasets().size(), 3);
    QCOMPARE(int(w->project()->currentData()->examples.size()), 1821);
    QSettings s;
    QCOMPARE(RecentFiles(s).list().value(0), demoProjectPath());
    // View ▸ Compare has Ctrl+4 and switches to Compare.
    QAction* toCompare = nullptr;
    for (QAction* a : w->findChildren<QAction*>())
      if (a->shortcut() == QKeySequence(Qt::CTRL | Qt::Key_4)) toCompare = a;
    QVERIFY(toCompare);
    toCompare->trigger();
    QCOMPARE(w->currentViewIndex(), 3);
    w->close();
    QCOMPARE(QSettings().value(QStringLiteral("window/view")).toInt(), 3);
  }

  void reopeningKeepsTheProject() {
    std::unique_ptr<MainWindow> w(createMainWindow());
    QVERIFY(w->openProject(demoProjectPath()));
    QCOMPARE(w->project()->templates()[0].text, QStringLiteral("{s} it was [MASK] ."));
    QCOMPARE(w->project()->verbalizers()[0].toSpec(), QStringLiteral("1=great;0=terrible"));
    QTRY_VERIFY_WITH_TIMEOUT(w->project()->currentData() != nullptr, 10000);
    QCOMPARE(w->project()->modelDir(), QString::fromStdString(pwb::demoModelDir()));
  }

  void garbageProjectIsRefusedWithAMessage() {
    const QString path = dir_.filePath(QStringLiteral("garbage.pwbproj"));
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("this is not a database, just text that is long enough to have a header............");
    f.close();
    Project p;
    try {
      p.open(path);
      QFAIL("a text file was opened as a project");
    } catch (const Error& e) {
      QVERIFY2(QString::fromStdString(e.what()).contains(QStringLiteral("garbage.pwbproj")), e.what());
    }
    QVERIFY(!p.isOpen());
  }

  void modelValidation() {
    QString summary;
    QCOMPARE(ModelDialog::validate(QString::fromStdString(pwb::demoModelDir()), &summary), QString());
    QVERIFY2(summary.contains(QStringLiteral("Layers 6, hidden 384")), qPrintable(summary));
    const QString error = ModelDialog::validate(dir_.path());
    QVERIFY2(error.contains(QStringLiteral("config.json")), qPrintable(error));
  }

  void importPreviewReportsBadRows() {
    const QString path = dir_.filePath(QStringLiteral("small.tsv"));
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("sentence\tlabel\ngood film\t1\nbad film\t0\n\t1\nfine\t1\n");
    f.close();
    ImportDialog dialog(nullptr, path);
    QTRY_VERIFY_WITH_TIMEOUT(dialog.dataset() != nullptr, 5000);
    QCOMPARE(int(dialog.dataset()->examples.size()), 3);
    auto* problems = dialog.findChild<QListWidget*>(QStringLiteral("importProblems"));
    QVERIFY(problems->count() >= 1);
    QVERIFY2(problems->item(0)->text().contains(QStringLiteral(":4:")),
             qPrintable(problems->item(0)->text()));
    auto* preview = dialog.findChild<QTableWidget*>(QStringLiteral("importPreview"));
    QCOMPARE(preview->rowCount(), 3);
    QCOMPARE(preview->item(0, 1)->text(), QStringLiteral("good film"));
    auto* summary = dialog.findChild<QLabel*>(QStringLiteral("importSummary"));
    QVERIFY2(summary->text().contains(QStringLiteral("UTF-8")), qPrintable(summary->text()));
    // Renaming a label re-imports with the new name.
    auto* labels = dialog.findChild<QTableWidget*>(QStringLiteral("importLabels"));
    QCOMPARE(labels->rowCount(), 2);
    labels->item(1, 1)->setText(QStringLiteral("positive"));
    QTRY_VERIFY_WITH_TIMEOUT(dialog.dataset() && dialog.dataset()->labelCounts().count("positive") == 1,
                             5000);
    QCOMPARE(int(dialog.dataset()->labelCounts().at("positive")), 2);
  }

  void darkThemeIsDark() {
    applyTheme(*qApp, ThemeMode::Dark);
    QVERIFY(isDark(QApplication::palette()));
    // Heat-map text stays readable on its cell in both themes.
    for (double t : {0.0, 0.5, 1.0}) {
      const QColor bg = heatColor(t, QApplication::palette());
      QVERIFY(std::abs(textOn(bg).lightnessF() - bg.lightnessF()) > 0.35);
    }
    applyTheme(*qApp, ThemeMode::Light);
    QVERIFY(!isDark(QApplication::palette()));
  }
};

QTEST_MAIN(TestUiShell)
#include "test_ui_shell.moc"
