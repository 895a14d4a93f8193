// File ▸ Import Data Set per task type (issue 17): the dialog previews a file with the task's own importer
// — core/data for classification and multiple choice (mc-jsonl), regress::importRegressionSet,
// probe::importProbeSet, multilabel::importMultiLabelSet — and lists each bad row by file and line, with the
// summary and the gold column named as the task calls it; what it imports lands on Compare's page for the
// task (CompareView::openTaskData, where MainWindow's import sends it).
#include <QComboBox>
#include <QFile>
#include <QLineEdit>
#include <QListWidget>
#include <QTabWidget>
#include <QTableWidget>
#include <QTimer>
#include <QtTest>

#include "ui/choice_panel.h"
#include "ui/compare_view.h"
#include "ui/eval_host.h"
#include "ui/import_dialog.h"
#include "ui/main_window.h"
#include "ui/multilabel_panel.h"
#include "ui/probe_panel.h"
#include "ui/regression_panel.h"
#include "ui/workbench.h"
#include "ui_test_support.h"

using namespace pwb;
using namespace pwb::ui;

namespace {

QString writeFile(const QTemporaryDir& dir, const QString& name, const char* text) {
  const QString path = dir.filePath(name);
  QFile f(path);
  if (f.open(QIODevice::WriteOnly)) f.write(text);
  return path;
}

// Opens the dialog on `path` read as `task` (with the gold column `column`) and waits for the preview.
void preview(ImportDialog& dialog, TaskKind task, const QString& path, const QString& column = {}) {
  dialog.setTask(task);
  if (!column.isEmpty()) dialog.findChild<QLineEdit*>(QStringLiteral("importLabelColumn"))->setText(column);
  dialog.findChild<QLineEdit*>(QStringLiteral("importPath"))->setText(path);
  QTRY_VERIFY_WITH_TIMEOUT(dialog.dataset() != nullptr, 5000);
}

QStringList problems(const ImportDialog& dialog) {
  QStringList out;
  const auto* list = dialog.findChild<QListWidget*>(QStringLiteral("importProblems"));
  for (int i = 0; i < list->count(); ++i) out << list->item(i)->text();
  return out;
}

// File ▸ Import Data Set on the main window, the dialog filled in as a user would: `task`, `column`, the
// file; then Import. Returns false when the dialog did not come up or read nothing.
bool importThroughMainWindow(MainWindow& window, TaskKind task, const QString& path, const QString& column) {
  bool read = false;
  QTimer poll;
  poll.setInterval(20);
  QObject::connect(&poll, &QTimer::timeout, [&]() {
    ImportDialog* dialog = nullptr;
    for (QWidget* w : QApplication::topLevelWidgets())
      if (auto* d = qobject_cast<ImportDialog*>(w); d != nullptr && d->isVisible()) dialog = d;
    if (dialog == nullptr) return;
    poll.stop();
    preview(*dialog, task, path, column);
    read = dialog->dataset() != nullptr;
    dialog->accept();
  });
  poll.start();
  window.importData();
  return read;
}

QString lastHeader(const ImportDialog& dialog) {
  const auto* table = dialog.findChild<QTableWidget*>(QStringLiteral("importPreview"));
  return table->horizontalHeaderItem(table->columnCount() - 1)->text();
}

}  // namespace

class TestUiImportTasks : public QObject {
  Q_OBJECT
  QTemporaryDir dir_;
  Project* project_ = nullptr;
  EvalHost* host_ = nullptr;

 private slots:
  void initTestCase() {
    test::isolateSettings();
    project_ = new Project(this);
    test::openDemo(*project_, dir_);
    host_ = new EvalHost(project_, this);
  }

