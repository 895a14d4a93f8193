#include "search_view.h"

#include <QComboBox>
#include <QCoreApplication>
#include <QDateTime>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QRegularExpression>
#include <QScrollArea>
#include <QSpinBox>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>

#include "common/error.h"
#include "form_pane.h"
#include "project.h"
#include "search/search_record.h"
#include "search_runner.h"
#include "store/run_store.h"

namespace pwb::ui {

namespace {

struct MethodInfo {
  search::SearchMethod method;
  const char* title;
  const char* help;
};
const MethodInfo kMethods[] = {
    {search::SearchMethod::AutoPrompt, QT_TRANSLATE_NOOP("SearchView", "AutoPrompt (trigger tokens)"),
     QT_TRANSLATE_NOOP("SearchView",
                       "Fills the template's trigger slots [T] with vocabulary tokens chosen by the gradient "
                       "through the frozen model (Shin et al. 2020). [T*3] is three slots.")},
    {search::SearchMethod::Generate, QT_TRANSLATE_NOOP("SearchView", "Generate with the masked LM"),
     QT_TRANSLATE_NOOP("SearchView",
                       "LM-BFF auto-T without T5: mask runs around the label word, decoded jointly over all "
                       "K-shot examples with beam search.")},
    {search::SearchMethod::LmBffList, QT_TRANSLATE_NOOP("SearchView", "Rank an LM-BFF candidate list"),
     QT_TRANSLATE_NOOP("SearchView",
                       "Ranks the templates of an LM-BFF auto_template/<TASK>/16-<seed>.sort.txt file.")},
};

QString pct(double v) {
  return QString::number(100.0 * v, 'f', 1);
}

QTableWidgetItem* cell(const QString& text, const QString& tip = QString()) {
  auto* item = new QTableWidgetItem(text);
  item->setToolTip(tip.isEmpty() ? text : tip);
  return item;
}

QTableWidgetItem* numberCell(const QString& text, double sortValue) {
  auto* item = cell(text);
  item->setData(Qt::UserRole, sortValue);
  item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
  return item;
}

QSpinBox* spin(QWidget* parent, int low, int high, int value, const QString& special = QString()) {
  auto* box = new QSpinBox(parent);
  box->setRange(low, high);
  box->setValue(value);
  if (!special.isEmpty()) box->setSpecialValueText(special);
  return box;
}

}  // namespace

SearchView::SearchView(Project* project, QWidget* parent)
    : QWidget(parent), project_(project), runner_(new SearchRunner(this)) {
  setObjectName(QStringLiteral("searchView"));
  const search::SearchRequest defaults;
  // Left: the form (scrollable), the buttons below it (form_pane.h).
  const FormPane pane = makeFormPane(this);
  QSplitter* split = pane.split;
  QWidget* leftPane = pane.leftPane;
  QVBoxLayout* leftLayout = pane.leftLayout;
  QScrollArea* scroll = pane.scroll;
  QWidget* formHost = pane.formHost;
  QVBoxLayout* formLayout = pane.formLayout;

  auto* whatBox = new QGroupBox(tr("Method and task"), formHost);
  auto* what = new QFormLayout(whatBox);
  what->setVerticalSpacing(4);
  what->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
  method_ = new QComboBox(whatBox);
  method_->setObjectName(QStringLiteral("searchMethod"));
  for (const auto& m : kMethods)
    method_->addItem(QCoreApplication::translate("SearchView", m.title), int(m.method));
  what->addRow(tr("Method"), method_);
  methodHelp_ = new QLabel(whatBox);
  methodHelp_->setWordWrap(true);
  methodHelp_->setEnabled(false);  // the dimmed colour of a hint
  what->addRow(methodHelp_);
  template_ = new QLineEdit(QStringLiteral("{s} [T] [T] [T] [MASK] ."), whatBox);
  template_->setObjectName(QStringLiteral("searchTemplate"));
  template_->setToolTip(tr("A template with trigger slots [T] (or [T*n]) and one [MASK]."));
  what->addRow(tr("Template"), template_);
  verbalizer_ = new QComboBox(whatBox);
  verbalizer_->setEditable(true);
  verbalizer_->setToolTip(tr("Label words, one token each: \"1=great;0=terrible\"."));
  what->addRow(tr("Verbalizer"), verbalizer_);
  auto* fileRow = new QWidget(whatBox);
  auto* fileLayout = new QHBoxLayout(fileRow);
  fileLayout->setContentsMargins(0, 0, 0, 0);
  listFile_ = new QLineEdit(fileRow);
  listFile_->setPlaceholderText(tr("auto_template/SST-2/16-13.sort.txt"));
  browse_ = new QPushButton(tr("Browse…"), fileRow);
  fileLayout->addWidget(listFile_, 1);
  fileLayout->addWidget(browse_);
  what->addRow(tr("Candidate list"), fileRow);
  train_ = new QComboBox(whatBox);
  train_->setToolTip(tr("K-shot train and dev examples are drawn from this data set for every seed."));
  test_ = new QComboBox(whatBox);
  test_->setToolTip(tr("Only reported for the candidates, never used to choose."));
  for (QComboBox* c : {verbalizer_, train_, test_}) {
    c->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    c->setMinimumContentsLength(16);
  }
  what->addRow(tr("Search on"), train_);
  what->addRow(tr("Test on"), test_);
  k_ = spin(whatBox, 1, 100000, defaults.shots);
  what->addRow(tr("K per class"), k_);
  seeds_ = new QLineEdit(QStringLiteral("13, 21, 42, 87, 100"), whatBox);
  seeds_->setObjectName(QStringLiteral("searchSeeds"));
  what->addRow(tr("Seeds"), seeds_);
  formLayout->addWidget(whatBox);

  autoBox_ = new QGroupBox(tr("AutoPrompt budget"), formHost);
  auto* ab = new QFormLayout(autoBox_);
  ab->setVerticalSpacing(4);
  steps_ = spin(autoBox_, 1, 100000, defaults.autoprompt.steps);
  ab->addRow(tr("Steps"), steps_);
  candidatesPerStep_ = spin(autoBox_, 1, 100000, defaults.autoprompt.candidates);
  ab->addRow(tr("Candidates per step"), candidatesPerStep_);
  batch_ = spin(autoBox_, 1, 4096, defaults.autoprompt.batchSize);
  ab->addRow(tr("Batch size"), batch_);
  patience_ = spin(autoBox_, 0, 100000, defaults.autoprompt.patience, tr("never stop early"));
  ab->addRow(tr("Patience (steps)"), patience_);
  formLayout->addWidget(autoBox_);

  generateBox_ = new QGroupBox(tr("Generation budget"), formHost);
  auto* gb = new QFormLayout(generateBox_);
  gb->setVerticalSpacing(4);
  maskRun_ = spin(generateBox_, 1, 64, defaults.generate.maskRun);
  gb->addRow(tr("Masks per run"), maskRun_);
  beam_ = spin(generateBox_, 1, 1000, defaults.generate.beam);
  gb->addRow(tr("Beam width"), beam_);
  keep_ = spin(generateBox_, 1, 100000, defaults.generate.keep);
  gb->addRow(tr("Templates kept"), keep_);
  formLayout->addWidget(generateBox_);

  listBox_ = new QGroupBox(tr("Candidate list budget"), formHost);
  auto* lb = new QFormLayout(listBox_);
  lb->setVerticalSpacing(4);
  limit_ = spin(listBox_, 0, 1000000, defaults.lmbff.limit, tr("every line"));
  lb->addRow(tr("First lines"), limit_);
  formLayout->addWidget(listBox_);

  auto* rankBox = new QGroupBox(tr("Ranking on dev"), formHost);
  auto* rb = new QFormLayout(rankBox);
  rb->setVerticalSpacing(4);
  rankTop_ = spin(rankBox, 0, 1000000, defaults.rankTop, tr("all candidates"));
  rb->addRow(tr("Rank at most"), rankTop_);
  maxLength_ = spin(rankBox, 0, 4096, defaults.maxLength, tr("the model's maximum"));
  rb->addRow(tr("Max length"), maxLength_);
  device_ = new QComboBox(rankBox);
  device_->addItem(tr("Automatic"), QStringLiteral("auto"));
  device_->addItem(tr("CPU"), QStringLiteral("cpu"));
  device_->addItem(tr("CUDA GPU"), QStringLiteral("cuda"));
  rb->addRow(tr("Device"), device_);
  formLayout->addWidget(rankBox);
  formLayout->addStretch(1);
  scroll->setWidget(formHost);
  leftLayout->addWidget(scroll, 1);
  auto* buttons = new QHBoxLayout;
  startButton_ = new QPushButton(tr("Search"), leftPane);
  startButton_->setObjectName(QStringLiteral("startSearch"));
  startButton_->setDefault(true);
  cancelButton_ = new QPushButton(tr("Cancel"), leftPane);
  cancelButton_->setToolTip(tr("Stop the search; the candidates found so far are kept."));
  buttons->addWidget(startButton_);
  buttons->addWidget(cancelButton_);
  leftLayout->addLayout(buttons);

  // Right: progress, the candidates, the project's past searches.
  auto* right = new QSplitter(Qt::Vertical, split);
  auto* top = new QWidget(right);
  auto* topLayout = new QVBoxLayout(top);
  topLayout->setContentsMargins(8, 0, 0, 0);
  progress_ = new QProgressBar(top);
  progress_->setRange(0, 1);
  progress_->setValue(0);
  topLayout->addWidget(progress_);
  best_ = new QLabel(tr("No search yet."), top);
  best_->setObjectName(QStringLiteral("bestTemplate"));
  best_->setWordWrap(true);
  best_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  topLayout->addWidget(best_);
  status_ = new QLabel(top);
  status_->setWordWrap(true);
  topLayout->addWidget(status_);
  table_ = new QTableWidget(0, 6, top);
  table_->setObjectName(QStringLiteral("searchCandidates"));
  table_->setHorizontalHeaderLabels({tr("Template"), tr("Origin"), tr("Dev mean ± std"), tr("Dev per seed"),
                                     tr("Test"), tr("Search score")});
  table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  table_->setSelectionBehavior(QAbstractItemView::SelectRows);
  table_->setSelectionMode(QAbstractItemView::SingleSelection);
  table_->verticalHeader()->setVisible(false);
  table_->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
  for (int c = 1; c < 6; ++c)
    table_->horizontalHeader()->setSectionResizeMode(c, QHeaderView::ResizeToContents);
  topLayout->addWidget(table_, 1);
  auto* useRow = new QHBoxLayout;
  useButton_ = new QPushButton(tr("Use Template"), top);
  useButton_->setToolTip(tr("Add the selected template to the project's templates."));
  useRow->addStretch(1);
  useRow->addWidget(useButton_);
  topLayout->addLayout(useRow);

  auto* bottom = new QGroupBox(tr("Searches in this project"), right);
  auto* bottomLayout = new QVBoxLayout(bottom);
  searches_ = new QTableWidget(0, 6, bottom);
  searches_->setObjectName(QStringLiteral("pastSearches"));
  searches_->setHorizontalHeaderLabels(
      {tr("Id"), tr("Name"), tr("Method"), tr("Status"), tr("Candidates"), tr("Started")});
  searches_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  searches_->setSelectionBehavior(QAbstractItemView::SelectRows);
  searches_->setSelectionMode(QAbstractItemView::SingleSelection);
  searches_->verticalHeader()->setVisible(false);
  searches_->horizontalHeader()->setSectionResizeMode(1, QHeaderView::Stretch);
  bottomLayout->addWidget(searches_, 1);
  auto* pastButtons = new QHBoxLayout;
  openButton_ = new QPushButton(tr("Open"), bottom);
  openButton_->setToolTip(tr("Show the search's candidates and put its settings in the form."));
  deleteButton_ = new QPushButton(tr("Delete"), bottom);
  pastButtons->addStretch(1);
  pastButtons->addWidget(openButton_);
  pastButtons->addWidget(deleteButton_);
  bottomLayout->addLayout(pastButtons);
  right->setStretchFactor(0, 3);
  right->setStretchFactor(1, 1);
  split->setStretchFactor(0, 0);
  split->setStretchFactor(1, 1);
  split->setSizes({380, 820});

  connect(method_, qOverload<int>(&QComboBox::currentIndexChanged), this, &SearchView::methodChanged);
  connect(browse_, &QPushButton::clicked, this, [this]() {
    const QString f = QFileDialog::getOpenFileName(this, tr("LM-BFF Candidate List"), listFile_->text(),
                                                   tr("LM-BFF lists (*.sort.txt *.txt);;All files (*)"));
    if (!f.isEmpty()) listFile_->setText(f);
  });
  connect(startButton_, &QPushButton::clicked, this, &SearchView::start);
  connect(cancelButton_, &QPushButton::clicked, this, &SearchView::cancel);
  connect(useButton_, &QPushButton::clicked, this, [this]() { useCandidate(table_->currentRow()); });
  connect(table_, &QTableWidget::cellDoubleClicked, this, [this](int row, int) { useCandidate(row); });
  auto selectedSearch = [this]() -> qint64 {
    const int row = searches_->currentRow();
    return row >= 0 && searches_->item(row, 0) ? searches_->item(row, 0)->data(Qt::UserRole).toLongLong() : 0;
  };
  connect(openButton_, &QPushButton::clicked, this, [this, selectedSearch]() {
    if (const qint64 id = selectedSearch()) openSearch(id);
  });
  connect(searches_, &QTableWidget::cellDoubleClicked, this, [this, selectedSearch](int, int) {
    if (const qint64 id = selectedSearch()) openSearch(id);
  });
  connect(deleteButton_, &QPushButton::clicked, this, [this, selectedSearch]() {
    const qint64 id = selectedSearch();
    if (!id) return;
    if (QMessageBox::question(this, tr("Delete Search"),
                              tr("Delete search %1 and its candidates from the project?").arg(id)) ==
        QMessageBox::Yes)
      deleteSearch(id);
  });
  connect(runner_, &SearchRunner::recorded, this, [this](qint64 id) {
    if (runningProject_ != (project_->isOpen() ? project_->path() : QString())) return;
    shownId_ = id;
    refreshSearches();
  });
  connect(runner_, &SearchRunner::progress, this, &SearchView::onProgress);
  connect(runner_, &SearchRunner::finished, this, &SearchView::onFinished);
  for (auto sig : {&Project::verbalizersChanged, &Project::datasetsChanged, &Project::opened})
    connect(project_, sig, this, &SearchView::refreshChoices);
  connect(project_, &Project::opened, this, [this]() {
    shown_.clear();
    shownId_ = 0;
    showCandidates(shown_);
    best_->setText(tr("No search yet."));
    status_->clear();
    refreshSearches();
  });
  refreshChoices();
  refreshSearches();
  methodChanged();
  setRunning(false);
}

void SearchView::refreshChoices() {
  auto refill = [](QComboBox* box, const QStringList& texts, const QStringList& data, const QStringList& tips,
                   int preferred) {
    const QVariant keep = box->currentData();
    const QString keepText = box->currentText();
    QSignalBlocker block(box);
    box->clear();
    for (int i = 0; i < texts.size(); ++i) {
      box->addItem(texts[i], data[i]);
      box->setItemData(i, tips[i], Qt::ToolTipRole);
    }
    int i = keep.isValid() ? box->findData(keep) : -1;
    if (i < 0 && box->isEditable() && !keepText.isEmpty()) {
      box->setEditText(keepText);
      return;
    }
    box->setCurrentIndex(i >= 0 ? i : std::min(preferred, int(texts.size()) - 1));
  };
  QStringList texts, data, tips;
  for (const auto& v : project_->verbalizers()) texts << v.toSpec(), data << v.toSpec(), tips << v.name;
  refill(verbalizer_, texts, data, tips, 0);
  texts.clear(), data.clear(), tips.clear();
  int trainGuess = 0, testGuess = 0;
  for (int i = 0; i < project_->datasets().size(); ++i) {
    const auto& d = project_->datasets()[i];
    texts << d.name, data << d.path, tips << d.path;
    if (d.name.contains(QLatin1String("train"), Qt::CaseInsensitive)) trainGuess = i;
    if (d.name.contains(QLatin1String("test"), Qt::CaseInsensitive)) testGuess = i + 1;
  }
  refill(train_, texts, data, tips, trainGuess);
  texts.prepend(tr("(none)")), data.prepend(QString()), tips.prepend(tr("No test accuracy"));
  refill(test_, texts, data, tips, testGuess);
}

void SearchView::methodChanged() {
  const auto m = search::SearchMethod(method_->currentData().toInt());
  for (const auto& info : kMethods)
    if (info.method == m) methodHelp_->setText(QCoreApplication::translate("SearchView", info.help));
  const bool autoPrompt = m == search::SearchMethod::AutoPrompt, list = m == search::SearchMethod::LmBffList;
  template_->setEnabled(autoPrompt);
  listFile_->setEnabled(list);
  browse_->setEnabled(list);
  autoBox_->setVisible(autoPrompt);
  generateBox_->setVisible(m == search::SearchMethod::Generate);
  listBox_->setVisible(list);
}

bool SearchView::isRunning() const {
  return runner_->isRunning();
}

void SearchView::start() {
  if (runner_->isRunning()) return;
  search::SearchRequest request;
  try {
    request = requestFromForm();
  } catch (const std::exception& e) {
    status_->setText(QString::fromStdString(e.what()));
    return;
  }
  QString error;
  runningProject_ = project_->isOpen() ? project_->path() : QString();
  if (!runner_->start(request, runningProject_, QString(), &error)) {
    status_->setText(error);
    return;
  }
  shown_.clear();
  shownId_ = 0;
  shownSeeds_ = request.seeds;
  showCandidates(shown_);
  progress_->setRange(0, 0);  // busy until the first report says how much there is
  best_->setText(tr("Searching…"));
  status_->setText(tr("Loading the model and drawing the K-shot splits…"));
  setRunning(true);
}

void SearchView::cancel() {
  if (!runner_->isRunning()) return;
  runner_->cancel();
  status_->setText(tr("Cancelling: the candidates found so far are kept…"));
}

void SearchView::setRunning(bool running) {
  startButton_->setEnabled(!running);
  cancelButton_->setEnabled(running);
  deleteButton_->setEnabled(!running);
}

void SearchView::showBest(const QString& templateText, double dev, bool haveDev) {
  if (templateText.isEmpty()) return;
  best_->setText(haveDev
                     ? tr("Best: <b>%1</b> — dev accuracy %2 %").arg(templateText.toHtmlEscaped(), pct(dev))
                     : tr("Best: <b>%1</b>").arg(templateText.toHtmlEscaped()));
}

void SearchView::onProgress(const search::SearchProgress& p,
                            const std::vector<search::TemplateCandidate>& found) {
  if (p.total > 0) {
    progress_->setRange(0, 1000);
    progress_->setValue(int(std::clamp<int64_t>(p.done * 1000 / p.total, 0, 1000)));
    progress_->setFormat(
        QStringLiteral("%1  %2/%3").arg(QString::fromStdString(p.phase)).arg(p.done).arg(p.total));
  }
  status_->setText(tr("%1: %2 of %3").arg(QString::fromStdString(p.phase)).arg(p.done).arg(p.total));
  // Before the dev ranking (generation, a list being read) bestDev is 0: only the template is shown.
  showBest(QString::fromStdString(p.bestTemplate), p.bestDev, p.bestDev > 0);
  showCandidates(found);
}

void SearchView::onFinished(const search::SearchResult& result, qint64 searchId, const QString& error) {
  setRunning(false);
  progress_->setRange(0, 1000);
  progress_->setValue(1000);
  progress_->setFormat(QStringLiteral("%p%"));
  // Another project was opened meanwhile: the search was recorded in the one it ran for, not shown here.
  if (runningProject_ != (project_->isOpen() ? project_->path() : QString())) searchId = 0;
  if (error.isEmpty() || !result.candidates.empty()) showCandidates(result.candidates);
  shownId_ = searchId;
  if (!error.isEmpty()) {
    best_->setText(tr("The search failed."));
    status_->setText(error);
  } else {
    if (!shown_.empty()) {
      const auto& b = shown_.front();
      showBest(QString::fromStdString(b.templateText), b.devMean, !b.devAccuracy.empty());
    } else {
      best_->setText(tr("No candidates."));
    }
    QString s =
        (result.cancelled ? tr("Cancelled after %2 s: %1 candidates kept") : tr("%1 candidates in %2 s"))
            .arg(result.candidates.size())
            .arg(result.seconds, 0, 'f', 1);
    if (searchId > 0) s += tr("; stored as search %1").arg(searchId);
    for (const auto& note : result.notes) s += QStringLiteral("\n") + QString::fromStdString(note);
    status_->setText(s);
  }
  refreshSearches();
  emit searchFinished(result, searchId, error);
}

void SearchView::showCandidates(const std::vector<search::TemplateCandidate>& candidates) {
  shown_ = candidates;
  const int keepRow = table_->currentRow();
  table_->setSortingEnabled(false);
  table_->setRowCount(int(candidates.size()));
  for (int row = 0; row < int(candidates.size()); ++row) {
    const auto& c = candidates[size_t(row)];
    table_->setItem(row, 0, cell(QString::fromStdString(c.templateText)));
    table_->setItem(row, 1, cell(QString::fromStdString(c.origin)));
    const bool ranked = !c.devAccuracy.empty();
    QString dev = ranked ? pct(c.devMean) : QStringLiteral("–");
    if (c.devAccuracy.size() > 1) dev += QStringLiteral(" ± ") + pct(c.devStd);
    table_->setItem(row, 2, numberCell(dev, ranked ? c.devMean : -1.0));
    QStringList perSeed, tips;
    for (size_t i = 0; i < c.devAccuracy.size(); ++i) {
      perSeed << pct(c.devAccuracy[i]);
      if (i < shownSeeds_.size()) tips << tr("seed %1: %2 %").arg(shownSeeds_[i]).arg(pct(c.devAccuracy[i]));
    }
    auto* seedCell = cell(perSeed.join(QStringLiteral(" / ")), tips.join(QLatin1Char('\n')));
    table_->setItem(row, 3, seedCell);
    table_->setItem(row, 4,
                    numberCell(c.testMean ? pct(*c.testMean) : QStringLiteral("–"), c.testMean.value_or(-1)));
    table_->setItem(row, 5,
                    numberCell(std::isfinite(c.searchScore) ? QString::number(c.searchScore, 'g', 4)
                                                            : QStringLiteral("–"),
                               c.searchScore));
  }
  if (keepRow >= 0 && keepRow < table_->rowCount()) table_->selectRow(keepRow);
  useButton_->setEnabled(!candidates.empty());
}

QString SearchView::bestText() const {
  return best_->text();
}
QString SearchView::statusText() const {
  return status_->text();
}

int SearchView::useCandidate(int row) {
  if (row < 0 || row >= int(shown_.size()) || !project_->isOpen()) return -1;
  const auto& c = shown_[size_t(row)];
  const QString base =
      shownId_ > 0 ? tr("Search %1 #%2").arg(shownId_).arg(row + 1) : tr("Searched #%1").arg(row + 1);
  const int index =
      project_->addTemplate(project_->uniqueTemplateName(base), QString::fromStdString(c.templateText));
  status_->setText(
      tr("Added \"%1\" to the project's templates.").arg(QString::fromStdString(c.templateText)));
  return index;
}

void SearchView::refreshSearches() {
  const qint64 keep = searches_->currentRow() >= 0 && searches_->item(searches_->currentRow(), 0)
                          ? searches_->item(searches_->currentRow(), 0)->data(Qt::UserRole).toLongLong()
                          : 0;
  searches_->setRowCount(0);
  store::RunStore* store = project_->isOpen() ? project_->store() : nullptr;
  if (!store) return;
  std::vector<store::SearchRecord> all;
  try {
    all = store->searches();
  } catch (const std::exception& e) {
    status_->setText(tr("Reading the project's searches failed: %1").arg(QString::fromStdString(e.what())));
    return;
  }
  std::sort(all.begin(), all.end(), [](const auto& a, const auto& b) { return a.id > b.id; });
  searches_->setRowCount(int(all.size()));
  for (int row = 0; row < int(all.size()); ++row) {
    const auto& s = all[size_t(row)];
    auto* id = numberCell(QString::number(s.id), double(s.id));
    id->setData(Qt::UserRole, qint64(s.id));
    searches_->setItem(row, 0, id);
    searches_->setItem(row, 1, cell(QString::fromStdString(s.name)));
    searches_->setItem(row, 2, cell(QString::fromStdString(s.method)));
    searches_->setItem(row, 3, cell(QString::fromStdString(s.status), QString::fromStdString(s.error)));
    searches_->setItem(row, 4, numberCell(QString::number(s.candidates), double(s.candidates)));
    searches_->setItem(
        row, 5,
        cell(
            QDateTime::fromSecsSinceEpoch(qint64(s.createdAt)).toString(QStringLiteral("yyyy-MM-dd hh:mm"))));
    if (s.id == keep) searches_->selectRow(row);
  }
}

bool SearchView::openSearch(qint64 searchId) {
  store::RunStore* store = project_->isOpen() ? project_->store() : nullptr;
  if (!store || runner_->isRunning()) return false;
  try {
    const auto found = store->getSearch(searchId);
    std::vector<search::TemplateCandidate> candidates;
    for (const auto& rec : store->searchCandidates(searchId))
      candidates.push_back(search::candidateFromRecord(rec));
    const auto request =
        search::requestFromJson(found.settings, "search " + std::to_string(searchId) + " settings");
    setForm(request);
    shownSeeds_ = request.seeds;
    shownId_ = searchId;
    showCandidates(candidates);
    if (!candidates.empty() && !candidates.front().devAccuracy.empty())
      showBest(QString::fromStdString(candidates.front().templateText), candidates.front().devMean, true);
    else
      best_->setText(tr("No ranked candidates."));
    status_->setText(tr("Search %1 (%2): %3 candidates, %4 s")
                         .arg(searchId)
                         .arg(QString::fromStdString(found.status))
                         .arg(candidates.size())
                         .arg(found.seconds, 0, 'f', 1));
    return true;
  } catch (const std::exception& e) {
    status_->setText(QString::fromStdString(e.what()));
    return false;
  }
}

bool SearchView::deleteSearch(qint64 searchId) {
  store::RunStore* store = project_->isOpen() ? project_->store() : nullptr;
  if (!store || runner_->isRunning()) return false;
  try {
    store->deleteSearch(searchId);
  } catch (const std::exception& e) {
    status_->setText(QString::fromStdString(e.what()));
    return false;
  }
  if (shownId_ == searchId) {
    shownId_ = 0;
    showCandidates({});
  }
  refreshSearches();
  return true;
}

}  // namespace pwb::ui
