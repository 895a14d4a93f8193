#include "sweep_results.h"

#include <qcustomplot.h>

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>
#include <cmath>

#include "background.h"
#include "parallel_coordinates.h"
#include "percent_text.h"
#include "plot_style.h"
#include "project.h"
#include "store/run_store.h"
#include "theme.h"

namespace pwb::ui {

namespace {

QString q(const std::string& s) {
  return QString::fromStdString(s);
}

QString meanStd(const store::Stats& s) {
  return s.n ? QStringLiteral("%1 (%2)").arg(percentText(s.mean), percentText(s.popStd))
             : QStringLiteral("—");
}

}  // namespace

SweepResults::SweepResults(Project* project, QWidget* parent) : QWidget(parent), project_(project) {
  setObjectName(QStringLiteral("sweepResults"));
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  auto* top = new QHBoxLayout;
  scope_ = new QComboBox(this);
  scope_->setObjectName(QStringLiteral("sweepScope"));
  scope_->addItem(tr("This sweep's runs"));
  scope_->addItem(tr("All finished runs"));
  scope_->setCurrentIndex(1);
  info_ = new QLabel(this);
  info_->setObjectName(QStringLiteral("sweepResultsInfo"));
  info_->setWordWrap(true);
  top->addWidget(scope_);
  top->addWidget(info_, 1);
  layout->addLayout(top);

  auto* split = new QSplitter(Qt::Vertical, this);
  parallel_ = new ParallelCoordinates(split);
  auto* lower = new QSplitter(Qt::Horizontal, split);
  best_ = new QTableWidget(0, 6, lower);
  best_->setObjectName(QStringLiteral("sweepBest"));
  best_->setHorizontalHeaderLabels(
      {tr("Method"), tr("Best configuration"), tr("Configs"), tr("Seeds"), tr("Dev %"), tr("Test %")});
  best_->horizontalHeaderItem(2)->setToolTip(tr("Configurations of this method compared"));
  best_->horizontalHeaderItem(4)->setToolTip(tr("Dev accuracy in %: mean (population std) over the seeds"));
  best_->horizontalHeaderItem(5)->setToolTip(
      tr("Test accuracy in %: mean (population std) over the same runs"));
  best_->verticalHeader()->setVisible(false);
  best_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  best_->setSelectionBehavior(QAbstractItemView::SelectRows);
  best_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
  best_->horizontalHeader()->setSectionResizeMode(1, QHeaderView::Stretch);
  best_->setWordWrap(false);
  best_->setToolTip(
      tr("Per method, the configuration with the highest mean dev accuracy over its seeds; "
         "the test accuracy never takes part in the choice. Std: population (LM-BFF)."));
  bars_ = new QCustomPlot(lower);
  bars_->setObjectName(QStringLiteral("sweepBars"));
  bars_->setMinimumHeight(160);
  stylePlot(bars_);
  lower->addWidget(best_);
  lower->addWidget(bars_);
  lower->setStretchFactor(0, 3);
  lower->setStretchFactor(1, 2);
  lower->setSizes({560, 300});
  split->addWidget(parallel_);
  split->addWidget(lower);
  split->setStretchFactor(0, 3);
  split->setStretchFactor(1, 2);
  layout->addWidget(split, 1);

  connect(scope_, &QComboBox::currentIndexChanged, this, [this](int i) {
    all_ = i == 1;
    refresh();
  });
  // Selecting a best configuration highlights its first run in the plot.
  connect(best_, &QTableWidget::currentCellChanged, this, [this](int row) {
    if (row >= 0 && row < int(summary_.best.size()) && !summary_.best[size_t(row)].runIds.empty())
      parallel_->selectRun(summary_.best[size_t(row)].runIds.front());
  });
}

void SweepResults::setSelection(const std::set<std::string>& uids, bool all, const QString& label) {
  uids_ = uids;
  all_ = all;
  scope_->setItemText(0, label.isEmpty() ? tr("This sweep's runs") : tr("Runs of %1").arg(label));
  const QSignalBlocker block(scope_);
  scope_->setCurrentIndex(all ? 1 : 0);
  refresh();
}

void SweepResults::refresh() {
  if (!project_->isOpen()) return;
  const int gen = ++generation_;
  const std::string path = project_->path().toStdString();
  store::SweepSummaryOptions options;
  const bool none = !all_ && uids_.empty();  // a sweep with no done task yet: nothing to show
  if (!all_) options.uids = uids_;
  struct Read {
    store::SweepSummary summary;
  };
  info_->setText(tr("Reading runs…"));
  runInBackground<Read>(
      this,
      [path, options, none]() {
        Read r;
        if (none) return r;
        store::StoreOptions so;
        so.recoverInterrupted = false;  // the GUI's own connection does that on open
        store::RunStore s(path, so);
        r.summary = store::summarizeSweep(s, options);
        return r;
      },
      [this, gen](Outcome<Read> out) {
        if (gen != generation_) return;
        if (!out.ok()) {
          info_->setText(tr("✘ %1").arg(out.error));
          return;
        }
        summary_ = std::move(out.value->summary);
        showSummary();
        emit refreshed();
      });
}

void SweepResults::showSummary() {
  testOf_.clear();
  for (const auto& p : summary_.points)
    if (p.test) testOf_[p.runId] = *p.test;
  info_->setText(
      tr("%n finished run(s); best configuration per method by mean dev accuracy, test as "
         "mean (population std).",
         nullptr, int(summary_.points.size())));
  parallel_->setPoints(summary_.points, summary_.params);
  best_->setRowCount(int(summary_.best.size()));
  for (int i = 0; i < int(summary_.best.size()); ++i) {
    const auto& b = summary_.best[size_t(i)];
    QStringList ids;
    for (auto id : b.runIds) ids << QString::number(id);
    const QStringList cells{
        q(b.method),    q(b.label),     QString::number(b.configurations), QString::number(b.dev.n),
        meanStd(b.dev), meanStd(b.test)};
    for (int c = 0; c < cells.size(); ++c) {
      auto* item = new QTableWidgetItem(cells[c]);
      item->setToolTip(tr("Runs %1\n%2").arg(ids.join(QStringLiteral(", ")), q(b.config.dump(2))));
      if (c >= 2) item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
      best_->setItem(i, c, item);
    }
  }
  drawBars();
}

void SweepResults::drawBars() {
  bars_->clearPlottables();
  const auto [bars, errors, points] =
      addMeanStdPlottables(bars_, palette(), tr("test mean"), tr("± population std"), tr("seeds"));
  QVector<double> x, mean, err, px, py;
  QSharedPointer<QCPAxisTickerText> ticker(new QCPAxisTickerText);
  double hi = 0;
  for (int i = 0; i < int(summary_.best.size()); ++i) {
    const auto& b = summary_.best[size_t(i)];
    x << i + 1;
    mean << (std::isfinite(b.test.mean) ? b.test.mean * 100.0 : 0.0);
    err << (std::isfinite(b.test.popStd) ? b.test.popStd * 100.0 : 0.0);
    ticker->addTick(i + 1, q(b.method));
    std::vector<double> seeds;
    for (auto id : b.runIds)
      if (testOf_.count(id)) seeds.push_back(testOf_[id] * 100.0);
    const int n = int(seeds.size());
    for (int k = 0; k < n; ++k) {
      px << i + 1 + (n > 1 ? -0.2 + 0.4 * k / (n - 1) : 0.0);
      py << seeds[size_t(k)];
      hi = std::max(hi, py.back());
    }
    hi = std::max(hi, mean.back() + err.back());
  }
  bars->setData(x, mean);
  errors->setData(err);
  points->setData(px, py);
  bars_->xAxis->setTicker(ticker);
  bars_->xAxis->setRange(0.4, std::max(1.6, summary_.best.size() + 0.6));
  bars_->xAxis->grid()->setVisible(false);
  bars_->yAxis->setLabel(tr("Test acc. (%)"));
  bars_->xAxis->setLabel(tr("mean ± std, dots: seeds"));
  // From 0, as in the Runs view: a bar's length is its value.
  bars_->yAxis->setRange(0, summary_.best.empty() ? 100 : std::min(100.0, std::ceil((hi + 5) / 5) * 5));
  bars_->legend->setVisible(false);  // the axis label says what bars, whiskers and dots are
  bars_->replot();
}

void SweepResults::changeEvent(QEvent* event) {
  if (event->type() == QEvent::PaletteChange) drawBars();
  QWidget::changeEvent(event);
}

}  // namespace pwb::ui
