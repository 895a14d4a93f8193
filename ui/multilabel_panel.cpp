#include "multilabel_panel.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
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

namespace pwb::ui {
namespace {

QString q(const std::string& s) {
  return QString::fromStdString(s);
}

struct MultiLabelOutcome {
  multilabel::MultiLabelSet set;
  multilabel::MultiLabelResult result;
};

QString percent(double v) {
  return QString::number(v * 100.0, 'f', 1);
}

}  // namespace

MultiLabelPanel::MultiLabelPanel(EvalHost* host, QWidget* parent)
    : TaskPage(host, QStringLiteral("multiLabel"), parent) {
  auto* form = addDataBox(
      tr("Multi-label file"),
      tr("JSONL {\"text\": \"…\", \"labels\": [\"a\", \"c\"]} or TSV/CSV with a header whose label column "
         "joins the labels with the separator. Rows with a label outside the declared set are reported by "
         "line and skipped."),
      tr("Data (*.jsonl *.json *.tsv *.csv);;All files (*)"));
  labelColumn_ = new QLineEdit(this);
  labelColumn_->setObjectName(QStringLiteral("multiLabelLabelColumn"));
  labelColumn_->setPlaceholderText(QStringLiteral("labels"));
  form->addRow(tr("Label column"), labelColumn_);
  separator_ = new QLineEdit(QStringLiteral(","), this);
  separator_->setObjectName(QStringLiteral("multiLabelSeparator"));
  form->addRow(tr("Separator"), separator_);
  declared_ = new QLineEdit(this);
  declared_->setObjectName(QStringLiteral("multiLabelDeclared"));
  declared_->setPlaceholderText(tr("every label seen"));
  form->addRow(tr("Label set"), declared_);

  auto* pForm = addOptionsBox(tr("Prompt"));
  scheme_ = new QComboBox(this);
  scheme_->setObjectName(QStringLiteral("multiLabelScheme"));
  scheme_->addItem(tr("Label words at one mask"));
  scheme_->addItem(tr("Yes/no cloze per label"));
  scheme_->setToolTip(tr(
      "Label words: every label's word scored at the mask, softmax over them, a threshold on each. Yes/no: "
      "the template names the label with {label}; each row is scored once per label and the label is "
      "predicted when P(yes) reaches the threshold (PET-style)."));
  pForm->addRow(tr("Scheme"), scheme_);
  template_ = new QLineEdit(QStringLiteral("{text} It is about [MASK] ."), this);
  template_->setObjectName(QStringLiteral("multiLabelTemplate"));
  pForm->addRow(tr("Template"), template_);
  verbalizer_ = new QLineEdit(this);
  verbalizer_->setObjectName(QStringLiteral("multiLabelVerbalizer"));
  verbalizer_->setPlaceholderText(QStringLiteral("sports=sports;news=news"));
  pForm->addRow(tr("Verbalizer"), verbalizer_);
  yesNo_ = new QLineEdit(QStringLiteral("yes=yes;no=no"), this);
  yesNo_->setObjectName(QStringLiteral("multiLabelYesNo"));
  yesNo_->setEnabled(false);
  pForm->addRow(tr("Yes/no words"), yesNo_);
  threshold_ = new QDoubleSpinBox(this);
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
  limit_ = new QSpinBox(this);
  limit_->setRange(0, 10000000);
  limit_->setSpecialValueText(tr("all"));
  pForm->addRow(tr("Rows"), limit_);
  addRunRow(tr("Evaluate"));

  auto* rightBox = new QGroupBox(tr("Micro-F1, macro-F1, subset accuracy and per-label scores"), split());
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
  split()->addWidget(rightBox);
  split()->setStretchFactor(0, 1);
  split()->setStretchFactor(1, 2);

  connect(scheme_, &QComboBox::currentIndexChanged, this, [this](int index) {
    verbalizer_->setEnabled(index == 0);
    yesNo_->setEnabled(index == 1);
  });
}

void MultiLabelPanel::setLabelColumn(const QString& column) {
  labelColumn_->setText(column);
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
QString MultiLabelPanel::metricsText() const {
  return metrics_->text();
}

void MultiLabelPanel::run() {
  if (isRunning()) return;
  const bool yesNo = scheme_->currentIndex() == 1;
  const QString missing =
      tr("Choose a file, a separator, a template and a verbalizer (or the yes/no words).");
  if (template_->text().trimmed().isEmpty() || (yesNo ? yesNo_ : verbalizer_)->text().trimmed().isEmpty() ||
      separator_->text().isEmpty())
    return failRun(missing);
  if (!beginRun(missing, tr("Evaluating…"))) return;
  const std::string path = trimmedFile().toStdString();
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
  auto flag = cancelFlag();
  const auto progress = progressTo(progress_);
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
        endRun();
        if (!out.ok()) return failRun(out.error);
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
