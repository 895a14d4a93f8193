// Compare's multiple-choice (option text) and multi-label pages against the engine (issue 17): the tables
// show core's choice::runOptionScoring / multilabel::runMultiLabel on the same model and file; the work
// runs off the GUI thread (the event loop keeps ticking); a bad file is an error sentence, not a crash; an
// mc-jsonl data set in the project fills in the option-text page's file.
#include <QComboBox>
#include <QFile>
#include <QListWidget>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableWidget>
#include <QtTest>

#include "choice/option_scoring.h"
#include "data/dataset_import.h"
#include "eval/eval_session.h"
#include "multilabel/multilabel_eval.h"
#include "multilabel/multilabel_import.h"
#include "ui/choice_panel.h"
#include "ui/compare_view.h"
#include "ui/eval_host.h"
#include "ui/import_dialog.h"
#include "ui/multilabel_panel.h"
#include "ui_test_support.h"

using namespace pwb;
using namespace pwb::ui;

namespace {

const QStringList kTemplates{"Question: {question} Answer: [MASK] .", "{question} [MASK] ."};

QString writeFile(const QTemporaryDir& dir, const QString& name, const char* text) {
  const QString path = dir.filePath(name);
  QFile f(path);
  if (f.open(QIODevice::WriteOnly)) f.write(text);
  return path;
}

}  // namespace

