#include "template_view.h"

#include <QFontDatabase>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QMessageBox>
#include <QPlainTextDocumentLayout>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QSplitter>
#include <QTextDocument>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

#include "common/error.h"
#include "data/dataset.h"
#include "example_picker.h"
#include "project.h"
#include "prompt/prompt_renderer.h"
#include "prompt/template.h"
#include "prompt/template_import.h"
#include "template_demos.h"
#include "template_highlighter.h"
#include "token_chip_view.h"
#include "tokenize/tokenizer.h"

namespace pwb::ui {

namespace {
constexpr int kDefaultMaxLength = 128;

TokenSource chipSource(prompt::TokenSource s) {
  switch (s) {
    case prompt::TokenSource::Special:
      return TokenSource::Special;
    case prompt::TokenSource::Text:
      return TokenSource::Literal;
    case prompt::TokenSource::Field:
      return TokenSource::Field;
    case prompt::TokenSource::Mask:
      return TokenSource::Mask;
    case prompt::TokenSource::Soft:
      return TokenSource::Soft;
    case prompt::TokenSource::Pseudo:
      return TokenSource::Pseudo;
    case prompt::TokenSource::Demo:
      return TokenSource::Demo;
    case prompt::TokenSource::DemoLabel:
      return TokenSource::DemoLabel;
  }
  return TokenSource::Literal;
}

QVector<TokenChip> chipsOf(const prompt::RenderedPrompt& r, const prompt::Template& t,
                           const tokenize::Tokenizer& tok, int from = 0, int to = -1) {
  QVector<TokenChip> chips;
  if (to < 0) to = int(r.size());
  for (int i = from; i < to; ++i) {
    TokenChip c;
    const auto& o = r.origins[size_t(i)];
    c.source = chipSource(o.source);
    c.segment = int(r.typeIds[size_t(i)]);
    if (o.source == prompt::TokenSource::Soft || o.source == prompt::TokenSource::Pseudo) {
      const bool pseudo = o.source == prompt::TokenSource::Pseudo;
      int index = 0;
      for (const auto& s : r.softSlots)
        if (s.position == i) index = s.index;
      c.text = QStringLiteral("%1%2").arg(pseudo ? QStringLiteral("P") : QStringLiteral("S")).arg(index);
      c.detail = pseudo ? QObject::tr("trainable vector from the P-tuning prompt encoder")
                        : QObject::tr("trainable soft-prompt vector");
    } else {
      c.id = r.ids[size_t(i)];
      c.text = QString::fromStdString(tok.idToToken(c.id));
      const bool fieldElement = o.element >= 0 && size_t(o.element) < t.elements().size() &&
                                t.elements()[size_t(o.element)].kind == prompt::ElementKind::Field;
      if (o.source == prompt::TokenSource::Field && fieldElement)
        c.detail =
            QObject::tr("from field {%1}").arg(QString::fromStdString(t.elements()[size_t(o.element)].text));
      if (o.demo >= 0 && size_t(o.demo) < r.demoIds.size()) {
        const QString id = QString::fromStdString(r.demoIds[size_t(o.demo)]);
        if (o.source == prompt::TokenSource::DemoLabel)
          c.detail = QObject::tr("label word of demonstration %1 (example %2)").arg(o.demo + 1).arg(id);
        else if (o.source == prompt::TokenSource::Demo && fieldElement)
          c.detail = QObject::tr("demonstration %1 (example %2), field {%3}")
                         .arg(o.demo + 1)
                         .arg(id)
                         .arg(QString::fromStdString(t.elements()[size_t(o.element)].text));
        else if (o.source == prompt::TokenSource::Demo)
          c.detail = QObject::tr("demonstration %1 (example %2), template text").arg(o.demo + 1).arg(id);
      }
      if (o.end > o.begin)
        c.detail += (c.detail.isEmpty() ? QString() : QStringLiteral(": ")) +
                    QStringLiteral("“%1”").arg(
                        QString::fromStdString(r.text.substr(size_t(o.begin), size_t(o.end - o.begin))));
    }
    chips << c;
  }
  return chips;
}
}  // namespace

TemplateView::TemplateView(Project* project, QWidget* parent) : QWidget(parent), project_(project) {
  setObjectName(QStringLiteral("templateView"));
  auto* outer = new QHBoxLayout(this);
  outer->setContentsMargins(16, 12, 16, 12);
  auto* split = new QSplitter(Qt::Horizontal, this);
  outer->addWidget(split);

  // Left: the project's templates.
  auto* left = new QWidget(split);
  auto* leftLayout = new QVBoxLayout(left);
  leftLayout->setContentsMargins(0, 0, 8, 0);
  auto* listCaption = new QLabel(tr("Templates"), left);
  QFont bold = listCaption->font();
  bold.setBold(true);
  listCaption->setFont(bold);
  leftLayout->addWidget(listCaption);
  list_ = new QListWidget(left);
  list_->setObjectName(QStringLiteral("templateList"));
  leftLayout->addWidget(list_, 1);
  auto* listButtons = new QHBoxLayout;
  auto* addButton = new QPushButton(tr("New"), left);
  addButton->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_N));
  addButton->setToolTip(tr("New template (Ctrl+Shift+N)"));
  auto* dupButton = new QPushButton(tr("Duplicate"), left);
  auto* delButton = new QPushButton(tr("Delete"), left);
  listButtons->addWidget(addButton);
  listButtons->addWidget(dupButton);
  listButtons->addWidget(delButton);
  leftLayout->addLayout(listButtons);
  split->addWidget(left);

  // Right: editor and preview.
  auto* right = new QWidget(split);
  auto* rightLayout = new QVBoxLayout(right);
  rightLayout->setContentsMargins(8, 0, 0, 0);
  auto* editorHeader = new QHBoxLayout;
  auto* editorCaption = new QLabel(tr("Template"), right);
  editorCaption->setFont(bold);
  auto* undo = new QToolButton(right);
  undo->setText(tr("Undo"));
  undo->setToolTip(tr("Undo (Ctrl+Z)"));
  auto* redo = new QToolButton(right);
  redo->setText(tr("Redo"));
  redo->setToolTip(tr("Redo (Ctrl+Shift+Z)"));
  auto* syntax =
      new QLabel(tr("<span style='opacity:0.75'>{field} data field · [MASK] mask · [SOFT*n] soft tokens · "
                    "[P*n] P-tuning tokens · [SEP] pair separator · [DEMOS]…[/DEMOS] one demonstration, "
                    "[LABEL] its label word · \\ escapes</span>"),
                 right);
  syntax->setWordWrap(true);
  editorHeader->addWidget(editorCaption);
  editorHeader->addStretch(1);
  convert_ = new QPushButton(tr("Convert to workbench syntax"), right);
  convert_->setObjectName(QStringLiteral("convertTemplate"));
  convert_->setVisible(false);
  editorHeader->addWidget(convert_);
  editorHeader->addWidget(undo);
  editorHeader->addWidget(redo);
  rightLayout->addLayout(editorHeader);
  // The syntax reminder gets a line of its own: squeezed beside the caption it wrapped mid-phrase.
  rightLayout->addWidget(syntax);
  editor_ = new QPlainTextEdit(right);
  editor_->setObjectName(QStringLiteral("templateEditor"));
  QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
  mono.setPointSizeF(mono.pointSizeF() * 1.15);
  editor_->setFont(mono);
  editor_->setTabChangesFocus(true);
  editor_->setFixedHeight(QFontMetrics(mono).lineSpacing() * 4 + 16);
  editor_->setPlaceholderText(tr("e.g. {sentence} It was [MASK] ."));
  rightLayout->addWidget(editor_);
  status_ = new QLabel(right);
  status_->setObjectName(QStringLiteral("templateStatus"));
  status_->setWordWrap(true);
  status_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  rightLayout->addWidget(status_);

  auto* exampleRow = new QHBoxLayout;
  picker_ = new ExamplePicker(project_, right);
  exampleRow->addWidget(picker_, 1);
  exampleRow->addSpacing(16);
  exampleRow->addWidget(new QLabel(tr("Max length"), right));
  maxLength_ = new QSpinBox(right);
  maxLength_->setObjectName(QStringLiteral("maxLength"));
  maxLength_->setRange(8, 4096);
  maxLength_->setValue(kDefaultMaxLength);
  maxLength_->setSuffix(tr(" tokens"));
  maxLength_->setToolTip(
      tr("Tokens per rendered example, special tokens and soft slots included. "
         "Fields marked |shorten (or the longest field) are cut to fit; the template never is."));
  exampleRow->addWidget(maxLength_);
  rightLayout->addLayout(exampleRow);

  // LM-BFF's per-sentence limits: shown for templates with demonstrations, where they matter.
  limitsRow_ = new QWidget(right);
  auto* limits = new QHBoxLayout(limitsRow_);
  limits->setContentsMargins(0, 0, 0, 0);
  auto makeLimit = [&](const QString& name, const QString& tip) {
    auto* spin = new QSpinBox(limitsRow_);
    spin->setObjectName(name);
    spin->setRange(0, 4096);
    spin->setSpecialValueText(tr("none"));
    spin->setSuffix(tr(" tokens"));
    spin->setToolTip(tip);
    return spin;
  };
  firstLimit_ =
      makeLimit(QStringLiteral("firstSentenceLimit"),
                tr("LM-BFF --first_sent_limit: keep the first N tokens of the query's first sentence"));
  otherLimit_ = makeLimit(QStringLiteral("otherSentenceLimit"),
                          tr("LM-BFF --other_sent_limit: keep the first N tokens of every other sentence "
                             "(each demonstration's, and the query's second one)"));
  limits->addWidget(new QLabel(tr("Sentence limits: query"), limitsRow_));
  limits->addWidget(firstLimit_);
  limits->addWidget(new QLabel(tr("others"), limitsRow_));
  limits->addWidget(otherLimit_);
  limits->addStretch(1);
  limitsRow_->setVisible(false);
  rightLayout->addWidget(limitsRow_);

  auto* previewBox = new QGroupBox(tr("What the model sees"), right);
  auto* previewLayout = new QVBoxLayout(previewBox);
  lengthInfo_ = new QLabel(previewBox);
  lengthInfo_->setObjectName(QStringLiteral("lengthInfo"));
  lengthInfo_->setWordWrap(true);
  previewLayout->addWidget(lengthInfo_);
  auto* scroll = new QScrollArea(previewBox);
  scroll->setWidgetResizable(true);
  scroll->setFrameShape(QFrame::NoFrame);
  auto* chipsHolder = new QWidget(scroll);
  auto* chipsLayout = new QVBoxLayout(chipsHolder);
  chipsLayout->setContentsMargins(0, 0, 0, 0);
  chips_ = new TokenChipView(chipsHolder);
  chipsLayout->addWidget(chips_);
  cutCaption_ = new QLabel(chipsHolder);
  cutCaption_->setWordWrap(true);
  chipsLayout->addWidget(cutCaption_);
  cut_ = new TokenChipView(chipsHolder);
  cut_->setObjectName(QStringLiteral("cutChips"));
  cut_->setShowSegments(false);
  chipsLayout->addWidget(cut_);
  renderedText_ = new QLabel(chipsHolder);
  renderedText_->setObjectName(QStringLiteral("renderedText"));
  renderedText_->setWordWrap(true);
  renderedText_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  chipsLayout->addWidget(renderedText_);
  chipsLayout->addStretch(1);
  scroll->setWidget(chipsHolder);
  previewLayout->addWidget(scroll, 1);

  // Legend of the chip colours. The demonstration colours get a row of their own, shown only when the
  // template has demonstrations: beside the others they made the row wider than the view.
  auto* legend = new QHBoxLayout;
  legend->setSpacing(6);
  auto* demoRow = new QWidget(previewBox);
  auto* demoLegend = new QHBoxLayout(demoRow);
  demoLegend->setContentsMargins(0, 0, 0, 0);
  demoLegend->setSpacing(6);
  for (TokenSource s :
       {TokenSource::Special, TokenSource::Literal, TokenSource::Field, TokenSource::Mask, TokenSource::Soft,
        TokenSource::Pseudo, TokenSource::Truncated, TokenSource::Demo, TokenSource::DemoLabel}) {
    const bool demo = s == TokenSource::Demo || s == TokenSource::DemoLabel;
    auto* chip = new TokenChipView(demo ? demoRow : previewBox);
    chip->setShowSegments(false);
    chip->setChips({TokenChip{tokenSourceName(s), s, 0, -1, QString()}});
    chip->setFixedSize(QFontMetrics(chip->font()).horizontalAdvance(tokenSourceName(s)) + 26,
                       QFontMetrics(chip->font()).height() + 10);
    chip->setShowSegments(false);
    (demo ? demoLegend : legend)->addWidget(chip);
  }
  legend->addStretch(1);
  demoLegend->addStretch(1);
  previewLayout->addLayout(legend);
  demoRow->setVisible(false);
  demoLegend_ << demoRow;
  previewLayout->addWidget(demoRow);
  // On its own line: beside the chips it made the view wider than a 1280 px window.
  auto* legendNote =
      new QLabel(tr("<span style='opacity:0.7'>under each token: position · segment id</span>"), previewBox);
  legendNote->setWordWrap(true);
  previewLayout->addWidget(legendNote);
  rightLayout->addWidget(previewBox, 1);
  split->addWidget(right);
  split->setStretchFactor(0, 1);
  split->setStretchFactor(1, 4);
  split->setSizes({240, 900});

  previewTimer_ = new QTimer(this);
  previewTimer_->setSingleShot(true);
  previewTimer_->setInterval(120);
  saveTimer_ = new QTimer(this);
  saveTimer_->setSingleShot(true);
  saveTimer_->setInterval(700);
  connect(previewTimer_, &QTimer::timeout, this, &TemplateView::updatePreview);
  connect(saveTimer_, &QTimer::timeout, this, [this]() {
    if (shown_ >= 0) project_->setTemplateText(shown_, editor_->toPlainText());
  });
  connect(editor_, &QPlainTextEdit::textChanged, this, &TemplateView::textEdited);
  connect(convert_, &QPushButton::clicked, this, &TemplateView::convertPasted);
  connect(undo, &QToolButton::clicked, editor_, &QPlainTextEdit::undo);
  connect(redo, &QToolButton::clicked, editor_, &QPlainTextEdit::redo);
  connect(editor_, &QPlainTextEdit::undoAvailable, undo, &QToolButton::setEnabled);
  connect(editor_, &QPlainTextEdit::redoAvailable, redo, &QToolButton::setEnabled);
  undo->setEnabled(false);
  redo->setEnabled(false);
  connect(picker_, &ExamplePicker::exampleChanged, this, &TemplateView::updatePreview);
  connect(maxLength_, &QSpinBox::valueChanged, this, &TemplateView::updatePreview);
  connect(firstLimit_, &QSpinBox::valueChanged, this, &TemplateView::updatePreview);
  connect(otherLimit_, &QSpinBox::valueChanged, this, &TemplateView::updatePreview);
  connect(project_, &Project::verbalizersChanged, this, &TemplateView::updatePreview);
  connect(project_, &Project::tokenizerChanged, this, &TemplateView::updatePreview);
  connect(project_, &Project::templatesChanged, this, &TemplateView::refreshList);
  connect(project_, &Project::opened, this, [this]() {
    // A new project: forget the documents (and their undo history) of the previous one.
    saveTimer_->stop();
    shown_ = -1;
    editor_->setDocument(nullptr);
    qDeleteAll(documents_);
    documents_.clear();
    highlighters_.clear();
    refreshList();
  });
  connect(list_, &QListWidget::currentRowChanged, this, &TemplateView::showTemplate);
  connect(list_, &QListWidget::itemChanged, this, [this](QListWidgetItem* item) {
    const int row = list_->row(item);
    if (row < 0 || row >= project_->templates().size()) return;
    const QString old = project_->templates()[row].name;
    if (item->text() == old) return;
    QTextDocument* doc = documents_.take(old);
    project_->renameTemplate(row, item->text());
    if (doc) documents_.insert(project_->templates()[row].name, doc);
  });
  connect(addButton, &QPushButton::clicked, this, [this]() {
    selectTemplate(project_->addTemplate(tr("Template"), QStringLiteral("{s} It was [MASK] .")));
  });
  connect(dupButton, &QPushButton::clicked, this, [this]() {
    const int i = currentTemplate();
    if (i < 0) return;
    if (saveTimer_->isActive()) saveTimer_->stop(), project_->setTemplateText(i, editor_->toPlainText());
    const auto t = project_->templates()[i];
    selectTemplate(project_->addTemplate(t.name, t.text));
  });
  connect(delButton, &QPushButton::clicked, this, [this]() {
    const int i = currentTemplate();
    if (i < 0) return;
    if (QMessageBox::question(this, tr("Delete Template"),
                              tr("Delete template '%1'? Runs and evaluations keep their copy of its text.")
                                  .arg(project_->templates()[i].name)) != QMessageBox::Yes)
      return;
    saveTimer_->stop();
    shown_ = -1;
    editor_->setDocument(nullptr);
    QTextDocument* doc = documents_.take(project_->templates()[i].name);
    highlighters_.remove(doc);
    delete doc;
    project_->removeTemplate(i);
  });
  refreshList();
}

