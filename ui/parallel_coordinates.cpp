#include "parallel_coordinates.h"

#include <qcustomplot.h>

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenu>
#include <QMouseEvent>
#include <QToolButton>
#include <QToolTip>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>
#include <set>

#include "plot_style.h"
#include "store/group_names.h"
#include "store/metric_format.h"
#include "theme.h"

namespace pwb::ui {

namespace {

QString q(const std::string& s) {
  return QString::fromStdString(s);
}

QString valueText(const nlohmann::json& v) {
  if (v.is_null()) return QStringLiteral("—");
  return q(store::compactConfigValue(v));
}

QString paramTitle(const std::string& key) {
  if (key == "method") return QObject::tr("method");
  if (key == "model") return QObject::tr("model");
  if (key == "template") return QObject::tr("template");
  if (key == "verbalizer") return QObject::tr("verbalizer");
  if (key == "k") return QObject::tr("K");
  if (key == "lr") return QObject::tr("lr");
  if (key == "batch_size") return QObject::tr("batch");
  if (key == "steps") return QObject::tr("steps");
  if (key == "prompt_length") return QObject::tr("prompt length");
  return q(key);
}

// A perceptually ordered scale (dark blue → teal → yellow, after viridis, which QCustomPlot 2.1 lacks):
// a better run is a brighter line in both themes.
QCPColorGradient metricGradient() {
  QCPColorGradient g;
  g.clearColorStops();
  g.setColorStopAt(0.0, QColor(68, 1, 84));
  g.setColorStopAt(0.25, QColor(59, 82, 139));
  g.setColorStopAt(0.5, QColor(33, 145, 140));
  g.setColorStopAt(0.75, QColor(94, 201, 98));
  g.setColorStopAt(1.0, QColor(253, 231, 37));
  g.setColorInterpolation(QCPColorGradient::ciRGB);
  return g;
}

constexpr int kHitPixels = 6;

}  // namespace

double ParallelAxis::position(const nlohmann::json& value) const {
  if (value.is_null()) return kMissing;
  if (kind == Kind::Categorical) {
    const int i = categories.indexOf(valueText(value));
    if (i < 0) return kMissing;
    return categories.size() > 1 ? double(i) / double(categories.size() - 1) : 0.5;
  }
  if (!value.is_number()) return kMissing;
  double v = value.get<double>(), lo = min, hi = max;
  if (kind == Kind::Log) {
    if (v <= 0) return kMissing;
    v = std::log10(v);
    lo = std::log10(lo);
    hi = std::log10(hi);
  }
  if (hi <= lo) return 0.5;
  return (v - lo) / (hi - lo);
}

std::vector<std::pair<double, QString>> ParallelAxis::ticks() const {
  std::vector<std::pair<double, QString>> out;
  // Whole numbers as such (10, not 1e1); the metric with its decimals.
  auto number = [this](double v) {
    if (decimals >= 0) return QString::number(v, 'f', decimals);
    if (std::abs(v) < 1e15 && v == std::floor(v)) return valueText(nlohmann::json(int64_t(v)));
    return valueText(v);
  };
  if (kind == Kind::Categorical) {
    for (const auto& c : categories) out.emplace_back(position(nlohmann::json(c.toStdString())), c);
  } else if (values.size() <= 6) {
    for (double v : values) out.emplace_back(position(v), number(v));
  } else if (kind == Kind::Log) {
    out.emplace_back(0.0, number(min));
    for (double d = std::ceil(std::log10(min) + 1e-9); d < std::log10(max) - 1e-9; d += 1)
      out.emplace_back(position(std::pow(10.0, d)), number(std::pow(10.0, d)));
    out.emplace_back(1.0, number(max));
  } else {
    out.emplace_back(0.0, number(min));
    out.emplace_back(0.5, number((min + max) / 2));
    out.emplace_back(1.0, number(max));
  }
  if (hasMissing) out.emplace_back(kMissing, QStringLiteral("—"));
  return out;
}

ParallelAxis makeParallelAxis(const std::string& key, const QString& title,
                              const std::vector<nlohmann::json>& values, bool logScale) {
  ParallelAxis a;
  a.key = key;
  a.title = title;
  bool numeric = true, positive = true, any = false;
  for (const auto& v : values) {
    if (v.is_null()) {
      a.hasMissing = true;
      continue;
    }
    if (!v.is_number()) {
      numeric = false;
      continue;
    }
    const double d = v.get<double>();
    a.values.push_back(d);
    if (!any) a.min = a.max = d;
    a.min = std::min(a.min, d);
    a.max = std::max(a.max, d);
    positive = positive && d > 0;
    any = true;
  }
  if (!numeric) {
    a.kind = ParallelAxis::Kind::Categorical;
    std::set<QString> texts;
    for (const auto& v : values)
      if (!v.is_null()) texts.insert(valueText(v));
    for (const auto& t : texts) a.categories << t;
    a.values.clear();
  } else {
    a.kind = logScale && any && positive ? ParallelAxis::Kind::Log : ParallelAxis::Kind::Linear;
    std::sort(a.values.begin(), a.values.end());
    a.values.erase(std::unique(a.values.begin(), a.values.end()), a.values.end());
  }
  return a;
}

ParallelCoordinates::ParallelCoordinates(QWidget* parent) : QWidget(parent) {
  setObjectName(QStringLiteral("parallelCoordinates"));
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  auto* bar = new QHBoxLayout;
  axesButton_ = new QToolButton(this);
  axesButton_->setObjectName(QStringLiteral("parallelAxes"));
  axesButton_->setText(tr("Axes"));
  axesButton_->setToolTip(tr("Choose the hyperparameters shown as axes"));
  axesButton_->setPopupMode(QToolButton::InstantPopup);
  axesButton_->setMenu(new QMenu(axesButton_));
  metric_ = new QComboBox(this);
  metric_->setObjectName(QStringLiteral("parallelMetric"));
  metric_->addItem(tr("Colour by dev accuracy"));
  metric_->addItem(tr("Colour by test accuracy"));
  info_ = new QLabel(this);
  info_->setObjectName(QStringLiteral("parallelInfo"));
  info_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  bar->addWidget(axesButton_);
  bar->addWidget(metric_);
  bar->addWidget(info_, 1);
  layout->addLayout(bar);

  plot_ = new QCustomPlot(this);
  plot_->setObjectName(QStringLiteral("parallelPlot"));
  plot_->setMinimumHeight(220);
  stylePlot(plot_);
  // The plot's own axes carry nothing: each hyperparameter axis is drawn as items.
  plot_->xAxis->setVisible(false);
  plot_->yAxis->setVisible(false);
  plot_->xAxis->grid()->setVisible(false);
  plot_->yAxis->grid()->setVisible(false);
  plot_->axisRect()->setAutoMargins(QCP::msNone);
  plot_->axisRect()->setMargins(QMargins(8, 28, 8, 8));
  scale_ = new QCPColorScale(plot_);
  scale_->setGradient(metricGradient());
  scale_->setBarWidth(10);
  plot_->plotLayout()->addElement(0, 1, scale_);
  auto* group = new QCPMarginGroup(plot_);
  plot_->axisRect()->setMarginGroup(QCP::msTop | QCP::msBottom, group);
  scale_->setMarginGroup(QCP::msTop | QCP::msBottom, group);
  plot_->setMouseTracking(true);
  plot_->installEventFilter(this);
  layout->addWidget(plot_, 1);

  connect(metric_, &QComboBox::currentIndexChanged, this, [this]() { rebuild(); });
}

void ParallelCoordinates::setPoints(const std::vector<store::SweepPoint>& points,
                                    const std::vector<std::string>& params) {
  points_ = points;
  params_ = params;
  if (!axesChosen_) {
    // A setting every run shares says nothing about accuracy: no axis (it stays in the Axes menu).
    hidden_.clear();
    for (const auto& p : params_) {
      std::vector<nlohmann::json> values;
      for (const auto& pt : points_)
        values.push_back(pt.params.contains(p) ? pt.params[p] : nlohmann::json());
      const auto axis = makeParallelAxis(p, QString(), values);
      if (axis.constant() && !axis.hasMissing) hidden_ << q(p);
    }
  }
  if (selected_ && lineOf(selected_).empty()) selected_ = 0;
  rebuildAxisMenu();
  rebuild();
}

void ParallelCoordinates::setUseTestMetric(bool test) {
  metric_->setCurrentIndex(test ? 1 : 0);
}

bool ParallelCoordinates::usesTestMetric() const {
  return metric_->currentIndex() == 1;
}

void ParallelCoordinates::setVisibleParams(const QStringList& keys) {
  axesChosen_ = true;
  hidden_.clear();
  for (const auto& p : params_)
    if (!keys.contains(q(p))) hidden_ << q(p);
  rebuildAxisMenu();
  rebuild();
}

QStringList ParallelCoordinates::visibleParams() const {
  QStringList out;
  for (const auto& p : params_)
    if (!hidden_.contains(q(p))) out << q(p);
  return out;
}

void ParallelCoordinates::rebuildAxisMenu() {
  QMenu* menu = axesButton_->menu();
  menu->clear();
  for (const auto& p : params_) {
    QAction* a = menu->addAction(paramTitle(p));
    a->setCheckable(true);
    a->setChecked(!hidden_.contains(q(p)));
    const QString key = q(p);
    connect(a, &QAction::toggled, this, [this, key](bool on) {
      axesChosen_ = true;
      hidden_.removeAll(key);
      if (!on) hidden_ << key;
      rebuild();
    });
  }
}

std::optional<double> ParallelCoordinates::metricOf(const store::SweepPoint& p) const {
  const auto& v = usesTestMetric() ? p.test : p.dev;
  if (v && std::isfinite(*v)) return v;
  return std::nullopt;
}

std::vector<QPointF> ParallelCoordinates::lineOf(qint64 runId) const {
  std::vector<QPointF> out;
  for (const auto& [id, graph] : lines_) {
    if (id != runId) continue;
    for (auto it = graph->data()->constBegin(); it != graph->data()->constEnd(); ++it)
      out.emplace_back(it->key, it->value);
  }
  return out;
}

void ParallelCoordinates::rebuild() {
  plot_->clearGraphs();
  plot_->clearItems();
  lines_.clear();
  axes_.clear();
  const QPalette pal = palette();
  const QColor text = pal.color(QPalette::Text);
  const QColor axisColor = blend(pal.color(QPalette::Base), text, 0.55);

  const std::string metricKey = usesTestMetric() ? "test_accuracy" : "best_dev_accuracy";
  for (const auto& p : params_) {
    if (hidden_.contains(q(p))) continue;
    std::vector<nlohmann::json> values;
    for (const auto& pt : points_) values.push_back(pt.params.contains(p) ? pt.params[p] : nlohmann::json());
    axes_.push_back(makeParallelAxis(p, paramTitle(p), values, p == "lr"));
  }
  std::vector<nlohmann::json> metricValues;
  for (const auto& pt : points_) {
    const auto m = metricOf(pt);
    metricValues.push_back(m ? nlohmann::json(*m * 100.0) : nlohmann::json());
  }
  axes_.push_back(
      makeParallelAxis(metricKey, usesTestMetric() ? tr("test acc. %") : tr("dev acc. %"), metricValues));
  axes_.back().decimals = 1;
  metricMin_ = axes_.back().min;
  metricMax_ = axes_.back().max;
  scale_->setDataRange(QCPRange(metricMin_, metricMax_ > metricMin_ ? metricMax_ : metricMin_ + 1));
  scale_->axis()->setLabel(axes_.back().title);
  scale_->axis()->setTickLabelColor(text);
  scale_->axis()->setLabelColor(text);
  scale_->axis()->setBasePen(QPen(axisColor));
  scale_->axis()->setTickPen(QPen(axisColor));
  scale_->axis()->setSubTickPen(QPen(axisColor));

  const int n = int(axes_.size());
  // Lines first (below the axes and their labels).
  for (size_t r = 0; r < points_.size(); ++r) {
    const auto& pt = points_[r];
    QVector<double> xs, ys;
    for (int i = 0; i < n - 1; ++i) {
      const auto& key = axes_[size_t(i)].key;
      xs << i;
      ys << axes_[size_t(i)].position(pt.params.contains(key) ? pt.params[key] : nlohmann::json());
    }
    xs << n - 1;
    ys << axes_.back().position(metricValues[r]);
    QCPGraph* g = plot_->addGraph();
    g->setData(xs, ys, true);
    g->setLineStyle(QCPGraph::lsLine);
    g->setSelectable(QCP::stNone);
    lines_.emplace_back(pt.runId, g);
  }
  for (int i = 0; i < n; ++i) {
    const auto& a = axes_[size_t(i)];
    auto* line = new QCPItemLine(plot_);
    line->start->setCoords(i, a.hasMissing ? ParallelAxis::kMissing : 0.0);
    line->end->setCoords(i, 1.0);
    line->setPen(QPen(axisColor, i == n - 1 ? 2.0 : 1.2));
    auto* title = new QCPItemText(plot_);
    title->position->setCoords(i, 1.0);
    title->setPositionAlignment(Qt::AlignHCenter | Qt::AlignBottom);
    title->setPadding(QMargins(0, 0, 0, 6));
    title->setText(a.title);
    title->setColor(text);
    QFont bold = font();
    bold.setBold(true);
    title->setFont(bold);
    title->setClipToAxisRect(false);
    for (const auto& [pos, label] : a.ticks()) {
      auto* t = new QCPItemText(plot_);
      t->position->setCoords(i, pos);
      t->setPositionAlignment(Qt::AlignLeft | Qt::AlignVCenter);
      t->setPadding(QMargins(4, 0, 0, 0));
      t->setText(label);
      t->setColor(text);
      t->setBrush(QBrush(blend(pal.color(QPalette::Base), pal.color(QPalette::Window), 0.3)));
      t->setClipToAxisRect(false);
    }
  }
  plot_->xAxis->setRange(-0.15, std::max(1, n - 1) + 0.55);
  plot_->yAxis->setRange(ParallelAxis::kMissing - 0.06, 1.02);
  if (hovered_ && lineOf(hovered_).empty()) hovered_ = 0;
  restyleLines();
  info_->setText(points_.empty() ? tr("No finished runs to plot.")
                                 : (selected_ ? describeRun(selected_)
                                              : tr("%n run(s): hover a line to see its run, click to select "
                                                   "it.",
                                                   nullptr, int(points_.size()))));
}

void ParallelCoordinates::restyleLines() {
  QCPColorGradient gradient = metricGradient();  // color() is not const in QCustomPlot 2.1
  const QColor missing = blend(palette().color(QPalette::Base), palette().color(QPalette::Text), 0.35);
  const QCPRange range(metricMin_, metricMax_ > metricMin_ ? metricMax_ : metricMin_ + 1);
  for (size_t r = 0; r < lines_.size(); ++r) {
    const auto m = metricOf(points_[r]);
    QColor c = m ? QColor::fromRgb(gradient.color(*m * 100.0, range)) : missing;
    const bool hot = lines_[r].first == hovered_ || lines_[r].first == selected_;
    const bool dim = (hovered_ || selected_) && !hot;
    if (dim) c.setAlpha(70);
    lines_[r].second->setPen(QPen(c, hot ? 3.5 : 1.6));
    // The highlighted run is drawn last (on top).
    lines_[r].second->setLayer(hot ? QStringLiteral("overlay") : QStringLiteral("main"));
  }
  plot_->replot(QCustomPlot::rpQueuedReplot);
}

qint64 ParallelCoordinates::runAt(const QPointF& pixel) const {
  qint64 best = 0;
  double bestDistance = kHitPixels;
  for (const auto& [id, graph] : lines_) {
    const double d = graph->selectTest(pixel, false);
    if (d >= 0 && d <= bestDistance) {
      bestDistance = d;
      best = id;
    }
  }
  return best;
}

QString ParallelCoordinates::describeRun(qint64 runId) const {
  for (const auto& p : points_) {
    if (p.runId != runId) continue;
    QStringList parts;
    for (const auto& a : axes_) {
      if (a.key == axes_.back().key) break;
      parts << QStringLiteral("%1 %2").arg(
          a.title, p.params.contains(a.key) ? valueText(p.params[a.key]) : QStringLiteral("—"));
    }
    auto pct = [](const std::optional<double>& v) {
      return v ? q(store::formatMetric("accuracy", *v)) + QStringLiteral(" %") : QStringLiteral("—");
    };
    return tr("#%1 %2 (seed %3): %4; dev %5, test %6")
        .arg(runId)
        .arg(q(p.name))
        .arg(p.seed ? QString::number(*p.seed) : QStringLiteral("—"))
        .arg(parts.join(QStringLiteral(", ")))
        .arg(pct(p.dev))
        .arg(pct(p.test));
  }
  return {};
}

void ParallelCoordinates::selectRun(qint64 runId) {
  selected_ = lineOf(runId).empty() ? 0 : runId;
  info_->setText(selected_ ? describeRun(selected_) : QString());
  restyleLines();
}

bool ParallelCoordinates::eventFilter(QObject* watched, QEvent* event) {
  if (watched == plot_) {
    if (event->type() == QEvent::MouseMove) {
      auto* me = static_cast<QMouseEvent*>(event);
      const qint64 id = runAt(me->position());
      if (id != hovered_) {
        hovered_ = id;
        restyleLines();
        emit runHovered(id);
        if (id)
          QToolTip::showText(me->globalPosition().toPoint(), describeRun(id), plot_);
        else
          QToolTip::hideText();
      }
    } else if (event->type() == QEvent::Leave && hovered_) {
      hovered_ = 0;
      restyleLines();
      emit runHovered(0);
    } else if (event->type() == QEvent::MouseButtonRelease) {
      auto* me = static_cast<QMouseEvent*>(event);
      if (me->button() == Qt::LeftButton) {
        selectRun(runAt(me->position()));
        emit runSelected(selected_);
      }
    }
  }
  return QWidget::eventFilter(watched, event);
}

void ParallelCoordinates::changeEvent(QEvent* event) {
  if (event->type() == QEvent::PaletteChange) rebuild();
  QWidget::changeEvent(event);
}

}  // namespace pwb::ui
