// What collecting a sweep needs from the store: transactions nest as savepoints (an inner commit is only
// kept when the outer one commits; an inner rollback undoes only its own part), importRun keeps a run's
// uid, times, status and job and refuses a uid the file already has, importMetrics keeps times and NaN,
// saveArtifact keeps a given createdAt.
#include <QTemporaryDir>
#include <QtTest>
#include <cmath>

#include "store/run_store.h"
#include "store/statement.h"
#include "store/transaction.h"
#include "support/error_of.h"

using namespace pwb::store;
using pwb::test::errorOf;

class TestStoreImport : public QObject {
  Q_OBJECT
 private slots:
  void transactionsNest() {
    QTemporaryDir dir;
    RunStore st(dir.filePath("p.sqlite").toStdString());
    {
      Transaction outer(st.database());
      st.saveTemplate({0, "a", "x", 0});  // its own Transaction: a savepoint here
      {
        Transaction inner(st.database());
        st.saveTemplate({0, "b", "x", 0});
        inner.rollback();
      }
      st.saveTemplate({0, "c", "x", 0});
      outer.commit();
    }
    QCOMPARE(st.listTemplates().size(), size_t(2));
    {
      Transaction outer(st.database());
      st.saveTemplate({0, "d", "x", 0});
      // no commit: the inner (committed) savepoint goes with the outer rollback
    }
    QCOMPARE(st.listTemplates().size(), size_t(2));
  }

  void importKeepsTheRun() {
    QTemporaryDir dir;
    RunStore st(dir.filePath("p.sqlite").toStdString());
    RunRecord r;
    r.method = "p-tuning";
    r.config = {{"lr", 0.1}, {"seed", 3}};
    r.seed = 3;
    r.uid = "0123456789abcdef0123456789abcdef";
    r.status = RunStatus::Finished;
    r.createdAt = 1000.5;
    r.startedAt = 1001.0;
    r.endedAt = 1100.25;
    r.host = "node7";
    r.pid = 4242;
    r.job = "55_3";
    r.programVersion = "0.0.9";
    r.results = {{"test_accuracy", 0.75}};
    const int64_t id = st.importRun(r);
    const RunRecord got = st.getRun(id);
    QCOMPARE(got.uid, r.uid);
    QCOMPARE(got.createdAt, 1000.5);
    QCOMPARE(*got.endedAt, 1100.25);
    QCOMPARE(got.host, std::string("node7"));
    QCOMPARE(*got.pid, int64_t(4242));
    QCOMPARE(got.job, std::string("55_3"));
    QCOMPARE(got.programVersion, std::string("0.0.9"));
    QCOMPARE(runStatusName(got.status), std::string("finished"));
    QCOMPARE(got.configKey, std::string(R"({"lr":0.1})"));
    QVERIFY(errorOf([&] { st.importRun(r); }).contains("already in the project"));
    r.uid.clear();
    QVERIFY(errorOf([&] { st.importRun(r); }).contains("without a uid"));

    st.importMetrics(id, "loss", {{1, 0.5, 2000.0}, {2, std::nan(""), 2001.0}});
    const auto loss = st.runMetrics(id, "loss");
    QCOMPARE(loss.size(), size_t(2));
    QCOMPARE(loss[0].time, 2000.0);
    QVERIFY(std::isnan(loss[1].value));

    ArtifactRecord a;
    a.runId = id;
    a.kind = "prefix";
    a.data = {7};
    a.createdAt = 1234.0;
    QCOMPARE(st.getArtifact(st.saveArtifact(a)).createdAt, 1234.0);
  }
};

QTEST_GUILESS_MAIN(TestStoreImport)
#include "test_store_import.moc"