QString TemplateView::statusText() const {
  return status_->text() + QLatin1Char('\n') + status_->toolTip();
}
int TemplateView::currentTemplate() const {
  return list_->currentRow();
}
void TemplateView::selectTemplate(int index) {
  list_->setCurrentRow(index);
}
void TemplateView::setMaxLength(int tokens) {
  maxLength_->setValue(tokens);
}
void TemplateView::setSentenceLimits(int first, int other) {
  firstLimit_->setValue(first);
  otherLimit_->setValue(other);
}
QString TemplateView::lengthInfoText() const {
  return lengthInfo_->text();
}

void TemplateView::updatePreviewNow() {
  previewTimer_->stop();
  updatePreview();
}

void TemplateView::refreshList() {
  const auto& items = project_->templates();
  QSignalBlocker block(list_);
  const int keep = list_->currentRow();
  list_->clear();
  for (const auto& t : items) {
    auto* item = new QListWidgetItem(t.name, list_);
    item->setFlags(item->flags() | Qt::ItemIsEditable);
    item->setToolTip(t.text);
  }
  int row = keep >= 0 && keep < items.size() ? keep : (items.isEmpty() ? -1 : 0);
  list_->setCurrentRow(row);
  if (row != shown_ || (row >= 0 && editor_->document() != documentFor(row))) showTemplate(row);
}

