// PET / iPET (core/train/pet): the distillation loss against hand numbers, the ensemble and its soft labels,
// PET's weighting, iPET's set sizes, labellers and class-balanced draw on hand cases, soft targets in the
// trainer (hard-label batches unchanged), and the pipeline on the tiny-bert fixture: stored, linked runs,
// soft labels deterministic per seed, members reused after a cancelled job, refusals.
#include <torch/torch.h>  // before Qt: its `slots` macro breaks torch headers

#include <QTemporaryDir>
#include <QtTest>
#include <atomic>
#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>

#include "common/error.h"
#include "common/text_file.h"
#include "store/run_store.h"
#include "support/tiny_bert_data.h"
#include "train/batch.h"
#include "train/distillation_loss.h"
#include "train/pet/ipet_sets.h"
#include "train/pet/pet_pipeline.h"
#include "train/pet/soft_labels.h"

using namespace pwb::train;
using namespace pwb::train::pet;

namespace {

struct Files {
  QTemporaryDir dir;
  std::string train, test, db, work;
  Files() {
    train = dir.filePath("train.txt").toStdString();
    test = dir.filePath("test.txt").toStdString();
    db = dir.filePath("runs.sqlite").toStdString();
    work = dir.filePath("work").toStdString();
    pwb::test::writeTinyBertData(train, 40, 0);
    pwb::test::writeTinyBertData(test, 12, 1000);
  }
};

PetRequest tinyPet(const Files& f) {
  PetRequest r;
  auto& b = r.base;
  b.modelDir = std::string(PWB_REFERENCE_DIR) + "/fixtures/tiny-bert";
  b.trainPath = f.train;
  b.testPath = f.test;
  b.k = 4;
  b.seeds = {13};
  b.steps = 3;
  b.batchSize = 4;
  b.evalEvery = 3;
  b.lr = 1e-3;
  b.device = "cpu";
  b.threads = 1;
  b.maxLength = 32;
  b.dbPath = f.db;
  r.templates = {"{s} it was [MASK] .", "[MASK] : {s}"};
  r.verbalizers = {"0=bad;1=good"};
  r.poolSize = 10;
  r.weighting = "uniform";
  r.workDir = f.work;
  return r;
}

// The hand formula of PET's distillation loss, in double without torch.
double handDistillation(const std::vector<std::vector<double>>& s, const std::vector<std::vector<double>>& q,
                        double t) {
  double total = 0.0;
  for (size_t i = 0; i < s.size(); ++i) {
    double lse = 0.0;
    for (double v : s[i]) lse += std::exp(v / t);
    lse = std::log(lse);
    for (size_t c = 0; c < s[i].size(); ++c)
      if (q[i][c] > 0) total += q[i][c] * (std::log(q[i][c]) - (s[i][c] / t - lse));
  }
  return total * t * t / static_cast<double>(s.size());
}

std::string errorOf(const std::function<void()>& f) {
  try {
    f();
  } catch (const std::exception& e) {
    return e.what();
  }
  return "";
}

}  // namespace

class TestPet : public QObject {
  Q_OBJECT

