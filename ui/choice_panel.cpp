#include "choice_panel.h"

#include <QComboBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>

#include "data/dataset_import.h"
#include "eval/eval_session.h"
#include "eval_host.h"
#include "probe/probe_format.h"
#include "progress_relay.h"
#include "run_controls.h"

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

QTableWidgetItem* cell(const QString& text, Qt::Alignment align = Qt::AlignRight | Qt::AlignVCenter) {
  auto* item = new QTableWidgetItem(text);
  item->setTextAlignment(align);
  return item;
}

}  // namespace

ChoicePanel::ChoicePanel(EvalHost* host, QWidget* parent) : QWidget(parent), host_(host) {
  setObjectName(QStringLiteral("choicePanel"));
  connect(host_, &EvalHost::closing, this, &ChoicePanel::cancel);
  auto* outer = new QHBoxLayout(this);
  outer->setContentsMargins(0, 0, 0, 0);
  auto* split = new QSplitter(Qt::Horizontal, this);
  outer->addWidget(split);

  auto* left = new QWidget(split);
  auto* leftLayout = new QVBoxLayout(left);
  leftLayout->setContentsMargins(0, 0, 8, 0);
  auto* dataBox = new QGroupBox(tr("Multiple-choice file"), left);
  auto* dataForm = new QFormLayout(dataBox);
  auto* fileRow = new QHBoxLayout;
  file_ = new QLineEdit(dataBox);
  file_->setObjectName(QStringLiteral("choiceFile"));
  file_->setToolTip(
      tr("JSONL: ARC ({\"question\": {\"stem\", \"choices\": [{\"text\", \"label\"}]}, \"answerKey\"}), ARC "
         "flat or COPA (premise, choice1, choice2, question, label). The options become the fields option_A, "
         "option_B, … by position. Bad rows are reported by line and skipped."));
  auto* browse = new QPushButton(tr("Browse…"), dataBox);
  fileRow->addWidget(file_, 1);
  fileRow->addWidget(browse);
  dataForm->addRow(tr("File"), fileRow);
  leftLayout->addWidget(dataBox);

  auto* tBox = new QGroupBox(tr("Templates (one per line; the option text goes at [MASK])"), left);
  auto* tLayout = new QVBoxLayout(tBox);
  templates_ = new QPlainTextEdit(tBox);
  templates_->setObjectName(QStringLiteral("choiceTemplates"));
  templates_->setPlainText(QStringLiteral("Question: {question} Answer: [MASK] ."));
  tLayout->addWidget(templates_);
  leftLayout->addWidget(tBox, 1);

  auto* optBox = new QGroupBox(tr("Options"), left);
  auto* form = new QFormLayout(optBox);
  score_ = new QComboBox(optBox);
  score_->setObjectName(QStringLiteral("choiceScore"));
  score_->addItem(tr("Sum of log-probs (PET)"));
  score_->addItem(tr("Mean per word piece"));
  score_->setToolTip(
      tr("PET sums the log-probabilities of an option's pieces, which favours short options; the mean "
         "divides by the number of pieces (length-normalised)."));
  form->addRow(tr("Option score"), score_);
  limit_ = new QSpinBox(optBox);
  limit_->setObjectName(QStringLiteral("choiceLimit"));
  limit_->setRange(0, 10000000);
  limit_->setSpecialValueText(tr("all"));
  form->addRow(tr("Rows"), limit_);
  leftLayout->addWidget(optBox);
  auto* runRow = new QHBoxLayout;
  run_ = new QPushButton(tr("Score options"), left);
  run_->setObjectName(QStringLiteral("choiceButton"));
  cancel_ = new QPushButton(tr("Cancel"), left);
  cancel_->setEnabled(false);
  runRow->addWidget(run_, 1);
  runRow->addWidget(cancel_);
  leftLayout->addLayout(runRow);
  progress_ = makeThinProgressBar(left);
  leftLayout->addWidget(progress_);
  status_ = new QLabel(left);
  status_->setObjectName(QStringLiteral("choiceStatus"));
  status_->setWordWrap(true);
  leftLayout->addWidget(status_);
  split->addWidget(left);

  auto* right = new QSplitter(Qt::Vertical, split);
  auto* gridBox = new QGroupBox(tr("Accuracy (%) — rows: templates, column: the option text"), right);
  auto* gridLayout = new QVBoxLayout(gridBox);
  results_ = new QTableWidget(0, 3, gridBox);
  results_->setObjectName(QStringLiteral("choiceResults"));
  results_->setHorizontalHeaderLabels({tr("option text"), tr("Correct"), tr("Scored")});
  results_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  results_->setSelectionBehavior(QAbstractItemView::SelectRows);
  results_->setSelectionMode(QAbstractItemView::SingleSelection);
  results_->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
  gridLayout->addWidget(results_, 1);
  details_ = new QLabel(gridBox);
  details_->setObjectName(QStringLiteral("choiceDetails"));
  details_->setWordWrap(true);
  details_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  gridLayout->addWidget(details_);
  right->addWidget(gridBox);
  rows_ = new QTableWidget(0, 4, right);
  rows_->setObjectName(QStringLiteral("choiceRows"));
  rows_->setHorizontalHeaderLabels({tr("Row"), tr("Gold"), tr("Predicted"), tr("Scores (pieces)")});
  rows_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  rows_->verticalHeader()->setVisible(false);
  rows_->horizontalHeader()->setStretchLastSection(true);
  right->addWidget(rows_);
  split->addWidget(right);
  split->setStretchFactor(0, 1);
  split->setStretchFactor(1, 3);

  connect(browse, &QPushButton::clicked, this, [this]() {
    const QString path = QFileDialog::getOpenFileName(this, tr("Multiple-choice file"), file_->text(),
                                                      tr("JSON Lines (*.jsonl *.json);;All files (*)"));
    if (!path.isEmpty()) file_->setText(path);
  });
  connect(run_, &QPushButton::clicked, this, &ChoicePanel::run);
  connect(cancel_, &QPushButton::clicked, this, &ChoicePanel::cancel);
  connect(results_, &QTableWidget::currentCellChanged, this, [this](int row) { showTemplate(row); });
}