QTextDocument* TemplateView::documentFor(int index) {
  const auto& t = project_->templates()[index];
  QTextDocument*& doc = documents_[t.name];
  if (!doc) {
    doc = new QTextDocument(this);
    doc->setDocumentLayout(new QPlainTextDocumentLayout(doc));
    doc->setDefaultFont(editor_->font());
    doc->setPlainText(t.text);
    doc->clearUndoRedoStacks();
    highlighters_[doc] = new TemplateHighlighter(doc);
  }
  return doc;
}

void TemplateView::showTemplate(int index) {
  if (saveTimer_->isActive() && shown_ >= 0 && shown_ < project_->templates().size()) {
    saveTimer_->stop();
    project_->setTemplateText(shown_, editor_->toPlainText());
  }
  shown_ = index;
  loading_ = true;
  if (index < 0 || index >= project_->templates().size()) {
    editor_->setDocument(nullptr);
    editor_->setEnabled(false);
  } else {
    editor_->setEnabled(true);
    QTextDocument* doc = documentFor(index);
    editor_->setDocument(doc);
    editor_->setFont(editor_->font());
  }
  loading_ = false;
  updatePreview();
}

void TemplateView::textEdited() {
  if (loading_) return;
  previewTimer_->start();
  saveTimer_->start();
}