 private slots:
  void distillationLossMatchesHandNumbers() {
    // One example: student logits (1, 2), teacher distribution (0.25, 0.75), T = 2:
    // log_softmax((0.5, 1)) = (-0.974077, -0.474077); KL = 0.25 (ln 0.25 + 0.974077) + 0.75 (ln 0.75 +
    // 0.474077) = -0.103054 + 0.139796 = 0.036742; times T^2 = 0.146968.
    const auto s = torch::tensor({{1.0F, 2.0F}});
    const auto q = torch::tensor({{0.25F, 0.75F}});
    QVERIFY(std::abs(distillationLoss(s, q, 2.0).item<double>() - 0.146968) < 1e-5);
    // Three examples, three classes, T = 1.5, against the formula.
    const std::vector<std::vector<double>> sv = {{0.3, -1.2, 2.0}, {1.0, 1.0, 1.0}, {-0.5, 0.7, 0.1}};
    const std::vector<std::vector<double>> qv = {{0.2, 0.1, 0.7}, {1.0, 0.0, 0.0}, {0.3, 0.3, 0.4}};
    auto st = torch::zeros({3, 3}), qt = torch::zeros({3, 3});
    for (int i = 0; i < 3; ++i)
      for (int c = 0; c < 3; ++c) {
        st[i][c] = sv[i][c];
        qt[i][c] = qv[i][c];
      }
    QVERIFY(std::abs(distillationLoss(st, qt, 1.5).item<double>() - handDistillation(sv, qv, 1.5)) < 1e-5);
    // Equal distributions: zero loss. Gradient of the student: T * (softmax(s/T) - q) / B.
    auto x = torch::tensor({{0.0F, std::log(3.0F)}}).requires_grad_(true);
    auto l = distillationLoss(x, torch::tensor({{0.25F, 0.75F}}), 1.0);
    QVERIFY(std::abs(l.item<double>()) < 1e-6);
    auto y = torch::tensor({{1.0F, 2.0F}}).requires_grad_(true);
    distillationLoss(y, q, 2.0).backward();
    const double p0 = 1.0 / (1.0 + std::exp(0.5));  // softmax((0.5, 1))[0]
    QVERIFY(std::abs(y.grad()[0][0].item<double>() - 2.0 * (p0 - 0.25)) < 1e-5);
  }

  void batchTargetsKeepHardLabelsAsBefore() {
    TaskExample hard, soft;
    hard.label = 1;
    soft.label = 0;
    soft.target = {0.6F, 0.4F};
    // Only hard labels: no target tensor, the loss stays cross-entropy.
    QVERIFY(!collateTargets({&hard}, torch::kCPU).defined());
    const auto t = collateTargets({&hard, &soft}, torch::kCPU);
    QCOMPARE(t.size(0), 2);
    QCOMPARE(t[0][1].item<float>(), 1.0F);
    QCOMPARE(t[0][0].item<float>(), 0.0F);
    QCOMPARE(t[1][0].item<float>(), 0.6F);
    TaskExample odd;
    odd.target = {0.2F, 0.3F, 0.5F};
    QVERIFY(errorOf([&] { collateTargets({&soft, &odd}, torch::kCPU); }).find("mixed") != std::string::npos);
  }

  void ensembleAndSoftLabels() {
    const LogitRows a = {{1.0F, 3.0F}, {0.0F, 0.0F}};
    const LogitRows b = {{3.0F, 1.0F}, {2.0F, -2.0F}};
    // Uniform: the mean.
    const auto u = ensembleLogits({&a, &b}, {1.0, 1.0});
    QCOMPARE(u[0][0], 2.0F);
    QCOMPARE(u[1][1], -1.0F);
    // PET weights (training accuracy before training 0.75 and 0.25): (0.75 a + 0.25 b) / 1.
    const auto w = ensembleLogits({&a, &b}, {0.75, 0.25});
    QCOMPARE(w[0][0], 1.5F);
    QCOMPARE(w[0][1], 2.5F);
    QCOMPARE(w[1][0], 0.5F);
    // Weights are normalised: (3, 1) gives the same as (0.75, 0.25).
    QCOMPARE(ensembleLogits({&a, &b}, {3.0, 1.0})[0][1], 2.5F);
    // The weighted ensemble flips example 0 against the uniform one's tie-break.
    QCOMPARE(argmaxRows(w)[0], 1);
    QCOMPARE(accuracyOfRows(w, {1, 0}), 1.0);
    // Soft labels at T = 2: softmax((1.5, 2.5) / 2) = (1 / (1 + e^0.5), ...).
    const auto s = softLabels(w, 2.0);
    QVERIFY(std::abs(s[0][0] - 1.0 / (1.0 + std::exp(0.5))) < 1e-6);
    QVERIFY(std::abs(s[0][0] + s[0][1] - 1.0) < 1e-6);
    // An ensemble of one member is that member.
    QCOMPARE(ensembleLogits({&a}, {1.0}), a);
    QVERIFY(errorOf([&] { ensembleLogits({&a, &b}, {0.0, 0.0}); }).find("zero") != std::string::npos);
    const LogitRows shorter = {{1.0F, 1.0F}};
    QVERIFY(errorOf([&] {
              ensembleLogits({&a, &shorter}, {1.0, 1.0});
            }).find("scored 1") != std::string::npos);
    QVERIFY(errorOf([] { parseWeighting("mean"); }).find("uniform or pet") != std::string::npos);
  }

