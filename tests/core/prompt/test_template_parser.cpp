// The template language: parsed structure of valid templates, and the exact messages (with line:column)
// of invalid ones.
#include <QtTest>

#include "common/error.h"
#include "prompt/template.h"

using pwb::prompt::ElementKind;
using pwb::prompt::FieldModifier;
using pwb::prompt::parseTemplate;
using pwb::prompt::Template;

namespace {

// Compact structural dump: T"text" F{name|mods} M S2 S:"init" P3 SEP CLS; positions as @line:col.
std::string dump(const Template& t, bool withPos = false) {
  std::string out;
  for (const auto& e : t.elements()) {
    if (!out.empty()) out += " ";
    switch (e.kind) {
      case ElementKind::Text:
        out += (e.verbatim ? "V\"" : "T\"") + e.text + "\"";
        break;
      case ElementKind::Field:
        out += "F{" + e.text;
        for (auto m : e.modifiers) out += "|" + std::string(pwb::prompt::modifierName(m));
        out += "}";
        break;
      case ElementKind::Mask:
        out += "M";
        break;
      case ElementKind::Soft:
        out += e.text.empty() ? "S" + std::to_string(e.count) : "S:\"" + e.text + "\"";
        break;
      case ElementKind::Pseudo:
        out += "P" + std::to_string(e.count);
        break;
      case ElementKind::Sep:
        out += "SEP";
        break;
      case ElementKind::Cls:
        out += "CLS";
        break;
    }
    if (withPos) out += "@" + std::to_string(e.pos.line) + ":" + std::to_string(e.pos.column);
  }
  return out;
}

std::string errorOf(const std::string& text) {
  try {
    parseTemplate(text);
  } catch (const pwb::Error& e) {
    return e.what();
  }
  return "(no error)";
}

}  // namespace

class TestTemplateParser : public QObject {
  Q_OBJECT

