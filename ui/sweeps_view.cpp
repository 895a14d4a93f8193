#include "sweeps_view.h"

#include <QDir>
#include <QFileInfo>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QScrollArea>
#include <QSplitter>
#include <QTabWidget>
#include <QVBoxLayout>

#include "project.h"
#include "sweep_builder.h"
#include "sweep_queue.h"
#include "sweep_results.h"

namespace pwb::ui {

SweepsView::SweepsView(Project* project, QWidget* parent) : QWidget(parent), project_(project) {
  setObjectName(QStringLiteral("sweepsView"));
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(16, 12, 16, 12);
  auto* split = new QSplitter(Qt::Horizontal, this);

  auto* left = new QWidget(split);
  auto* leftLayout = new QVBoxLayout(left);
  leftLayout->setContentsMargins(0, 0, 8, 0);
  builder_ = new SweepBuilder(project, left);
  auto* scroll = new QScrollArea(left);
  scroll->setWidget(builder_);
  scroll->setWidgetResizable(true);
  scroll->setFrameShape(QFrame::NoFrame);
  scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);  // the form narrows with the column
  auto* create = new QPushButton(tr("Create Sweep Folder ▸"), left);
  create->setObjectName(QStringLiteral("createSweepFolder"));
  create->setToolTip(tr("Write the sweep and its plan into <project>.sweeps/<name> and show its tasks"));
  connect(create, &QPushButton::clicked, this, [this]() { createSweepFolder(); });
  leftLayout->addWidget(scroll, 1);
  leftLayout->addWidget(create);

  tabs_ = new QTabWidget(split);
  queue_ = new SweepQueue(project, tabs_);
  results_ = new SweepResults(project, tabs_);
  tabs_->addTab(queue_, tr("Queue"));
  tabs_->addTab(results_, tr("Results"));
  split->addWidget(left);
  split->addWidget(tabs_);
  split->setStretchFactor(0, 0);
  split->setStretchFactor(1, 1);
  split->setSizes({330, 930});
  layout->addWidget(split, 1);

  connect(queue_, &SweepQueue::collected, this, [this]() {
    emit runsChanged();
    results_->refresh();
  });
  connect(queue_, &SweepQueue::refreshed, this, &SweepsView::showSweepRuns);
  connect(project_, &Project::opened, results_, &SweepResults::refresh);
  connect(tabs_, &QTabWidget::currentChanged, this, [this](int i) {
    if (tabs_->widget(i) == results_) results_->refresh();
  });
}

QString SweepsView::createSweepFolder() {
  QString error;
  try {
    error = queue_->prepare(builder_->sweepJson());
  } catch (const std::exception& e) {
    error = QString::fromStdString(e.what());
  }
  if (!error.isEmpty()) {
    QMessageBox::warning(this, tr("Create Sweep Folder"), error);
    return error;
  }
  tabs_->setCurrentWidget(queue_);
  return {};
}

// The Results tab follows the sweep in the queue: its done tasks' runs, once they are in the project.
void SweepsView::showSweepRuns() {
  if (queue_->runUids() == shownUids_) return;
  shownUids_ = queue_->runUids();
  const QString name = QFileInfo(queue_->sweepDir()).fileName();
  results_->setSelection({shownUids_.begin(), shownUids_.end()}, shownUids_.empty(), name);
}

}  // namespace pwb::ui
