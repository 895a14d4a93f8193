#include "regression_panel.h"

#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QSpinBox>
#include <QTableWidget>
#include <cmath>

#include "common/error.h"
#include "common/paths.h"
#include "eval/eval_session.h"
#include "eval_host.h"
#include "probe/probe_format.h"
#include "progress_relay.h"
#include "regress/regression_format.h"
#include "run_controls.h"

namespace pwb::ui {
namespace {

QString q(const std::string& s) {
  return QString::fromStdString(s);
}

struct RegressionBatch {
  regress::RegressionSet set;
  std::vector<regress::RegressionResult> results;  // row-major: template x pole pair
};

QString bundledSet() {
  try {
    return q(pwb::demoDataDir() + "/sst5_regression/test.tsv");
  } catch (const Error&) {
    return {};
  }
}

// Predictions and p_upper with `digits` decimals; "n/a" where the model's scores were not finite.
QString number(double v, int digits) {
  return std::isfinite(v) ? QString::number(v, 'f', digits) : QStringLiteral("n/a");
}

// A metric as `pwb eval --task regression` prints it: "0.3475", or "n/a" when undefined.
QString metricCell(double v) {
  return QString::fromStdString(regress::metricText(v));
}

}  // namespace

RegressionPanel::RegressionPanel(EvalHost* host, QWidget* parent)
    : TaskPage(host, QStringLiteral("regression"), parent) {
  auto* dataForm = addDataBox(
      tr("Data with a numeric target"),
      tr("One row per example with a number to predict: TSV/CSV with a header (sentence<TAB>score) or JSONL "
         "({\"text\": \"…\", \"score\": 3.2}). A target that is not a number or not finite is reported by "
         "line and the row skipped."),
      tr("Data (*.tsv *.csv *.jsonl *.json);;All files (*)"), bundledSet());
  target_ = new QLineEdit(QStringLiteral("score"), this);
  target_->setObjectName(QStringLiteral("regressionTarget"));
  target_->setPlaceholderText(tr("label, else the last column"));
  dataForm->addRow(tr("Target column"), target_);
  addTemplatesBox(tr("Templates (one per line, one [MASK])"),
                  QStringLiteral("{sentence} It was [MASK] .\n{sentence} All in all, it was [MASK] ."));

  auto* form = addOptionsBox(tr("Options"));
  poles_ = new QPlainTextEdit(QStringLiteral("0=terrible;4=great\n0=bad;4=good"), this);
  poles_->setObjectName(QStringLiteral("regressionPoles"));
  poles_->setMaximumHeight(80);
  poles_->setToolTip(tr(
      "One pole pair per line, as pwb's --poles: \"VL=lower;VU=upper\" (e.g. 0=terrible;4=great) or "
      "\"lower;upper\" for the data's min and max. The prediction is VL + (VU − VL) · p_upper, p_upper the "
      "softmax over the two words' scores at the mask (LM-BFF)."));
  form->addRow(tr("Pole pairs"), poles_);
  limit_ = new QSpinBox(this);
  limit_->setObjectName(QStringLiteral("regressionLimit"));
  limit_->setRange(0, 10000000);
  limit_->setSpecialValueText(tr("all"));
  form->addRow(tr("Rows"), limit_);
  addRunRow(tr("Evaluate"), tr("Every template with every pole pair: Pearson, Spearman and MSE"));

  const auto side = addGridAndRows(tr("Pearson's r — rows: templates, columns: pole pairs"), {},
                                   QStringLiteral("regressionRows"),
                                   {tr("Row"), tr("Target"), tr("Prediction"), tr("p_upper")});
  results_ = side.results;
  results_->setSelectionBehavior(QAbstractItemView::SelectItems);
  details_ = side.details;
  rows_ = side.rows;
  connect(results_, &QTableWidget::currentCellChanged, this,
          [this](int row, int column) { showCell(row, column); });
}

void RegressionPanel::setTargetColumn(const QString& column) {
  target_->setText(column);
}
void RegressionPanel::setPoles(const QStringList& specs) {
  poles_->setPlainText(specs.join('\n'));
}
void RegressionPanel::setLimit(int rows) {
  limit_->setValue(rows);
}
QString RegressionPanel::detailsText() const {
  return details_->text();
}

const regress::RegressionResult* RegressionPanel::cellResult(int row, int column) const {
  if (row < 0 || column < 0 || column >= poleCount_) return nullptr;
  const size_t i = size_t(row) * size_t(poleCount_) + size_t(column);
  return i < last_.size() ? &last_[i] : nullptr;
}

void RegressionPanel::run() {
  QStringList templates;
  if (!beginRun(tr("Choose a data file and write at least one template."), tr("Evaluating…"), &templates))
    return;
  const QStringList poleSpecs = nonEmptyLines(poles_);
  regress::RegressionImportOptions io;
  io.targetColumn = target_->text().trimmed().toStdString();
  const std::string path = trimmedFile().toStdString();
  std::vector<std::string> texts, specs;
  for (const QString& t : templates) texts.push_back(t.toStdString());
  for (const QString& p : poleSpecs) specs.push_back(p.toStdString());
  const size_t limit = size_t(limit_->value());
  auto flag = cancelFlag();
  const auto progress = progressTo(progress_);
  results_->clear();
  results_->setRowCount(0);
  results_->setColumnCount(0);
  rows_->setRowCount(0);
  details_->clear();
  last_.clear();
  poleCount_ = 0;
  host_->run<RegressionBatch>(
      this,
      [path, io, texts, specs, limit, flag, progress](eval::EvalSession& session) {
        if (specs.empty()) throw Error("write at least one pole pair (e.g. 0=terrible;4=great)");
        std::vector<regress::Poles> poles;
        for (const auto& s : specs) poles.push_back(regress::parsePoles(s));  // a bad line fails first
        RegressionBatch batch;
        batch.set = regress::importRegressionSet(path, io);
        const int64_t n = int64_t(texts.size() * poles.size());
        int64_t k = 0;
        for (const auto& text : texts)
          for (const auto& p : poles) {
            regress::RegressionRequest req;
            req.data = batch.set.data;
            req.targets = batch.set.targets;
            req.templateText = text;
            req.poles = p;
            req.limit = limit;
            // Each cell an equal share of the bar.
            const eval::Progress share = [&progress, k, n](int64_t done, int64_t total) {
              if (total > 0) progress(k * 1000 + done * 1000 / total, n * 1000);
            };
            batch.results.push_back(regress::runRegression(session, req, share, flag.get()));
            ++k;
          }
        return batch;
      },
      [this, templates, poleSpecs](Outcome<RegressionBatch> out) {
        endRun();
        if (!out.ok()) return failRun(out.error);
        progress_->setValue(1000);
        lastSet_ = std::move(out.value->set);
        last_ = std::move(out.value->results);
        poleCount_ = int(poleSpecs.size());
        results_->setRowCount(int(templates.size()));
        results_->setColumnCount(poleCount_);
        results_->setVerticalHeaderLabels(templates);
        results_->setHorizontalHeaderLabels(poleSpecs);
        for (int r = 0; r < int(templates.size()); ++r)
          for (int c = 0; c < poleCount_; ++c)
            if (const auto* res = cellResult(r, c))
              results_->setItem(r, c, cell(metricCell(res->metrics.pearson)));
        status_->setText(
            tr("%n cell(s) evaluated on %1.", nullptr, int(last_.size())).arg(q(lastSet_.summary())));
        if (!last_.empty()) results_->setCurrentCell(0, 0);
        Q_EMIT finished(true);
      });
}

void RegressionPanel::showCell(int row, int column) {
  rows_->setRowCount(0);
  details_->clear();
  const regress::RegressionResult* r = cellResult(row, column);
  if (r == nullptr) return;
  const auto& m = r->metrics;
  QString text = tr("Pearson %1 · Spearman %2 · MSE %3 (%4 rows; range %5 to %6%7)")
                     .arg(metricCell(m.pearson), metricCell(m.spearman), metricCell(m.mse))
                     .arg(m.count)
                     .arg(r->poles.lower, 0, 'g', 6)
                     .arg(r->poles.upper, 0, 'g', 6)
                     .arg(r->rangeFromData ? tr(", from the data") : QString());
  if (!lastSet_.data.problems.empty()) text += "\n" + q(probe::problemsReport(lastSet_.data, 5)).trimmed();
  for (const auto& n : r->notes) text += "\n" + q(n);
  details_->setText(text);
  rows_->setRowCount(int(r->examples.size()));
  for (int i = 0; i < int(r->examples.size()); ++i) {
    const auto& e = r->examples[size_t(i)];
    const data::Example* ex = lastSet_.data.findById(e.id);
    QString label = q(e.id);
    if (ex != nullptr && !ex->fields.empty()) label += "  " + q(ex->fields.front());
    rows_->setItem(i, 0, cell(label, Qt::AlignLeft | Qt::AlignVCenter));
    rows_->setItem(i, 1, cell(QString::number(e.gold, 'g', 6)));
    rows_->setItem(i, 2, cell(number(e.predicted, 3)));
    rows_->setItem(i, 3, cell(number(e.pUpper, 3)));
  }
}

}  // namespace pwb::ui
