// Multiple-choice JSONL (issue 17, format "mc-jsonl"): ARC, ARC flat and COPA rows become single-label rows
// with the options as fields option_A, option_B, ... (by position) and the answer's letter as label; every
// bad row (options missing, fewer than 2 options, answer key not among the options, an option count that
// differs from the first row's) is reported with file and line, in skip and stop mode.
#include <QTemporaryDir>
#include <QtTest>
#include <fstream>

#include "common/error.h"
#include "data/dataset_import.h"
#include "data/format_detect.h"
#include "data/line_splitter.h"

using pwb::data::Dataset;
using pwb::data::importDataset;
using pwb::data::ImportOptions;

class TestChoiceImport : public QObject {
  Q_OBJECT

  QTemporaryDir dir_;

  std::string write(const char* name, const std::string& bytes) {
    const std::string path = dir_.filePath(name).toStdString();
    std::ofstream(path, std::ios::binary) << bytes;
    return path;
  }
  static ImportOptions mc() {
    ImportOptions o;
    o.format = "mc-jsonl";
    return o;
  }
  static std::vector<std::string> problemTexts(const Dataset& ds) {
    std::vector<std::string> out;
    for (const auto& p : ds.problems) out.push_back(p.text());
    return out;
  }

 private slots:
  void initTestCase() { QVERIFY(dir_.isValid()); }

  void arcNestedIsDetectedAndRead() {
    const auto p = write(
        "arc.jsonl",
        R"({"id": "q1", "question": {"stem": "Which is a liquid?", "choices": [{"text": "ice", "label": "A"}, {"text": "water", "label": "B"}, {"text": "steam", "label": "C"}]}, "answerKey": "B"})"
        "\n"
        R"({"id": "q2", "question": {"stem": "Which is hot?", "choices": [{"text": "fire", "label": "1"}, {"text": "snow", "label": "2"}, {"text": "rain", "label": "3"}]}, "answerKey": "1"})"
        "\n");
    const Dataset ds = importDataset(p);  // auto
    QCOMPARE(ds.format, std::string("mc-jsonl"));
    QCOMPARE(ds.columns, (std::vector<std::string>{"question", "option_A", "option_B", "option_C"}));
    QCOMPARE(ds.examples.size(), size_t(2));
    QCOMPARE(ds.examples[0].fields,
             (std::vector<std::string>{"Which is a liquid?", "ice", "water", "steam"}));
    QCOMPARE(ds.examples[0].label, std::string("B"));
    QCOMPARE(ds.examples[1].label, std::string("A"));                // "1" is the first option's file label
    QCOMPARE(ds.labels, (std::vector<std::string>{"A", "B", "C"}));  // C is a class though no answer is C
    QVERIFY(ds.problems.empty());
  }

  void arcFlatAndCopa() {
    const auto flat = write(
        "flat.jsonl",
        R"({"question": "2+2?", "choices": {"text": ["3", "4"], "label": ["A", "B"]}, "answerKey": "B"})"
        "\n");
    const Dataset f = importDataset(flat);
    QCOMPARE(f.format, std::string("mc-jsonl"));
    QCOMPARE(f.examples[0].fields, (std::vector<std::string>{"2+2?", "3", "4"}));
    QCOMPARE(f.examples[0].label, std::string("B"));

    const auto copa = write(
        "copa.jsonl", R"({"premise": "The man fell.", "choice1": "He slipped.", "choice2": "He sang.", )"
                      R"("question": "cause", "label": 0, "idx": 0})"
                      "\n");
    // COPA stays plain jsonl unless asked for (as before this format existed).
    QCOMPARE(importDataset(copa).format, std::string("jsonl"));
    const Dataset c = importDataset(copa, mc());
    QCOMPARE(c.columns, (std::vector<std::string>{"premise", "question", "option_A", "option_B"}));
    QCOMPARE(c.examples[0].fields,
             (std::vector<std::string>{"The man fell.", "cause", "He slipped.", "He sang."}));
    QCOMPARE(c.examples[0].label, std::string("A"));
  }

  void badRowsByLine() {
    const auto p = write("bad.jsonl", R"({"question": "ok", "choices": ["x", "y", "z"], "answerKey": "C"})"
                                      "\n"
                                      R"({"question": "no options", "answerKey": "A"})"
                                      "\n"
                                      R"({"question": "one", "choices": ["x"], "answerKey": "A"})"
                                      "\n"
                                      R"({"question": "key", "choices": ["x", "y", "z"], "answerKey": "D"})"
                                      "\n"
                                      R"({"question": "count", "choices": ["x", "y"], "answerKey": "A"})"
                                      "\n"
                                      R"({"question": "empty", "choices": ["x", " ", "z"], "answerKey": "A"})"
                                      "\n"
                                      "not json\n"
                                      R"({"question": "fine", "choices": ["u", "v", "w"], "answerKey": "A"})"
                                      "\n");
    const Dataset ds = importDataset(p, mc());
    QCOMPARE(ds.examples.size(), size_t(2));
    QCOMPARE(ds.examples[0].line, 1);
    QCOMPARE(ds.examples[1].line, 8);
    const auto texts = problemTexts(ds);
    QCOMPARE(texts.size(), size_t(6));
    QCOMPARE(texts[0], p + ":2: options missing: no 'choices'");
    QCOMPARE(texts[1], p + ":3: fewer than 2 options (1)");
    QCOMPARE(texts[2], p + ":4: answer key 'D' is not among the options (A, B, C)");
    QCOMPARE(
        texts[3],
        p + ":5: 2 options; the file's first row (line 1) has 3 and a template names every option field");
    QCOMPARE(texts[4], p + ":6: option B is empty");
    QVERIFY(texts[5].rfind(p + ":7: invalid JSON", 0) == 0);

    ImportOptions stop = mc();
    stop.onBadRow = pwb::data::OnBadRow::Stop;
    try {
      importDataset(p, stop);
      QFAIL("stop mode did not throw");
    } catch (const pwb::Error& e) {
      QCOMPARE(std::string(e.what()), p + ":2: options missing: no 'choices'");
    }
  }

  void copaBadLabel() {
    const auto p =
        write("copa_bad.jsonl",
              R"({"premise": "a", "choice1": "b", "choice2": "c", "question": "effect", "label": 1})"
              "\n"
              R"({"premise": "a", "choice1": "b", "question": "effect", "label": 0})"
              "\n"
              R"({"premise": "a", "choice1": "b", "choice2": "c", "question": "effect", "label": 2})"
              "\n");
    const Dataset ds = importDataset(p, mc());
    QCOMPARE(ds.examples.size(), size_t(1));
    QCOMPARE(ds.examples[0].label, std::string("B"));
    const auto texts = problemTexts(ds);
    QCOMPARE(texts.size(), size_t(2));
    QCOMPARE(texts[0], p + ":2: missing option 'choice2' (a string)");
    QCOMPARE(texts[1], p + ":3: answer key '2' is not among the options (0, 1)");
  }
};

QTEST_GUILESS_MAIN(TestChoiceImport)
#include "test_choice_import.moc"