class TestUiChoice : public QObject {
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
    host_->setDevice(QStringLiteral("cpu"));
  }

  void optionTextMatchesTheEngine() {
    const QString path = writeFile(
        dir_, "mc.jsonl",
        "{\"question\": \"The movie was\", \"choices\": [\"great\", \"a terrible waste\", \"blue\"], "
        "\"answerKey\": \"A\"}\n"
        "{\"question\": \"Paris is in\", \"choices\": [\"France\", \"Japan\", \"the ocean\"], \"answerKey\": "
        "\"A\"}\n"
        "{\"question\": \"broken\", \"choices\": [\"only one\"], \"answerKey\": \"A\"}\n");
    CompareView view(project_, host_);
    view.resize(1200, 800);
    view.show();
    ChoicePanel* panel = view.choicePanel();
    QVERIFY(panel != nullptr);
    panel->setDataFile(path);
    panel->setTemplates(kTemplates);
    for (bool mean : {false, true}) {
      panel->setMeanScore(mean);
      QSignalSpy done(panel, &ChoicePanel::finished);
      test::StallMeter meter;
      panel->run();
      QVERIFY(panel->isRunning());
      QVERIFY(done.wait(120000));
      QVERIFY2(done.takeFirst().at(0).toBool(), qPrintable(panel->statusText()));
      QVERIFY(meter.ticks() > 0);
      eval::EvalSession session(project_->modelDir().toStdString());
      data::ImportOptions io;
      io.format = "mc-jsonl";
      const data::Dataset set = data::importDataset(path.toStdString(), io);
      QTableWidget* table = panel->resultsTable();
      QCOMPARE(table->rowCount(), 2);
      QCOMPARE(table->horizontalHeaderItem(0)->text(), QString("option text"));
      for (int t = 0; t < 2; ++t) {
        choice::OptionScoreRequest req;
        req.data = set;
        req.templateText = kTemplates[t].toStdString();
        req.score = mean ? choice::OptionScore::Mean : choice::OptionScore::Sum;
        const auto core = choice::runOptionScoring(session, req);
        QCOMPARE(table->verticalHeaderItem(t)->text(), kTemplates[t]);
        QCOMPARE(table->item(t, 0)->text(), QString::number(core.accuracy * 100.0, 'f', 1));
        QCOMPARE(table->item(t, 1)->text(), QString("%1 / 2").arg(core.correct));
        panel->showTemplate(t);
        QCOMPARE(panel->rowsTable()->rowCount(), 2);
        for (int i = 0; i < 2; ++i)
          QCOMPARE(panel->rowsTable()->item(i, 2)->text(),
                   QString::fromStdString(core.labels[size_t(core.examples[size_t(i)].pred)]));
      }
      QVERIFY2(panel->detailsText().contains("mc.jsonl:3: fewer than 2 options (1)"),
               qPrintable(panel->detailsText()));
    }
  }

  void multiLabelMatchesTheEngine() {
    const QString path = writeFile(dir_, "ml.tsv",
                                   "text\tlabels\n"
                                   "A great and funny film.\tpos|fun\n"
                                   "A dull, bad film.\tneg\n"
                                   "Sad but wonderful.\tpos|sad\n"
                                   "Odd one.\tweird\n");
    CompareView view(project_, host_);
    MultiLabelPanel* panel = view.multiLabelPanel();
    panel->setDataFile(path);
    panel->setSeparator("|");
    panel->setDeclaredLabels("pos|neg|fun|sad");
    panel->setTemplate("{text} It was [MASK] .");
    panel->setVerbalizer("pos=good;neg=bad;fun=funny;sad=sad");
    QSignalSpy done(panel, &MultiLabelPanel::finished);
    panel->run();
    QVERIFY(done.wait(120000));
    QVERIFY2(done.takeFirst().at(0).toBool(), qPrintable(panel->statusText()));
    eval::EvalSession session(project_->modelDir().toStdString());
    multilabel::MultiLabelImportOptions io;
    io.separator = "|";
    io.declaredLabels = {"pos", "neg", "fun", "sad"};
    multilabel::MultiLabelRequest req;
    req.set = multilabel::importMultiLabelSet(path.toStdString(), io);
    req.templateText = "{text} It was [MASK] .";
    req.verbalizerText = "pos=good;neg=bad;fun=funny;sad=sad";
    const auto core = multilabel::runMultiLabel(session, req);
    QVERIFY(panel->lastResult().has_value());
    QCOMPARE(panel->lastResult()->metrics.microF1, core.metrics.microF1);
    QCOMPARE(panel->lastResult()->metrics.macroF1, core.metrics.macroF1);
    const QString expected = QString("micro-F1 %1 · macro-F1 %2 · subset accuracy %3")
                                 .arg(QString::number(core.metrics.microF1 * 100.0, 'f', 1),
                                      QString::number(core.metrics.macroF1 * 100.0, 'f', 1),
                                      QString::number(core.metrics.subsetAccuracy * 100.0, 'f', 1));
    QVERIFY2(panel->metricsText().startsWith(expected), qPrintable(panel->metricsText()));
    QVERIFY(panel->metricsText().contains("ml.tsv:5: label 'weird' is not in the declared label set"));
    QCOMPARE(panel->labelsTable()->rowCount(), 4);
    for (int c = 0; c < 4; ++c)
      QCOMPARE(panel->labelsTable()->item(c, 2)->text(),
               QString::number(core.metrics.perLabel[size_t(c)].f1 * 100.0, 'f', 1));

    // The yes/no scheme: one cloze per label, P(yes) as each label's number.
    panel->setYesNoScheme(true);
    panel->setTemplate("{text} Is it {label}? [MASK] .");
    panel->run();
    QVERIFY(done.wait(120000));
    QVERIFY2(done.takeFirst().at(0).toBool(), qPrintable(panel->statusText()));
    req.scheme = multilabel::MultiLabelScheme::YesNo;
    req.templateText = "{text} Is it {label}? [MASK] .";
    const auto yesNo = multilabel::runMultiLabel(session, req);
    QCOMPARE(panel->lastResult()->scheme, multilabel::MultiLabelScheme::YesNo);
    QCOMPARE(panel->lastResult()->threshold, 0.5);
    QCOMPARE(panel->lastResult()->metrics.microF1, yesNo.metrics.microF1);
    QCOMPARE(panel->lastResult()->examples[0].probs, yesNo.examples[0].probs);
  }

  void badFileIsASentence() {
    CompareView view(project_, host_);
    ChoicePanel* panel = view.choicePanel();
    panel->setDataFile(dir_.filePath("no-such.jsonl"));
    QSignalSpy done(panel, &ChoicePanel::finished);
    panel->run();
    QVERIFY(done.wait(30000));
    QCOMPARE(done.takeFirst().at(0).toBool(), false);
    QVERIFY2(panel->statusText().contains("no-such.jsonl"), qPrintable(panel->statusText()));
    QCOMPARE(panel->resultsTable()->rowCount(), 0);
  }

  void importDialogRecognisesMultipleChoice() {
    const QString path = writeFile(
        dir_, "arc_import.jsonl",
        "{\"question\": {\"stem\": \"Which is wet?\", \"choices\": [{\"text\": \"water\", \"label\": "
        "\"A\"}, {\"text\": \"sand\", \"label\": \"B\"}]}, \"answerKey\": \"A\"}\n"
        "{\"question\": {\"stem\": \"Which is dry?\", \"choices\": [{\"text\": \"sand\", \"label\": "
        "\"A\"}]}, \"answerKey\": \"A\"}\n");
    ImportDialog dialog(nullptr, path);
    QTRY_VERIFY_WITH_TIMEOUT(dialog.dataset() != nullptr, 5000);
    QCOMPARE(dialog.dataset()->format, std::string("mc-jsonl"));
    QCOMPARE(dialog.dataset()->columns, (std::vector<std::string>{"question", "option_A", "option_B"}));
    QCOMPARE(dialog.dataset()->labels, (std::vector<std::string>{"A", "B"}));
    auto* problems = dialog.findChild<QListWidget*>(QStringLiteral("importProblems"));
    QVERIFY(problems->count() >= 1);
    QVERIFY2(problems->item(0)->text().contains(QStringLiteral(":2:")),
             qPrintable(problems->item(0)->text()));
    auto* format = dialog.findChild<QComboBox*>(QStringLiteral("importFormat"));
    QVERIFY(format->findData(QStringLiteral("mc-jsonl")) > 0);
  }

  void multipleChoiceDataSetFillsThePage() {
    const QString path = writeFile(
        dir_, "arc.jsonl",
        "{\"question\": {\"stem\": \"Which is wet?\", \"choices\": [{\"text\": \"water\", \"label\": \"A\"}, "
        "{\"text\": \"sand\", \"label\": \"B\"}]}, \"answerKey\": \"A\"}\n");
    CompareView view(project_, host_);
    DatasetItem item;
    item.name = QStringLiteral("arc");
    item.path = path;
    item.format = QStringLiteral("mc-jsonl");
    item.data = std::make_shared<const data::Dataset>(data::importDataset(path.toStdString()));
    QCOMPARE(item.data->format, std::string("mc-jsonl"));
    const int index = project_->addDataset(item);
    project_->setCurrentDataset(index);
    QCOMPARE(view.choicePanel()->dataFile(), path);
    QCOMPARE(view.modeTabs()->currentIndex(), 0);  // letters in the grid stay the default
  }
};

QTEST_MAIN(TestUiChoice)
#include "test_ui_choice.moc"
