// RunsView's "By configuration" tab: the groups as a text table (shown, exported) and as a bar chart of
// mean ± std with each seed's point.
#include <qcustomplot.h>

#include <QComboBox>
#include <algorithm>
#include <cmath>

#include "percent_text.h"
#include "plot_style.h"
#include "runs_view.h"
#include "store/group_names.h"
#include "table_export.h"
#include "theme.h"

namespace pwb::ui {

namespace {
QString q(const std::string& s) {
  return QString::fromStdString(s);
}
}  // namespace

TextTable RunsView::groupTextTable() const {
  const bool sample = spread_->currentIndex() == 1;
  const std::vector<std::string> names = store::groupNames(groups_);
  const QString metric = metric_->currentData().toString();
  auto percentText = [&metric](double v) { return metricText(metric, v); };  // Pearson is not a percentage
  TextTable t;
  t.headers =
      QStringList{tr("Configuration"), tr("Runs"), sample ? tr("Mean (sample std)") : tr("Mean (std)"),
                  tr("Median"),        tr("Min"),  tr("Max"),
                  tr("Per seed")};
  for (size_t i = 0; i < groups_.size(); ++i) {
    const auto& g = groups_[i];
    const double sd = sample ? g.stats.sampleStd : g.stats.popStd;
    QStringList seeds;
    for (const auto& v : g.values)
      seeds << (v.seed ? QStringLiteral("%1: %2").arg(*v.seed).arg(percentText(v.value))
                       : percentText(v.value));
    t.rows << QStringList{q(names[i]),
                          QString::number(g.stats.n),
                          QStringLiteral("%1 (%2)").arg(percentText(g.stats.mean), percentText(sd)),
                          percentText(g.stats.median),
                          percentText(g.stats.min),
                          percentText(g.stats.max),
                          seeds.join(QStringLiteral(", "))};
  }
  return t;
}

void RunsView::drawGroups() {
  const bool sample = spread_->currentIndex() == 1;
  groupPlot_->clearPlottables();
  groupPlot_->clearGraphs();
  const auto [bars, errors, points] = addMeanStdPlottables(
      groupPlot_, palette(), tr("mean"), sample ? tr("± sample std") : tr("± population std"), tr("seeds"));
  QVector<double> x, mean, err, px, py;
  QSharedPointer<QCPAxisTickerText> ticker(new QCPAxisTickerText);
  const std::vector<std::string> names = store::groupNames(groups_);
  double hi = 0;
  for (int i = 0; i < int(groups_.size()); ++i) {
    const auto& g = groups_[size_t(i)];
    x << i + 1;
    mean << g.stats.mean * 100.0;
    const double sd = sample ? g.stats.sampleStd : g.stats.popStd;
    err << (std::isfinite(sd) ? sd * 100.0 : 0.0);
    // The group's name, one difference per line (the table has it on one line, the tooltip the config).
    ticker->addTick(i + 1, q(names[size_t(i)]).replace(QStringLiteral(" · "), QStringLiteral("\n")));
    const int n = int(g.values.size());
    for (int k = 0; k < n; ++k) {
      // Spread the seeds' points across the bar so that equal values stay visible.
      px << i + 1 + (n > 1 ? -0.2 + 0.4 * k / (n - 1) : 0.0);
      py << g.values[size_t(k)].value * 100.0;
      hi = std::max(hi, py.back());
    }
    hi = std::max(hi, mean.back() + err.back());
  }
  bars->setData(x, mean);
  errors->setData(err);
  points->setData(px, py);
  groupPlot_->xAxis->setTicker(ticker);
  groupPlot_->xAxis->setRange(0.4, std::max(1.6, groups_.size() + 0.6));
  groupPlot_->xAxis->grid()->setVisible(false);
  groupPlot_->yAxis->setLabel(metric_->currentText() + QStringLiteral(" (%)"));
  // Bars always start at 0: a bar's length is its value, so a bar twice as long means twice the accuracy.
  // (Starting at 40 % drew 62 % as a bar 22/18 = 1.2 times as long as 58 %, which is 1.07 times its
  // value.) Small differences are read from the error bars, the seeds' points and the table.
  groupPlot_->yAxis->setRange(0, groups_.empty() ? 100 : std::min(100.0, std::ceil((hi + 5) / 5) * 5));
  groupPlot_->legend->setVisible(!groups_.empty());
  groupPlot_->replot();
}
}  // namespace pwb::ui
