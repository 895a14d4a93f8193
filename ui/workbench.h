#pragma once
// Assembles the workbench: the main window with every view wired to the project and the menus; and the
// whole GUI program (command line, settings, theme, first start with the demo project).
#include <QStringList>

namespace pwb::ui {

class MainWindow;

// A main window with all views added (tests build the same window the program shows).
MainWindow* createMainWindow();

// prompt-workbench's main(): --version, --demo, --project FILE, --theme system|light|dark.
int runWorkbench(int argc, char** argv);

}  // namespace pwb::ui