  void ipetSizesFollowPetsRule() {
    // K = 16 per class, d = 5: generation 1 gets 32 * 5 - 32 = 128 new examples, 64 per class; generation 2
    // 32 * 25 - 32 = 768, 384 per class.
    auto s1 = ipetSetSizes({16, 16}, 5.0, 1);
    QCOMPARE(s1.newExamples, 128);
    QCOMPARE(s1.examplesPerClass, (std::vector<int>{64, 64}));
    auto s2 = ipetSetSizes({16, 16}, 5.0, 2);
    QCOMPARE(s2.newExamples, 768);
    QCOMPARE(s2.examplesPerClass, (std::vector<int>{384, 384}));
    // Unbalanced T (3 and 5): 8 * 5 - 8 = 32 new, multiplier 4 -> 12 and 20 (T's proportions).
    auto s3 = ipetSetSizes({3, 5}, 5.0, 1);
    QCOMPARE(s3.examplesPerClass, (std::vector<int>{12, 20}));
    // Truncation: 3 classes of 1, d = 2.5: 3 * 2.5 - 3 = 4.5 -> 4 new, 4/3 each -> int(1.33) = 1.
    auto s4 = ipetSetSizes({1, 1, 1}, 2.5, 1);
    QCOMPARE(s4.newExamples, 4);
    QCOMPARE(s4.examplesPerClass, (std::vector<int>{1, 1, 1}));
    // Labellers: round(0.25 * (n - 1)) with Python's round (ties to even), at least one.
    QCOMPARE(ipetLabellerCount(4, 0.25), 1);   // 0.75 -> 1
    QCOMPARE(ipetLabellerCount(3, 0.25), 1);   // 0.5 -> 0 (even), at least 1
    QCOMPARE(ipetLabellerCount(11, 0.25), 2);  // 2.5 -> 2
    QCOMPARE(ipetLabellerCount(7, 0.25), 2);   // 1.5 -> 2
    QCOMPARE(ipetLabellerCount(9, 1.0), 8);
  }

  void ipetDrawIsClassBalancedAndFromOthers() {
    // Three members over a pool of 6; member 0 labels everything class 0, member 1 rows 0-2 class 1 and
    // rows 3-5 class 0, member 2 everything class 1.
    const LogitRows m0 = {{2, 0}, {2, 0}, {2, 0}, {2, 0}, {2, 0}, {2, 0}};
    const LogitRows m1 = {{0, 3}, {0, 1}, {0, 2}, {1, 0}, {3, 0}, {2, 0}};
    const LogitRows m2 = {{0, 2}, {0, 2}, {0, 2}, {0, 2}, {0, 2}, {0, 2}};
    IpetSetSizes sizes;
    sizes.examplesPerClass = {2, 2};
    pwb::data::SplitMix64 rng(7);
    for (int member = 0; member < 3; ++member) {
      const auto set = drawIpetSet(member, {&m0, &m1, &m2}, {1, 1, 1}, sizes, 0.25, rng);
      QCOMPARE(set.labellers.size(), size_t(1));
      QVERIFY(set.labellers[0] != member);
      const LogitRows& by = set.labellers[0] == 0 ? m0 : set.labellers[0] == 1 ? m1 : m2;
      QCOMPARE(set.poolIndex.size(), set.labels.size());
      std::map<int, int> perClass;
      for (size_t i = 0; i < set.poolIndex.size(); ++i) {
        const auto& row = by[set.poolIndex[i]];
        QCOMPARE(set.labels[i], row[1] > row[0] ? 1 : 0);  // the labeller's argmax
        ++perClass[set.labels[i]];
      }
      if (set.labellers[0] == 1) {
        // Both classes present: exactly 2 each, no row twice.
        QCOMPARE(perClass[0], 2);
        QCOMPARE(perClass[1], 2);
        QCOMPARE(std::set<size_t>(set.poolIndex.begin(), set.poolIndex.end()).size(), size_t(4));
      } else {
        // One class only: 2 of it, the other class skipped with a notice.
        QCOMPARE(set.poolIndex.size(), size_t(2));
        QCOMPARE(set.notices.size(), size_t(1));
      }
    }
    // Upsampling: 3 wanted of class 1 but the labeller gives it one row -> that row three times.
    const LogitRows one = {{0, 5}, {5, 0}, {5, 0}};
    const LogitRows other = {{0, 5}, {5, 0}, {5, 0}};
    IpetSetSizes three;
    three.examplesPerClass = {0, 3};
    pwb::data::SplitMix64 rng2(1);
    const auto up = drawIpetSet(0, {&one, &other}, {1, 1}, three, 0.25, rng2);
    QCOMPARE(up.poolIndex, (std::vector<size_t>{0, 0, 0}));
    // The draw prefers confident rows: of 2 rows with max probability ~1 and 0.5, the first is drawn first
    // in most of 200 draws of one row.
    const LogitRows conf = {{0, 8}, {0, 0.0001F}, {9, 0}};
    IpetSetSizes oneOfClass1;
    oneOfClass1.examplesPerClass = {0, 1};
    int first = 0;
    pwb::data::SplitMix64 rng3(3);
    for (int i = 0; i < 200; ++i)
      first += drawIpetSet(0, {&conf, &conf}, {1, 1}, oneOfClass1, 0.25, rng3).poolIndex[0] == 0;
    QVERIFY(first > 110 && first < 160);  // p = 1 / (1 + 0.500025) = 0.667 -> about 133
  }

