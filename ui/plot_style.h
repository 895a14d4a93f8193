#pragma once
// QCustomPlot in the workbench's colours (palette-derived, so the dark theme works) and plot export to
// PNG, PDF and SVG (SVG through QSvgGenerator painting the plot with QCPPainter).
#include <QString>

class QCustomPlot;
class QCPAxis;

namespace pwb::ui {

void stylePlot(QCustomPlot* plot);

// Writes the plot to `path`; the format follows the extension (.png, .pdf, .svg). Returns "" or the error.
QString savePlot(QCustomPlot* plot, const QString& path, int width = 1000, int height = 600);

}  // namespace pwb::ui
