#include "probe_panel.h"

#include <QComboBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QSpinBox>
#include <QTableWidget>

#include "common/paths.h"
#include "eval/eval_session.h"
#include "eval_host.h"
#include "probe/probe_eval.h"
#include "probe/probe_format.h"
#include "progress_relay.h"

namespace pwb::ui {
namespace {

QString q(const std::string& s) {
  return QString::fromStdString(s);
}

// What the worker hands back: the facts as read and one result per template.
struct ProbeBatch {
  probe::ProbeSet set;
  std::vector<probe::ProbeResult> results;
  double seconds = 0;
};

QString bundledFacts() {
  try {
    return q(pwb::demoDataDir() + "/probe/capitals.jsonl");
  } catch (const Error&) {
    return {};
  }
}

}  // namespace

ProbePanel::ProbePanel(EvalHost* host, QWidget* parent) : TaskPage(host, QStringLiteral("probe"), parent) {
  auto* dataForm = addDataBox(
      tr("Facts"),
      tr("One fact per row: text fields and an answer word. LAMA's JSONL ({\"sub_label\": \"France\", "
         "\"obj_label\": \"Paris\"}) or TSV/CSV with a header. Rows without an answer or with an empty field "
         "are reported by line and skipped."),
      tr("Facts (*.jsonl *.json *.tsv *.csv);;All files (*)"), bundledFacts());
  answer_ = new QLineEdit(this);
  answer_->setObjectName(QStringLiteral("probeAnswer"));
  answer_->setPlaceholderText(tr("answer, else obj_label"));
  dataForm->addRow(tr("Answer column"), answer_);
  addTemplatesBox(tr("Probing templates (one per line, one [MASK])"),
                  QStringLiteral("The capital of {sub_label} is [MASK] .\n{sub_label}'s capital is [MASK] .\n"
                                 "{sub_label}'s capital city, [MASK], is large ."));

  auto* form = addOptionsBox(tr("Options"));
  multiPiece_ = new QComboBox(this);
  multiPiece_->setObjectName(QStringLiteral("probeMultiPiece"));
  multiPiece_->addItem(tr("Skip (LAMA)"));
  multiPiece_->addItem(tr("Score the first piece"));
  multiPiece_->setToolTip(
      tr("An answer that is not one token of the model's vocabulary cannot fill one mask. LAMA reports "
         "and skips such facts; the first piece is an easier target than the whole word."));
  form->addRow(tr("Answers of several pieces"), multiPiece_);
  limit_ = new QSpinBox(this);
  limit_->setObjectName(QStringLiteral("probeLimit"));
  limit_->setRange(0, 10000000);
  limit_->setSpecialValueText(tr("all"));
  form->addRow(tr("Facts"), limit_);
  addRunRow(tr("Probe"), tr("Rank the whole vocabulary at the mask of every template, for every fact"));

  const auto side = addGridAndRows(tr("P@1 (%) — rows: probing templates, column: the whole vocabulary"),
                                   {tr("vocabulary"), tr("P@10 (%)"), tr("MRR"), tr("Scored")},
                                   QStringLiteral("probeFacts"),
                                   {tr("Fact"), tr("Answer"), tr("Rank"), tr("P(answer)"), tr("Top tokens")});
  results_ = side.results;
  details_ = side.details;
  facts_ = side.rows;
  results_->horizontalHeaderItem(0)->setToolTip(tr("P@1: the answer is the model's most likely token"));
  connect(results_, &QTableWidget::currentCellChanged, this, [this](int row) { showTemplate(row); });
}

void ProbePanel::setAnswerColumn(const QString& column) {
  answer_->setText(column);
}
void ProbePanel::setFirstPiece(bool firstPiece) {
  multiPiece_->setCurrentIndex(firstPiece ? 1 : 0);
}
void ProbePanel::setLimit(int facts) {
  limit_->setValue(facts);
}
QString ProbePanel::detailsText() const {
  return details_->text();
}

void ProbePanel::run() {
  QStringList templates;
  if (!beginRun(tr("Choose a facts file and write at least one template."), tr("Probing…"), &templates))
    return;
  probe::ProbeImportOptions io;
  io.answerColumn = answer_->text().trimmed().toStdString();
  const std::string path = trimmedFile().toStdString();
  std::vector<std::string> texts;
  for (const QString& t : templates) texts.push_back(t.toStdString());
  const auto mode = multiPiece_->currentIndex() == 1 ? probe::MultiPieceAnswers::FirstPiece
                                                     : probe::MultiPieceAnswers::Skip;
  const size_t limit = size_t(limit_->value());
  auto flag = cancelFlag();
  const auto progress = progressTo(progress_);
  results_->setRowCount(0);
  facts_->setRowCount(0);
  details_->clear();
  host_->run<ProbeBatch>(
      this,
      [path, io, texts, mode, limit, flag, progress](eval::EvalSession& session) {
        ProbeBatch batch;
        batch.set = probe::importProbeSet(path, io);
        const int64_t n = int64_t(texts.size());
        for (int64_t t = 0; t < n; ++t) {
          probe::ProbeRequest req;
          req.data = batch.set.data;
          req.templateText = texts[size_t(t)];
          req.multiPiece = mode;
          req.limit = limit;
          // Each template an equal share of the bar.
          const eval::Progress share = [&progress, t, n](int64_t done, int64_t total) {
            if (total > 0) progress(t * 1000 + done * 1000 / total, n * 1000);
          };
          batch.results.push_back(probe::runProbe(session, req, share, flag.get()));
          batch.seconds += batch.results.back().seconds;
        }
        return batch;
      },
      [this, templates](Outcome<ProbeBatch> out) {
        endRun();
        if (!out.ok()) return failRun(out.error);
        progress_->setValue(1000);
        lastSet_ = std::move(out.value->set);
        last_ = std::move(out.value->results);
        results_->setRowCount(int(last_.size()));
        results_->setVerticalHeaderLabels(templates);
        for (int r = 0; r < int(last_.size()); ++r) {
          const auto& m = last_[size_t(r)].metrics;
          results_->setItem(r, 0, cell(QString::number(m.p1 * 100.0, 'f', 1)));
          results_->setItem(r, 1, cell(QString::number(m.p10 * 100.0, 'f', 1)));
          results_->setItem(r, 2, cell(QString::number(m.mrr, 'f', 3)));
          results_->setItem(r, 3, cell(QStringLiteral("%1 / %2").arg(m.count).arg(last_[size_t(r)].total)));
        }
        QString details = q(lastSet_.summary());
        if (!lastSet_.data.problems.empty())
          details += "\n" + q(probe::problemsReport(lastSet_.data, 5)).trimmed();
        if (!last_.empty())
          for (const auto& n : last_.front().notes) details += "\n" + q(n);
        details_->setText(details);
        status_->setText(tr("%n template(s) probed in %1 s.", nullptr, int(last_.size()))
                             .arg(out.value->seconds, 0, 'f', 1));
        if (!last_.empty()) results_->setCurrentCell(0, 0);
        Q_EMIT finished(true);
      });
}

void ProbePanel::showTemplate(int row) {
  facts_->setRowCount(0);
  if (row < 0 || row >= int(last_.size())) return;
  const auto& r = last_[size_t(row)];
  facts_->setRowCount(int(r.examples.size()));
  for (int i = 0; i < int(r.examples.size()); ++i) {
    const auto& e = r.examples[size_t(i)];
    const data::Example* ex = lastSet_.data.findById(e.id);
    QString fact = q(e.id);
    if (ex != nullptr && !ex->fields.empty()) fact += "  " + q(ex->fields.front());
    QString answer = q(e.answer);
    if (e.firstPiece) answer += tr(" (first piece %1)").arg(q(e.answerToken));
    QString top;
    for (size_t k = 0; k < e.top.size() && k < 5; ++k)
      top += (k ? QStringLiteral(", ") : QString()) + q(e.top[k].token) + " " +
             QString::number(e.top[k].prob, 'f', 3);
    facts_->setItem(i, 0, cell(fact, Qt::AlignLeft | Qt::AlignVCenter));
    facts_->setItem(i, 1, cell(answer, Qt::AlignLeft | Qt::AlignVCenter));
    facts_->setItem(i, 2, cell(QString::number(e.rank)));
    facts_->setItem(i, 3, cell(QString::number(e.answerProb, 'g', 3)));
    facts_->setItem(i, 4, cell(top, Qt::AlignLeft | Qt::AlignVCenter));
  }
}

}  // namespace pwb::ui
