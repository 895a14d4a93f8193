#include "main_window.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFrame>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTranslator>
#include <QVBoxLayout>

#include "background.h"
#include "data/dataset.h"
#include "demo_project.h"
#include "export_dialog.h"
#include "import_dialog.h"
#include "model_dialog.h"
#include "predict_dialog.h"
#include "project.h"
#include "recent_files.h"
#include "theme.h"
#include "translation_loader.h"

namespace pwb::ui {

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent), project_(new Project(this)) {
  setObjectName(QStringLiteral("mainWindow"));
  setWindowTitle(tr("Prompt Workbench"));
  resize(1280, 820);

  auto* central = new QWidget(this);
  auto* outer = new QVBoxLayout(central);
  outer->setContentsMargins(0, 0, 0, 0);
  outer->setSpacing(0);

  // Context bar: which project, model and data set every view works on.
  auto* context = new QFrame(central);
  context->setObjectName(QStringLiteral("contextBar"));
  context->setFrameShape(QFrame::StyledPanel);
  context->setAutoFillBackground(true);
  context->setBackgroundRole(QPalette::Base);
  auto* contextLayout = new QHBoxLayout(context);
  contextLayout->setContentsMargins(12, 6, 12, 6);
  contextLayout->setSpacing(24);
  projectLabel_ = new QLabel(context);
  modelLabel_ = new QLabel(context);
  dataLabel_ = new QLabel(context);
  for (QLabel* l : {projectLabel_, modelLabel_, dataLabel_}) {
    l->setTextFormat(Qt::RichText);
    contextLayout->addWidget(l);
  }
  contextLayout->addStretch(1);
  outer->addWidget(context);

  auto* body = new QHBoxLayout;
  body->setContentsMargins(0, 0, 0, 0);
  body->setSpacing(0);
  nav_ = new QListWidget(central);
  nav_->setObjectName(QStringLiteral("navigation"));
  nav_->setFrameShape(QFrame::NoFrame);
  nav_->setFixedWidth(170);
  nav_->setSpacing(2);
  nav_->setAutoFillBackground(true);
  nav_->setBackgroundRole(QPalette::Window);
  QFont navFont = nav_->font();
  navFont.setPointSizeF(navFont.pointSizeF() * 1.1);
  nav_->setFont(navFont);
  styleNavigation();
  stack_ = new QStackedWidget(central);
  body->addWidget(nav_);
  auto* line = new QFrame(central);
  line->setFrameShape(QFrame::VLine);
  line->setFrameShadow(QFrame::Sunken);
  body->addWidget(line);
  body->addWidget(stack_, 1);
  outer->addLayout(body, 1);
  setCentralWidget(central);

  connect(nav_, &QListWidget::currentRowChanged, stack_, &QStackedWidget::setCurrentIndex);
  connect(project_, &Project::opened, this, &MainWindow::updateContextBar);
  connect(project_, &Project::modelChanged, this, &MainWindow::updateContextBar);
  connect(project_, &Project::tokenizerChanged, this, &MainWindow::updateContextBar);
  connect(project_, &Project::datasetsChanged, this, &MainWindow::updateContextBar);
  connect(project_, &Project::currentDatasetChanged, this, &MainWindow::updateContextBar);

  connect(project_, &Project::storeError, this,
          [this](const QString& m) { statusBar()->showMessage(m, 15000); });

  buildMenus();
  statusBar()->showMessage(tr("Ready"));
  updateContextBar();
}

MainWindow::~MainWindow() = default;

void MainWindow::styleNavigation() {
  // palette(...) in a style sheet is resolved when the sheet is set: set it again when the theme changes.
  nav_->setStyleSheet(QString());
  nav_->setStyleSheet(
      QStringLiteral("QListWidget#navigation { padding-top: 8px; background: palette(window); }"
                     "QListWidget#navigation::item { padding: 8px 14px; border-radius: 4px; margin: 0 6px; }"
                     "QListWidget#navigation::item:selected { background: palette(highlight); color: "
                     "palette(highlighted-text); }"
                     "QListWidget#navigation::item:hover:!selected { background: palette(midlight); }"));
}

void MainWindow::changeEvent(QEvent* event) {
  if (event->type() == QEvent::PaletteChange) styleNavigation();
  QMainWindow::changeEvent(event);
}