 private slots:
  void validStructures_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected");
    QTest::newRow("demo") << "{s} it was [MASK] ."
                          << "F{s} T\" it was \" M T\" .\"";
    QTest::newRow("mask first") << "[MASK] ! {s}"
                                << "M T\" ! \" F{s}";
    QTest::newRow("pair inline") << "{premise} ? [MASK] , {hypothesis}"
                                 << "F{premise} T\" ? \" M T\" , \" F{hypothesis}";
    QTest::newRow("modifiers") << "{sentence|lower_first|no_final_punct|shorten}"
                               << "F{sentence|lower_first|no_final_punct|shorten}";
    QTest::newRow("modifier spacing") << "{ sentence | space |drop_last }"
                                      << "F{sentence|space|drop_last}";
    QTest::newRow("two masks") << "{s} [MASK] [MASK] ."
                               << "F{s} T\" \" M T\" \" M T\" .\"";
    QTest::newRow("soft prepended") << "[SOFT*20] {s} [MASK]"
                                    << "S20 T\" \" F{s} T\" \" M";
    QTest::newRow("soft interleaved") << "[SOFT]{s}[SOFT] [MASK]"
                                      << "S1 F{s} S1 T\" \" M";
    QTest::newRow("soft init") << "[SOFT:It was] [MASK]"
                               << "S:\"It was\" T\" \" M";
    QTest::newRow("soft init escape") << "[SOFT:a\\]b]"
                                      << "S:\"a]b\"";
    QTest::newRow("pseudo") << "[P*3] {s} [P] [MASK]"
                            << "P3 T\" \" F{s} T\" \" P1 T\" \" M";
    QTest::newRow("lower-case keywords") << "[mask] [soft*2] [p]"
                                         << "M T\" \" S2 T\" \" P1";
    QTest::newRow("sep pair") << "{premise} [SEP] [MASK] , {hypothesis}"
                              << "F{premise} T\" \" SEP T\" \" M T\" , \" F{hypothesis}";
    QTest::newRow("cls and final sep") << "[CLS] {s} [MASK] . [SEP]"
                                       << "CLS T\" \" F{s} T\" \" M T\" . \" SEP";
    QTest::newRow("escapes") << "\\{a\\} \\[b\\] \\\\ \\| x\\ny"
                             << "T\"{a} [b] \\ | x\ny\"";
    QTest::newRow("verbatim space") << "[SOFT]\\ it [MASK]"
                                    << "S1 V\" \" T\"it \" M";
    QTest::newRow("roberta mask") << "{s} It was <mask>."
                                  << "F{s} T\" It was \" M T\".\"";
    QTest::newRow("escaped roberta mask") << "a \\<mask> b"
                                          << "T\"a <mask> b\"";
    QTest::newRow("stray brace chars ok") << "x > y < z"
                                          << "T\"x > y < z\"";
    QTest::newRow("utf8 literal") << "{s} C'était [MASK] ."
                                  << "F{s} T\" C'était \" M T\" .\"";
    QTest::newRow("column with space") << "{review text} [MASK]"
                                       << "F{review text} T\" \" M";
    QTest::newRow("empty") << ""
                           << "";
  }
  void validStructures() {
    QFETCH(QString, text);
    QFETCH(QString, expected);
    const Template t = parseTemplate(text.toStdString());
    QCOMPARE(QString::fromStdString(dump(t)), expected);
    // The canonical spelling parses back to the same structure.
    QCOMPARE(QString::fromStdString(dump(parseTemplate(t.toString()))), expected);
  }

  void positionsAcrossLines() {
    const Template t = parseTemplate("{s}\nIt was [MASK].\n  [SOFT*2]");
    QCOMPARE(QString::fromStdString(dump(t, true)),
             QString("F{s}@1:1 T\"\nIt was \"@1:4 M@2:8 T\".\n  \"@2:14 S2@3:3"));
  }

  void queries() {
    const Template t =
        parseTemplate("[SOFT*4] {premise} ? [MASK] [MASK] [SEP] [P*2] {hypothesis} {premise} [P]");
    QCOMPARE(t.maskCount(), 2);
    QCOMPARE(t.softCount(), 4);
    QCOMPARE(t.pseudoCount(), 3);
    QVERIFY(t.isPair());
    QCOMPARE(t.fieldNames(), (std::vector<std::string>{"premise", "hypothesis"}));
    QVERIFY(!parseTemplate("{s} [MASK] [SEP]").isPair());
    QVERIFY(parseTemplate("{s} [MASK] [SEP]").elements().back().kind == ElementKind::Sep);
    QVERIFY(parseTemplate("{s|shorten}").elements()[0].has(FieldModifier::Shorten));
    QVERIFY(!parseTemplate("{s|space}").elements()[0].has(FieldModifier::Shorten));
  }

  void canonicalSpelling() {
    QCOMPARE(QString::fromStdString(
                 parseTemplate("{ s |space}  it [mask] [soft*1] [SOFT:a\\]b] \\{x\\<mask>").toString()),
             QString("{s|space}  it [MASK] [SOFT] [SOFT:a\\]b] \\{x\\<mask>"));
  }

  void errors_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("message");
    QTest::newRow("unterminated field") << "{s} it was {sente"
                                        << "template:1:12: unterminated field '{sente' — expected '}'";
    QTest::newRow("unterminated at newline") << "{s} it\nwas {sente\n[MASK]"
                                             << "template:2:5: unterminated field '{sente' — expected '}'";
    QTest::newRow("field runs into mask") << "{s [MASK]"
                                          << "template:1:1: unterminated field '{s' — expected '}'";
    QTest::newRow("empty field")
        << "a {} b"
        << "template:1:3: empty field name — expected a field name such as {sentence}";
    QTest::newRow("unknown modifier")
        << "{sentence|lower} [MASK]"
        << "template:1:11: unknown modifier 'lower' in field '{sentence}' — expected one of: lower_first, "
           "upper_first, no_final_punct, drop_last, space, shorten";
    QTest::newRow("missing modifier")
        << "{s|} [MASK]"
        << "template:1:4: expected a modifier name after '|' in field '{s' — one of: "
           "lower_first, upper_first, no_final_punct, drop_last, space, shorten";
    QTest::newRow("duplicate modifier") << "{s|shorten|shorten}"
                                        << "template:1:12: modifier 'shorten' is given twice in field '{s}'";
    QTest::newRow("contradiction")
        << "{s|lower_first|upper_first}"
        << "template:1:16: lower_first and upper_first contradict each other in field '{s}'";
    QTest::newRow("junk after modifier")
        << "{s|space x}"
        << "template:1:10: unexpected 'x' in field '{s' — expected '|' or '}'";
    QTest::newRow("openprompt pasted")
        << "{\"placeholder\":\"text_a\"} It was {\"mask\"}"
        << "template:1:1: '{\"placeholder\":\"text_a\"...' looks like OpenPrompt syntax — expected a field "
           "name "
           "such as {sentence}; import OpenPrompt templates with the OpenPrompt format instead";
    QTest::newRow("unterminated bracket") << "{s} it was [MASK"
                                          << "template:1:12: unterminated '[MASK' — expected ']'";
    QTest::newRow("unknown token")
        << "{s} [MASKK]"
        << "template:1:5: unknown token '[MASKK]' — expected [MASK], [SOFT], [SOFT*n], "
           "[SOFT:text], [P], [P*n], [SEP], [DEMOS], [DEMOS:text], [/DEMOS] or [LABEL]; write \\[ for a "
           "literal '['";
    QTest::newRow("mask count")
        << "[MASK*2]"
        << "template:1:1: unexpected '*2' in '[MASK*2]' — expected '[MASK]' (write [MASK] "
           "[MASK] for two masks)";
    QTest::newRow("soft count missing")
        << "[SOFT*]"
        << "template:1:1: expected a number after '*' in '[SOFT*]' — e.g. [SOFT*20]";
    QTest::newRow("soft count text") << "[P*x]"
                                     << "template:1:1: expected a number after '*' in '[P*x]' — e.g. [P*3]";
    QTest::newRow("soft count zero")
        << "[SOFT*0]"
        << "template:1:1: count 0 in '[SOFT*0]' is out of range — expected 1 to 512";
    QTest::newRow("soft count huge")
        << "[SOFT*100000]"
        << "template:1:1: count 100000 in '[SOFT*100000]' is out of range — expected 1 to 512";
    QTest::newRow("soft empty init")
        << "[SOFT: ]"
        << "template:1:1: expected the initial text after ':' in '[SOFT:' — e.g. [SOFT:It was]";
    QTest::newRow("pseudo init") << "[P:x]"
                                 << "template:1:1: unexpected ':x' in '[P:x]' — expected ']' or '*n'";
    QTest::newRow("cls late")
        << "{s} [CLS]"
        << "template:1:5: [CLS] is only allowed at the start of the template (the tokenizer adds "
           "it there anyway)";
    QTest::newRow("two boundaries")
        << "{a} [SEP] {b} [SEP] {c}"
        << "template:1:15: a second [SEP] boundary — a template has at most two text "
           "segments (one [SEP])";
    QTest::newRow("stray close brace")
        << "{s} was} [MASK]"
        << "template:1:8: unexpected '}' — a field is written {name}; write \\} for a "
           "literal brace";
    QTest::newRow("stray close bracket") << "{s} ] [MASK]"
                                         << "template:1:5: unexpected ']' — write \\] for a literal bracket";
    QTest::newRow("unknown escape")
        << "{s} \\q"
        << "template:1:5: unknown escape '\\q' — expected one of \\{ \\} \\[ \\] \\\\ \\| "
           "\\< \\n or '\\ ' (a space that is kept)";
    QTest::newRow("trailing backslash")
        << "{s} \\"
        << "template:1:5: a '\\' at the end of the template — expected an escaped "
           "character after it";
    QTest::newRow("utf8 columns") << "été {x|é}"
                                  << "template:1:8: expected a modifier name after '|' in field '{x' — "
                                     "one of: lower_first, upper_first, no_final_punct, drop_last, space, "
                                     "shorten";
  }
  void errors() {
    QFETCH(QString, text);
    QFETCH(QString, message);
    QCOMPARE(QString::fromStdString(errorOf(text.toStdString())), message);
  }

  void errorCarriesLocation() {
    try {
      parseTemplate("ok\n  {x|bad}", "templates.txt");
      QFAIL("no error");
    } catch (const pwb::Error& e) {
      QCOMPARE(e.where().file, std::string("templates.txt"));
      QCOMPARE(e.where().line, 2);
      QCOMPARE(e.where().column, 6);
      QVERIFY(e.message().find("unknown modifier 'bad'") == 0);
    }
  }

  void requireMask() {
    parseTemplate("{s} [MASK]").requireMask();
    try {
      parseTemplate("{s} it was good .").requireMask();
      QFAIL("no error");
    } catch (const pwb::Error& e) {
      QCOMPARE(
          QString::fromStdString(e.what()),
          QString("template: the template '{s} it was good .' has no [MASK] — scoring with a masked language "
                  "model needs at least one mask slot, e.g. '{sentence} It was [MASK] .'"));
    }
  }

  void renderedLiteralsAndPreview() {
    const Template t = parseTemplate("[CLS] {s|lower_first} [SOFT*2] it was\\ [P] [MASK] . ");
    QCOMPARE(t.renderedLiterals(),
             (std::vector<std::string>{"", "", "", "", "", "it was", " ", "", "", "", " ."}));
    QCOMPARE(QString::fromStdString(t.preview({"sentence"}, {"A great film"})),
             QString("a great film[SOFT*2]it was [P][MASK] ."));
    const Template pair = parseTemplate(" {premise} ? [SEP] [MASK] , {hypothesis|no_final_punct} [SEP]");
    QCOMPARE(QString::fromStdString(pair.preview({"premise", "hypothesis"}, {"It rains", "it is wet ."})),
             QString(" It rains ? [SEP] [MASK] , it is wet"));
    QVERIFY_THROWS_EXCEPTION(pwb::Error, pair.preview({"sentence"}, {"x"}));
  }

  void validateColumns() {
    const std::vector<std::string> sst2 = {"sentence"};
    parseTemplate("{s} {sentence} {text_a} {text} [MASK]").validate(sst2);
    const std::vector<std::string> rte = {"premise", "hypothesis"};
    parseTemplate("{premise} {hypothesis} {text_a} {text_b} {sent_1} [MASK]").validate(rte);
    QCOMPARE(pwb::prompt::resolveField("text_b", rte), 1);
    QCOMPARE(pwb::prompt::resolveField("s", rte), 0);
    QCOMPARE(pwb::prompt::resolveField("hypothesis", rte), 1);
    QCOMPARE(pwb::prompt::resolveField("label", rte), -1);
    // An exact column name wins over an alias.
    QCOMPARE(pwb::prompt::resolveField("text", {"id", "text"}), 1);
    try {
      parseTemplate("{premise} ? [MASK] ,\n {hypothesys}").validate(rte);
      QFAIL("no error");
    } catch (const pwb::Error& e) {
      QCOMPARE(
          QString::fromStdString(e.what()),
          QString("template:2:2: unknown field '{hypothesys}' — the data set's text columns are 'premise', "
                  "'hypothesis' (aliases: {s}, {sentence}, {text_a} = 'premise', {text_b} = 'hypothesis')"));
    }
    try {
      parseTemplate("{s} [MASK] {text_b}").validate(sst2);
      QFAIL("no error");
    } catch (const pwb::Error& e) {
      QCOMPARE(
          QString::fromStdString(e.what()),
          QString("template:1:12: unknown field '{text_b}' — the data set's text columns are 'sentence' "
                  "(aliases: {s}, {sentence}, {text_a} = 'sentence'); {text_b} needs a second text column (a "
                  "sentence-pair data set)"));
    }
  }
};

QTEST_GUILESS_MAIN(TestTemplateParser)
#include "test_template_parser.moc"
