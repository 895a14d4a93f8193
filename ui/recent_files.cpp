#include "recent_files.h"

#include <QFileInfo>

namespace pwb::ui {

RecentFiles::RecentFiles(QSettings& settings, QString key) : settings_(settings), key_(std::move(key)) {}

static QString normalized(const QString& path) {
  return QFileInfo(path).absoluteFilePath();
}

QStringList RecentFiles::list() const {
  QStringList out;
  for (const QString& p : settings_.value(key_).toStringList())
    if (QFileInfo::exists(p) && !out.contains(p)) out << p;
  return out;
}

void RecentFiles::add(const QString& path) {
  const QString p = normalized(path);
  QStringList all = settings_.value(key_).toStringList();
  all.removeAll(p);
  all.prepend(p);
  while (all.size() > kMax) all.removeLast();
  settings_.setValue(key_, all);
}

void RecentFiles::remove(const QString& path) {
  QStringList all = settings_.value(key_).toStringList();
  all.removeAll(normalized(path));
  settings_.setValue(key_, all);
}

void RecentFiles::clear() {
  settings_.remove(key_);
}

}  // namespace pwb::ui