int MainWindow::addView(QWidget* view, const QString& title, const QString& toolTip) {
  const int index = stack_->addWidget(view);
  auto* item = new QListWidgetItem(title, nav_);
  item->setToolTip(toolTip);
  item->setSizeHint(QSize(150, 38));
  if (index < 9) {
    auto* action = viewMenu_->addAction(title);
    action->setShortcut(QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_1 + index)));
    action->setToolTip(toolTip);
    connect(action, &QAction::triggered, this, [this, index]() { showView(index); });
  }
  if (nav_->currentRow() < 0) nav_->setCurrentRow(0);
  return index;
}

int MainWindow::viewCount() const {
  return stack_->count();
}
QWidget* MainWindow::viewAt(int index) const {
  return stack_->widget(index);
}
void MainWindow::showView(int index) {
  nav_->setCurrentRow(index);
}
int MainWindow::currentViewIndex() const {
  return stack_->currentIndex();
}

void MainWindow::buildMenus() {
  QMenu* file = menuBar()->addMenu(tr("&File"));
  auto* newAction = file->addAction(tr("&New Project…"), this, &MainWindow::newProjectDialog);
  newAction->setShortcut(QKeySequence::New);
  auto* openAction = file->addAction(tr("&Open Project…"), this, &MainWindow::openProjectDialog);
  openAction->setShortcut(QKeySequence::Open);
  recentMenu_ = file->addMenu(tr("Open &Recent"));
  file->addAction(tr("Open &Demo Project"), this, &MainWindow::openDemoProject);
  file->addSeparator();
  auto* modelAction = file->addAction(tr("Choose &Model…"), this, &MainWindow::chooseModel);
  modelAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_M));
  auto* importAction = file->addAction(tr("&Import Data Set…"), this, &MainWindow::importData);
  importAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_I));
  auto* exportAction =
      file->addAction(tr("&Export Trained Prompt…"), this, [this]() { exportTrainedPrompt(); });
  exportAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E));
  auto* predictAction = file->addAction(tr("&Predict on File…"), this, &MainWindow::predictOnFile);
  predictAction->setObjectName(QStringLiteral("predictOnFile"));
  file->addSeparator();
  auto* quitAction = file->addAction(tr("&Quit"), this, &QWidget::close);
  quitAction->setShortcut(QKeySequence::Quit);
  rebuildRecentMenu();

  viewMenu_ = menuBar()->addMenu(tr("&View"));
  QMenu* theme = viewMenu_->addMenu(tr("&Theme"));
  themeGroup_ = new QActionGroup(this);
  const QString current = QSettings().value(QStringLiteral("theme"), QStringLiteral("system")).toString();
  for (const auto& [key, label] :
       {std::pair{QStringLiteral("system"), tr("System")}, std::pair{QStringLiteral("light"), tr("Light")},
        std::pair{QStringLiteral("dark"), tr("Dark")}}) {
    auto* a = theme->addAction(label);
    a->setCheckable(true);
    a->setChecked(key == current);
    themeGroup_->addAction(a);
    connect(a, &QAction::triggered, this, [this, key = key]() { setTheme(key); });
  }
  QMenu* language = viewMenu_->addMenu(tr("&Language"));
  languageGroup_ = new QActionGroup(this);
  const QString currentLanguage =
      QSettings().value(QStringLiteral("language"), QStringLiteral("system")).toString();
  // Each language is named in itself, so that someone who cannot read the current one finds theirs.
  for (const auto& [key, label] : {std::pair{QStringLiteral("system"), tr("System Language")},
                                   std::pair{QStringLiteral("en"), QStringLiteral("English")},
                                   std::pair{QStringLiteral("zh_CN"), QStringLiteral("简体中文")}}) {
    auto* a = language->addAction(label);
    a->setCheckable(true);
    a->setChecked(key == currentLanguage || (key == QLatin1String("system") && currentLanguage.isEmpty()));
    a->setData(key);
    languageGroup_->addAction(a);
    connect(a, &QAction::triggered, this, [this, key = key]() { setLanguage(key); });
  }
  viewMenu_->addSeparator();

  QMenu* help = menuBar()->addMenu(tr("&Help"));
  help->addAction(tr("&About Prompt Workbench"), this, &MainWindow::showAbout);
  help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);
}

