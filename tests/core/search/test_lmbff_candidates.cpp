// LM-BFF's shipped template lists (tests/reference/lmbff/auto_template/<TASK>/16-<seed>.sort.txt) read as
// search candidates: every shipped line converts, the counts, exact conversions of first lines, --limit,
// a skipped line (demonstrations) with file:line and reason, and the file-level errors.
#include <QTemporaryDir>
#include <QtTest>
#include <fstream>

#include "common/error.h"
#include "search/lmbff_candidates.h"

using namespace pwb;
using namespace pwb::search;

namespace {

const std::string kLists = std::string(PWB_REFERENCE_DIR) + "/lmbff/auto_template";

std::string errorOf(const std::string& path, int limit = 0) {
  try {
    readLmBffCandidates(path, limit);
  } catch (const Error& e) {
    return e.what();
  }
  return "(no error)";
}

int nonEmptyLines(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  int n = 0;
  while (std::getline(in, line)) n += line.find_first_not_of(" \t\r") != std::string::npos;
  return n;
}

}  // namespace

class TestLmBffCandidates : public QObject {
  Q_OBJECT
  QTemporaryDir dir_;
  std::string write(const std::string& name, const std::string& bytes) {
    const std::string path = dir_.path().toStdString() + "/" + name;
    std::ofstream(path, std::ios::binary) << bytes;
    return path;
  }

 private Q_SLOTS:
  void everyShippedListConverts() {
    int files = 0;
    for (const char* task : {"SST-2", "sst-5", "mr", "cr", "mpqa", "subj", "trec", "RTE"}) {
      for (const char* seed : {"13", "21", "42", "87", "100"}) {
        const std::string path = kLists + "/" + task + "/16-" + seed + ".sort.txt";
        const auto list = readLmBffCandidates(path);
        QVERIFY2(list.skipped.empty(), list.skipped.empty() ? "" : list.skipped.front().c_str());
        QCOMPARE(list.linesRead, nonEmptyLines(path));
        QCOMPARE(static_cast<int>(list.candidates.size()), 100);
        QCOMPARE(list.candidates.back().searchScore, 100.0);
        ++files;
      }
    }
    QCOMPARE(files, 40);
  }

  void firstTemplatesConvertExactly() {
    const auto sst2 = readLmBffCandidates(kLists + "/SST-2/16-13.sort.txt");
    // *cls**sent_0*_And_that_is*mask*.*sep+*
    QCOMPARE(sst2.candidates[0].templateText, std::string("{text_a} And that is [MASK]."));
    QCOMPARE(sst2.candidates[0].origin, std::string("16-13.sort.txt:1"));
    QCOMPARE(sst2.candidates[0].searchScore, 1.0);
    // *cls*_Not*mask*.*+sent_0**sep+*
    QCOMPARE(sst2.candidates[1].templateText, std::string(" Not [MASK]. {text_a}"));
    QCOMPARE(sst2.candidates[1].origin, std::string("16-13.sort.txt:2"));
    // *cls**sent-_0*.*mask*_that*+sentl_1**sep+*
    const auto rte = readLmBffCandidates(kLists + "/RTE/16-13.sort.txt");
    QCOMPARE(rte.candidates[0].templateText,
             std::string("{text_a|drop_last}. [MASK] that {text_b|lower_first}"));
    // *cls*_Q:*mask*:*+sent_0**sep+*
    const auto trec = readLmBffCandidates(kLists + "/trec/16-42.sort.txt");
    QCOMPARE(trec.candidates[0].templateText, std::string(" Q: [MASK]: {text_a}"));
  }

  void limitTakesTheFirstLines() {
    const auto list = readLmBffCandidates(kLists + "/SST-2/16-42.sort.txt", 7);
    QCOMPARE(static_cast<int>(list.candidates.size()), 7);
    QCOMPARE(list.linesRead, 7);
    QCOMPARE(list.candidates[0].templateText, std::string("{text_a} A [MASK] one."));
    QCOMPARE(list.candidates[6].origin, std::string("16-42.sort.txt:7"));
    QVERIFY(errorOf(kLists + "/SST-2/16-42.sort.txt", -1).find("lmbff.limit must be 0") != std::string::npos);
  }

  void badLinesAreSkippedWithFileAndLine() {
    QVERIFY(dir_.isValid());
    const std::string path = write("mixed.sort.txt",
                                   "*cls**sent_0*_It_was*mask*.*sep+*\r\n"
                                   "\n"
                                   "*cls**sent_0*_It_was*mask*.*sep+**sent_1*_It_was*label_0*.*sep+*\n"
                                   "*cls**sent_0*_no_mask_here.*sep+*\n"
                                   "*cls**mask*:*+sent_0**sep+*\n");
    const auto list = readLmBffCandidates(path);
    QCOMPARE(list.linesRead, 4);
    QCOMPARE(static_cast<int>(list.candidates.size()), 2);
    QCOMPARE(list.candidates[0].templateText, std::string("{text_a} It was [MASK]."));
    QCOMPARE(list.candidates[1].templateText, std::string(" [MASK]: {text_a}"));
    QCOMPARE(list.candidates[1].origin, std::string("mixed.sort.txt:5"));
    QCOMPARE(list.candidates[1].searchScore, 4.0);  // the 4th template line
    QCOMPARE(static_cast<int>(list.skipped.size()), 2);
    QVERIFY2(list.skipped[0].rfind(path + ":3: ", 0) == 0, list.skipped[0].c_str());
    QVERIFY2(list.skipped[0].find("has demonstrations (*label_i*)") != std::string::npos,
             list.skipped[0].c_str());
    QVERIFY2(list.skipped[1].rfind(path + ":4: ", 0) == 0, list.skipped[1].c_str());
    QVERIFY2(list.skipped[1].find("has no *mask*") != std::string::npos, list.skipped[1].c_str());
  }

  void fileErrors() {
    QVERIFY(errorOf(dir_.path().toStdString() + "/missing.txt").find("missing.txt") != std::string::npos);
    QVERIFY(errorOf("").find("lmbff.file") != std::string::npos);
    const std::string empty = write("empty.txt", "\n\n");
    QVERIFY(errorOf(empty).find("has no template line") != std::string::npos);
    const std::string binary = write("binary.txt", std::string("*cls*\0\x01", 7));
    QVERIFY(errorOf(binary).find("is not a text file") != std::string::npos);
    // A label-mapping list given by mistake: no line is a template.
    const std::string mapping =
        std::string(PWB_REFERENCE_DIR) + "/lmbff/auto_label_mapping/SST-2/16-13.sort.txt";
    const std::string e = errorOf(mapping);
    QVERIFY2(e.find("no line converts to a template") != std::string::npos, e.c_str());
    QVERIFY2(e.find("16-13.sort.txt:1: ") != std::string::npos, e.c_str());
  }
};

QTEST_GUILESS_MAIN(TestLmBffCandidates)
#include "test_lmbff_candidates.moc"