  void petPipelineStoresLinkedRunsAndIsDeterministic() {
    Files f;
    auto r = tinyPet(f);
    const auto a = runPet(r);
    QCOMPARE(int(a.status), int(RunStatus::Finished));
    QCOMPARE(a.seeds.size(), size_t(1));
    const auto& s = a.seeds[0];
    QCOMPARE(s.poolRows, size_t(10));  // 40 rows - 2 * 4 * 2 K-shot rows = 24, capped to 10
    QCOMPARE(s.generations.size(), size_t(1));
    QCOMPARE(s.generations[0].members.size(), size_t(2));
    QVERIFY(s.hasDistilled);
    pwb::store::RunStore st(f.db);
    QCOMPARE(st.listRuns().size(), size_t(3));
    const auto links = st.runLinks(std::stoll(s.distilledRunId), "teacher");
    QCOMPARE(links.size(), size_t(2));
    QCOMPARE(std::to_string(links[0].linkedRunId), s.generations[0].members[0].runId);
    const auto distilled = st.getRun(std::stoll(s.distilledRunId));
    QCOMPARE(distilled.method, std::string("fine-tune"));
    QCOMPARE(distilled.config["added_soft_targets"].get<int>(), 10);
    QVERIFY(distilled.results.contains("pet"));
    bool hasSoftLabels = false;
    for (const auto& art : st.listArtifacts(distilled.id))
      hasSoftLabels = hasSoftLabels || art.kind == "soft-labels";
    QVERIFY(hasSoftLabels);
    // The soft labels: one distribution per pool row, summing to 1; the same for a second job of the same
    // seed in another folder and project (deterministic per seed).
    const auto soft1 = pwb::readJsonFile(s.softLabelsPath);
    QCOMPARE(soft1["rows"].size(), size_t(10));
    for (const auto& row : soft1["rows"]) {
      const double sum = row["target"][0].get<double>() + row["target"][1].get<double>();
      QVERIFY(std::abs(sum - 1.0) < 1e-5);
    }
    Files g;
    auto r2 = tinyPet(g);
    const auto b = runPet(r2);
    const auto soft2 = pwb::readJsonFile(b.seeds[0].softLabelsPath);
    QCOMPARE(soft1["rows"], soft2["rows"]);
    QCOMPARE(b.seeds[0].distilledAccuracy, s.distilledAccuracy);
    // Another seed draws another pool.
    Files h;
    auto r3 = tinyPet(h);
    r3.base.seeds = {21};
    const auto c = runPet(r3);
    QVERIFY(pwb::readJsonFile(c.seeds[0].softLabelsPath)["rows"] != soft1["rows"]);
  }

