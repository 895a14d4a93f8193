#include "demo_project.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>

#include "common/error.h"
#include "common/paths.h"
#include "data/dataset.h"
#include "data/dataset_import.h"
#include "project.h"

namespace pwb::ui {

QString demoProjectPath() {
  const QString dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
  return QDir(dir).filePath(QStringLiteral("demo.pwbproj"));
}

void createDemoProject(Project& project, const QString& path) {
  const QString dir = QFileInfo(path).absolutePath();
  if (!QDir().mkpath(dir)) throw Error(dir.toStdString() + ": cannot create the folder for the demo project");
  const QString dataDir = QString::fromStdString(demoDataDir());
  const QString modelDir = QString::fromStdString(demoModelDir());
  project.create(path);
  project.setModelDir(modelDir);

  struct Split {
    const char* name;
    const char* file;
  };
  const Split splits[] = {{"SST-2 test", "sst2/stsa.binary.test"},
                          {"SST-2 dev", "sst2/stsa.binary.dev"},
                          {"SST-2 train", "sst2/stsa.binary.train"}};
  for (const Split& sp : splits) {
    DatasetItem item;
    item.name = QString::fromLatin1(sp.name);
    item.path = QDir(dataDir).filePath(QString::fromLatin1(sp.file));
    auto ds = std::make_shared<data::Dataset>(data::importDataset(item.path.toStdString(), item.options));
    item.format = QString::fromStdString(ds->format);
    item.options.format = ds->format;
    item.data = std::move(ds);
    project.addDataset(item);
  }
  project.setCurrentDataset(0);

  // The zero-shot table of resources/demo-bert-mini/README.md (label 1 = positive, 0 = negative).
  project.addTemplate(QCoreApplication::translate("Demo", "It was"), QStringLiteral("{s} it was [MASK] ."));
  project.addTemplate(QCoreApplication::translate("Demo", "A movie"), QStringLiteral("{s} a [MASK] movie ."));
  project.addTemplate(QCoreApplication::translate("Demo", "Mask first"), QStringLiteral("[MASK] ! {s}"));
  project.addTemplate(QCoreApplication::translate("Demo", "All in all"),
                      QStringLiteral("{s} all in all , it was [MASK] ."));
  const std::pair<const char*, const char*> verbalizers[] = {{"great/terrible", "great"},
                                                             {"good/bad", "good"},
                                                             {"cat/dog", "cat"},
                                                             {"dog/cat", "dog"},
                                                             {"terrible/great", "terrible"}};
  for (const auto& [name, positive] : verbalizers) {
    const QString n = QString::fromLatin1(name);
    const QString pos = QString::fromLatin1(positive);
    const QString neg = n.section(QLatin1Char('/'), 1, 1);
    project.addVerbalizer(n, {{QStringLiteral("1"), {pos}}, {QStringLiteral("0"), {neg}}});
  }
}

}  // namespace pwb::ui
