// `pwb search-template` run as a program on the tiny-bert fixture: LM-BFF's SST-2 candidate list ranked on
// two K-shot dev splits, the JSON output equals what --db stored, --list shows it, --rerun of the stored
// search gives the same numbers (reproducible from its settings), and bad input exits 2 (command line) or 1
// (the search refuses it) with a message naming the option or field, storing nothing.
#include <QTemporaryDir>
#include <QtTest>
#include <nlohmann/json.hpp>

#include "pwb_process.h"
#include "store/run_store.h"

using pwb::test::PwbRun;
using pwb::test::runPwb;
using pwb::test::runPwbAll;

namespace {

const QString kTrain = QStringLiteral(PWB_RESOURCES_DIR "/data/sst2/stsa.binary.train");
const QString kModel = QStringLiteral(PWB_REFERENCE_DIR "/fixtures/tiny-bert");
const QString kList = QStringLiteral(PWB_REFERENCE_DIR "/lmbff/auto_template/SST-2/16-13.sort.txt");

QStringList listSearch(const QString& db) {
  return {"search-template", "--method",     "lmbff-list", "--lmbff-file", kList, "--limit", "3",
          "--train",         kTrain,         "--model",    kModel,         "--k", "4",       "--seeds",
          "13,21",           "--max-length", "48",         "--db",         db,    "--json",  "--quiet"};
}

nlohmann::json parse(const PwbRun& r) {
  auto j = nlohmann::json::parse(r.out.toStdString(), nullptr, false);
  return j.is_discarded() ? nlohmann::json() : j;
}

}  // namespace

class TestCliSearch : public QObject {
  Q_OBJECT

 private slots:
  void listSearchIsStoredAndReproducible() {
    QTemporaryDir dir;
    const QString db = dir.filePath("p.pwbproj");
    const PwbRun run = runPwb(listSearch(db), 300000);
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    const auto j = parse(run);
    QVERIFY2(j.is_object(), qPrintable(run.out));
    QCOMPARE(j["status"].get<std::string>(), std::string("finished"));
    QCOMPARE(j["method"].get<std::string>(), std::string("lmbff-list"));
    const auto& cands = j["candidates"];
    QCOMPARE(cands.size(), size_t(3));
    // The first three lines of 16-13.sort.txt, converted to our template language.
    QStringList texts;
    for (const auto& c : cands) texts << QString::fromStdString(c["template"].get<std::string>()).trimmed();
    QVERIFY2(texts.contains("{text_a} And that is [MASK]."), qPrintable(texts.join(" | ")));
    QVERIFY2(texts.contains("Not [MASK]. {text_a}"), qPrintable(texts.join(" | ")));
    QVERIFY2(texts.contains("{text_a} A truly [MASK] movie."), qPrintable(texts.join(" | ")));
    for (size_t i = 0; i < cands.size(); ++i) {
      const auto& dev = cands[i]["dev_accuracy"];
      QCOMPARE(dev.size(), size_t(2));
      // K=4 per class: 8 dev examples per seed, so every accuracy is a multiple of 1/8.
      for (const auto& a : dev) QCOMPARE(std::fmod(a.get<double>() * 8, 1.0), 0.0);
      QCOMPARE(cands[i]["dev_mean"].get<double>(), (dev[0].get<double>() + dev[1].get<double>()) / 2);
      if (i > 0) QVERIFY(cands[i - 1]["dev_mean"].get<double>() >= cands[i]["dev_mean"].get<double>());
    }
    QCOMPARE(j["settings"]["seeds"], nlohmann::json({13, 21}));

    // What --db stored is what was printed.
    const int64_t id = j["search_id"].get<int64_t>();
    {
      pwb::store::RunStore store(db.toStdString());
      const auto s = store.getSearch(id);
      QCOMPARE(s.status, std::string("finished"));
      QCOMPARE(s.settings.dump(), j["settings"].dump());
      const auto stored = store.searchCandidates(id);
      QCOMPARE(stored.size(), cands.size());
      for (size_t i = 0; i < stored.size(); ++i) {
        QCOMPARE(stored[i].templateText, cands[i]["template"].get<std::string>());
        QCOMPARE(stored[i].devAccuracy, cands[i]["dev_accuracy"].get<std::vector<double>>());
      }
    }
    const PwbRun list = runPwb({"search-template", "--list", "--db", db});
    QCOMPARE(list.exitCode, 0);
    QVERIFY2(list.out.contains("lmbff-list") && list.out.contains("finished"), qPrintable(list.out));

    // --rerun: the stored settings give the same candidates and dev accuracies, stored as a second search.
    const PwbRun again =
        runPwb({"search-template", "--db", db, "--rerun", QString::number(id), "--json", "--quiet"}, 300000);
    QVERIFY2(again.exitCode == 0, qPrintable(again.err));
    const auto j2 = parse(again);
    QCOMPARE(j2["candidates"].dump(), j["candidates"].dump());
    QCOMPARE(j2["settings"].dump(), j["settings"].dump());
    QVERIFY(j2["search_id"].get<int64_t>() != id);
    pwb::store::RunStore store(db.toStdString());
    QCOMPARE(store.searches().size(), size_t(2));
    QVERIFY(store.getSearch(j2["search_id"].get<int64_t>()).name.find("rerun of") != std::string::npos);
  }

  void badInputExitsWithAMessage() {
    QTemporaryDir dir;
    const QString db = dir.filePath("p.pwbproj");
    { pwb::store::RunStore create(db.toStdString()); }  // an empty project, before the parallel runs
    const QList<PwbRun> r = runPwbAll({
        {"search-template", "--method", "beam", "--train", kTrain},  // 2
        {"search-template", "--train", kTrain, "--seeds", "13,x"},   // 2
        {"search-template", "--k", "4"},                             // 2: no --train
        {"search-template", "--list"},                               // 2: no --db
        {"search-template", "--rerun", "1", "--train", kTrain},      // 2: no --db
        {"search-template", "--train", kTrain, "--steps", "0", "--model", kModel, "--db", db},  // 1: budget 0
        {"search-template", "--train", kTrain, "--template", "{s} it was [MASK] .", "--model", kModel, "--db",
         db},                                                                   // 1: no trigger slot
        {"search-template", "--train", kTrain, "--k", "1", "--model", kModel},  // 1: dev split too small
        {"search-template", "--db", db, "--rerun", "7"},                        // 1: no such search
    });
    const QList<int> codes = {2, 2, 2, 2, 2, 1, 1, 1, 1};
    const QStringList says = {"--method", "--seeds", "--train", "--db", "--db",
                              "steps",    "trigger", "dev",     "7"};
    for (int i = 0; i < r.size(); ++i) {
      QVERIFY2(r[i].exitCode == codes[i],
               qPrintable(QString("case %1: exit %2: %3").arg(i).arg(r[i].exitCode).arg(r[i].err)));
      QVERIFY2(r[i].err.contains("pwb search-template: error:") && r[i].err.contains(says[i]),
               qPrintable(QString("case %1: %2").arg(i).arg(r[i].err)));
    }
    // Refused before any work: nothing recorded.
    pwb::store::RunStore store(db.toStdString());
    QCOMPARE(store.searches().size(), size_t(0));
  }
};

QTEST_GUILESS_MAIN(TestCliSearch)
#include "test_cli_search.moc"
