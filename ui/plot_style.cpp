#include "plot_style.h"

#include <qcustomplot.h>

#include <QFileInfo>
#include <QSvgGenerator>
#include <algorithm>

#include "theme.h"

namespace pwb::ui {

QPen linePen(const QColor& color, double width, int points) {
  return QPen(color, points > kDenseLinePoints ? std::min(width, 1.0) : width);
}

static void styleAxis(QCPAxis* axis, const QPalette& pal) {
  const QColor text = pal.color(QPalette::Text);
  const QColor grid = blend(pal.color(QPalette::Base), text, 0.12);
  const QColor line = blend(pal.color(QPalette::Base), text, 0.45);
  axis->setBasePen(QPen(line));
  axis->setTickPen(QPen(line));
  axis->setSubTickPen(QPen(line));
  axis->setTickLabelColor(text);
  axis->setLabelColor(text);
  axis->grid()->setPen(QPen(grid, 1, Qt::SolidLine));
  axis->grid()->setSubGridVisible(false);
  axis->grid()->setZeroLinePen(Qt::NoPen);
}

namespace {
// Restyles a plot when the application palette changes (View ▸ Theme), so that a dark theme chosen at
// run time does not leave light plots behind.
class PaletteFollower : public QObject {
 public:
  explicit PaletteFollower(QCustomPlot* plot) : QObject(plot) { plot->installEventFilter(this); }
  bool eventFilter(QObject* watched, QEvent* event) override {
    if (event->type() == QEvent::PaletteChange) {
      auto* plot = static_cast<QCustomPlot*>(watched);
      applyStyle(plot);
      plot->replot(QCustomPlot::rpQueuedReplot);
    }
    return false;
  }
  static void applyStyle(QCustomPlot* plot);
};
}  // namespace

void stylePlot(QCustomPlot* plot) {
  if (!plot->property("pwbFollowsPalette").toBool()) {
    plot->setProperty("pwbFollowsPalette", true);
    new PaletteFollower(plot);
  }
  PaletteFollower::applyStyle(plot);
}

void PaletteFollower::applyStyle(QCustomPlot* plot) {
  const QPalette pal = plot->palette();
  plot->setBackground(pal.color(QPalette::Base));
  for (QCPAxis* a : {plot->xAxis, plot->yAxis, plot->xAxis2, plot->yAxis2}) styleAxis(a, pal);
  plot->yAxis2->grid()->setVisible(false);
  plot->legend->setBrush(QBrush(blend(pal.color(QPalette::Base), pal.color(QPalette::Window), 0.5)));
  plot->legend->setBorderPen(QPen(blend(pal.color(QPalette::Base), pal.color(QPalette::Text), 0.25)));
  plot->legend->setTextColor(pal.color(QPalette::Text));
  plot->setAntialiasedElements(QCP::aePlottables | QCP::aeAxes);
}

QString savePlot(QCustomPlot* plot, const QString& path, int width, int height) {
  const QString ext = QFileInfo(path).suffix().toLower();
  bool ok = false;
  if (ext == QLatin1String("png")) {
    ok = plot->savePng(path, width, height, 2.0);
  } else if (ext == QLatin1String("pdf")) {
    ok = plot->savePdf(path, width, height);
  } else if (ext == QLatin1String("svg")) {
    QSvgGenerator svg;
    svg.setFileName(path);
    svg.setSize(QSize(width, height));
    svg.setViewBox(QRect(0, 0, width, height));
    svg.setTitle(QObject::tr("Prompt Workbench plot"));
    QCPPainter painter;
    ok = painter.begin(&svg);
    if (ok) {
      plot->toPainter(&painter, width, height);
      ok = painter.end();
    }
  } else {
    return QObject::tr("Unknown plot format '.%1': use .png, .pdf or .svg.").arg(ext);
  }
  return ok ? QString() : QObject::tr("Could not write %1.").arg(path);
}

MeanStdPlottables addMeanStdPlottables(QCustomPlot* plot, const QPalette& palette, const QString& barsName,
                                       const QString& errorsName, const QString& seedsName) {
  auto* bars = new QCPBars(plot->xAxis, plot->yAxis);
  bars->setName(barsName);
  const QColor accent = seriesColor(0);
  bars->setBrush(blend(palette.color(QPalette::Base), accent, 0.45));
  bars->setPen(QPen(accent));
  bars->setWidth(0.6);
  auto* errors = new QCPErrorBars(plot->xAxis, plot->yAxis);
  errors->setName(errorsName);
  errors->setPen(QPen(palette.color(QPalette::Text), 1.5));
  errors->setWhiskerWidth(10);
  errors->setDataPlottable(bars);
  auto* seeds = plot->addGraph();
  seeds->setName(seedsName);
  seeds->setLineStyle(QCPGraph::lsNone);
  seeds->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, seriesColor(1), 7));
  return {bars, errors, seeds};
}

}  // namespace pwb::ui
