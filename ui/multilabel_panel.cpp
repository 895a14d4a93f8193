#include "multilabel_panel.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>

#include "eval/eval_session.h"
#include "eval_host.h"
#include "multilabel/multilabel_eval.h"
#include "multilabel/multilabel_import.h"
#include "probe/probe_format.h"
#include "progress_relay.h"
#include "run_controls.h"

namespace pwb::ui {
namespace {

QString q(const std::string& s) {
  return QString::fromStdString(s);
}

struct MultiLabelOutcome {
  multilabel::MultiLabelSet set;
  multilabel::MultiLabelResult result;
};

QTableWidgetItem* cell(const QString& text, Qt::Alignment align = Qt::AlignRight | Qt::AlignVCenter) {
  auto* item = new QTableWidgetItem(text);
  item->setTextAlignment(align);
  return item;
}

QString percent(double v) {
  return QString::number(v * 100.0, 'f', 1);
}

}  // namespace

MultiLabelPanel::MultiLabelPanel(EvalHost* host, QWidget* parent) : QWidget(parent), host_(host) {
  setObjectName(QStringLiteral("multiLabelPanel"));
  connect(host_, &EvalHost::closing, this, &MultiLabelPanel::cancel);
  auto* outer = new QHBoxLayout(this);
  outer->setContentsMargins(0, 0, 0, 0);
  auto* split = new QSplitter(Qt::Horizontal, this);
  outer->addWidget(split);

  auto* left = new QWidget(split);
  auto* leftLayout = new QVBoxLayout(left);
  leftLayout->setContentsMargins(0, 0, 8, 0);
  auto* dataBox = new QGroupBox(tr("Multi-label file"), left);
  auto* form = new QFormLayout(dataBox);
  auto* fileRow = new QHBoxLayout;
  file_ = new QLineEdit(dataBox);
  file_->setObjectName(QStringLiteral("multiLabelFile"));
  file_->setToolTip(
      tr("JSONL {\"text\": \"…\", \"labels\": [\"a\", \"c\"]} or TSV/CSV with a header whose label column "
         "joins the labels with the separator. Rows with a label outside the declared set are reported by "
         "line and skipped."));
  auto* browse = new QPushButton(tr("Browse…"), dataBox);
  fileRow->addWidget(file_, 1);
  fileRow->addWidget(browse);
  form->addRow(tr("File"), fileRow);
  labelColumn_ = new QLineEdit(dataBox);
  labelColumn_->setPlaceholderText(QStringLiteral("labels"));
  form->addRow(tr("Label column"), labelColumn_);
  separator_ = new QLineEdit(QStringLiteral(","), dataBox);
  separator_->setObjectName(QStringLiteral("multiLabelSeparator"));
  form->addRow(tr("Separator"), separator_);
  declared_ = new QLineEdit(dataBox);
  declared_->setObjectName(QStringLiteral("multiLabelDeclared"));
  declared_->setPlaceholderText(tr("every label seen"));
  form->addRow(tr("Label set"), declared_);
  leftLayout->addWidget(dataBox);

  auto* pBox = new QGroupBox(tr("Prompt"), left);
  auto* pForm = new QFormLayout(pBox);
  scheme_ = new QComboBox(pBox);
  scheme_->setObjectName(QStringLiteral("multiLabelScheme"));
  scheme_->addItem(tr("Label words at one mask"));
  scheme_->addItem(tr("Yes/no cloze per label"));
  scheme_->setToolTip(tr(
      "Label words: every label's word scored at the mask, softmax over them, a threshold on each. Yes/no: "
      "the template names the label with {label}; each row is scored once per label and the label is "
      "predicted when P(yes) reaches the threshold (PET-style)."));
  pForm->addRow(tr("Scheme"), scheme_);
  template_ = new QLineEdit(QStringLiteral("{text} It is about [MASK] ."), pBox);
  template_->setObjectName(QStringLiteral("multiLabelTemplate"));
  pForm->addRow(tr("Template"), template_);
  verbalizer_ = new QLineEdit(pBox);
  verbalizer_->setObjectName(QStringLiteral("multiLabelVerbalizer"));
  verbalizer_->setPlaceholderText(QStringLiteral("sports=sports;news=news"));
  pForm->addRow(tr("Verbalizer"), verbalizer_);
  yesNo_ = new QLineEdit(QStringLiteral("yes=yes;no=no"), pBox);
  yesNo_->setObjectName(QStringLiteral("multiLabelYesNo"));
  yesNo_->setEnabled(false);
  pForm->addRow(tr("Yes/no words"), yesNo_);
  threshold_ = new QDoubleSpinBox(pBox);
  threshold_->setObjectName(QStringLiteral("multiLabelThreshold"));
  threshold_->setRange(0.0, 1.0);
  threshold_->setDecimals(3);
  threshold_->setSingleStep(0.05);
  threshold_->setSpecialValueText(tr("default"));
  threshold_->setToolTip(
      tr("A label is predicted when its probability — the softmax over the label words at the mask — is at "
         "least this. The default, 1 / number of labels, means more likely than uniform; for yes/no it is "
         "0.5."));
  pForm->addRow(tr("Threshold"), threshold_);
  limit_ = new QSpinBox(pBox);
  limit_->setRange(0, 10000000);
  limit_->setSpecialValueText(tr("all"));
  pForm->addRow(tr("Rows"), limit_);
  leftLayout->addWidget(pBox);
  auto* runRow = new QHBoxLayout;
  run_ = new QPushButton(tr("Evaluate"), left);
  run_->setObjectName(QStringLiteral("multiLabelButton"));
  cancel_ = new QPushButton(tr("Cancel"), left);
  cancel_->setEnabled(false);
  runRow->addWidget(run_, 1);
  runRow->addWidget(cancel_);
  leftLayout->addLayout(runRow);
  progress_ = makeThinProgressBar(left);
  leftLayout->addWidget(progress_);
  status_ = new QLabel(left);
  status_->setObjectName(QStringLiteral("multiLabelStatus"));
  status_->setWordWrap(true);
  leftLayout->addWidget(status_);
  leftLayout->addStretch(1);
  split->addWidget(left);

  auto* rightBox = new QGroupBox(tr("Micro-F1, macro-F1, subset accuracy and per-label scores"), split);
  auto* rightLayout = new QVBoxLayout(rightBox);
  metrics_ = new QLabel(rightBox);
  metrics_->setObjectName(QStringLiteral("multiLabelMetrics"));
  metrics_->setWordWrap(true);
  metrics_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  rightLayout->addWidget(metrics_);
  labels_ = new QTableWidget(0, 6, rightBox);
  labels_->setObjectName(QStringLiteral("multiLabelLabels"));
  labels_->setHorizontalHeaderLabels(
      {tr("Precision (%)"), tr("Recall (%)"), tr("F1 (%)"), tr("TP"), tr("FP"), tr("FN")});
  labels_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  labels_->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
  rightLayout->addWidget(labels_, 1);
  split->addWidget(rightBox);
  split->setStretchFactor(0, 1);
  split->setStretchFactor(1, 2);

  connect(browse, &QPushButton::clicked, this, [this]() {
    const QString path = QFileDialog::getOpenFileName(this, tr("Multi-label file"), file_->text(),
                                                      tr("Data (*.jsonl *.json *.tsv *.csv);;All files (*)"));
    if (!path.isEmpty()) file_->setText(path);
  });
  connect(scheme_, &QComboBox::currentIndexChanged, this, [this](int index) {
    verbalizer_->setEnabled(index == 0);
    yesNo_->setEnabled(index == 1);
  });
  connect(run_, &QPushButton::clicked, this, &MultiLabelPanel::run);
  connect(cancel_, &QPushButton::clicked, this, &MultiLabelPanel::cancel);
}

void MultiLabelPanel::setDataFile(const QString& path) {
  file_->setText(path);
}
void MultiLabelPanel::setSeparator(const QString& separator) {
  separator_->setText(separator);
}
void MultiLabelPanel::setDeclaredLabels(const QString& labels) {
  declared_->setText(labels);
}
void MultiLabelPanel::setTemplate(const QString& text) {
  template_->setText(text);
}
void MultiLabelPanel::setVerbalizer(const QString& text) {
  verbalizer_->setText(text);
}
void MultiLabelPanel::setYesNoScheme(bool yesNo) {
  scheme_->setCurrentIndex(yesNo ? 1 : 0);
}
void MultiLabelPanel::setYesNoWords(const QString& text) {
  yesNo_->setText(text);
}
void MultiLabelPanel::setThreshold(double threshold) {
  threshold_->setValue(threshold);
}
QString MultiLabelPanel::statusText() const {
  return status_->text();
}
QString MultiLabelPanel::metricsText() const {
  return metrics_->text();
}

MultiLabelPanel::~MultiLabelPanel() {
  cancel();
}

void MultiLabelPanel::cancel() {
  if (cancelFlag_) cancelFlag_->store(true);
}

void MultiLabelPanel::run() {
  if (running_) return;
  const bool yesNo = scheme_->currentIndex() == 1;
  if (file_->text().trimmed().isEmpty() || template_->text().trimmed().isEmpty() ||
      (yesNo ? yesNo_ : verbalizer_)->text().trimmed().isEmpty() || separator_->text().isEmpty()) {
    status_->setText(tr("Choose a file, a separator, a template and a verbalizer (or the yes/no words)."));
    Q_EMIT finished(false);
    return;
  }
  if (!host_->hasModel()) {
    status_->setText(tr("The project has no model."));
    Q_EMIT finished(false);
    return;
  }
  const std::string path = file_->text().trimmed().toStdString();
  multilabel::MultiLabelImportOptions io;
  io.labelColumn = labelColumn_->text().trimmed().toStdString();
  io.separator = separator_->text().toStdString();
  if (!declared_->text().trimmed().isEmpty())
    io.declaredLabels = multilabel::splitLabels(declared_->text().toStdString(), io.separator);
  multilabel::MultiLabelRequest req;
  req.templateText = template_->text().trimmed().toStdString();
  req.scheme = yesNo ? multilabel::MultiLabelScheme::YesNo : multilabel::MultiLabelScheme::LabelWords;
  req.verbalizerText = verbalizer_->text().trimmed().toStdString();
  req.yesNoWords = yesNo_->text().trimmed().toStdString();
  req.threshold = threshold_->value();
  req.limit = size_t(limit_->value());
  cancelFlag_ = std::make_shared<std::atomic<bool>>(false);
  auto flag = cancelFlag_;
  const auto progress = progressTo(progress_);
  running_ = true;
  run_->setEnabled(false);
  cancel_->setEnabled(true);
  progress_->setValue(0);
  status_->setText(tr("Evaluating…"));
  labels_->setRowCount(0);
  metrics_->clear();
  last_.reset();
  host_->run<MultiLabelOutcome>(
      this,
      [path, io, req, flag, progress](eval::EvalSession& session) mutable {
        MultiLabelOutcome out;
        out.set = multilabel::importMultiLabelSet(path, io);
        req.set = out.set;
        out.result = multilabel::runMultiLabel(session, req, progress, flag.get());
        return out;
      },
      [this](Outcome<MultiLabelOutcome> out) {
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
        const auto& set = out.value->set;
        last_ = std::move(out.value->result);
        const auto& m = last_->metrics;
        QString text = tr("micro-F1 %1 · macro-F1 %2 · subset accuracy %3 (%4 rows, threshold %5)")
                           .arg(percent(m.microF1), percent(m.macroF1), percent(m.subsetAccuracy))
                           .arg(m.count)
                           .arg(last_->threshold, 0, 'g', 4);
        text += "\n" + q(set.summary());
        if (!set.data.problems.empty()) text += "\n" + q(probe::problemsReport(set.data, 5)).trimmed();
        for (const auto& n : last_->notes) text += "\n" + q(n);
        metrics_->setText(text);
        labels_->setRowCount(int(last_->labels.size()));
        QStringList names;
        for (int c = 0; c < int(last_->labels.size()); ++c) {
          names << q(last_->labels[size_t(c)]);
          const auto& l = m.perLabel[size_t(c)];
          labels_->setItem(c, 0, cell(percent(l.precision)));
          labels_->setItem(c, 1, cell(percent(l.recall)));
          labels_->setItem(c, 2, cell(percent(l.f1)));
          labels_->setItem(c, 3, cell(QString::number(l.tp)));
          labels_->setItem(c, 4, cell(QString::number(l.fp)));
          labels_->setItem(c, 5, cell(QString::number(l.fn)));
        }
        labels_->setVerticalHeaderLabels(names);
        status_->setText(tr("%n row(s) evaluated.", nullptr, int(m.count)));
        Q_EMIT finished(true);
      });
}

}  // namespace pwb::ui