  void cancelledJobReusesFinishedMembers() {
    Files f;
    auto r = tinyPet(f);
    std::atomic<bool> cancel{false};
    PetCallbacks cb;
    std::vector<std::string> firstRuns;
    cb.onMemberDone = [&](int64_t, const PetMember& m) {
      firstRuns.push_back(m.runId);
      cancel = true;  // stop after the first member, as a killed job would
    };
    const auto stopped = runPet(r, cb, &cancel);
    QCOMPARE(int(stopped.status), int(RunStatus::Cancelled));
    QCOMPARE(firstRuns.size(), size_t(1));
    size_t runsBefore = pwb::store::RunStore(f.db).listRuns().size();
    QCOMPARE(runsBefore, size_t(1));
    // Again: member 1 is reused (same run, no training), member 2 and the distillation run.
    std::vector<PetMember> second;
    PetCallbacks cb2;
    cb2.onMemberDone = [&](int64_t, const PetMember& m) { second.push_back(m); };
    int trainingSteps = 0;
    cb2.run.onProgress = [&](int, int, double, double, double) { ++trainingSteps; };
    const auto resumed = runPet(r, cb2);
    QCOMPARE(int(resumed.status), int(RunStatus::Finished));
    QCOMPARE(second.size(), size_t(2));
    QVERIFY(second[0].reused);
    QCOMPARE(second[0].runId, firstRuns[0]);
    QVERIFY(!second[1].reused);
    QCOMPARE(trainingSteps, 2 * 3);  // member 2 and the distillation only
    QCOMPARE(pwb::store::RunStore(f.db).listRuns().size(), size_t(3));
    // A third time: everything reused, nothing trained.
    trainingSteps = 0;
    second.clear();
    const auto again = runPet(r, cb2);
    QCOMPARE(trainingSteps, 0);
    QCOMPARE(again.seeds[0].distilledRunId, resumed.seeds[0].distilledRunId);
    // More generations in the same folder: generation 0 is reused, generation 1 and its distillation run.
    auto more = r;
    more.generations = 2;  // growth stays 5 (a setting of the folder): 8 * 5 - 8 = 32 new examples each
    trainingSteps = 0;
    const auto ipet = runPet(more, cb2);
    QCOMPARE(int(ipet.status), int(RunStatus::Finished));
    QVERIFY(ipet.seeds[0].generations[0].members[0].reused && ipet.seeds[0].generations[0].members[1].reused);
    QCOMPARE(trainingSteps, 3 * 3);  // two generation-1 members and the distillation
    QVERIFY(ipet.seeds[0].distilledRunId != resumed.seeds[0].distilledRunId);
    // Other settings in the same folder are refused, naming the setting.
    auto other = r;
    other.temperature = 3.0;
    QVERIFY(errorOf([&] { runPet(other); }).find("temperature") != std::string::npos);
  }

  void ipetGenerationsLinkToTheirLabellers() {
    Files f;
    auto r = tinyPet(f);
    r.generations = 2;
    r.growth = 2.0;  // |T| = 8: 8 new examples, 4 per class
    const auto res = runPet(r);
    QCOMPARE(int(res.status), int(RunStatus::Finished));
    const auto& s = res.seeds[0];
    QCOMPARE(s.generations.size(), size_t(2));
    pwb::store::RunStore st(f.db);
    for (const auto& m : s.generations[1].members) {
      // 4 per class that the labeller assigns any pool row to (an untrained tiny model may assign one class
      // only: then that class's 4).
      const auto set =
          pwb::readJsonFile(f.work + "/seed13/g1/pvp" + std::to_string(m.pvp) + "/ipet_set.json");
      std::map<std::string, int> perClass;
      for (const auto& row : set["rows"]) ++perClass[row["label"].get<std::string>()];
      for (const auto& [label, n] : perClass) QCOMPARE(n, 4);
      QCOMPARE(m.addedExamples, 4 * static_cast<int>(perClass.size()));
      QVERIFY(m.addedExamples > 0);
      QCOMPARE(m.labellerRunIds.size(), size_t(1));
      // Labelled by the other member of generation 0.
      const auto& other = s.generations[0].members[static_cast<size_t>(1 - m.pvp)];
      QCOMPARE(m.labellerRunIds[0], other.runId);
      const auto links = st.runLinks(std::stoll(m.runId), "teacher");
      QCOMPARE(links.size(), size_t(1));
      QCOMPARE(std::to_string(links[0].linkedRunId), other.runId);
      QCOMPARE(st.getRun(std::stoll(m.runId)).config["added_train_examples"].get<int>(), m.addedExamples);
    }
    // The classifier learns from generation 1.
    const auto links = st.runLinks(std::stoll(s.distilledRunId), "teacher");
    QCOMPARE(std::to_string(links[0].linkedRunId), s.generations[1].members[0].runId);
  }