  void classification() {
    const QString path =
        writeFile(dir_, "cls.tsv", "sentence\tlabel\ngood film\t1\nno label here\n\tdull\t0\n");
    ImportDialog dialog;
    preview(dialog, TaskKind::Classification, path);
    QCOMPARE(dialog.dataset()->examples.size(), size_t(1));
    QCOMPARE(lastHeader(dialog), QString("Label"));
    const QStringList p = problems(dialog);
    QVERIFY2(p.filter("cls.tsv:3:").size() == 1, qPrintable(p.join('\n')));
    QVERIFY2(p.filter("cls.tsv:4:").size() == 1, qPrintable(p.join('\n')));
    QCOMPARE(dialog.taskImport().task, TaskKind::Classification);
  }

  void regressionTargets() {
    const QString path = writeFile(
        dir_, "sts.tsv", "sentence\tscore\na great film\t4\na dull film\tfive\nterrible\t0\nok\t2\n");
    ImportDialog dialog;
    preview(dialog, TaskKind::Regression, path, "score");
    QCOMPARE(dialog.dataset()->examples.size(), size_t(3));
    QCOMPARE(dialog.dataset()->examples[2].label, std::string("2"));
    QCOMPARE(lastHeader(dialog), QString("Target"));
    QVERIFY2(dialog.summaryText().contains("3 rows, targets 0 to 4 (mean 2), 1 row skipped"),
             qPrintable(dialog.summaryText()));
    const QStringList p = problems(dialog);
    QCOMPARE(p.size(), 1);
    QCOMPARE(p[0], QString(path + ":3: target 'five' is not a number"));
    // The label-rename table is for classes only.
    QCOMPARE(dialog.findChild<QTableWidget*>(QStringLiteral("importLabels"))->rowCount(), 0);

    CompareView view(project_, host_);
    view.openTaskData(dialog.taskImport());
    QCOMPARE(view.modeTabs()->currentWidget(), static_cast<QWidget*>(view.regressionPanel()));
    QCOMPARE(view.regressionPanel()->dataFile(), path);
    QCOMPARE(view.regressionPanel()->findChild<QLineEdit*>(QStringLiteral("regressionTarget"))->text(),
             QString("score"));
  }

  void knowledgeProbing() {
    const QString path = writeFile(dir_, "facts.jsonl",
                                   "{\"sub_label\": \"France\", \"obj_label\": \"Paris\"}\n"
                                   "{\"sub_label\": \"Japan\"}\n"
                                   "{\"sub_label\": \"Italy\", \"obj_label\": \"Rome\"}\n");
    ImportDialog dialog;
    preview(dialog, TaskKind::Probing, path);
    QCOMPARE(dialog.dataset()->examples.size(), size_t(2));
    QCOMPARE(dialog.dataset()->examples[1].label, std::string("Rome"));
    QCOMPARE(lastHeader(dialog), QString("Answer"));
    QVERIFY2(dialog.summaryText().contains("obj_label"), qPrintable(dialog.summaryText()));
    const QStringList p = problems(dialog);
    QCOMPARE(p.size(), 1);
    QVERIFY2(p[0].startsWith(path + ":2: missing answer"), qPrintable(p[0]));

    CompareView view(project_, host_);
    view.openTaskData(dialog.taskImport());
    QCOMPARE(view.modeTabs()->currentWidget(), static_cast<QWidget*>(view.probePanel()));
    QCOMPARE(view.probePanel()->dataFile(), path);
  }

  void multipleChoiceIsReadAsMcJsonl() {
    // COPA rows are not detected as multiple choice; the task reads them as mc-jsonl whatever the format.
    const QString path = writeFile(
        dir_, "copa.jsonl",
        "{\"premise\": \"The man broke his toe.\", \"choice1\": \"He dropped a hammer.\", \"choice2\": \"He "
        "got a hole in his sock.\", \"question\": \"cause\", \"label\": 0}\n"
        "{\"premise\": \"I tipped the bottle.\", \"choice1\": \"The liquid fell out.\", \"question\": "
        "\"effect\", \"label\": 0}\n");
    ImportDialog dialog;
    preview(dialog, TaskKind::MultipleChoice, path);
    QCOMPARE(dialog.dataset()->format, std::string("mc-jsonl"));
    QCOMPARE(dialog.dataset()->examples.size(), size_t(1));
    QVERIFY(!dialog.findChild<QComboBox*>(QStringLiteral("importFormat"))->isEnabled());
    QCOMPARE(dialog.taskImport().options.format, std::string("mc-jsonl"));
    const QStringList p = problems(dialog);
    QVERIFY2(p.filter("copa.jsonl:2:").size() == 1, qPrintable(p.join('\n')));
  }

