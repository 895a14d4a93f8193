// Every entity written to a project file reads back field for field, after closing and reopening it;
// saving by content returns the existing id; deleting a run takes its dependants with it.
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>
#include <cmath>

#include "common/error.h"
#include "store/canonical_config.h"
#include "store/database.h"
#include "store/run_store.h"
#include "store/run_uid.h"
#include "store/schema.h"
#include "store/sha256.h"
#include "store/statement.h"

using namespace pwb::store;

namespace {

// True when f throws pwb::Error (QVERIFY_THROWS_EXCEPTION does not take a qualified type name here).
template <typename F>
bool throwsError(F&& f) {
  try {
    f();
  } catch (const pwb::Error&) {
    return true;
  }
  return false;
}

}  // namespace

class TestStoreRoundtrip : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase();
  void schemaIsVersionedAndWal();
  void catalogRoundTripsAndDeduplicates();
  void runRoundTrips();
  void statusLifecycle();
  void metricsRoundTrip();
  void evaluationWithPredictionsRoundTrips();
  void artifactsInlineAndByPath();
  void settingsRoundTrip();
  void configKeyIgnoresSeed();
  void sha256KnownVectors();
  void staleHeartbeatIsRecovered();
  void deleteRunCascades();
  void runsGetStableUidsAndJobs();
  void linksSurviveAndReportDeletedRuns();
  void versionOneFileIsMigrated();

 private:
  QTemporaryDir dir_;
  std::string path_;
};

void TestStoreRoundtrip::initTestCase() {
  QVERIFY(dir_.isValid());
  path_ = dir_.filePath("project.sqlite").toStdString();
}

void TestStoreRoundtrip::schemaIsVersionedAndWal() {
  RunStore s(path_);
  QCOMPARE(schemaVersion(s.database()), kSchemaVersion);
  Statement mode(s.database(), "PRAGMA journal_mode");
  QVERIFY(mode.step());
  QCOMPARE(mode.getText(0), std::string("wal"));
  Statement fk(s.database(), "PRAGMA foreign_keys");
  QVERIFY(fk.step());
  QCOMPARE(fk.getInt64(0), int64_t(1));
  Statement app(s.database(), "PRAGMA application_id");
  QVERIFY(app.step());
  QCOMPARE(app.getInt64(0), int64_t(kApplicationId));
}

void TestStoreRoundtrip::catalogRoundTripsAndDeduplicates() {
  int64_t ds = 0, model = 0, tmpl = 0, verb = 0;
  {
    RunStore s(path_);
    ds = s.saveDataset({0, "SST-2 train", "/data/sst2/train.tsv", "tsv", "ab12", 6920, 0});
    QCOMPARE(s.saveDataset({0, "other name", "/data/sst2/train.tsv", "tsv", "ab12", 6920, 0}), ds);
    QVERIFY(s.saveDataset({0, "SST-2 train", "/data/sst2/train.tsv", "tsv", "cd34", 6920, 0}) != ds);
    model = s.saveModel({0, "demo-bert-mini", "/models/demo", "h1", 0});
    QCOMPARE(s.saveModel({0, "demo-bert-mini", "/models/demo", "h1", 0}), model);
    tmpl = s.saveTemplate({0, "lm-bff", "*cls**sent_0*_It_was*mask*.*sep+*", 0});
    QCOMPARE(s.saveTemplate({0, "lm-bff", "*cls**sent_0*_It_was*mask*.*sep+*", 0}), tmpl);
    verb = s.saveVerbalizer({0, "great/terrible", R"({"0":"terrible","1":"great"})", 0});
  }
  RunStore s(path_);
  const auto d = s.getDataset(ds);
  QCOMPARE(d.name, std::string("SST-2 train"));
  QCOMPARE(d.path, std::string("/data/sst2/train.tsv"));
  QCOMPARE(d.format, std::string("tsv"));
  QCOMPARE(d.checksum, std::string("ab12"));
  QCOMPARE(d.rows, int64_t(6920));
  QVERIFY(d.createdAt > 1.7e9);
  QCOMPARE(s.listDatasets().size(), size_t(2));
  const auto m = s.getModel(model);
  QCOMPARE(m.name, std::string("demo-bert-mini"));
  QCOMPARE(m.configHash, std::string("h1"));
  QCOMPARE(s.listModels().size(), size_t(1));
  QCOMPARE(s.getTemplate(tmpl).text, std::string("*cls**sent_0*_It_was*mask*.*sep+*"));
  QCOMPARE(s.listTemplates().size(), size_t(1));
  const auto v = s.getVerbalizer(verb);
  QCOMPARE(v.name, std::string("great/terrible"));
  QCOMPARE(v.spec, std::string(R"({"0":"terrible","1":"great"})"));
  const int64_t v2 = s.saveVerbalizer({0, "good/bad", "good\nbad", 0});
  QCOMPARE(s.listVerbalizers().size(), size_t(2));
  s.deleteVerbalizer(v2);
  QCOMPARE(s.listVerbalizers().size(), size_t(1));
}

