// The Train view's live plot: the loss of each seed (raw, faint, and smoothed as TensorBoard does), dev
// accuracy dots on the right axis, the loss axis fitted to every raw point, and the progress bar and ETA that
// follow the engine's step reports. Split from train_view.cpp, which builds the form and runs the queue.
#include <qcustomplot.h>

#include <QComboBox>
#include <QLabel>
#include <QProgressBar>
#include <QSlider>
#include <algorithm>
#include <cmath>

#include "loss_smoothing.h"
#include "plot_style.h"
#include "theme.h"
#include "train_runner.h"
#include "train_view.h"

namespace pwb::ui {
namespace {

constexpr double kSmoothedPenWidth = 1.8;

QString formatEta(double seconds) {
  if (seconds < 0 || !std::isfinite(seconds)) return QStringLiteral("—");
  const int s = int(seconds + 0.5);
  return s >= 3600 ? QStringLiteral("%1:%2:%3")
                         .arg(s / 3600)
                         .arg(s / 60 % 60, 2, 10, QLatin1Char('0'))
                         .arg(s % 60, 2, 10, QLatin1Char('0'))
                   : QStringLiteral("%1:%2").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
}

}  // namespace

QCPGraph* TrainView::lossGraph(int seedIndex) {
  while (lossGraphs_.size() <= seedIndex) {
    const int i = int(lossGraphs_.size());
    const auto& seeds = currentJob_ >= 0 ? jobs_[currentJob_].request.seeds : std::vector<int64_t>{};
    // The raw loss faint, the smoothed one on top in the seed's colour (TensorBoard's look).
    QColor faint = seriesColor(i);
    faint.setAlphaF(0.28);
    auto* raw = plot_->addGraph(plot_->xAxis, plot_->yAxis);
    raw->setPen(QPen(faint, 1.0));
    raw->removeFromLegend();
    auto* smooth = plot_->addGraph(plot_->xAxis, plot_->yAxis);
    smooth->setPen(QPen(seriesColor(i), kSmoothedPenWidth));
    smooth->setName(tr("seed %1").arg(size_t(i) < seeds.size() ? qlonglong(seeds[size_t(i)]) : i));
    lossGraphs_ << raw;
    smoothGraphs_ << smooth;
    smoothers_ << EmaSmoother(smoothing());
  }
  return lossGraphs_[seedIndex];
}

double TrainView::smoothing() const {
  return smoothing_->value() / 100.0;
}

void TrainView::setSmoothing(double weight) {
  smoothing_->setValue(int(std::lround(std::clamp(weight, 0.0, 0.99) * 100)));
}

void TrainView::resmooth() {
  smoothingValue_->setText(QString::number(smoothing(), 'f', 2));
  for (int i = 0; i < lossGraphs_.size(); ++i) {
    QVector<double> x;
    std::vector<double> y;
    for (auto it = lossGraphs_[i]->data()->constBegin(); it != lossGraphs_[i]->data()->constEnd(); ++it) {
      x << it->key;
      y.push_back(it->value);
    }
    const std::vector<double> s = smoothLikeTensorBoard(y, smoothing());
    smoothGraphs_[i]->setData(x, QVector<double>(s.begin(), s.end()), true);
    // The live curve goes on from the same state as the whole series' smoothing.
    smoothers_[i] = EmaSmoother(smoothing());
    for (double v : y) smoothers_[i].add(v);
  }
  plot_->replot(QCustomPlot::rpQueuedReplot);
}

void TrainView::fitLossAxis() {
  // Every raw point inside, with a margin: the top of the curve is never cut off by the frame.
  const AxisRange r =
      fittedRange(lossLow_ <= lossHigh_ ? std::vector<double>{lossLow_, lossHigh_} : std::vector<double>{});
  plot_->yAxis->setRange(r.lower, r.upper);
}

QCPGraph* TrainView::devGraph(int seedIndex) {
  while (devGraphs_.size() <= seedIndex) {
    const int i = int(devGraphs_.size());
    auto* g = plot_->addGraph(plot_->xAxis, plot_->yAxis2);
    g->setLineStyle(QCPGraph::lsNone);
    g->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, seriesColor(i), seriesColor(i), 8));
    g->removeFromLegend();
    devGraphs_ << g;
  }
  return devGraphs_[seedIndex];
}

void TrainView::onSeedStarted(int seedIndex, qint64 seed) {
  currentSeed_ = seedIndex;
  lossGraph(seedIndex);
  devGraph(seedIndex);
  status_->setText(tr("Seed %1 (%2 of %3)…").arg(seed).arg(seedIndex + 1).arg(seedCount_));
}

void TrainView::onSteps(const QVector<StepPoint>& points) {
  for (const auto& p : points) {
    lossGraph(p.seedIndex)->addData(p.step, p.loss);
    smoothGraphs_[p.seedIndex]->addData(p.step, smoothers_[p.seedIndex].add(p.loss));
    if (std::isfinite(p.loss)) {
      lossLow_ = std::min(lossLow_, p.loss);
      lossHigh_ = std::max(lossHigh_, p.loss);
    }
  }
  // The smoothed curve is 1.8 px while it is short and 1 px once dense (linePen): at a low smoothing
  // weight it is as jagged as the raw loss, and a thick jagged curve of thousands of points cost Qt's
  // stroker 80 ms per replot, every 50 ms (bench_gui_stall --smoothing 0).
  for (int i = 0; i < smoothGraphs_.size(); ++i)
    smoothGraphs_[i]->setPen(linePen(seriesColor(i), kSmoothedPenWidth, smoothGraphs_[i]->dataCount()));
  const StepPoint& last = points.back();
  fitLossAxis();
  // Dev Pearson x 100 (regression) may be negative; dev accuracy is a percentage.
  plot_->yAxis2->setRange(task_->currentData().toString() == QLatin1String("regression") ? -100 : 0, 100);
  plot_->xAxis->setRange(0, std::max(1, last.totalSteps));
  plot_->replot(QCustomPlot::rpQueuedReplot);
  const double seedFrac = last.totalSteps > 0 ? double(last.step) / last.totalSteps : 0;
  const double overall = (last.seedIndex + seedFrac) / std::max(1, seedCount_);
  progress_->setValue(int(overall * 1000));
  // The engine's ETA is for this seed; the remaining seeds take about as long as this one.
  const double perSeed = seedFrac > 0 ? last.eta / (1 - seedFrac + 1e-9) : -1;
  const double total = last.eta + std::max(0, seedCount_ - last.seedIndex - 1) * perSeed;
  eta_->setText(tr("seed %1/%2 · step %3/%4 · loss %5 · ETA %6")
                    .arg(last.seedIndex + 1)
                    .arg(seedCount_)
                    .arg(last.step)
                    .arg(last.totalSteps)
                    .arg(last.loss, 0, 'f', 3)
                    .arg(formatEta(total)));
}

void TrainView::onEvals(const QVector<EvalPoint>& points) {
  for (const auto& p : points) devGraph(p.seedIndex)->addData(p.step, p.accuracy * 100.0);
  plot_->replot(QCustomPlot::rpQueuedReplot);
}

}  // namespace pwb::ui
