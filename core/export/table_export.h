#pragma once
// Result tables (accuracy grids, per-seed results, method comparisons) as CSV, Markdown or LaTeX, shared by
// `pwb` and the GUI. Torch-free and Qt-free. Each format escapes every cell so that any text (templates
// with [MASK], |, &, %, quotes, newlines) comes out as itself.
#include <string>
#include <vector>

namespace pwb::exporting {

enum class Align { Left, Right, Center };

struct Table {
  std::vector<std::string> headers;
  std::vector<std::vector<std::string>> rows;  // each row has headers.size() cells
  std::vector<Align> align;                    // per column; empty = all left (CSV ignores it)
  std::string caption;                         // LaTeX only: \caption{...} in a table environment when set
};

enum class TableFormat { Csv, Markdown, Latex };

// "csv"; "md" / "markdown"; "tex" / "latex" (case-insensitive). Throws pwb::Error listing them.
TableFormat tableFormatFromName(const std::string& name);
// From the file extension: .csv, .md / .markdown, .tex. Throws pwb::Error naming the path otherwise.
TableFormat tableFormatForPath(const std::string& path);

// RFC 4180: comma-separated, a field with a comma, quote, CR or LF (or leading/trailing space) in double
// quotes with quotes doubled; lines end with "\r\n" as the RFC prescribes.
std::string toCsv(const Table& t);
// GitHub-flavoured Markdown pipe table; Markdown punctuation (\ ` * _ [ ] < > | ~) backslash-escaped, line
// breaks inside a cell become <br>.
std::string toMarkdown(const Table& t);
// A booktabs tabular (\toprule/\midrule/\bottomrule; needs \usepackage{booktabs}); the ten LaTeX special
// characters escaped (\textbackslash{}, \&, \%, \$, \#, \_, \{, \}, \textasciitilde{}, \textasciicircum{}),
// line breaks become spaces.
std::string toLatex(const Table& t);

// Throws pwb::Error when a row's cell count differs from the header's or align has the wrong size.
std::string formatTable(const Table& t, TableFormat format);
// Writes formatTable(t, tableFormatForPath(path)) to path; pwb::Error naming it when writing fails.
void writeTableFile(const std::string& path, const Table& t);

}  // namespace pwb::exporting
