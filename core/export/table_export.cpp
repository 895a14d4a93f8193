#include "export/table_export.h"

#include <algorithm>
#include <cctype>
#include <fstream>

#include "common/error.h"

namespace pwb::exporting {
namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return char(std::tolower(c)); });
  return s;
}

void validate(const Table& t) {
  if (t.headers.empty()) throw Error("the table has no columns");
  for (size_t i = 0; i < t.rows.size(); ++i) {
    if (t.rows[i].size() != t.headers.size()) {
      throw Error("table row " + std::to_string(i + 1) + " has " + std::to_string(t.rows[i].size()) +
                  " cells but the table has " + std::to_string(t.headers.size()) + " columns");
    }
  }
  if (!t.align.empty() && t.align.size() != t.headers.size()) {
    throw Error("the table has " + std::to_string(t.headers.size()) + " columns but " +
                std::to_string(t.align.size()) + " alignments");
  }
}

Align alignOf(const Table& t, size_t col) {
  return t.align.empty() ? Align::Left : t.align[col];
}

std::string csvField(const std::string& s) {
  const bool quote =
      s.find_first_of(",\"\r\n") != std::string::npos ||
      (!s.empty() && (s.front() == ' ' || s.back() == ' ' || s.front() == '\t' || s.back() == '\t'));
  if (!quote) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string markdownCell(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '\r') {
      if (i + 1 < s.size() && s[i + 1] == '\n') ++i;
      out += "<br>";
    } else if (c == '\n') {
      out += "<br>";
    } else {
      if (std::string("\\`*_[]<>|~").find(c) != std::string::npos) out += '\\';
      out += c;
    }
  }
  return out;
}

std::string latexCell(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    switch (c) {
      case '\\':
        out += "\\textbackslash{}";
        break;
      case '&':
      case '%':
      case '$':
      case '#':
      case '_':
      case '{':
      case '}':
        out += '\\';
        out += c;
        break;
      case '~':
        out += "\\textasciitilde{}";
        break;
      case '^':
        out += "\\textasciicircum{}";
        break;
      case '\r':
        if (i + 1 < s.size() && s[i + 1] == '\n') ++i;
        out += ' ';
        break;
      case '\n':
        out += ' ';
        break;
      default:
        out += c;
    }
  }
  return out;
}

template <typename F>
std::string joinRow(const std::vector<std::string>& cells, const std::string& sep, F cell) {
  std::string out;
  for (size_t i = 0; i < cells.size(); ++i) out += (i ? sep : "") + cell(cells[i]);
  return out;
}

}  // namespace

TableFormat tableFormatFromName(const std::string& name) {
  const std::string n = lower(name);
  if (n == "csv") return TableFormat::Csv;
  if (n == "md" || n == "markdown") return TableFormat::Markdown;
  if (n == "tex" || n == "latex") return TableFormat::Latex;
  throw Error("unknown table format '" + name + "' (csv, markdown, latex)");
}

TableFormat tableFormatForPath(const std::string& path) {
  const auto dot = path.find_last_of('.');
  const auto slash = path.find_last_of('/');
  const std::string ext = dot == std::string::npos || (slash != std::string::npos && dot < slash)
                              ? std::string()
                              : lower(path.substr(dot + 1));
  if (ext == "csv") return TableFormat::Csv;
  if (ext == "md" || ext == "markdown") return TableFormat::Markdown;
  if (ext == "tex") return TableFormat::Latex;
  throw fileError(path, "cannot tell the table format from the extension (use .csv, .md or .tex)");
}

std::string toCsv(const Table& t) {
  validate(t);
  std::string out = joinRow(t.headers, ",", csvField) + "\r\n";
  for (const auto& r : t.rows) out += joinRow(r, ",", csvField) + "\r\n";
  return out;
}

std::string toMarkdown(const Table& t) {
  validate(t);
  std::string out = "| " + joinRow(t.headers, " | ", markdownCell) + " |\n|";
  for (size_t c = 0; c < t.headers.size(); ++c) {
    switch (alignOf(t, c)) {
      case Align::Left:
        out += " --- |";
        break;
      case Align::Right:
        out += " ---: |";
        break;
      case Align::Center:
        out += " :---: |";
        break;
    }
  }
  out += "\n";
  for (const auto& r : t.rows) out += "| " + joinRow(r, " | ", markdownCell) + " |\n";
  return out;
}

std::string toLatex(const Table& t) {
  validate(t);
  std::string spec;
  for (size_t c = 0; c < t.headers.size(); ++c) {
    const Align a = alignOf(t, c);
    spec += a == Align::Left ? 'l' : a == Align::Right ? 'r' : 'c';
  }
  std::string out;
  if (!t.caption.empty()) out += "\\begin{table}\n\\centering\n\\caption{" + latexCell(t.caption) + "}\n";
  out += "\\begin{tabular}{" + spec + "}\n\\toprule\n";
  out += joinRow(t.headers, " & ", latexCell) + " \\\\\n\\midrule\n";
  for (const auto& r : t.rows) out += joinRow(r, " & ", latexCell) + " \\\\\n";
  out += "\\bottomrule\n\\end{tabular}\n";
  if (!t.caption.empty()) out += "\\end{table}\n";
  return out;
}

std::string formatTable(const Table& t, TableFormat format) {
  switch (format) {
    case TableFormat::Csv:
      return toCsv(t);
    case TableFormat::Markdown:
      return toMarkdown(t);
    case TableFormat::Latex:
      return toLatex(t);
  }
  return {};
}

void writeTableFile(const std::string& path, const Table& t) {
  const std::string text = formatTable(t, tableFormatForPath(path));
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  out.flush();
  if (!out) throw fileError(path, "cannot write the table (is the folder writable?)");
}

}  // namespace pwb::exporting
