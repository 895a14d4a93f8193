// Result tables as CSV / Markdown / LaTeX: exact output, with the characters each format treats specially.
#include <QtTest>
#include <filesystem>

#include "common/error.h"
#include "common/text_file.h"
#include "export/table_export.h"

using namespace pwb::exporting;

namespace {

Table sample() {
  Table t;
  t.headers = {"template", "acc", "note"};
  t.rows = {{"{s} it was [MASK] .", "0.625", "plain"},
            {"a|b, \"q\" & 50% $x #1 _y {z} ~ ^ \\", "-0.5", "two\nlines"},
            {" padded ", "", "*bold* `code` <b>"}};
  t.align = {Align::Left, Align::Right, Align::Center};
  return t;
}

}  // namespace

class TestTableExport : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void csv() {
    const std::string want =
        "template,acc,note\r\n"
        "{s} it was [MASK] .,0.625,plain\r\n"
        "\"a|b, \"\"q\"\" & 50% $x #1 _y {z} ~ ^ \\\",-0.5,\"two\nlines\"\r\n"
        "\" padded \",,*bold* `code` <b>\r\n";
    QCOMPARE(toCsv(sample()), want);
  }

  void markdown() {
    const std::string want =
        "| template | acc | note |\n"
        "| --- | ---: | :---: |\n"
        "| {s} it was \\[MASK\\] . | 0.625 | plain |\n"
        "| a\\|b, \"q\" & 50% $x #1 \\_y {z} \\~ ^ \\\\ | -0.5 | two<br>lines |\n"
        "|  padded  |  | \\*bold\\* \\`code\\` \\<b\\> |\n";
    QCOMPARE(toMarkdown(sample()), want);
  }

  void latex() {
    const std::string want =
        "\\begin{tabular}{lrc}\n"
        "\\toprule\n"
        "template & acc & note \\\\\n"
        "\\midrule\n"
        "\\{s\\} it was [MASK] . & 0.625 & plain \\\\\n"
        "a|b, \"q\" \\& 50\\% \\$x \\#1 \\_y \\{z\\} \\textasciitilde{} \\textasciicircum{} "
        "\\textbackslash{} & -0.5 & "
        "two lines \\\\\n"
        " padded  &  & *bold* `code` <b> \\\\\n"
        "\\bottomrule\n"
        "\\end{tabular}\n";
    QCOMPARE(toLatex(sample()), want);
    Table c;
    c.headers = {"a"};
    c.caption = "SST-2 (K=16)";
    QCOMPARE(toLatex(c),
             std::string("\\begin{table}\n\\centering\n\\caption{SST-2 (K=16)}\n\\begin{tabular}{l}\n"
                         "\\toprule\na \\\\\n\\midrule\n\\bottomrule\n\\end{tabular}\n\\end{table}\n"));
  }

  void formatsAndErrors() {
    QVERIFY(tableFormatFromName("LaTeX") == TableFormat::Latex);
    QVERIFY(tableFormatFromName("md") == TableFormat::Markdown);
    QVERIFY(tableFormatForPath("/x/results.CSV") == TableFormat::Csv);
    QVERIFY(tableFormatForPath("r.tex") == TableFormat::Latex);
    QVERIFY_THROWS_EXCEPTION(pwb::Error, tableFormatFromName("xlsx"));
    QVERIFY_THROWS_EXCEPTION(pwb::Error, tableFormatForPath("dir.v2/results"));
    Table bad = sample();
    bad.rows[1].pop_back();
    try {
      toCsv(bad);
      QFAIL("a short row must be refused");
    } catch (const pwb::Error& e) {
      QVERIFY(QString(e.what()).contains("row 2 has 2 cells but the table has 3 columns"));
    }
    Table none;
    QVERIFY_THROWS_EXCEPTION(pwb::Error, toMarkdown(none));
  }

  void writesByExtension() {
    const auto dir = std::filesystem::path(PWB_BINARY_DIR) / "test-tmp" / "export-tables";
    std::filesystem::create_directories(dir);
    const std::string path = (dir / "t.md").string();
    writeTableFile(path, sample());
    QCOMPARE(pwb::readFileBytes(path), toMarkdown(sample()));
    QVERIFY_THROWS_EXCEPTION(pwb::Error, writeTableFile((dir / "no-such" / "t.csv").string(), sample()));
  }
};

QTEST_GUILESS_MAIN(TestTableExport)
#include "test_table_export.moc"
