#pragma once
// QCustomPlot in the workbench's colours (palette-derived, so the dark theme works) and plot export to
// PNG, PDF and SVG (SVG through QSvgGenerator painting the plot with QCPPainter).
#include <QColor>
#include <QPen>
#include <QString>

class QCustomPlot;
class QCPAxis;
class QCPBars;
class QCPErrorBars;
class QCPGraph;
class QPalette;

namespace pwb::ui {

// Curves with more points than this are drawn with a pen of at most 1 px (see linePen).
inline constexpr int kDenseLinePoints = 400;

// The pen of a line through `points` data points. Qt draws pens of at most 1 px with its fast cosmetic
// stroker; a wider pen goes through QStroker, which outlines the whole polyline and fills the outline. For
// a dense, noisy curve (a 2000-step loss: QCustomPlot's adaptive sampling still leaves a zig-zag of a few
// points per pixel column) that outline has thousands of self-overlapping edges: five such curves held the
// GUI thread for 0.2-1.2 s in the Runs view (bench_gui_stall). Dense curves therefore get `width` capped
// at 1 px; sparse ones keep the requested width.
QPen linePen(const QColor& color, double width, int points);

void stylePlot(QCustomPlot* plot);

// Writes the plot to `path`; the format follows the extension (.png, .pdf, .svg). Returns "" or the error.
QString savePlot(QCustomPlot* plot, const QString& path, int width = 1000, int height = 600);

// The mean +- std chart over seeds (the Runs view's groups, the Sweeps view's best configurations): bars for
// the means, error bars on them, and one point per seed, in the palette's colours. The caller fills them.
struct MeanStdPlottables {
  QCPBars* bars;
  QCPErrorBars* errors;
  QCPGraph* seeds;
};
MeanStdPlottables addMeanStdPlottables(QCustomPlot* plot, const QPalette& palette, const QString& barsName,
                                       const QString& errorsName, const QString& seedsName);

}  // namespace pwb::ui