void TestStoreRoundtrip::runRoundTrips() {
  RunStore s(path_);
  RunRecord r;
  r.name = "sst2 prompt-ft seed 13";
  r.method = "prompt-ft";
  r.config = {
      {"method", "prompt-ft"}, {"lr", 1e-5}, {"batch_size", 8}, {"train", {{"steps", 250}, {"seed", 13}}}};
  r.seed = 13;
  r.kshotChecksum = "k16-13-abc";
  r.datasetId = s.listDatasets().front().id;
  r.modelId = s.listModels().front().id;
  r.templateId = s.listTemplates().front().id;
  r.device = "cpu";
  r.versions = {{"libtorch", "1.13.1"}};
  const int64_t id = s.createRun(r);
  QVERIFY(id > 0);

  RunStore again(path_);
  const RunRecord g = again.getRun(id);
  QCOMPARE(g.id, id);
  QCOMPARE(g.name, r.name);
  QCOMPARE(g.method, r.method);
  QCOMPARE(g.config, r.config);
  QCOMPARE(g.configKey,
           std::string(R"({"batch_size":8,"lr":1e-05,"method":"prompt-ft","train":{"steps":250}})"));
  QCOMPARE(g.seed, std::optional<int64_t>(13));
  QCOMPARE(g.kshotChecksum, r.kshotChecksum);
  QCOMPARE(g.datasetId, r.datasetId);
  QCOMPARE(g.modelId, r.modelId);
  QCOMPARE(g.templateId, r.templateId);
  QVERIFY(!g.verbalizerId.has_value());
  QCOMPARE(g.status, RunStatus::Queued);
  QCOMPARE(g.device, std::string("cpu"));
  QVERIFY(std::abs(g.createdAt - nowSeconds()) < 60);
  QVERIFY(!g.startedAt && !g.endedAt);
  QCOMPARE(g.programVersion, std::string(PWB_VERSION));
  QCOMPARE(g.versions, r.versions);
  QCOMPARE(g.host.empty(), false);
  QCOMPARE(g.pid.value_or(0), int64_t(QCoreApplication::applicationPid()));

  RunFilter byMethod;
  byMethod.method = "prompt-ft";
  QCOMPARE(again.listRuns(byMethod).size(), size_t(1));
  byMethod.method = "fine-tune";
  QVERIFY(again.listRuns(byMethod).empty());
  RunFilter byName;
  byName.nameContains = "seed 13";
  QCOMPARE(again.listRuns(byName).size(), size_t(1));
  RunFilter byKey;
  byKey.configKey = g.configKey;
  byKey.status = RunStatus::Queued;
  QCOMPARE(again.listRuns(byKey).size(), size_t(1));
}

void TestStoreRoundtrip::statusLifecycle() {
  RunStore s(path_);
  RunRecord r;
  r.method = "p-tuning";
  const int64_t id = s.createRun(r);
  s.setStatus(id, RunStatus::Running);
  RunRecord g = s.getRun(id);
  QCOMPARE(g.status, RunStatus::Running);
  QVERIFY(g.startedAt && g.heartbeatAt && !g.endedAt);
  s.setDevice(id, "cuda:0");
  s.finishRun(id, RunStatus::Failed, {{"steps_done", 40}}, "loss became NaN at step 41");
  g = s.getRun(id);
  QCOMPARE(g.status, RunStatus::Failed);
  QVERIFY(g.endedAt && *g.endedAt >= *g.startedAt);
  QCOMPARE(g.error, std::string("loss became NaN at step 41"));
  QCOMPARE(g.device, std::string("cuda:0"));
  s.mergeResults(id, {{"best_dev", 0.7}});
  QCOMPARE(s.getRun(id).results, nlohmann::json({{"steps_done", 40}, {"best_dev", 0.7}}));
  for (RunStatus st : {RunStatus::Queued, RunStatus::Running, RunStatus::Finished, RunStatus::Cancelled,
                       RunStatus::Failed, RunStatus::Interrupted}) {
    QCOMPARE(parseRunStatus(runStatusName(st)), st);
  }
}

