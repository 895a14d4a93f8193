#include "verbalizer_view.h"

#include <QComboBox>
#include <QEvent>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QListWidget>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>
#include <set>

#include "common/error.h"
#include "data/dataset.h"
#include "data/kshot_sampler.h"
#include "eval/eval_session.h"
#include "eval_host.h"
#include "example_picker.h"
#include "mask_fill_box.h"
#include "progress_relay.h"
#include "project.h"
#include "prompt/prompt_renderer.h"
#include "prompt/template.h"
#include "prompt/verbalizer.h"
#include "theme.h"
#include "tokenize/tokenizer.h"

namespace pwb::ui {

namespace {
QString q(const std::string& s) {
  return QString::fromStdString(s);
}

QLabel* boldLabel(const QString& text, QWidget* parent) {
  auto* l = new QLabel(text, parent);
  QFont f = l->font();
  f.setBold(true);
  l->setFont(f);
  return l;
}
}  // namespace

VerbalizerView::VerbalizerView(Project* project, EvalHost* host, QWidget* parent)
    : QWidget(parent), project_(project), host_(host) {
  setObjectName(QStringLiteral("verbalizerView"));
  auto* outer = new QHBoxLayout(this);
  outer->setContentsMargins(16, 12, 16, 12);
  auto* split = new QSplitter(Qt::Horizontal, this);
  outer->addWidget(split);

  auto* left = new QWidget(split);
  auto* leftLayout = new QVBoxLayout(left);
  leftLayout->setContentsMargins(0, 0, 8, 0);
  leftLayout->addWidget(boldLabel(tr("Verbalizers"), left));
  list_ = new QListWidget(left);
  list_->setObjectName(QStringLiteral("verbalizerList"));
  leftLayout->addWidget(list_, 1);
  auto* listButtons = new QHBoxLayout;
  auto* addButton = new QPushButton(tr("New"), left);
  auto* dupButton = new QPushButton(tr("Duplicate"), left);
  auto* delButton = new QPushButton(tr("Delete"), left);
  listButtons->addWidget(addButton);
  listButtons->addWidget(dupButton);
  listButtons->addWidget(delButton);
  leftLayout->addLayout(listButtons);
  split->addWidget(left);

  auto* right = new QSplitter(Qt::Vertical, split);
  // Label words.
  auto* mapBox = new QGroupBox(tr("Label words"), right);
  auto* mapLayout = new QVBoxLayout(mapBox);
  auto* tplRow = new QHBoxLayout;
  tplRow->addWidget(new QLabel(tr("Template (where the mask is):"), mapBox));
  template_ = new QComboBox(mapBox);
  template_->setObjectName(QStringLiteral("verbalizerTemplate"));
  template_->setSizeAdjustPolicy(QComboBox::AdjustToContents);
  tplRow->addWidget(template_);
  tplRow->addStretch(1);
  mapLayout->addLayout(tplRow);
  mapping_ = new QTableWidget(0, 3, mapBox);
  mapping_->setObjectName(QStringLiteral("mappingTable"));
  mapping_->setHorizontalHeaderLabels(
      {tr("Label"), tr("Label words (comma separated)"), tr("As the model sees them")});
  mapping_->verticalHeader()->setVisible(false);
  mapping_->setSelectionBehavior(QAbstractItemView::SelectRows);
  mapping_->setSelectionMode(QAbstractItemView::SingleSelection);
  mapping_->horizontalHeader()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
  mapping_->horizontalHeader()->setSectionResizeMode(1, QHeaderView::Stretch);
  mapping_->horizontalHeader()->setSectionResizeMode(2, QHeaderView::Stretch);
  softenSelection();
  mapLayout->addWidget(mapping_, 1);
  notes_ = new QLabel(mapBox);
  notes_->setObjectName(QStringLiteral("verbalizerNotes"));
  notes_->setWordWrap(true);
  mapLayout->addWidget(notes_);
  right->addWidget(mapBox);

  auto* bottom = new QSplitter(Qt::Horizontal, right);
  // Mask top-k.
  auto* topBox = new QGroupBox(tr("Most likely tokens at the mask"), bottom);
  auto* topLayout = new QVBoxLayout(topBox);
  picker_ = new ExamplePicker(project_, topBox);
  topLayout->addWidget(picker_);
  auto* kRow = new QHBoxLayout;
  kRow->addWidget(new QLabel(tr("Top"), topBox));
  k_ = new QSpinBox(topBox);
  k_->setRange(1, 100);
  k_->setValue(15);
  kRow->addWidget(k_);
  topKStatus_ = new QLabel(topBox);
  topKStatus_->setWordWrap(true);
  kRow->addWidget(topKStatus_, 1);
  topLayout->addLayout(kRow);
  topK_ = new QTableWidget(0, 3, topBox);
  topK_->setObjectName(QStringLiteral("topKTable"));
  topK_->setHorizontalHeaderLabels({tr("Token"), tr("Probability"), tr("Id")});
  topK_->verticalHeader()->setVisible(true);
  topK_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  topK_->setSelectionBehavior(QAbstractItemView::SelectRows);
  topK_->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
  topK_->setToolTip(tr("Double-click a token to add it to the label selected above."));
  topLayout->addWidget(topK_, 1);
  // Several masks filled jointly, on the same template and example as the top-k above.
  fill_ = new MaskFillBox(
      host_,
      [this]() -> std::optional<MaskFillInput> {
        const auto data = picker_->dataset();
        const data::Example* ex = picker_->example();
        const QString tmpl = selectedTemplateText();
        if (!data || !ex || tmpl.isEmpty()) return std::nullopt;
        return MaskFillInput{tmpl.toStdString(), data->columns, ex->fields};
      },
      topBox);
  topLayout->addWidget(fill_, 1);
  bottom->addWidget(topBox);

  // Suggestions.
  auto* sugBox = new QGroupBox(tr("Suggested label words (automatic search)"), bottom);
  auto* sugLayout = new QVBoxLayout(sugBox);
  auto* sugRow = new QHBoxLayout;
  sugRow->addWidget(new QLabel(tr("K per class"), sugBox));
  shots_ = new QSpinBox(sugBox);
  shots_->setRange(2, 512);
  shots_->setValue(16);
  shots_->setToolTip(
      tr("Searched on a K-shot sample of the current data set (seed 13): K per class to find "
         "candidates, another K per class to rank the mappings."));
  sugRow->addWidget(shots_);
  suggest_ = new QPushButton(tr("Suggest"), sugBox);
  suggest_->setObjectName(QStringLiteral("suggestButton"));
  cancel_ = new QPushButton(tr("Cancel"), sugBox);
  cancel_->setEnabled(false);
  progress_ = new QProgressBar(sugBox);
  progress_->setTextVisible(false);
  progress_->setMaximumHeight(12);
  sugRow->addWidget(suggest_);
  sugRow->addWidget(cancel_);
  sugRow->addWidget(progress_, 1);
  sugLayout->addLayout(sugRow);
  suggestStatus_ = new QLabel(sugBox);
  suggestStatus_->setWordWrap(true);
  sugLayout->addWidget(suggestStatus_);
  suggestions_ = new QTableWidget(0, 3, sugBox);
  suggestions_->setObjectName(QStringLiteral("suggestionTable"));
  suggestions_->setHorizontalHeaderLabels({tr("Mapping"), tr("Dev accuracy"), QString()});
  suggestions_->verticalHeader()->setVisible(false);
  suggestions_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  suggestions_->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
  sugLayout->addWidget(suggestions_, 1);
  bottom->addWidget(sugBox);
  right->addWidget(bottom);
  right->setStretchFactor(0, 2);
  right->setStretchFactor(1, 3);
  split->addWidget(right);
  split->setStretchFactor(0, 1);
  split->setStretchFactor(1, 4);
  split->setSizes({240, 900});

  connect(project_, &Project::opened, this, &VerbalizerView::refreshList);
  connect(project_, &Project::verbalizersChanged, this, [this]() {
    if (!updating_) refreshList();
  });
  connect(project_, &Project::templatesChanged, this, &VerbalizerView::refreshTemplates);
  connect(project_, &Project::tokenizerChanged, this, &VerbalizerView::showMapping);
  connect(project_, &Project::currentDatasetChanged, this, &VerbalizerView::showMapping);
  connect(list_, &QListWidget::currentRowChanged, this, &VerbalizerView::showMapping);
  connect(list_, &QListWidget::itemChanged, this, [this](QListWidgetItem* item) {
    const int row = list_->row(item);
    if (!updating_ && row >= 0) project_->renameVerbalizer(row, item->text());
  });
  connect(template_, &QComboBox::currentIndexChanged, this, [this]() {
    showMapping();
    refreshTopK();
  });
  connect(mapping_, &QTableWidget::itemChanged, this, [this](QTableWidgetItem* item) {
    if (!updating_ && item->column() == 1) mappingEdited();
  });
  connect(picker_, &ExamplePicker::exampleChanged, this, &VerbalizerView::refreshTopK);
  connect(picker_, &ExamplePicker::exampleChanged, fill_, &MaskFillBox::clearResults);
  connect(template_, &QComboBox::currentIndexChanged, fill_, &MaskFillBox::clearResults);
  connect(project_, &Project::modelChanged, fill_, &MaskFillBox::clearResults);
  connect(k_, &QSpinBox::valueChanged, this, &VerbalizerView::refreshTopK);
  connect(project_, &Project::modelChanged, this, &VerbalizerView::refreshTopK);
  connect(topK_, &QTableWidget::cellDoubleClicked, this, [this](int row, int) {
    if (auto* item = topK_->item(row, 0)) addWordToSelectedLabel(item->data(Qt::UserRole).toString());
  });
  connect(suggest_, &QPushButton::clicked, this, &VerbalizerView::startSuggestions);
  connect(cancel_, &QPushButton::clicked, this, [this]() {
    if (cancelFlag_) cancelFlag_->store(true);
  });
  connect(addButton, &QPushButton::clicked, this, [this]() {
    QVector<LabelWords> mapping;
    if (auto data = project_->currentData())
      for (const auto& l : data->labels) mapping.push_back({q(l), {}});
    selectVerbalizer(project_->addVerbalizer(tr("Verbalizer"), mapping));
  });
  connect(dupButton, &QPushButton::clicked, this, [this]() {
    const int i = currentVerbalizer();
    if (i < 0) return;
    const auto v = project_->verbalizers()[i];
    selectVerbalizer(project_->addVerbalizer(v.name, v.mapping));
  });
  connect(delButton, &QPushButton::clicked, this, [this]() {
    const int i = currentVerbalizer();
    if (i < 0) return;
    if (QMessageBox::question(this, tr("Delete Verbalizer"),
                              tr("Delete verbalizer '%1'? Evaluations keep their copy of it.")
                                  .arg(project_->verbalizers()[i].name)) == QMessageBox::Yes)
      project_->removeVerbalizer(i);
  });
  refreshTemplates();
  refreshList();
}

void VerbalizerView::softenSelection() {
  // A soft selection colour, so the coloured word marks stay readable on the selected row; derived from
  // this view's palette again whenever the theme changes.
  QPalette pal = palette();
  pal.setColor(QPalette::Highlight, blend(pal.color(QPalette::Base), pal.color(QPalette::Highlight), 0.3));
  pal.setColor(QPalette::HighlightedText, pal.color(QPalette::Text));
  mapping_->setPalette(pal);
}

void VerbalizerView::changeEvent(QEvent* event) {
  if (event->type() == QEvent::PaletteChange) softenSelection();
  QWidget::changeEvent(event);
}

int VerbalizerView::currentVerbalizer() const {
  return list_->currentRow();
}
void VerbalizerView::selectVerbalizer(int index) {
  list_->setCurrentRow(index);
}

void VerbalizerView::refreshList() {
  updating_ = true;
  const int keep = list_->currentRow();
  list_->clear();
  for (const auto& v : project_->verbalizers()) {
    auto* item = new QListWidgetItem(v.name, list_);
    item->setFlags(item->flags() | Qt::ItemIsEditable);
    item->setToolTip(v.toSpec());
  }
  updating_ = false;
  const int n = int(project_->verbalizers().size());
  list_->setCurrentRow(keep >= 0 && keep < n ? keep : (n ? 0 : -1));
  showMapping();
}

void VerbalizerView::refreshTemplates() {
  QSignalBlocker block(template_);
  const QString keep = template_->currentData().toString();
  template_->clear();
  for (const auto& t : project_->templates())
    template_->addItem(QStringLiteral("%1 — %2").arg(t.name, t.text), t.text);
  const int i = template_->findData(keep);
  template_->setCurrentIndex(i >= 0 ? i : 0);
}

QString VerbalizerView::selectedTemplateText() const {
  return template_->currentData().toString();
}

void VerbalizerView::showMapping() {
  updating_ = true;
  const int index = currentVerbalizer();
  const auto data = project_->currentData();
  QVector<LabelWords> mapping;
  if (index >= 0 && index < project_->verbalizers().size()) mapping = project_->verbalizers()[index].mapping;
  // Rows: the data set's labels in order, then labels only the verbalizer has.
  QStringList labels;
  if (data)
    for (const auto& l : data->labels) labels << q(l);
  for (const auto& lw : mapping)
    if (!labels.contains(lw.label)) labels << lw.label;
  const int keepRow = mapping_->currentRow();
  mapping_->setRowCount(index >= 0 ? int(labels.size()) : 0);
  mapping_->setEnabled(index >= 0);

  const auto tok = project_->tokenizer();
  bool followsSpace = true;
  if (tok && data) {
    try {
      const prompt::PromptRenderer r(prompt::parseTemplate(selectedTemplateText().toStdString()),
                                     data->columns, *tok, 512);
      followsSpace = r.maskFollowsSpace(0);
    } catch (const Error&) {
    }
  }
  QStringList notes;
  const QColor ok(0x2e, 0x9d, 0x5b), warn(0xd9, 0x8a, 0x1c), bad(0xd9, 0x48, 0x48);
  for (int r = 0; r < labels.size() && index >= 0; ++r) {
    QStringList words;
    for (const auto& lw : mapping)
      if (lw.label == labels[r]) words = lw.words;
    auto* labelItem = new QTableWidgetItem(labels[r]);
    labelItem->setFlags(labelItem->flags() & ~Qt::ItemIsEditable);
    const bool inData = data && std::find(data->labels.begin(), data->labels.end(),
                                          labels[r].toStdString()) != data->labels.end();
    if (data && !inData) labelItem->setToolTip(tr("This label is not in the current data set."));
    mapping_->setItem(r, 0, labelItem);
    mapping_->setItem(r, 1, new QTableWidgetItem(words.join(QStringLiteral(", "))));
    QStringList shown;
    if (!tok) {
      shown << (project_->tokenizerError().isEmpty() ? tr("(loading the tokenizer…)") : tr("(no tokenizer)"));
    } else {
      for (const QString& w : words) {
        try {
          const auto rw = prompt::resolveWord(w.toStdString(), *tok, followsSpace);
          QStringList pieces;
          for (const auto& p : rw.pieces) pieces << q(p).toHtmlEscaped();
          QString mark;
          switch (rw.status) {
            case prompt::WordStatus::Single:
              mark = QStringLiteral("<span style='color:%1'>✔ %2</span>").arg(ok.name(), tr("single token"));
              break;
            case prompt::WordStatus::Multi:
              mark = QStringLiteral("<span style='color:%1'>⚠ %2</span>")
                         .arg(warn.name(), tr("%n tokens", nullptr, int(rw.ids.size())));
              notes << tr("'%1' is split into %2: scored with the sub-token mean at one mask.")
                           .arg(w, pieces.join(QStringLiteral(" + ")));
              break;
            case prompt::WordStatus::Unknown:
              mark = QStringLiteral("<span style='color:%1'>✘ %2</span>")
                         .arg(bad.name(), tr("unknown to the model"));
              notes << tr("'%1' contains the unknown token: the model cannot predict it.").arg(w);
              break;
          }
          shown << QStringLiteral("<code>%1</code> %2").arg(pieces.join(QStringLiteral(" · ")), mark);
        } catch (const Error& e) {
          shown << QStringLiteral("<span style='color:%1'>✘ %2</span>")
                       .arg(bad.name(), q(e.message()).toHtmlEscaped());
        }
      }
      if (words.isEmpty())
        shown << QStringLiteral("<span style='color:%1'>%2</span>").arg(warn.name(), tr("no words yet"));
    }
    // The item first (it carries the text for tests and accessibility), then the rich-text widget on it.
    auto* statusItem = new QTableWidgetItem;
    statusItem->setData(Qt::UserRole, shown.join(QStringLiteral(" &nbsp; ")));
    statusItem->setFlags(statusItem->flags() & ~Qt::ItemIsEditable);
    mapping_->setItem(r, 2, statusItem);
    if (QWidget* old = mapping_->cellWidget(r, 2)) old->hide();  // deleted later by the view
    auto* cell = new QLabel(shown.join(QStringLiteral(" &nbsp; ")));
    cell->setContentsMargins(6, 0, 6, 0);
    cell->setObjectName(QStringLiteral("wordStatus"));
    cell->setAttribute(Qt::WA_TransparentForMouseEvents);
    mapping_->setCellWidget(r, 2, cell);
  }
  if (keepRow >= 0 && keepRow < mapping_->rowCount())
    mapping_->selectRow(keepRow);
  else if (mapping_->rowCount() > 0)
    mapping_->selectRow(0);
  notes_->setText(notes.join(QLatin1Char('\n')));
  notes_->setVisible(!notes.isEmpty());
  updating_ = false;
}

QVector<LabelWords> VerbalizerView::mappingFromTable() const {
  QVector<LabelWords> out;
  for (int r = 0; r < mapping_->rowCount(); ++r) {
    LabelWords lw;
    lw.label = mapping_->item(r, 0)->text();
    for (const QString& w : mapping_->item(r, 1)->text().split(QLatin1Char(','), Qt::SkipEmptyParts))
      if (!w.trimmed().isEmpty() && !lw.words.contains(w.trimmed())) lw.words << w.trimmed();
    out << lw;
  }
  return out;
}

void VerbalizerView::mappingEdited() {
  const int index = currentVerbalizer();
  if (index < 0) return;
  updating_ = true;
  project_->setVerbalizerMapping(index, mappingFromTable());
  updating_ = false;
  showMapping();
}

void VerbalizerView::addWordToSelectedLabel(const QString& word) {
  const int row = mapping_->currentRow();
  if (row < 0 || word.isEmpty() || currentVerbalizer() < 0) return;
  QTableWidgetItem* item = mapping_->item(row, 1);
  QStringList words = item->text().split(QLatin1Char(','), Qt::SkipEmptyParts);
  for (QString& w : words) w = w.trimmed();
  if (words.contains(word)) return;
  words << word;
  item->setText(words.join(QStringLiteral(", ")));  // itemChanged -> mappingEdited
}

void VerbalizerView::refreshTopK() {
  const int gen = ++topKGeneration_;
  const auto data = picker_->dataset();
  const data::Example* ex = picker_->example();
  const QString tmpl = selectedTemplateText();
  if (!data || !ex || tmpl.isEmpty() || !host_->hasModel()) {
    topK_->setRowCount(0);
    topKStatus_->setText(tr("Needs a model, a template and an example."));
    return;
  }
  topKStatus_->setText(tr("Running the model…"));
  const std::vector<std::string> columns = data->columns, fields = ex->fields;
  const std::string text = tmpl.toStdString();
  const int k = k_->value();
  using Result = std::vector<std::vector<eval::TokenProb>>;
  host_->run<Result>(
      this, [=](eval::EvalSession& s) { return s.maskTopK(text, columns, fields, k); },
      [this, gen](Outcome<Result> out) {
        if (gen != topKGeneration_) return;
        topK_->setRowCount(0);
        if (!out.ok()) {
          topKStatus_->setText(tr("✘ %1").arg(out.error));
          emit topKUpdated();
          return;
        }
        const Result& r = *out.value;
        if (r.empty()) {
          topKStatus_->setText(tr("The template has no [MASK]."));
          emit topKUpdated();
          return;
        }
        topKStatus_->setText(r.size() > 1 ? tr("first of %1 masks").arg(r.size()) : QString());
        const auto& first = r.front();
        topK_->setRowCount(int(first.size()));
        const QColor barColor =
            blend(palette().color(QPalette::Base), palette().color(QPalette::Highlight), 0.35);
        for (int i = 0; i < int(first.size()); ++i) {
          const auto& tp = first[size_t(i)];
          auto* token = new QTableWidgetItem(q(tp.token));
          QString word = q(tp.token);
          if (word.startsWith(QChar(0x0120))) word = word.mid(1);  // BPE leading-space mark
          token->setData(Qt::UserRole, word);
          topK_->setItem(i, 0, token);
          auto* prob = new QTableWidgetItem(QStringLiteral("%1 %").arg(tp.prob * 100.0, 0, 'f', 2));
          prob->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
          // A bar behind the number: its length is the probability relative to the first.
          QLinearGradient g(0, 0, 1, 0);
          g.setCoordinateMode(QGradient::ObjectMode);
          const double frac = first[0].prob > 0 ? tp.prob / first[0].prob : 0;
          g.setColorAt(0, barColor);
          g.setColorAt(std::max(0.0, frac - 0.001), barColor);
          g.setColorAt(std::min(1.0, frac + 0.001), Qt::transparent);
          g.setColorAt(1, Qt::transparent);
          prob->setBackground(QBrush(g));
          topK_->setItem(i, 1, prob);
          auto* id = new QTableWidgetItem(QString::number(tp.id));
          id->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
          topK_->setItem(i, 2, id);
        }
        topK_->resizeColumnToContents(1);
        topK_->resizeColumnToContents(2);
        emit topKUpdated();
      });
}

void VerbalizerView::startSuggestions() {
  const auto data = project_->currentData();
  const QString tmpl = selectedTemplateText();
  if (!data || tmpl.isEmpty()) {
    suggestStatus_->setText(tr("Needs a template and a labelled data set."));
    return;
  }
  data::KShotSplit split;
  try {
    split = data::sampleKShot(*data, shots_->value(), 13);
  } catch (const Error& e) {
    suggestStatus_->setText(tr("✘ %1").arg(q(e.what())));
    return;
  }
  eval::LabelSearchRequest request;
  request.train = std::move(split.train);
  request.dev = std::move(split.dev);
  request.templateText = tmpl.toStdString();
  cancelFlag_ = std::make_shared<std::atomic<bool>>(false);
  auto cancel = cancelFlag_;
  auto progress = progressTo(progress_);
  suggest_->setEnabled(false);
  cancel_->setEnabled(true);
  progress_->setRange(0, 0);
  suggestStatus_->setText(tr("Searching on %1 + %2 examples…")
                              .arg(request.train.examples.size())
                              .arg(request.dev.examples.size()));
  host_->run<eval::LabelSearchResult>(
      this,
      [request, cancel, progress](eval::EvalSession& s) {
        return s.suggestLabelWords(request, progress, cancel.get());
      },
      [this](Outcome<eval::LabelSearchResult> out) {
        suggest_->setEnabled(true);
        cancel_->setEnabled(false);
        progress_->setRange(0, 1000);
        progress_->setValue(out.ok() ? 1000 : 0);
        suggestions_->setRowCount(0);
        if (!out.ok()) {
          suggestStatus_->setText(tr("✘ %1").arg(out.error));
          emit suggestionsUpdated();
          return;
        }
        const auto& r = *out.value;
        QStringList perClass;
        for (size_t c = 0; c < r.labels.size() && c < r.candidates.size(); ++c) {
          QStringList words;
          for (size_t i = 0; i < r.candidates[c].size() && i < 6; ++i) words << q(r.candidates[c][i].word);
          perClass << tr("%1: %2").arg(q(r.labels[c]), words.join(QStringLiteral(", ")));
        }
        suggestStatus_->setText(tr("Candidates — %1. %2 mappings tried.")
                                    .arg(perClass.join(QStringLiteral("; ")))
                                    .arg(r.mappingsTried));
        suggestions_->setRowCount(int(r.mappings.size()));
        for (int i = 0; i < int(r.mappings.size()); ++i) {
          const auto& m = r.mappings[size_t(i)];
          QStringList parts;
          for (size_t c = 0; c < m.words.size() && c < r.labels.size(); ++c)
            parts << QStringLiteral("%1 → %2").arg(q(r.labels[c]), q(m.words[c]));
          auto* item = new QTableWidgetItem(parts.join(QStringLiteral(",  ")));
          item->setData(Qt::UserRole, q(m.verbalizerText));
          suggestions_->setItem(i, 0, item);
          auto* acc = new QTableWidgetItem(QStringLiteral("%1").arg(m.devAccuracy * 100.0, 0, 'f', 1));
          acc->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
          suggestions_->setItem(i, 1, acc);
          auto* use = new QPushButton(tr("Use"), suggestions_);
          use->setObjectName(QStringLiteral("useSuggestion"));
          const QString spec = q(m.verbalizerText);
          QStringList words;
          for (const auto& w : m.words) words << q(w);
          connect(use, &QPushButton::clicked, this, [this, spec, words]() {
            try {
              selectVerbalizer(project_->addVerbalizer(tr("auto: %1").arg(words.join(QLatin1Char('/'))),
                                                       VerbalizerItem::parseSpec(spec)));
            } catch (const Error& e) {
              suggestStatus_->setText(tr("✘ %1").arg(q(e.what())));
            }
          });
          suggestions_->setCellWidget(i, 2, use);
        }
        suggestions_->resizeColumnToContents(1);
        suggestions_->resizeColumnToContents(2);
        emit suggestionsUpdated();
      });
}

}  // namespace pwb::ui
