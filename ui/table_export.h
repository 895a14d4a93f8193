#pragma once
// A plain text table and its CSV (RFC 4180), Markdown and LaTeX (booktabs) forms, for exporting the Runs
// and Compare tables into papers and notes.
#include <QString>
#include <QStringList>
#include <QVector>

namespace pwb::ui {

struct TextTable {
  QStringList headers;
  QVector<QStringList> rows;
};

QString toCsv(const TextTable& table);
QString toMarkdown(const TextTable& table);
QString toLatex(const TextTable& table, const QString& caption = QString());

// Format from the file extension (.csv, .md, .tex); writes UTF-8. Returns "" or the error.
QString saveTable(const TextTable& table, const QString& path, const QString& caption = QString());

}  // namespace pwb::ui
