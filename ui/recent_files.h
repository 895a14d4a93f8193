#pragma once
// The File ▸ Recent list, kept in QSettings: most recent first, no duplicates, missing files dropped.
#include <QSettings>
#include <QStringList>

namespace pwb::ui {

class RecentFiles {
 public:
  static constexpr int kMax = 8;
  explicit RecentFiles(QSettings& settings, QString key = QStringLiteral("recentProjects"));

  QStringList list() const;       // existing files only, most recent first
  void add(const QString& path);  // moves to the front (absolute, clean path)
  void remove(const QString& path);
  void clear();

 private:
  QSettings& settings_;
  QString key_;
};

}  // namespace pwb::ui
