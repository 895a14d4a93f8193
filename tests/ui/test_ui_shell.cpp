// The window and its dialogs: all six views, the demo project on first start, recent files and window
// state in QSettings, model validation with the engine's messages, the import preview with its bad-row
// report, the dark palette.
#include <qcustomplot.h>

#include <QAction>
#include <QFile>
#include <QLabel>
#include <QListWidget>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QScopeGuard>
#include <QSettings>
#include <QTableWidget>
#include <QTranslator>
#include <QtTest>

#include "common/error.h"
#include "common/paths.h"
#include "data/dataset.h"
#include "ui/export_dialog.h"
#include "ui/import_dialog.h"
#include "ui/main_window.h"
#include "ui/model_dialog.h"
#include "ui/recent_files.h"
#include "ui/theme.h"
#include "ui/translation_loader.h"
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
    QCOMPARE(w->viewCount(), 8);
    const QStringList names{"projectView", "templateView", "verbalizerView", "compareView",
                            "trainView",   "runsView",     "sweepsView",     "searchView"};
    for (int i = 0; i < 8; ++i) QCOMPARE(w->viewAt(i)->objectName(), names[i]);
    QVERIFY(w->openDemoProject());
    QVERIFY(QFile::exists(demoProjectPath()));
    QCOMPARE(w->project()->templates().size(), 4);
    QCOMPARE(w->project()->verbalizers().size(), 5);
    QCOMPARE(w->project()->datasets().size(), 3);
    QCOMPARE(int(w->project()->currentData()->examples.size()), 1821);
    // The examples caption says what the core's summary says (in the interface language).
    auto* caption = w->viewAt(0)->findChild<QLabel*>(QStringLiteral("examplesCaption"));
    QVERIFY(caption);
    QTRY_COMPARE(caption->text(), w->project()->datasets()[w->project()->currentDataset()].name +
                                      QStringLiteral(" — ") +
                                      QString::fromStdString(w->project()->currentData()->summary()));
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

  // File ▸ Export Trained Prompt (Ctrl+Shift+E) opens the export dialog on the project's runs.
  void exportActionOpensTheDialog() {
    std::unique_ptr<MainWindow> w(createMainWindow());
    w->show();
    QVERIFY(w->openDemoProject());
    QAction* exportAction = nullptr;
    for (QAction* a : w->findChildren<QAction*>())
      if (a->shortcut() == QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E)) exportAction = a;
    QVERIFY(exportAction);
    QCOMPARE(exportAction->text(), QStringLiteral("&Export Trained Prompt…"));
    exportAction->trigger();
    auto* dialog = w->findChild<ExportDialog*>();
    QVERIFY(dialog);
    QTRY_VERIFY(dialog->isVisible());
    // The demo project has no runs: the dialog says so, and nothing can be exported.
    QTRY_VERIFY_WITH_TIMEOUT(dialog->statusText().contains(QStringLiteral("no runs")), 10000);
    QVERIFY(!dialog->exportButton()->isEnabled());
    dialog->close();
  }

  // Plots follow a theme chosen while the window is open (their background is the palette's base).
  void plotsFollowTheThemeAtRunTime() {
    std::unique_ptr<MainWindow> w(createMainWindow());
    w->show();
    auto* plot = w->viewAt(5)->findChild<QCustomPlot*>(QStringLiteral("groupPlot"));
    QVERIFY(plot);
    auto* nav = w->findChild<QListWidget*>(QStringLiteral("navigation"));
    QVERIFY(nav);
    // Below the last item: the navigation's own background.
    auto navBackground = [nav]() {
      return nav->grab().toImage().pixelColor(nav->width() / 2, nav->height() - 4).lightnessF();
    };
    QVERIFY(navBackground() > 0.6);
    applyTheme(*qApp, ThemeMode::Dark);
    QApplication::processEvents();
    QVERIFY(plot->xAxis->tickLabelColor().lightnessF() > 0.6);
    QVERIFY2(navBackground() < 0.4, qPrintable(QString::number(navBackground())));
    applyTheme(*qApp, ThemeMode::Light);
    QApplication::processEvents();
    QVERIFY(plot->xAxis->tickLabelColor().lightnessF() < 0.4);
  }

  // View ▸ Language stores the choice and says, in both languages, that it applies on restart.
  void languageMenuStoresTheChoice() {
    std::unique_ptr<MainWindow> w(createMainWindow());
    w->show();
    QAction* chinese = nullptr;
    for (QAction* a : w->findChildren<QAction*>())
      if (a->text() == QStringLiteral("简体中文")) chinese = a;
    QVERIFY(chinese);
    chinese->trigger();
    QCOMPARE(QSettings().value(QStringLiteral("language")).toString(), QStringLiteral("zh_CN"));
    QCOMPARE(effectiveLanguage(QSettings().value(QStringLiteral("language")).toString()),
             QStringLiteral("zh_CN"));
    auto* box = w->findChild<QMessageBox*>(QStringLiteral("languageMessage"));
    QVERIFY(box);
    QTRY_VERIFY(box->isVisible());
    QVERIFY2(
        box->text().startsWith(QStringLiteral("The language changes when Prompt Workbench starts again.")),
        qPrintable(box->text()));
    QVERIFY2(box->text().contains(QStringLiteral("重新启动")),
             qPrintable(box->text()));  // the Chinese sentence
    QVERIFY(chinese->isChecked());
    box->close();
    w->setLanguage(QStringLiteral("en"));
    QCOMPARE(QSettings().value(QStringLiteral("language")).toString(), QStringLiteral("en"));
    QVERIFY(!chinese->isChecked());
    QSettings().remove(QStringLiteral("language"));
  }

  // Every view fits a 1280 x 800 window on the demo project, in English and in Chinese: no view asks for
  // more than it gets.
  void everyViewFits1280x800_data() {
    QTest::addColumn<QString>("language");
    QTest::newRow("en") << QString();
    QTest::newRow("zh_CN") << QStringLiteral("zh_CN");
  }
  void everyViewFits1280x800() {
    QFETCH(QString, language);
    QTranslator translator;
    if (!language.isEmpty()) {
      QVERIFY(translator.load(QStringLiteral(":/i18n/prompt-workbench_%1.qm").arg(language)));
      QCoreApplication::installTranslator(&translator);
    }
    auto removeTranslator = qScopeGuard([&translator]() { QCoreApplication::removeTranslator(&translator); });
    std::unique_ptr<MainWindow> w(createMainWindow());
    if (!language.isEmpty()) QCOMPARE(w->menuBar()->actions().value(0)->text(), QStringLiteral("文件(&F)"));
    w->resize(1280, 800);
    w->show();
    QVERIFY(w->openDemoProject());
    QVERIFY(QTest::qWaitForWindowExposed(w.get()));
    for (int i = 0; i < w->viewCount(); ++i)
      qInfo("%s minimum %d x %d", qPrintable(w->viewAt(i)->objectName()),
            w->viewAt(i)->minimumSizeHint().width(), w->viewAt(i)->minimumSizeHint().height());
    for (int i = 0; i < w->viewCount(); ++i) {
      w->showView(i);
      QApplication::processEvents();
      QWidget* v = w->viewAt(i);
      const QString what = QStringLiteral("%1: needs %2 x %3, has %4 x %5")
                               .arg(v->objectName())
                               .arg(v->minimumSizeHint().width())
                               .arg(v->minimumSizeHint().height())
                               .arg(v->width())
                               .arg(v->height());
      QVERIFY2(v->minimumSizeHint().width() <= v->width(), qPrintable(what));
      QVERIFY2(v->minimumSizeHint().height() <= v->height(), qPrintable(what));
    }
    QCOMPARE(w->width(), 1280);
    QCOMPARE(w->height(), 800);
  }
};

QTEST_MAIN(TestUiShell)
#include "test_ui_shell.moc"