void ChoicePanel::setDataFile(const QString& path) {
  file_->setText(path);
}
QString ChoicePanel::dataFile() const {
  return file_->text();
}
void ChoicePanel::setTemplates(const QStringList& templates) {
  templates_->setPlainText(templates.join('\n'));
}
void ChoicePanel::setMeanScore(bool mean) {
  score_->setCurrentIndex(mean ? 1 : 0);
}
void ChoicePanel::setLimit(int rows) {
  limit_->setValue(rows);
}
QString ChoicePanel::statusText() const {
  return status_->text();
}
QString ChoicePanel::detailsText() const {
  return details_->text();
}

ChoicePanel::~ChoicePanel() {
  cancel();
}

void ChoicePanel::cancel() {
  if (cancelFlag_) cancelFlag_->store(true);
}

void ChoicePanel::run() {
  if (running_) return;
  const QStringList templates = nonEmptyLines(templates_);
  if (templates.isEmpty() || file_->text().trimmed().isEmpty()) {
    status_->setText(tr("Choose a multiple-choice file and write at least one template."));
    Q_EMIT finished(false);
    return;
  }
  if (!host_->hasModel()) {
    status_->setText(tr("The project has no model."));
    Q_EMIT finished(false);
    return;
  }
  const std::string path = file_->text().trimmed().toStdString();
  std::vector<std::string> texts;
  for (const QString& t : templates) texts.push_back(t.toStdString());
  const auto score = score_->currentIndex() == 1 ? choice::OptionScore::Mean : choice::OptionScore::Sum;
  const size_t limit = size_t(limit_->value());
  cancelFlag_ = std::make_shared<std::atomic<bool>>(false);
  auto flag = cancelFlag_;
  const auto progress = progressTo(progress_);
  running_ = true;
  run_->setEnabled(false);
  cancel_->setEnabled(true);
  progress_->setValue(0);
  status_->setText(tr("Scoring options…"));
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
        running_ = false;
        run_->setEnabled(true);
        cancel_->setEnabled(false);
        cancelFlag_.reset();
        if (!out.ok()) {
          status_->setText(out.error);
          Q_EMIT finished(false);
          return;
        }
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
