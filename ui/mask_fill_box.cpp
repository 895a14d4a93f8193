#include "mask_fill_box.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QVBoxLayout>

#include "eval/eval_session.h"
#include "eval_host.h"

namespace pwb::ui {

namespace {
QString q(const std::string& s) {
  return QString::fromStdString(s);
}
}  // namespace

MaskFillBox::MaskFillBox(EvalHost* host, InputSource source, QWidget* parent)
    : QGroupBox(tr("Fill all masks together"), parent), host_(host), source_(std::move(source)) {
  auto* layout = new QVBoxLayout(this);
  auto* row = new QHBoxLayout;
  row->addWidget(new QLabel(tr("Order"), this));
  order_ = new QComboBox(this);
  order_->setObjectName(QStringLiteral("fillOrder"));
  order_->addItem(tr("Left to right"), int(eval::FillOrder::LeftToRight));
  order_->addItem(tr("Most confident first"), int(eval::FillOrder::ConfidentFirst));
  order_->addItem(tr("Beam search"), int(eval::FillOrder::Beam));
  order_->setToolTip(
      tr("Each mask is filled with one token and the model runs again before the next. Left to right: the "
         "leftmost mask first. Most confident first: the mask whose best token is most probable (PET). "
         "Beam search: the best hypotheses by the sum of log-probabilities, masks left to right."));
  row->addWidget(order_, 1);
  layout->addLayout(row);
  // The beam width and the button on a second row: one row made the Verbalizers view wider than a
  // 1280-pixel window allows (test_ui_shell everyViewFits1280x800).
  row = new QHBoxLayout;
  row->addWidget(new QLabel(tr("Beam"), this));
  beam_ = new QSpinBox(this);
  beam_->setObjectName(QStringLiteral("fillBeam"));
  beam_->setRange(1, eval::kMaxBeamWidth);
  beam_->setValue(4);
  beam_->setEnabled(false);
  beam_->setToolTip(tr("Beam width: hypotheses kept after every mask (all are shown)."));
  row->addWidget(beam_);
  run_ = new QPushButton(tr("Fill"), this);
  run_->setObjectName(QStringLiteral("fillButton"));
  row->addWidget(run_);
  row->addStretch(1);
  layout->addLayout(row);
  status_ = new QLabel(this);
  status_->setWordWrap(true);
  layout->addWidget(status_);
  results_ = new QTableWidget(0, 3, this);
  results_->setObjectName(QStringLiteral("fillResults"));
  results_->setHorizontalHeaderLabels({tr("Filled text"), tr("Score"), tr("Fills (log-prob, step)")});
  results_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  results_->setSelectionBehavior(QAbstractItemView::SelectRows);
  results_->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
  results_->horizontalHeader()->setSectionResizeMode(2, QHeaderView::Stretch);
  results_->setToolTip(
      tr("Score: the sum of the chosen tokens' log-probabilities, each conditioned on the "
         "fills before it."));
  layout->addWidget(results_, 1);

  connect(order_, &QComboBox::currentIndexChanged, this, [this]() {
    beam_->setEnabled(order_->currentData().toInt() == int(eval::FillOrder::Beam));
    clearResults();
  });
  connect(beam_, &QSpinBox::valueChanged, this, &MaskFillBox::clearResults);
  connect(run_, &QPushButton::clicked, this, &MaskFillBox::fill);
}

void MaskFillBox::clearResults() {
  ++generation_;  // a run still on the worker no longer shows its result
  results_->setRowCount(0);
  status_->clear();
}

void MaskFillBox::fill() {
  clearResults();
  const int gen = generation_;
  const auto input = source_();
  if (!input || !host_->hasModel()) {
    status_->setText(tr("Needs a model, a template and an example."));
    emit filled();
    return;
  }
  eval::InfillOptions options;
  options.order = static_cast<eval::FillOrder>(order_->currentData().toInt());
  options.beamWidth = beam_->value();
  options.topN = options.order == eval::FillOrder::Beam ? beam_->value() : 1;
  status_->setText(tr("Running the model…"));
  using Result = std::vector<eval::InfillHypothesis>;
  const MaskFillInput in = *input;
  host_->run<Result>(
      this,
      [in, options](eval::EvalSession& s) {
        return s.fillMasks(in.templateText, in.columns, in.fields, options);
      },
      [this, gen](Outcome<Result> out) {
        if (gen != generation_) return;
        if (!out.ok()) {
          status_->setText(tr("✘ %1").arg(out.error));
          emit filled();
          return;
        }
        const Result& r = *out.value;
        results_->setRowCount(int(r.size()));
        for (int i = 0; i < int(r.size()); ++i) {
          const auto& h = r[size_t(i)];
          QStringList fills;
          for (const auto& f : h.fills)
            fills << tr("%1 %2 (%3)").arg(q(f.token)).arg(f.logProb, 0, 'f', 3).arg(f.step + 1);
          results_->setItem(i, 0, new QTableWidgetItem(q(h.text)));
          auto* score = new QTableWidgetItem(QString::number(h.score, 'f', 4));
          score->setData(Qt::UserRole, h.score);
          score->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
          results_->setItem(i, 1, score);
          results_->setItem(i, 2, new QTableWidgetItem(fills.join(QStringLiteral(" · "))));
        }
        status_->setText(
            r.empty()
                ? QString()
                : tr("Masks filled: %1. Score = sum of log-probabilities.").arg(r.front().fills.size()));
        emit filled();
      });
}

}  // namespace pwb::ui
