#include "table_export.h"

#include <QFile>
#include <QFileInfo>
#include <QObject>

namespace pwb::ui {

static QString csvField(const QString& s) {
  if (!s.contains(QLatin1Char(',')) && !s.contains(QLatin1Char('"')) && !s.contains(QLatin1Char('\n')) &&
      !s.contains(QLatin1Char('\r')))
    return s;
  QString e = s;
  e.replace(QLatin1Char('"'), QStringLiteral("\"\""));
  return QLatin1Char('"') + e + QLatin1Char('"');
}

QString toCsv(const TextTable& t) {
  QString out;
  auto line = [&](const QStringList& cells) {
    QStringList f;
    for (const QString& c : cells) f << csvField(c);
    out += f.join(QLatin1Char(',')) + QStringLiteral("\r\n");
  };
  line(t.headers);
  for (const auto& r : t.rows) line(r);
  return out;
}

static QString mdCell(QString s) {
  s.replace(QLatin1Char('\\'), QStringLiteral("\\\\"));
  s.replace(QLatin1Char('|'), QStringLiteral("\\|"));
  s.replace(QLatin1Char('\n'), QLatin1Char(' '));
  return s;
}

QString toMarkdown(const TextTable& t) {
  QString out;
  auto line = [&](const QStringList& cells) {
    QStringList f;
    for (const QString& c : cells) f << mdCell(c);
    out += QStringLiteral("| ") + f.join(QStringLiteral(" | ")) + QStringLiteral(" |\n");
  };
  line(t.headers);
  QStringList sep;
  for (int i = 0; i < t.headers.size(); ++i) sep << QStringLiteral("---");
  out += QStringLiteral("|") + sep.join(QStringLiteral("|")) + QStringLiteral("|\n");
  for (const auto& r : t.rows) line(r);
  return out;
}

static QString texCell(const QString& s) {
  QString out;
  for (const QChar c : s) {
    switch (c.unicode()) {
      case '\\':
        out += QStringLiteral("\\textbackslash{}");
        break;
      case '&':
      case '%':
      case '$':
      case '#':
      case '_':
      case '{':
      case '}':
        out += QLatin1Char('\\') + c;
        break;
      case '~':
        out += QStringLiteral("\\textasciitilde{}");
        break;
      case '^':
        out += QStringLiteral("\\textasciicircum{}");
        break;
      default:
        out += c;
    }
  }
  return out;
}

QString toLatex(const TextTable& t, const QString& caption) {
  QString out = QStringLiteral("\\begin{table}[t]\n\\centering\n");
  out += QStringLiteral("\\begin{tabular}{l%1}\n\\toprule\n")
             .arg(QString(qMax(0, int(t.headers.size()) - 1), QLatin1Char('r')));
  auto line = [&](const QStringList& cells) {
    QStringList f;
    for (const QString& c : cells) f << texCell(c);
    out += f.join(QStringLiteral(" & ")) + QStringLiteral(" \\\\\n");
  };
  line(t.headers);
  out += QStringLiteral("\\midrule\n");
  for (const auto& r : t.rows) line(r);
  out += QStringLiteral("\\bottomrule\n\\end{tabular}\n");
  if (!caption.isEmpty()) out += QStringLiteral("\\caption{%1}\n").arg(texCell(caption));
  out += QStringLiteral("\\end{table}\n");
  return out;
}

QString saveTable(const TextTable& table, const QString& path, const QString& caption) {
  const QString ext = QFileInfo(path).suffix().toLower();
  QString text;
  if (ext == QLatin1String("csv"))
    text = toCsv(table);
  else if (ext == QLatin1String("md") || ext == QLatin1String("markdown"))
    text = toMarkdown(table);
  else if (ext == QLatin1String("tex"))
    text = toLatex(table, caption);
  else
    return QObject::tr("Unknown table format '.%1': use .csv, .md or .tex.").arg(ext);
  QFile f(path);
  if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
    return QObject::tr("Could not write %1: %2").arg(path, f.errorString());
  f.write(text.toUtf8());
  return f.error() == QFile::NoError ? QString()
                                     : QObject::tr("Could not write %1: %2").arg(path, f.errorString());
}

}  // namespace pwb::ui
