#pragma once
// The workbench window: a navigation list on the left (Project, Templates, Verbalizers, Compare, Train,
// Runs), the current view on the right, a context bar saying which project/model/data set is active, and
// the menus with the keyboard shortcuts of the main actions. Window geometry and recent files persist in
// QSettings.
#include <QMainWindow>
#include <QVector>
#include <functional>
#include <utility>

class QListWidget;
class QStackedWidget;
class QLabel;
class QMenu;
class QActionGroup;

namespace pwb::ui {

class Project;
struct TaskImport;

class MainWindow : public QMainWindow {
  Q_OBJECT
 public:
  explicit MainWindow(QWidget* parent = nullptr);
  ~MainWindow() override;

  Project* project() const { return project_; }

  // Adds a view to the navigation; `shortcutIndex` 1..9 gives it Ctrl+<n>. Returns its index.
  int addView(QWidget* view, const QString& title, const QString& toolTip);
  int viewCount() const;
  QWidget* viewAt(int index) const;
  void showView(int index);
  int currentViewIndex() const;

  // Opens a project file (or creates it); errors are shown in a message box and returned as false.
  bool openProject(const QString& path);
  bool newProject(const QString& path);
  // Creates (first time) and opens the demo project in the application data folder.
  bool openDemoProject();

  void restoreWindowState();
  void chooseModel();  // File ▸ Choose Model
  void importData();   // File ▸ Import Data Set
  // Where the import dialog sends a regression, knowledge-probing or multi-label file (Compare's page for the
  // task); classification and multiple-choice files become project data sets.
  void setTaskDataSink(std::function<void(const TaskImport&)> sink) { taskDataSink_ = std::move(sink); }
  // File ▸ Export Trained Prompt: the export dialog on `runId` (0 = the run the Runs view has selected).
  void exportTrainedPrompt(qint64 runId = 0);
  void setSelectedRunSource(std::function<qint64()> source) { selectedRun_ = std::move(source); }
  // File ▸ Predict on File…; the zero-shot source starts with the template and verbalizer that
  // `source` gives (the Templates and Verbalizers views' current ones).
  void predictOnFile();
  void setCurrentPvpSource(std::function<std::pair<QString, QString>()> source) {
    currentPvp_ = std::move(source);
  }

 protected:
  void closeEvent(QCloseEvent* event) override;
  void changeEvent(QEvent* event) override;  // the navigation's style sheet follows the theme

 private:
  void buildMenus();
  void styleNavigation();
  void rebuildRecentMenu();
  void updateContextBar();
  void newProjectDialog();
  void openProjectDialog();
  void showAbout();
  void setTheme(const QString& name);

 public:
  // View ▸ Language: stores "language" in QSettings ("system", "en", "zh_CN") and says, in the chosen
  // language too, that it applies when the program starts again.
  void setLanguage(const QString& language);

 private:
  void showError(const QString& title, const QString& message);

  Project* project_;
  QListWidget* nav_;
  QStackedWidget* stack_;
  QLabel* projectLabel_;
  QLabel* modelLabel_;
  QLabel* dataLabel_;
  QMenu* recentMenu_ = nullptr;
  QMenu* viewMenu_ = nullptr;
  QActionGroup* themeGroup_ = nullptr;
  QActionGroup* languageGroup_ = nullptr;
  std::function<qint64()> selectedRun_;
  std::function<std::pair<QString, QString>()> currentPvp_;
  std::function<void(const TaskImport&)> taskDataSink_;
};

}  // namespace pwb::ui
