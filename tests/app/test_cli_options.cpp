// Help and behaviour agree for every pwb command (issue 13, defect 2): every option a command's --help
// documents is accepted by its parser, as a flag or with a value exactly as documented, and every option
// the parser accepts is documented — except the known hidden old spellings (aliases), which must not
// appear in the help. The parser's own option table comes from the real program (PWB_LIST_OPTIONS, see
// app/pwb/cli_args.h); each documented option is also passed to the real parser once.
#include <QRegularExpression>
#include <QSet>
#include <QtTest>

#include "pwb_process.h"

using pwb::test::PwbRun;
using pwb::test::runPwbAll;

namespace {

// The hidden old spellings each command keeps for scripts (old -> canonical). A new alias must be added
// here on purpose; anything else a parser accepts must be in the command's --help.
const QMap<QString, QMap<QString, QString>> kKnownAliases = {
    {"compare", {{"format", "output-format"}, {"kshot", "k"}}},
    {"data", {{"format", "data-format"}, {"max-rows", "limit"}}},
    {"eval", {{"format", "data-format"}}},
    {"export", {{"format", "output-format"}}},
    {"prompt", {{"k", "nearest"}}},
    {"runs", {{"format", "output-format"}}},
};

struct OptionTable {
  QSet<QString> values, flags;
  QMap<QString, QString> aliases;
};

OptionTable parseTable(const QString& text) {
  OptionTable t;
  for (const QString& line : text.split('\n', Qt::SkipEmptyParts)) {
    const QStringList w = line.split(' ');
    if (w.size() == 2 && w[0] == "value") t.values << w[1];
    if (w.size() == 2 && w[0] == "flag") t.flags << w[1];
    if (w.size() == 3 && w[0] == "alias") t.aliases[w[1]] = w[2];
  }
  return t;
}

// The options a usage text documents: every "--name"; it takes a value when at least one mention is
// followed by one space and a placeholder (an upper-case word like N, FILE, TEXT_B, a number, or a choice
// list with '|' such as md|csv|json). "--help" is every command's and not listed; text in backticks quotes
// other commands and is skipped.
struct Documented {
  QSet<QString> all, values;
};

Documented documentedOptions(QString usage) {
  Documented d;
  // `pwb other --option` quotes another command: not this one's.
  usage.remove(QRegularExpression("`[^`]*`"));
  // The placeholder is looked at, not consumed, so "--json --examples" yields both options.
  static const QRegularExpression option(R"((?<![\w-])--([a-z0-9][a-z0-9-]*)(?=(?: (\S+))?))");
  static const QRegularExpression placeholder(R"(^\[?([A-Z0-9][A-Z0-9_.,]*|\S*\|\S*))");
  auto it = option.globalMatch(usage);
  while (it.hasNext()) {
    const auto m = it.next();
    const QString name = m.captured(1);
    if (name == "help") continue;
    d.all << name;
    if (m.hasCaptured(2) && placeholder.match(m.captured(2)).hasMatch()) d.values << name;
  }
  return d;
}

}  // namespace

class TestCliOptions : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase();
  void documentedOptionsAreAccepted();
  void acceptedOptionsAreDocumented();
  void documentedOptionsPassTheParser();

 private:
  QStringList commands_;
  QMap<QString, QString> usage_;
  QMap<QString, OptionTable> tables_;
  QMap<QString, Documented> documented_;
};

void TestCliOptions::initTestCase() {
  const PwbRun help = runPwbAll({{"--help"}}).first();
  QCOMPARE(help.exitCode, 0);
  for (const QString& line :
       help.out.section("Commands:\n", 1).section("\n\n", 0, 0).split('\n', Qt::SkipEmptyParts))
    commands_ << line.trimmed().section(' ', 0, 0);
  QVERIFY(commands_.size() >= 9);
  QList<QStringList> helps, tables;
  for (const QString& c : commands_) {
    helps << QStringList{c, "--help"};
    tables << QStringList{c};
  }
  QProcessEnvironment list;
  list.insert("PWB_LIST_OPTIONS", "1");
  const QList<PwbRun> h = runPwbAll(helps), t = runPwbAll(tables, list);
  for (int i = 0; i < commands_.size(); ++i) {
    QVERIFY2(h[i].exitCode == 0 && h[i].out.startsWith("Usage"), qPrintable(commands_[i] + ": " + h[i].err));
    QVERIFY2(t[i].exitCode == 0, qPrintable(commands_[i] + ": " + t[i].err));
    usage_[commands_[i]] = h[i].out;
    tables_[commands_[i]] = parseTable(t[i].out);
    documented_[commands_[i]] = documentedOptions(h[i].out);
    QVERIFY2(!tables_[commands_[i]].values.isEmpty() || !tables_[commands_[i]].flags.isEmpty(),
             qPrintable(commands_[i] + " listed no options"));
  }
  // The parser of the placeholder rule itself.
  const Documented probe =
      documentedOptions("  --a N   x\n  --b      y --c: z [--d md|csv] --e FILE, --f --g `pwb x --h N`\n");
  QCOMPARE(probe.all, (QSet<QString>{"a", "b", "c", "d", "e", "f", "g"}));
  QCOMPARE(probe.values, (QSet<QString>{"a", "d", "e"}));
}

void TestCliOptions::documentedOptionsAreAccepted() {
  for (const QString& c : commands_) {
    const OptionTable& t = tables_[c];
    for (const QString& name : documented_[c].all) {
      const bool value = documented_[c].values.contains(name);
      QVERIFY2(
          value ? t.values.contains(name) : t.flags.contains(name),
          qPrintable(QString("pwb %1 --help documents --%2 as %3, but the command %4")
                         .arg(c, name, value ? "taking a value" : "a flag",
                              t.values.contains(name) || t.flags.contains(name) ? "accepts it the other way"
                                                                                : "does not accept it")));
    }
  }
}

void TestCliOptions::acceptedOptionsAreDocumented() {
  for (const QString& c : commands_) {
    const OptionTable& t = tables_[c];
    for (const QString& name : t.values + t.flags)
      QVERIFY2(documented_[c].all.contains(name),
               qPrintable(QString("pwb %1 accepts --%2 but its --help does not mention it").arg(c, name)));
    QCOMPARE(t.aliases, kKnownAliases.value(c));
    for (auto a = t.aliases.cbegin(); a != t.aliases.cend(); ++a)
      QVERIFY2(!documented_[c].all.contains(a.key()),
               qPrintable(QString("pwb %1 --help shows the hidden old spelling --%2").arg(c, a.key())));
  }
}

// Each documented option through the real parser: "--name=VALUE --help" for a value option, "--name --help"
// for a flag; the parser must accept it and then print the usage (exit 0).
void TestCliOptions::documentedOptionsPassTheParser() {
  QList<QStringList> runs;
  QStringList what;
  for (const QString& c : commands_) {
    for (const QString& name : documented_[c].all) {
      const bool value = documented_[c].values.contains(name);
      runs << QStringList{c, value ? "--" + name + "=1" : "--" + name, "--help"};
      what << "pwb " + runs.back().join(' ');
    }
  }
  QVERIFY(runs.size() > 60);
  const QList<PwbRun> r = runPwbAll(runs, {}, 8);
  for (int i = 0; i < r.size(); ++i)
    QVERIFY2(r[i].exitCode == 0 && r[i].out.startsWith("Usage"), qPrintable(what[i] + ": " + r[i].err));
}

QTEST_GUILESS_MAIN(TestCliOptions)
#include "test_cli_options.moc"