void TestStoreRoundtrip::metricsRoundTrip() {
  int64_t id = 0;
  {
    RunStore s(path_);
    RunRecord r;
    r.method = "prompt-tuning";
    id = s.createRun(r);
    s.setStatus(id, RunStatus::Running);
    for (int step = 0; step < 1000; ++step) {
      s.appendMetric(id, step, "loss", 2.0 - step * 0.001);
      if (step % 100 == 99) s.appendMetric(id, step, "dev_accuracy", 0.5 + step * 1e-4);
    }
    s.appendMetric(id, 1000, "loss", std::nan(""));
    s.finishRun(id, RunStatus::Finished);  // flushes the buffered rows first
  }
  RunStore s(path_);
  QCOMPARE(s.metricCount(id), int64_t(1011));
  QCOMPARE(s.metricKeys(id), (std::vector<std::string>{"dev_accuracy", "loss"}));
  const auto loss = s.runMetrics(id, "loss");
  QCOMPARE(loss.size(), size_t(1001));
  QCOMPARE(loss[0].step, int64_t(0));
  QCOMPARE(loss[0].value, 2.0);
  QCOMPARE(loss[999].value, 2.0 - 999 * 0.001);
  QVERIFY(std::isnan(loss[1000].value));
  QVERIFY(loss[999].time >= loss[0].time);
  const auto dev = s.runMetrics(id, "dev_accuracy");
  QCOMPARE(dev.size(), size_t(10));
  QCOMPARE(dev[9].step, int64_t(999));
  QCOMPARE(dev[9].value, 0.5 + 999 * 1e-4);

  // A writer handed to another thread, closed explicitly.
  auto w = s.metricWriter(id);
  std::thread t([&] {
    for (int i = 0; i < 50; ++i) w->append(2000 + i, "lr", 1e-3);
  });
  t.join();
  w->close();
  QCOMPARE(w->rowsWritten(), int64_t(50));
  QCOMPARE(s.runMetrics(id, "lr").size(), size_t(50));
}

void TestStoreRoundtrip::evaluationWithPredictionsRoundTrips() {
  RunStore s(path_);
  const int64_t runId = s.listRuns().front().id;
  EvaluationRecord e;
  e.runId = runId;
  e.name = "test";
  e.templateId = s.listTemplates().front().id;
  e.templateText = "*cls**sent_0*_It_was*mask*.*sep+*";
  e.verbalizerSpec = "great/terrible";
  e.datasetId = s.listDatasets().front().id;
  e.dataset = "/data/sst2/test.tsv";
  e.split = "test";
  e.labels = {"negative", "positive"};
  e.accuracy = 2.0 / 3.0;
  e.macroF1 = 0.65;
  e.n = 3;
  e.metrics = {{"ece", 0.12}, {"confusion", {{1, 0}, {1, 1}}}};
  e.predictions = {{0, "ex-0", std::string("positive"), "positive", {0.1, 0.9}},
                   {1, "ex-1", std::string("negative"), "positive", {0.45, 0.55}},
                   {2, "ex-2", std::nullopt, "negative", {1.0 / 3.0, 2.0 / 3.0}}};
  const int64_t id = s.saveEvaluation(e);

  EvaluationRecord z;  // a zero-shot evaluation without a run
  z.split = "dev";
  z.labels = {"a", "b"};
  z.predictions = {{0, "", std::string("a"), "b", {}}};
  const int64_t zid = s.saveEvaluation(z);

  RunStore again(path_);
  const auto g = again.getEvaluation(id);
  QCOMPARE(g.runId, e.runId);
  QCOMPARE(g.name, e.name);
  QCOMPARE(g.templateId, e.templateId);
  QCOMPARE(g.templateText, e.templateText);
  QVERIFY(!g.verbalizerId);
  QCOMPARE(g.verbalizerSpec, e.verbalizerSpec);
  QCOMPARE(g.datasetId, e.datasetId);
  QCOMPARE(g.dataset, e.dataset);
  QCOMPARE(g.split, e.split);
  QCOMPARE(g.labels, e.labels);
  QCOMPARE(g.accuracy, e.accuracy);
  QCOMPARE(g.macroF1, e.macroF1);
  QCOMPARE(g.n, e.n);
  QCOMPARE(g.metrics, e.metrics);
  QCOMPARE(g.predictions.size(), size_t(3));
  for (size_t i = 0; i < 3; ++i) {
    QCOMPARE(g.predictions[i].index, e.predictions[i].index);
    QCOMPARE(g.predictions[i].exampleId, e.predictions[i].exampleId);
    QCOMPARE(g.predictions[i].gold, e.predictions[i].gold);
    QCOMPARE(g.predictions[i].predicted, e.predictions[i].predicted);
    QCOMPARE(g.predictions[i].probabilities, e.predictions[i].probabilities);  // bit-exact doubles
    QVERIFY(g.predictions[i].demos.empty());  // no demonstrations: stored as NULL, read back empty
  }
  QVERIFY(again.getEvaluation(id, false).predictions.empty());
  QCOMPARE(again.listEvaluations(runId).size(), size_t(1));
  QCOMPARE(again.listEvaluations().size(), size_t(2));
  QVERIFY(!again.getEvaluation(zid).runId);
  QVERIFY(again.getEvaluation(zid).predictions[0].probabilities.empty());

  EvaluationRecord bad = e;
  bad.predictions = {{0, "x", std::nullopt, "a", {0.2, 0.3, 0.5}}};
  QVERIFY(throwsError([&] { s.saveEvaluation(bad); }));
  QCOMPARE(again.listEvaluations().size(), size_t(2));  // the failed save left nothing behind
  again.deleteEvaluation(zid);
  QCOMPARE(again.listEvaluations().size(), size_t(1));
}

