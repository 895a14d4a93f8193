#include "choice_panel.h"

#include <QComboBox>
#include <QFormLayout>
#include <QLabel>
#include <QProgressBar>
#include <QSpinBox>
#include <QTableWidget>

#include "data/dataset_import.h"
#include "eval/eval_session.h"
#include "eval_host.h"
#include "probe/probe_format.h"
#include "progress_relay.h"

namespace pwb::ui {
namespace {

QString q(const std::string& s) {
  return QString::fromStdString(s);
}

struct ChoiceBatch {
  data::Dataset set;
  std::vector<choice::OptionScoreResult> results;
  double seconds = 0;
};

}  // namespace

ChoicePanel::ChoicePanel(EvalHost* host, QWidget* parent) : TaskPage(host, QStringLiteral("choice"), parent) {
  addDataBox(
      tr("Multiple-choice file"),
      tr("JSONL: ARC ({\"question\": {\"stem\", \"choices\": [{\"text\", \"label\"}]}, \"answerKey\"}), ARC "
         "flat or COPA (premise, choice1, choice2, question, label). The options become the fields option_A, "
         "option_B, … by position. Bad rows are reported by line and skipped."),
      tr("JSON Lines (*.jsonl *.json);;All files (*)"));
  addTemplatesBox(tr("Templates (one per line; the option text goes at [MASK])"),
                  QStringLiteral("Question: {question} Answer: [MASK] ."));

  auto* form = addOptionsBox(tr("Options"));
  score_ = new QComboBox(this);
  score_->setObjectName(QStringLiteral("choiceScore"));
  score_->addItem(tr("Sum of log-probs (PET)"));
  score_->addItem(tr("Mean per word piece"));
  score_->setToolTip(
      tr("PET sums the log-probabilities of an option's pieces, which favours short options; the mean "
         "divides by the number of pieces (length-normalised)."));
  form->addRow(tr("Option score"), score_);
  limit_ = new QSpinBox(this);
  limit_->setObjectName(QStringLiteral("choiceLimit"));
  limit_->setRange(0, 10000000);
  limit_->setSpecialValueText(tr("all"));
  form->addRow(tr("Rows"), limit_);
  addRunRow(tr("Score options"));

  const auto side =
      addGridAndRows(tr("Accuracy (%) — rows: templates, column: the option text"),
                     {tr("option text"), tr("Correct"), tr("Scored")}, QStringLiteral("choiceRows"),
                     {tr("Row"), tr("Gold"), tr("Predicted"), tr("Scores (pieces)")});
  results_ = side.results;
  details_ = side.details;
  rows_ = side.rows;
  connect(results_, &QTableWidget::currentCellChanged, this, [this](int row) { showTemplate(row); });
}

void ChoicePanel::setMeanScore(bool mean) {
  score_->setCurrentIndex(mean ? 1 : 0);
}
void ChoicePanel::setLimit(int rows) {
  limit_->setValue(rows);
}
QString ChoicePanel::detailsText() const {
  return details_->text();
}

void ChoicePanel::run() {
  QStringList templates;
  if (!beginRun(tr("Choose a multiple-choice file and write at least one template."), tr("Scoring options…"),
                &templates))
    return;
  const std::string path = trimmedFile().toStdString();
  std::vector<std::string> texts;
  for (const QString& t : templates) texts.push_back(t.toStdString());
  const auto score = score_->currentIndex() == 1 ? choice::OptionScore::Mean : choice::OptionScore::Sum;
  const size_t limit = size_t(limit_->value());
  auto flag = cancelFlag();
  const auto progress = progressTo(progress_);
  results_->setRowCount(0);
  rows_->setRowCount(0);
  details_->clear();
  host_->run<ChoiceBatch>(
      this,
      [path, texts, score, limit, flag, progress](eval::EvalSession& session) {
        ChoiceBatch batch;
        data::ImportOptions io;
        io.format = "mc-jsonl";
        batch.set = data::importDataset(path, io);
        const int64_t n = int64_t(texts.size());
        for (int64_t t = 0; t < n; ++t) {
          choice::OptionScoreRequest req;
          req.data = batch.set;
          req.templateText = texts[size_t(t)];
          req.score = score;
          req.limit = limit;
          const eval::Progress share = [&progress, t, n](int64_t done, int64_t total) {
            if (total > 0) progress(t * 1000 + done * 1000 / total, n * 1000);
          };
          batch.results.push_back(choice::runOptionScoring(session, req, share, flag.get()));
          batch.seconds += batch.results.back().seconds;
        }
        return batch;
      },
      [this, templates](Outcome<ChoiceBatch> out) {
        endRun();
        if (!out.ok()) return failRun(out.error);
        progress_->setValue(1000);
        lastSet_ = std::move(out.value->set);
        last_ = std::move(out.value->results);
        results_->setRowCount(int(last_.size()));
        results_->setVerticalHeaderLabels(templates);
        for (int r = 0; r < int(last_.size()); ++r) {
          const auto& res = last_[size_t(r)];
          results_->setItem(r, 0, cell(QString::number(res.accuracy * 100.0, 'f', 1)));
          results_->setItem(r, 1, cell(QStringLiteral("%1 / %2").arg(res.correct).arg(res.withAnswer)));
          results_->setItem(r, 2, cell(QString::number(res.scored)));
        }
        QString details = q(lastSet_.summary());
        if (!lastSet_.problems.empty()) details += "\n" + q(probe::problemsReport(lastSet_, 5)).trimmed();
        if (!last_.empty())
          for (const auto& n : last_.front().notes) details += "\n" + q(n);
        details_->setText(details);
        status_->setText(tr("%n template(s) scored in %1 s.", nullptr, int(last_.size()))
                             .arg(out.value->seconds, 0, 'f', 1));
        if (!last_.empty()) results_->setCurrentCell(0, 0);
        Q_EMIT finished(true);
      });
}

void ChoicePanel::showTemplate(int row) {
  rows_->setRowCount(0);
  if (row < 0 || row >= int(last_.size())) return;
  const auto& r = last_[size_t(row)];
  rows_->setRowCount(int(r.examples.size()));
  auto letter = [&r](int i) { return i >= 0 ? q(r.labels[size_t(i)]) : QStringLiteral("-"); };
  for (int i = 0; i < int(r.examples.size()); ++i) {
    const auto& e = r.examples[size_t(i)];
    const data::Example* ex = lastSet_.findById(e.id);
    QString text = q(e.id);
    if (ex != nullptr && !ex->fields.empty()) text += "  " + q(ex->fields.front());
    QString scores;
    for (size_t k = 0; k < e.scores.size(); ++k)
      scores += (k ? QStringLiteral("   ") : QString()) + letter(int(k)) + " " +
                QString::number(e.scores[k], 'f', 3) + " (" + QString::number(e.pieces[k]) + ")";
    rows_->setItem(i, 0, cell(text, Qt::AlignLeft | Qt::AlignVCenter));
    rows_->setItem(i, 1, cell(letter(e.gold), Qt::AlignCenter));
    rows_->setItem(i, 2, cell(letter(e.pred), Qt::AlignCenter));
    rows_->setItem(i, 3, cell(scores, Qt::AlignLeft | Qt::AlignVCenter));
  }
}

}  // namespace pwb::ui