  void badInputIsRefused() {
    Files f;
    auto r = tinyPet(f);
    r.verbalizers = {"0=bad;1=good", "1=good;2=bad"};
    QVERIFY(errorOf([&] { runPet(r); }).find("different label sets") != std::string::npos);
    // An empty pool file: a clear error naming it, before any member is lost.
    auto e = tinyPet(f);
    e.poolPath = f.dir.filePath("empty.txt").toStdString();
    std::ofstream(e.poolPath).close();
    QVERIFY(errorOf([&] { runPet(e); }).find("empty.txt") != std::string::npos);
    auto u = tinyPet(f);
    u.poolPath = f.dir.filePath("missing.txt").toStdString();
    QVERIFY(errorOf([&] { runPet(u); }).find("missing.txt") != std::string::npos);
    auto n = tinyPet(f);
    n.workDir.clear();
    QVERIFY(errorOf([&] { runPet(n); }).find("--output") != std::string::npos);
    auto i = tinyPet(f);
    i.verbalizers = {"0=bad;1=good"};
    i.templates = {"{s} it was [MASK] ."};
    i.generations = 2;
    QVERIFY(errorOf([&] { runPet(i); }).find("two pattern-verbalizer pairs") != std::string::npos);
    // Soft targets for a prompt method are refused by the request check.
    TrainRequest t;
    t.modelDir = "m";
    t.trainPath = "a";
    t.testPath = "b";
    AddedExample a;
    a.id = "x";
    a.label = "1";
    a.target = {0.5F, 0.5F};
    t.addedTrain = {a};
    QVERIFY(errorOf([&] { validateRequest(t); }).find("fine-tune method only") != std::string::npos);
    t.method = "fine-tune";
    t.addedTrain[0].target = {0.5F, 0.6F};
    QVERIFY(errorOf([&] { validateRequest(t); }).find("sum to") != std::string::npos);
  }

  void emptyPoolKeepsFinishedMembers() {
    Files f;
    auto r = tinyPet(f);
    r.poolPath = f.dir.filePath("pool.txt").toStdString();
    pwb::test::writeTinyBertData(r.poolPath, 12, 500);  // labelled: used as text only
    std::vector<std::string> notes;
    PetCallbacks cb;
    cb.run.onLog = [&](const std::string& s) { notes.push_back(s); };
    const auto first = runPet(r, cb);
    QCOMPARE(int(first.status), int(RunStatus::Finished));
    QCOMPARE(first.seeds[0].poolRows, size_t(10));
    bool noticed = false;
    for (const auto& n : notes)
      noticed = noticed || n.find("has labels: they are ignored") != std::string::npos;
    QVERIFY(noticed);
    // The pool file is emptied, the job run again: a clear error naming the file; the finished members and
    // the project are untouched.
    std::ofstream(r.poolPath, std::ios::trunc).close();
    const std::string err = errorOf([&] { runPet(r); });
    QVERIFY2(err.find("pool.txt") != std::string::npos && err.find("empty") != std::string::npos,
             err.c_str());
    QVERIFY(pwb::fileExists(f.work + "/seed13/g0/pvp0/member.json"));
    QVERIFY(pwb::fileExists(f.work + "/seed13/g0/pvp1/member.json"));
    QCOMPARE(pwb::store::RunStore(f.db).listRuns().size(), size_t(3));
  }
};

QTEST_GUILESS_MAIN(TestPet)
#include "test_pet.moc"