  void multiLabelWithDeclaredLabels() {
    const QString path =
        writeFile(dir_, "topics.jsonl",
                  "{\"text\": \"rain at the match\", \"labels\": [\"sports\", \"weather\"]}\n"
                  "{\"text\": \"the vote\", \"labels\": [\"politics\"]}\n"
                  "{\"text\": \"sunny\", \"labels\": [\"weather\"]}\n");
    ImportDialog dialog;
    dialog.findChild<QLineEdit*>(QStringLiteral("importDeclared"))->setText("sports,weather");
    preview(dialog, TaskKind::MultiLabel, path);
    QCOMPARE(dialog.dataset()->examples.size(), size_t(2));
    QCOMPARE(dialog.dataset()->examples[0].label, std::string("sports, weather"));
    QCOMPARE(lastHeader(dialog), QString("Labels"));
    const QStringList p = problems(dialog);
    QCOMPARE(p.size(), 1);
    QVERIFY2(p[0].startsWith(path + ":2: label 'politics' is not in the declared label set"),
             qPrintable(p[0]));
    const TaskImport request = dialog.taskImport();
    QCOMPARE(request.declaredLabels, (std::vector<std::string>{"sports", "weather"}));

    CompareView view(project_, host_);
    view.openTaskData(request);
    QCOMPARE(view.modeTabs()->currentWidget(), static_cast<QWidget*>(view.multiLabelPanel()));
    QCOMPARE(view.multiLabelPanel()->dataFile(), path);
    QCOMPARE(view.multiLabelPanel()->findChild<QLineEdit*>(QStringLiteral("multiLabelDeclared"))->text(),
             QString("sports,weather"));
  }

  // The main window sends what the dialog read where the task's view uses it: a regression file to
  // Compare's regression page (not a project data set); a multiple-choice file becomes a project data set
  // that keeps the dialog's options (mc-jsonl: COPA is not detected on re-import otherwise).
  void mainWindowRoutesByTask() {
    std::unique_ptr<MainWindow> w(createMainWindow());
    QVERIFY(w->openProject(dir_.filePath("main.pwbproj")));  // its own project: no shared demo file
    const int before = int(w->project()->datasets().size());
    const QString sts = writeFile(dir_, "main.tsv", "sentence\tscore\ngood\t4\nbad\t0\n");
    QVERIFY(importThroughMainWindow(*w, TaskKind::Regression, sts, "score"));
    QCOMPARE(int(w->project()->datasets().size()), before);
    auto* compare = qobject_cast<CompareView*>(w->viewAt(w->currentViewIndex()));
    QVERIFY(compare != nullptr);
    QCOMPARE(compare->modeTabs()->currentWidget(), static_cast<QWidget*>(compare->regressionPanel()));
    QCOMPARE(compare->regressionPanel()->dataFile(), sts);

    const QString copa = writeFile(
        dir_, "main_copa.jsonl",
        "{\"premise\": \"It rained.\", \"choice1\": \"The street got wet.\", \"choice2\": \"The sun came "
        "out.\", \"question\": \"effect\", \"label\": 0}\n");
    QVERIFY(importThroughMainWindow(*w, TaskKind::MultipleChoice, copa, {}));
    QCOMPARE(int(w->project()->datasets().size()), before + 1);
    const auto& item = w->project()->datasets().back();
    QCOMPARE(item.path, copa);
    QCOMPARE(item.format, QString("mc-jsonl"));
    QCOMPARE(item.options.format, std::string("mc-jsonl"));
    w->close();
  }
};

QTEST_MAIN(TestUiImportTasks)
#include "test_ui_import_tasks.moc"