void TemplateView::convertPasted() {
  prompt::ImportedTemplate imported;
  try {
    imported = prompt::importTemplate(editor_->toPlainText().toStdString(), "auto");
  } catch (const Error& e) {
    setStatus(tr("✘ %1").arg(QString::fromStdString(e.what())), true, QString::fromStdString(e.what()));
    return;
  }
  editor_->selectAll();
  editor_->insertPlainText(QString::fromStdString(imported.text));  // undoable, like typing
  updatePreviewNow();
  QStringList notes;
  for (const auto& n : imported.notes) notes << QString::fromStdString(n);
  if (!notes.isEmpty())
    setStatus(status_->text() + QLatin1Char('\n') + tr("Converted: %1").arg(notes.join(QStringLiteral("; "))),
              false, notes.join(QLatin1Char('\n')));
}

void TemplateView::setStatus(const QString& text, bool error, const QString& toolTip) {
  status_->setText(text);
  status_->setToolTip(toolTip);
  QPalette pal = status_->palette();
  pal.setColor(QPalette::WindowText,
               error ? QColor(0xd9, 0x48, 0x48) : palette().color(QPalette::WindowText));
  status_->setPalette(pal);
}

void TemplateView::updatePreview() {
  chips_->setChips({});
  cut_->setChips({});
  cutCaption_->clear();
  renderedText_->clear();
  lengthInfo_->clear();
  if (shown_ < 0 || !editor_->document()) {
    setStatus(tr("Add a template with New."), false);
    return;
  }
  TemplateHighlighter* hl = highlighters_.value(editor_->document());
  const std::string text = editor_->toPlainText().toStdString();
  // A template pasted from LM-BFF (`*cls**sent_0*_It_was*mask*.*sep+*`, with demonstrations too) or
  // OpenPrompt is mostly valid literal text here: offer the conversion instead of previewing the stars.
  const std::string format = prompt::detectTemplateFormat(text);
  convert_->setVisible(format != "pwb");
  convert_->setToolTip(format == "lmbff"
                           ? tr("This looks like an LM-BFF template: convert it to the workbench syntax")
                       : format == "openprompt"
                           ? tr("This looks like an OpenPrompt template: convert it to the workbench syntax")
                           : QString());
  prompt::Template tmpl;
  try {
    tmpl = prompt::parseTemplate(text, "template");
  } catch (const Error& e) {
    const auto& w = e.where();
    if (hl) hl->setError(w.line, w.column, QString::fromStdString(e.message()));
    setStatus(tr("✘ %1:%2: %3").arg(w.line).arg(w.column).arg(QString::fromStdString(e.message())), true,
              QString::fromStdString(e.what()));
    return;
  }
  if (hl) hl->clearError();
  const bool withDemos = tmpl.hasDemonstrations();
  limitsRow_->setVisible(withDemos);
  for (QWidget* w : demoLegend_) w->setVisible(withDemos);

  const auto data = picker_->dataset();
  const std::vector<std::string> columns = data ? data->columns : std::vector<std::string>{"sentence"};
  const data::Example* ex = picker_->example();
  std::vector<std::string> fields = ex ? ex->fields : std::vector<std::string>(columns.size());
  fields.resize(columns.size());
  try {
    tmpl.validate(columns);
  } catch (const Error& e) {
    // Point at the unknown field in the editor.
    for (const auto& el : tmpl.elements())
      if (el.kind == prompt::ElementKind::Field && prompt::resolveField(el.text, columns) < 0 && hl)
        hl->setError(el.pos.line, el.pos.column, QString::fromStdString(e.message()));
    setStatus(tr("✘ %1").arg(QString::fromStdString(e.message())), true, QString::fromStdString(e.what()));
    return;
  }
  QString warning;
  if (tmpl.maskCount() == 0) warning = tr("No [MASK] yet: scoring and prompt-based training need one.");

  const auto tok = project_->tokenizer();
  if (!tok) {
    setStatus(project_->tokenizerError().isEmpty() ? tr("✔ Template is valid. Loading the model's tokenizer…")
                                                   : tr("✘ Tokenizer: %1").arg(project_->tokenizerError()),
              !project_->tokenizerError().isEmpty());
    return;
  }
  PreviewDemos demos;
  if (withDemos) {
    if (!data) {
      setStatus(tr("✘ The template has demonstrations: import a labelled data set to draw them from."), true);
      return;
    }
    try {
      demos = previewDemonstrations(*data, picker_->index(), project_->verbalizers());
    } catch (const Error& e) {
      setStatus(tr("✘ Demonstrations: %1").arg(QString::fromStdString(e.message())), true,
                QString::fromStdString(e.what()));
      return;
    }
  }
  const prompt::DemoLimits limits =
      withDemos ? prompt::DemoLimits{firstLimit_->value(), otherLimit_->value()} : prompt::DemoLimits{};
  try {
    const prompt::PromptRenderer renderer(tmpl, columns, *tok, maxLength_->value());
    const prompt::RenderedPrompt kept = renderer.render(fields, demos.demos, limits);
    chips_->setChips(chipsOf(kept, tmpl, *tok));
    QStringList info;
    info << tr("<b>%1</b> tokens of %2 max").arg(kept.size()).arg(maxLength_->value());
    QStringList maskPos;
    for (int p : kept.maskPositions) maskPos << QString::number(p);
    if (!maskPos.isEmpty()) info << tr("mask at position %1").arg(maskPos.join(QStringLiteral(", ")));
    info << tr("%n segment(s)", nullptr, kept.segments);
    if (!kept.softSlots.empty()) info << tr("%n trainable slot(s)", nullptr, int(kept.softSlots.size()));
    info << tr("template alone: %1 tokens").arg(renderer.templateTokens());
    if (withDemos) {
      QStringList ids;
      for (const auto& id : kept.demoIds) ids << QString::fromStdString(id);
      info << tr("%n demonstration(s) (one per class, first in the data set): %1", nullptr, int(ids.size()))
                  .arg(ids.join(QStringLiteral(", ")));
      info << (demos.labelWordsFrom.isEmpty()
                   ? tr("label words: the labels themselves (no verbalizer has a word for every class)")
                   : tr("label words from verbalizer '%1'").arg(demos.labelWordsFrom));
    }
    lengthInfo_->setText(info.join(QStringLiteral(" · ")));
    renderedText_->setText(tr("<span style='opacity:0.7'>Text given to the tokenizer:</span> %1")
                               .arg(QString::fromStdString(kept.text).toHtmlEscaped()));
    if (kept.truncated()) {
      // Render without a limit to show exactly which tokens the limit removes.
      const prompt::PromptRenderer fullRenderer(tmpl, columns, *tok, 1 << 20);
      const prompt::RenderedPrompt full = fullRenderer.render(fields, demos.demos);
      QVector<TokenChip> removed;
      QStringList what;
      auto byLimit = [this](int n) {
        return n > 0 ? tr(" (%n by the sentence limit)", nullptr, n) : QString();
      };
      auto cutChips = [&](int demo, int element, int count) {
        for (const auto& part : full.parts) {
          if (part.element != element || part.demo != demo) continue;
          const int end = part.firstToken + part.tokenCount;
          auto chips = chipsOf(full, tmpl, *tok, std::max(part.firstToken, end - count), end);
          for (auto& c : chips) c.source = TokenSource::Truncated;
          removed += chips;
        }
      };
      for (const auto& t : kept.truncation) {
        what << tr("{%1} loses %2 of %3 tokens")
                        .arg(QString::fromStdString(t.field))
                        .arg(t.tokensRemoved)
                        .arg(t.tokensBefore) +
                    byLimit(t.removedByLimit);
        cutChips(-1, t.element, t.tokensRemoved);
      }
      // Demonstrations are cut before the query (TEMPLATES.md, Demonstrations).
      for (const auto& t : kept.demoTruncation) {
        const int lost = t.removedByLimit + t.removedForLength;
        what << tr("demonstration %1 {%2} loses %3 of %4 tokens")
                        .arg(t.demo + 1)
                        .arg(QString::fromStdString(t.field))
                        .arg(lost)
                        .arg(t.tokensBefore) +
                    byLimit(t.removedByLimit);
        cutChips(t.demo, t.element, lost);
      }
      cutCaption_->setText(
          tr("<b>Cut by truncation</b> (%1):").arg(what.join(QStringLiteral("; ")).toHtmlEscaped()));
      cut_->setChips(removed);
    }
    bool forLength = false;  // cut to fit the maximum length, not only by the sentence limits
    for (const auto& t : kept.truncation) forLength = forLength || t.tokensRemoved > t.removedByLimit;
    for (const auto& t : kept.demoTruncation) forLength = forLength || t.removedForLength > 0;
    if (warning.isEmpty())
      setStatus(
          forLength
              ? tr("✔ Valid template — this example is truncated to fit %1 tokens.").arg(maxLength_->value())
          : kept.truncated() ? tr("✔ Valid template — the sentence limits shorten this example.")
                             : tr("✔ Valid template."),
          false);
    else
      setStatus(tr("⚠ %1").arg(warning), false);
  } catch (const Error& e) {
    const auto& w = e.where();
    if (hl && w.line > 0) hl->setError(w.line, w.column, QString::fromStdString(e.message()));
    setStatus(tr("✘ %1").arg(QString::fromStdString(e.what())), true, QString::fromStdString(e.what()));
  }
}

}  // namespace pwb::ui