void TestStoreRoundtrip::artifactsInlineAndByPath() {
  RunStore s(path_);
  const int64_t runId = s.listRuns().front().id;
  ArtifactRecord inl;
  inl.runId = runId;
  inl.kind = "prompt-embeddings";
  inl.name = "soft prompt";
  inl.data = {1, 2, 3, 0, 255};
  inl.meta = {{"shape", {20, 128}}, {"dtype", "float32"}};
  const int64_t a = s.saveArtifact(inl);

  const QString file = dir_.filePath("prefix.safetensors");
  QFile f(file);
  QVERIFY(f.open(QIODevice::WriteOnly));
  f.write("abc");
  f.close();
  ArtifactRecord byPath;
  byPath.runId = runId;
  byPath.kind = "prefix";
  byPath.path = file.toStdString();
  const int64_t b = s.saveArtifact(byPath);

  const auto ga = s.getArtifact(a);
  QCOMPARE(ga.kind, inl.kind);
  QCOMPARE(ga.name, inl.name);
  QCOMPARE(ga.data, inl.data);
  QCOMPARE(ga.size, int64_t(5));
  QCOMPARE(ga.sha256, sha256Hex(inl.data.data(), inl.data.size()));
  QCOMPARE(ga.meta, inl.meta);
  QVERIFY(!ga.path);
  const auto gb = s.getArtifact(b);
  QCOMPARE(gb.path, byPath.path);
  QCOMPARE(gb.sha256, std::string("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
  QVERIFY(gb.data.empty());
  const auto list = s.listArtifacts(runId);
  QCOMPARE(list.size(), size_t(2));
  QVERIFY(list[0].data.empty());  // listing does not load blobs
  ArtifactRecord both = byPath;
  both.data = {1};
  QVERIFY(throwsError([&] { s.saveArtifact(both); }));
}

void TestStoreRoundtrip::settingsRoundTrip() {
  {
    RunStore s(path_);
    s.setSetting("default_model", "/models/demo");
    s.setSetting("default_model", "/models/other");
    s.setSetting("k", "16");
  }
  RunStore s(path_);
  QCOMPARE(s.setting("default_model").value_or(""), std::string("/models/other"));
  QVERIFY(!s.setting("missing"));
  QCOMPARE(s.settings(),
           (std::map<std::string, std::string>{{"default_model", "/models/other"}, {"k", "16"}}));
}

void TestStoreRoundtrip::configKeyIgnoresSeed() {
  const nlohmann::json a = {{"lr", 2e-5}, {"seed", 13}, {"nested", {{"seed", 1}, {"b", 2}, {"a", 1}}}};
  const nlohmann::json b = {{"nested", {{"a", 1}, {"b", 2}, {"seed", 99}}}, {"lr", 2e-5}, {"seed", 42}};
  QCOMPARE(configKey(a), configKey(b));
  QCOMPARE(configKey(a), std::string(R"({"lr":2e-05,"nested":{"a":1,"b":2}})"));
  QVERIFY(configKey(a) != configKey({{"lr", 1e-5}, {"seed", 13}}));
}

void TestStoreRoundtrip::sha256KnownVectors() {
  QCOMPARE(sha256Hex("", 0), std::string("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
  const std::string msg = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
  QCOMPARE(sha256Hex(msg.data(), msg.size()),
           std::string("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"));
  const std::string million(1000000, 'a');
  QCOMPARE(sha256Hex(million.data(), million.size()),
           std::string("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"));
}

void TestStoreRoundtrip::staleHeartbeatIsRecovered() {
  int64_t stale = 0, fresh = 0, queued = 0;
  {
    RunStore s(path_);
    RunRecord r;
    r.method = "fine-tune";
    stale = s.createRun(r);
    fresh = s.createRun(r);
    queued = s.createRun(r);
    s.setStatus(stale, RunStatus::Running);
    s.setStatus(fresh, RunStatus::Running);
  }  // closing the store stops the writers' heartbeats, as a hung trainer would
  {
    // This process is alive, so only the heartbeat can tell: make one 10 minutes old.
    Database db(path_);
    Statement st(db, "UPDATE runs SET heartbeat_at = heartbeat_at - 600 WHERE id = ?");
    st.bind(1, stale).run();
  }
  RunStore s(path_);
  QCOMPARE(s.recoveredRuns(), std::vector<int64_t>{stale});
  const auto g = s.getRun(stale);
  QCOMPARE(g.status, RunStatus::Interrupted);
  QVERIFY(g.error.find("no heartbeat for 600 s") != std::string::npos);
  QCOMPARE(s.getRun(fresh).status, RunStatus::Running);
  QCOMPARE(s.getRun(queued).status, RunStatus::Queued);

  // A queued run whose owner process is gone is interrupted too (nobody will start it).
  Statement st(s.database(), "UPDATE runs SET pid = 2147483000 WHERE id = ?");
  st.bind(1, queued).run();
  QCOMPARE(s.recoverInterruptedRuns(30.0), std::vector<int64_t>{queued});
  s.finishRun(fresh, RunStatus::Cancelled);
}

void TestStoreRoundtrip::deleteRunCascades() {
  RunStore s(path_);
  RunRecord r;
  r.method = "p-tuning-v2";
  const int64_t id = s.createRun(r);
  s.appendMetric(id, 0, "loss", 1.0);
  s.flushMetrics();
  EvaluationRecord e;
  e.runId = id;
  e.predictions = {{0, "", std::nullopt, "x", {}}};
  const int64_t eid = s.saveEvaluation(e);
  ArtifactRecord a;
  a.runId = id;
  a.kind = "prefix";
  a.data = {1};
  s.saveArtifact(a);
  s.deleteRun(id);
  QVERIFY(!s.findRun(id));
  QCOMPARE(s.metricCount(id), int64_t(0));
  QVERIFY(s.listArtifacts(id).empty());
  QVERIFY(throwsError([&] { s.getEvaluation(eid); }));
  Statement p(s.database(), "SELECT count(*) FROM predictions WHERE evaluation_id = ?");
  p.bind(1, eid);
  QVERIFY(p.step());
  QCOMPARE(p.getInt64(0), int64_t(0));
}

void TestStoreRoundtrip::runsGetStableUidsAndJobs() {
  RunStore s(path_);
  RunRecord r;
  r.method = "prompt-ft";
  const int64_t a = s.createRun(r);
  const int64_t b = s.createRun(r);
  const RunRecord ra = s.getRun(a);
  QVERIFY(isRunUid(ra.uid));
  QVERIFY(ra.uid != s.getRun(b).uid);
  QCOMPARE(*s.findRunByUid(ra.uid), a);
  QVERIFY(!s.findRunByUid("00000000000000000000000000000000"));
  // A given uid is kept (a merged run), and a second run with the same uid is refused by the unique index.
  RunRecord merged;
  merged.method = "fine-tune";
  merged.uid = "0123456789abcdef0123456789abcdef";
  merged.job = "4242_3";
  const int64_t m = s.createRun(merged);
  QCOMPARE(s.getRun(m).uid, merged.uid);
  QCOMPARE(s.getRun(m).job, std::string("4242_3"));
  QVERIFY(throwsError([&] { s.createRun(merged); }));
  s.setJob(a, "77_0");
  QCOMPARE(s.getRun(a).job, std::string("77_0"));
  QVERIFY(!isRunUid("0123456789ABCDEF0123456789abcdef"));
  QVERIFY(!isRunUid("0123"));
}

void TestStoreRoundtrip::linksSurviveAndReportDeletedRuns() {
  RunStore s(path_);
  RunRecord r;
  r.method = "prompt-ft";
  const int64_t m1 = s.createRun(r);
  const int64_t m2 = s.createRun(r);
  r.method = "ensemble";
  const int64_t ens = s.createRun(r);
  s.linkRuns(ens, {m1, m2}, "member");
  s.linkRuns(ens, {m2}, "teacher");
  s.linkRuns(ens, {m1}, "member");  // positions continue
  auto members = s.runLinks(ens, "member");
  QCOMPARE(members.size(), size_t(3));
  QCOMPARE(members[0].linkedRunId, m1);
  QCOMPARE(members[1].linkedRunId, m2);
  QCOMPARE(members[2].position, int64_t(2));
  QCOMPARE(members[1].linkedRunUid, s.getRun(m2).uid);
  QCOMPARE(s.runLinks(ens).size(), size_t(4));
  QCOMPARE(s.runsLinkingTo(m2).size(), size_t(2));
  QVERIFY(throwsError([&] { s.linkRuns(ens, {999999}, "member"); }));
  QVERIFY(throwsError([&] { s.linkRuns(ens, {m1}, ""); }));
  QCOMPARE(s.runLinks(ens, "member").size(), size_t(3));  // the failed call added nothing
  // Deleting a member keeps the link and says it is gone; deleting the ensemble removes its links.
  const std::string uid2 = s.getRun(m2).uid;
  s.deleteRun(m2);
  members = s.runLinks(ens, "member");
  QVERIFY(members[0].exists);
  QVERIFY(!members[1].exists);
  QCOMPARE(members[1].linkedRunUid, uid2);
  s.deleteRun(ens);
  QVERIFY(s.runLinks(ens).empty());
}

void TestStoreRoundtrip::versionOneFileIsMigrated() {
  // A project written by schema 1 (no uid/job columns, no run_links): opening it adds them, and its runs
  // get distinct uids.
  const std::string old = dir_.filePath("v1.sqlite").toStdString();
  {
    Database db(old, OpenOptions{});
    db.exec(
        "CREATE TABLE runs (id INTEGER PRIMARY KEY, name TEXT NOT NULL DEFAULT '', method TEXT NOT NULL, "
        "config TEXT NOT NULL, config_key TEXT NOT NULL, seed INTEGER, kshot_checksum TEXT NOT NULL DEFAULT "
        "'', "
        "dataset_id INTEGER, model_id INTEGER, template_id INTEGER, verbalizer_id INTEGER, status TEXT NOT "
        "NULL, "
        "device TEXT NOT NULL DEFAULT '', created_at REAL NOT NULL, started_at REAL, ended_at REAL, "
        "error TEXT NOT NULL DEFAULT '', program_version TEXT NOT NULL DEFAULT '', versions TEXT NOT NULL "
        "DEFAULT '{}', results TEXT NOT NULL DEFAULT '{}', host TEXT NOT NULL DEFAULT '', pid INTEGER, "
        "heartbeat_at REAL)");
    // Later migrations alter predictions too (schema 3 adds demos), so the old file has it as schema 1 did.
    db.exec(
        "CREATE TABLE predictions (evaluation_id INTEGER NOT NULL, idx INTEGER NOT NULL, example_id TEXT NOT "
        "NULL DEFAULT '', gold TEXT, predicted TEXT NOT NULL, probs BLOB, PRIMARY KEY (evaluation_id, idx)) "
        "WITHOUT ROWID");
    db.exec(
        "INSERT INTO runs (method, config, config_key, status, created_at) VALUES "
        "('prompt-ft', '{}', 'k', 'finished', 1), ('fine-tune', '{}', 'k', 'finished', 2)");
    db.exec("PRAGMA user_version=1");
    db.exec("PRAGMA application_id=" + std::to_string(kApplicationId));
  }
  RunStore s(old);
  QCOMPARE(schemaVersion(s.database()), kSchemaVersion);
  const auto runs = s.listRuns();
  QCOMPARE(runs.size(), size_t(2));
  QVERIFY(isRunUid(runs[0].uid));
  QVERIFY(isRunUid(runs[1].uid));
  QVERIFY(runs[0].uid != runs[1].uid);
  QCOMPARE(runs[0].job, std::string());
  s.linkRuns(runs[1].id, {runs[0].id}, "member");
  QCOMPARE(s.runLinks(runs[1].id).size(), size_t(1));
}

QTEST_GUILESS_MAIN(TestStoreRoundtrip)
#include "test_store_roundtrip.moc"
