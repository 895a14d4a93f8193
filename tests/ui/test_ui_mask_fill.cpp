// The Verbalizers view's joint fill of several masks (issue 17): for each order the box shows the engine's
// hypotheses (EvalSession::fillMasks on the same template and example) with text, score and fills; the
// beam width is used only by beam search; a missing input and an engine error are shown, never thrown.
#include <QComboBox>
#include <QLabel>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableWidget>
#include <QtTest>

#include "eval/eval_session.h"
#include "ui/eval_host.h"
#include "ui/example_picker.h"
#include "ui/mask_fill_box.h"
#include "ui/verbalizer_view.h"
#include "ui_test_support.h"

using namespace pwb;
using namespace pwb::ui;

namespace {
const MaskFillInput kInput{"[MASK] and {s} is [MASK] [MASK]", {"sentence"}, {"very"}};
}

class TestUiMaskFill : public QObject {
  Q_OBJECT
  QTemporaryDir dir_;
  Project* project_ = nullptr;
  EvalHost* host_ = nullptr;

  void fillAndWait(MaskFillBox& box) {
    QSignalSpy done(&box, &MaskFillBox::filled);
    box.fill();  // emits at once when there is nothing to run
    QVERIFY(done.count() > 0 || done.wait(60000));
  }

 private slots:
  void initTestCase() {
    test::isolateSettings();
    project_ = new Project(this);
    test::openDemo(*project_, dir_);
    host_ = new EvalHost(project_, this);
    host_->setDevice(QStringLiteral("cpu"));  // the engine calls compared with run on the CPU
  }

  void everyOrderShowsTheEngineHypotheses() {
    MaskFillBox box(host_, [] { return std::optional<MaskFillInput>(kInput); });
    box.show();
    eval::EvalSession session(project_->modelDir().toStdString());
    QVERIFY(!box.beamBox()->isEnabled());
    for (int index = 0; index < box.orderBox()->count(); ++index) {
      box.orderBox()->setCurrentIndex(index);
      const auto order = static_cast<eval::FillOrder>(box.orderBox()->currentData().toInt());
      QCOMPARE(box.beamBox()->isEnabled(), order == eval::FillOrder::Beam);
      box.beamBox()->setValue(3);
      fillAndWait(box);
      eval::InfillOptions o;
      o.order = order;
      o.beamWidth = 3;
      o.topN = order == eval::FillOrder::Beam ? 3 : 1;
      const auto want = session.fillMasks(kInput.templateText, kInput.columns, kInput.fields, o);
      QTableWidget* t = box.resultTable();
      QCOMPARE(t->rowCount(), int(want.size()));
      QCOMPARE(t->rowCount(), order == eval::FillOrder::Beam ? 3 : 1);
      for (int r = 0; r < t->rowCount(); ++r) {
        QCOMPARE(t->item(r, 0)->text(), QString::fromStdString(want[size_t(r)].text));
        QVERIFY(std::abs(t->item(r, 1)->data(Qt::UserRole).toDouble() - want[size_t(r)].score) < 1e-9);
        for (const auto& f : want[size_t(r)].fills)
          QVERIFY2(t->item(r, 2)->text().contains(QString::fromStdString(f.token)),
                   qPrintable(t->item(r, 2)->text()));
      }
      QVERIFY2(box.statusLabel()->text().contains(QStringLiteral("Masks filled: 3.")),
               qPrintable(box.statusLabel()->text()));
    }
    // Changing the order clears what belonged to the previous one.
    box.orderBox()->setCurrentIndex(0);
    QCOMPARE(box.resultTable()->rowCount(), 0);
  }

  void missingInputAndErrorsAreShown() {
    MaskFillBox none(host_, [] { return std::optional<MaskFillInput>(); });
    fillAndWait(none);
    QCOMPARE(none.statusLabel()->text(), QStringLiteral("Needs a model, a template and an example."));
    MaskFillBox noMask(host_, [] {
      return std::optional<MaskFillInput>(MaskFillInput{"{s} .", {"sentence"}, {"a"}});
    });
    fillAndWait(noMask);
    QVERIFY2(noMask.statusLabel()->text().startsWith(QStringLiteral("✘")),
             qPrintable(noMask.statusLabel()->text()));
    QCOMPARE(noMask.resultTable()->rowCount(), 0);
  }

  // In the Verbalizers view the box fills the selected template with the picked example.
  void verbalizerViewFillsItsTemplate() {
    VerbalizerView view(project_, host_);
    view.resize(1200, 900);
    view.show();
    MaskFillBox* box = view.maskFillBox();
    QVERIFY(box);
    box->orderBox()->setCurrentIndex(1);  // most confident first
    fillAndWait(*box);
    const auto* ex = view.findChild<ExamplePicker*>()->example();
    QVERIFY(ex);
    eval::EvalSession session(project_->modelDir().toStdString());
    eval::InfillOptions o;
    o.order = eval::FillOrder::ConfidentFirst;
    const auto want =
        session.fillMasks(project_->templates()[0].text.toStdString(), {"sentence"}, ex->fields, o);
    QCOMPARE(box->resultTable()->rowCount(), 1);
    QCOMPARE(box->resultTable()->item(0, 0)->text(), QString::fromStdString(want[0].text));
  }
};

QTEST_MAIN(TestUiMaskFill)
#include "test_ui_mask_fill.moc"