void MainWindow::rebuildRecentMenu() {
  recentMenu_->clear();
  QSettings settings;
  const QStringList files = RecentFiles(settings).list();
  for (const QString& f : files) {
    auto* a = recentMenu_->addAction(QDir::toNativeSeparators(f));
    connect(a, &QAction::triggered, this, [this, f]() { openProject(f); });
  }
  if (files.isEmpty()) recentMenu_->addAction(tr("No recent projects"))->setEnabled(false);
  recentMenu_->addSeparator();
  recentMenu_->addAction(tr("Clear List"), this, [this]() {
    QSettings s;
    RecentFiles(s).clear();
    rebuildRecentMenu();
  });
}

static QString contextItem(const QString& caption, const QString& value) {
  return QStringLiteral("<span style='opacity:0.7'>%1</span>&nbsp;<b>%2</b>")
      .arg(caption.toHtmlEscaped(), value.toHtmlEscaped());
}

void MainWindow::updateContextBar() {
  const Project& p = *project_;
  projectLabel_->setText(contextItem(tr("Project"), p.isOpen() ? p.name() : tr("none")));
  QString model = p.modelDir().isEmpty() ? tr("none") : QFileInfo(p.modelDir()).fileName();
  if (!p.tokenizerError().isEmpty()) model += tr(" (tokenizer error)");
  modelLabel_->setText(contextItem(tr("Model"), model));
  modelLabel_->setToolTip(p.tokenizerError().isEmpty() ? p.modelDir() : p.tokenizerError());
  const int d = p.currentDataset();
  dataLabel_->setText(contextItem(tr("Data set"), d >= 0 ? p.datasets()[d].name : tr("none")));
  setWindowTitle(p.isOpen() ? tr("%1 — Prompt Workbench").arg(p.name()) : tr("Prompt Workbench"));
}

void MainWindow::showError(const QString& title, const QString& message) {
  statusBar()->showMessage(message, 10000);
  QMessageBox::warning(this, title, message);
}

bool MainWindow::openProject(const QString& path) {
  try {
    project_->open(path);
  } catch (...) {
    showError(tr("Cannot Open Project"), describeException(std::current_exception()));
    return false;
  }
  QSettings settings;
  RecentFiles(settings).add(path);
  settings.setValue(QStringLiteral("lastProject"), QFileInfo(path).absoluteFilePath());
  rebuildRecentMenu();
  statusBar()->showMessage(tr("Opened %1").arg(QDir::toNativeSeparators(path)), 5000);
  return true;
}

bool MainWindow::newProject(const QString& path) {
  try {
    project_->create(path);
  } catch (...) {
    showError(tr("Cannot Create Project"), describeException(std::current_exception()));
    return false;
  }
  QSettings settings;
  RecentFiles(settings).add(path);
  rebuildRecentMenu();
  return true;
}

bool MainWindow::openDemoProject() {
  const QString path = demoProjectPath();
  if (QFileInfo::exists(path)) return openProject(path);
  try {
    createDemoProject(*project_, path);
  } catch (...) {
    project_->close();
    QFile::remove(path);
    showError(tr("Cannot Create the Demo Project"), describeException(std::current_exception()));
    return false;
  }
  QSettings settings;
  RecentFiles(settings).add(path);
  rebuildRecentMenu();
  statusBar()->showMessage(tr("Demo project created in %1").arg(QDir::toNativeSeparators(path)), 8000);
  return true;
}

void MainWindow::newProjectDialog() {
  QString path = QFileDialog::getSaveFileName(this, tr("New Project"), QDir::homePath(),
                                              tr("Prompt Workbench projects (*.pwbproj)"));
  if (path.isEmpty()) return;
  if (!path.endsWith(QLatin1String(".pwbproj"))) path += QLatin1String(".pwbproj");
  if (QFileInfo::exists(path)) {
    showError(tr("Cannot Create Project"),
              tr("%1 already exists: open it with File ▸ Open Project.").arg(QDir::toNativeSeparators(path)));
    return;
  }
  if (newProject(path)) chooseModel();
}

void MainWindow::openProjectDialog() {
  const QString path = QFileDialog::getOpenFileName(
      this, tr("Open Project"), QDir::homePath(), tr("Prompt Workbench projects (*.pwbproj);;All files (*)"));
  if (!path.isEmpty()) openProject(path);
}

void MainWindow::chooseModel() {
  if (!project_->isOpen()) {
    showError(tr("No Project"), tr("Open or create a project first (File menu)."));
    return;
  }
  ModelDialog dialog(project_->modelDir(), this);
  if (dialog.exec() == QDialog::Accepted && !dialog.modelDir().isEmpty()) {
    project_->setModelDir(dialog.modelDir());
    statusBar()->showMessage(tr("Model: %1").arg(QDir::toNativeSeparators(dialog.modelDir())), 5000);
  }
}

