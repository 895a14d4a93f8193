#pragma once
// The demo project a newcomer starts with: demo-bert-mini, the SST-2 sample (test, dev, train), the four
// templates and five verbalizers of the model's README, so Compare ▸ Evaluate works right away.
#include <QString>

namespace pwb::ui {

class Project;

// <AppDataLocation>/demo.pwbproj
QString demoProjectPath();

// Creates `path` as a new project and fills it with the demo content (reads the resources with
// pwb::demoModelDir()/demoDataDir()); the project stays open. Throws pwb::Error.
void createDemoProject(Project& project, const QString& path);

}  // namespace pwb::ui