void MainWindow::importData() {
  if (!project_->isOpen()) {
    showError(tr("No Project"), tr("Open or create a project first (File menu)."));
    return;
  }
  ImportDialog dialog(this);
  if (dialog.exec() != QDialog::Accepted || !dialog.dataset()) return;
  const TaskImport request = dialog.taskImport();
  if (request.task != TaskKind::Classification && request.task != TaskKind::MultipleChoice) {
    if (taskDataSink_) taskDataSink_(request);
    return;
  }
  DatasetItem item;
  item.name = dialog.datasetName();
  item.path = dialog.filePath();
  item.format = QString::fromStdString(dialog.dataset()->format);
  item.options = request.options;  // re-applied when the project is opened (mc-jsonl, columns, renames)
  item.data = dialog.dataset();
  try {
    project_->setCurrentDataset(project_->addDataset(item));
  } catch (...) {
    showError(tr("Cannot Import"), describeException(std::current_exception()));
  }
}

void MainWindow::exportTrainedPrompt(qint64 runId) {
  if (!project_->isOpen()) {
    showError(tr("No Project"), tr("Open or create a project first (File menu)."));
    return;
  }
  if (runId <= 0 && selectedRun_) runId = selectedRun_();
  auto* dialog = new ExportDialog(project_, runId, this);
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  dialog->open();
}

void MainWindow::predictOnFile() {
  if (!project_->isOpen()) {
    showError(tr("No Project"), tr("Open or create a project first (File menu)."));
    return;
  }
  const auto pvp = currentPvp_ ? currentPvp_() : std::pair<QString, QString>();
  auto* dialog = new PredictDialog(project_, pvp.first, pvp.second, this);
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  dialog->open();
}

void MainWindow::showAbout() {
  QMessageBox::about(
      this, tr("About Prompt Workbench"),
      tr("<h3>Prompt Workbench %1</h3>"
         "<p>Write PET templates and verbalizers for masked language models, compare them side by side, "
         "train soft prompts, P-tuning and prompt fine-tuning, and keep every run in one SQLite file.</p>"
         "<p>Qt %2 · C++17 · LibTorch engine (native, no Python)</p>")
          .arg(QApplication::applicationVersion(), QString::fromLatin1(qVersion())));
}

void MainWindow::setTheme(const QString& name) {
  QSettings().setValue(QStringLiteral("theme"), name);
  applyTheme(*qApp, themeFromString(name));
}

void MainWindow::setLanguage(const QString& language) {
  QSettings().setValue(QStringLiteral("language"), language);
  for (QAction* a : languageGroup_->actions()) a->setChecked(a->data().toString() == language);
  const char* source = QT_TR_NOOP("The language changes when Prompt Workbench starts again.");
  QString text = tr(source);
  // Also say it in the language just chosen, which the user may read better than the current one.
  const QString target = effectiveLanguage(language);
  QString inTarget = QString::fromLatin1(source);
  if (target != QLatin1String("en")) {
    QTranslator translator;
    if (translator.load(QStringLiteral(":/i18n/prompt-workbench_%1.qm").arg(target))) {
      const QString t = translator.translate("pwb::ui::MainWindow", source);
      if (!t.isEmpty()) inTarget = t;
    }
  }
  if (inTarget != text) text += QStringLiteral("\n\n") + inTarget;
  statusBar()->showMessage(text.section(QLatin1Char('\n'), 0, 0), 10000);
  auto* box = new QMessageBox(QMessageBox::Information, tr("Language"), text, QMessageBox::Ok, this);
  box->setObjectName(QStringLiteral("languageMessage"));
  box->setAttribute(Qt::WA_DeleteOnClose);
  box->open();
}

void MainWindow::restoreWindowState() {
  QSettings settings;
  restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
  restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
  const int view = settings.value(QStringLiteral("window/view"), 0).toInt();
  if (view >= 0 && view < viewCount()) showView(view);
}

void MainWindow::closeEvent(QCloseEvent* event) {
  QSettings settings;
  settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
  settings.setValue(QStringLiteral("window/state"), saveState());
  settings.setValue(QStringLiteral("window/view"), currentViewIndex());
  QMainWindow::closeEvent(event);
}

}  // namespace pwb::ui
