// Prompt-based fine-tuning with demonstrations (LM-BFF) through the request API on the tiny-bert fixture:
// the run records its demonstration options and, per test prediction, the ids of each demonstration set
// (exactly the sampler's draws for that example); re-evaluating the saved state gives the same predictions,
// probabilities and demonstrations; the trainer asks for fresh demonstrations at every use of an example,
// numbered by its visit so the sequence does not depend on the batch size; similar sampling embeds once
// and records the embedding model; and the errors for inconsistent requests.
#include <torch/torch.h>  // before Qt: its `slots` macro breaks torch headers

#include <QTemporaryDir>
#include <QtTest>
#include <cstdlib>
#include <filesystem>
#include <map>

#include "common/error.h"
#include "data/dataset_import.h"
#include "data/demo_sampler.h"
#include "data/kshot_sampler.h"
#include "model/masked_lm.h"
#include "store/run_store.h"
#include "support/tiny_bert_data.h"
#include "tiny_task.h"
#include "train/method.h"
#include "train/method_registry.h"
#include "train/trainer.h"
#include "train/training.h"

using namespace pwb::train;

namespace {

const char* kDemoTemplate = "{s} it was [MASK] . [DEMOS] {s} it was [LABEL] . [/DEMOS]";

struct Files {
  QTemporaryDir dir;
  std::string train, test;
  Files() {
    train = dir.filePath("train.txt").toStdString();
    test = dir.filePath("test.txt").toStdString();
    pwb::test::writeTinyBertData(train, 40, 0);
    pwb::test::writeTinyBertData(test, 12, 1000);
  }
};

TrainRequest demoRequest(const Files& f) {
  TrainRequest r;
  r.modelDir = std::string(PWB_REFERENCE_DIR) + "/fixtures/tiny-bert";
  r.trainPath = f.train;
  r.testPath = f.test;
  r.templateText = kDemoTemplate;
  r.verbalizer = "0=bad;1=good";
  r.k = 4;
  r.seeds = {13};
  r.steps = 4;
  r.batchSize = 4;
  r.evalEvery = 2;
  r.lr = 1e-3;
  r.device = "cpu";
  r.threads = 1;
  r.maxLength = 64;
  r.demos.sampling = pwb::data::DemoSampling::Random;
  r.demos.sets = 3;
  return r;
}

std::string errorOf(const std::function<void()>& f) {
  try {
    f();
  } catch (const pwb::Error& e) {
    return e.what();
  }
  return "(no error)";
}

pwb::store::EvaluationRecord onlyEvaluation(const std::string& db) {
  pwb::store::RunStore store(db);
  const auto runs = store.listRuns();
  if (runs.size() != 1) throw std::runtime_error("expected one run");
  const auto evs = store.listEvaluations(runs[0].id);
  if (evs.size() != 1) throw std::runtime_error("expected one evaluation");
  return store.getEvaluation(evs[0].id);
}

}  // namespace

class TestTrainDemos : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void recordedAndReevaluatedIdentically() {
    Files f;
    auto r = demoRequest(f);
    r.dbPath = f.dir.filePath("runs.sqlite").toStdString();
    r.outputDir = f.dir.filePath("states").toStdString();
    const auto res = runTraining(r);
    QCOMPARE(res.status, RunStatus::Finished);
    QVERIFY(res.seeds[0].hasTestAccuracy);

    pwb::store::RunStore store(r.dbPath);
    const auto run = store.listRuns().at(0);
    QCOMPARE(run.config.at("demonstrations"), pwb::data::demoOptionsToJson(r.demos));
    const auto ev = onlyEvaluation(r.dbPath);
    QCOMPARE(ev.predictions.size(), size_t(12));
    QCOMPARE(ev.accuracy, res.seeds[0].testAccuracy);

    // Each prediction's demonstrations are the sampler's draws 0..2 for "test:<id>" from the seed's K-shot
    // training split: one per class, in class order, never from outside the split.
    const auto source = pwb::data::importDataset(f.train, {});
    const auto split = pwb::data::sampleKShot(source, 4, 13);
    const pwb::data::DemoSampler sampler(split.train, {"0", "1"}, r.demos, 13);
    for (const auto& p : ev.predictions) {
      QCOMPARE(p.demos.size(), size_t(3));
      for (size_t s = 0; s < 3; ++s) {
        QCOMPARE(p.demos[s], sampler.ids(sampler.draw("test:" + p.exampleId, s)));
        QCOMPARE(split.train.findById(p.demos[s][0])->label, std::string("0"));
        QCOMPARE(split.train.findById(p.demos[s][1])->label, std::string("1"));
      }
      QCOMPARE(p.probabilities.size(), size_t(2));
      QVERIFY(std::fabs(p.probabilities[0] + p.probabilities[1] - 1.0) < 1e-9);
    }

    // The saved state evaluated again (no steps, the same options): identical predictions, probabilities
    // and demonstrations.
    auto again = demoRequest(f);
    again.steps = 0;
    again.resumeFrom = res.seeds[0].statePath;
    again.dbPath = f.dir.filePath("again.sqlite").toStdString();
    const auto reeval = runTraining(again);
    QCOMPARE(reeval.seeds.at(0).testAccuracy, res.seeds[0].testAccuracy);
    const auto ev2 = onlyEvaluation(again.dbPath);
    QCOMPARE(ev2.predictions.size(), ev.predictions.size());
    for (size_t i = 0; i < ev.predictions.size(); ++i) {
      QCOMPARE(ev2.predictions[i].exampleId, ev.predictions[i].exampleId);
      QCOMPARE(ev2.predictions[i].predicted, ev.predictions[i].predicted);
      QCOMPARE(ev2.predictions[i].probabilities, ev.predictions[i].probabilities);
      QCOMPARE(ev2.predictions[i].demos, ev.predictions[i].demos);
    }
    // The state's own record names the options.
    QVERIFY(std::filesystem::exists(res.seeds[0].statePath + "/method.json"));
  }

  void averagingSetsIsTheMeanOfTheSetsLogits() {
    // predictScored with demonstration sets equals the mean of each set's logits scored alone.
    auto lm = pwb::model::MaskedLM::load(std::string(PWB_REFERENCE_DIR) + "/fixtures/tiny-bert");
    MethodContext ctx;
    ctx.model = lm.get();
    ctx.labelTokenIds = {{tinytask::kBad}, {tinytask::kGood}};
    ctx.numLabels = 2;
    auto method = findMethod("prompt-ft").create(ctx);
    auto examples = tinytask::examples(6, 0);
    std::vector<TaskExample> withSets;
    for (size_t i = 0; i < 3; ++i) {
      TaskExample e = examples[i];
      e.demoSets = {examples[i].prompt, examples[i + 3].prompt, examples[(i + 1) % 6].prompt};
      withSets.push_back(e);
    }
    const auto alone = predictScored(*method, examples, 64, tinytask::kPad, false);
    const auto averaged = predictScored(*method, withSets, 2, tinytask::kPad, false);  // 9 rows, batches of 2
    for (size_t i = 0; i < 3; ++i) {
      for (size_t c = 0; c < 2; ++c) {
        const double mean =
            (double(alone.logits[i][c]) + alone.logits[i + 3][c] + alone.logits[(i + 1) % 6][c]) / 3.0;
        QVERIFY2(std::fabs(averaged.logits[i][c] - mean) < 1e-5,
                 std::to_string(averaged.logits[i][c] - mean).c_str());
      }
      const double l0 = averaged.logits[i][0], l1 = averaged.logits[i][1];
      QVERIFY(std::fabs(averaged.probabilities[i][1] - 1.0 / (1.0 + std::exp(l0 - l1))) < 1e-6);
      QCOMPARE(averaged.predicted[i], l1 > l0 ? 1 : 0);
    }
  }

  void freshDemonstrationsEveryUseWhateverTheBatchSize() {
    // The trainer asks for each example's input at every use, numbered by its visit (epoch): batch 4 x 6
    // steps and batch 2 x 12 steps draw the same 24 (example, visit) pairs in the same order.
    auto lm = pwb::model::MaskedLM::load(std::string(PWB_REFERENCE_DIR) + "/fixtures/tiny-bert");
    auto pristine = std::vector<torch::Tensor>();
    for (auto& p : lm->parameters()) pristine.push_back(p.detach().clone());
    const auto train = tinytask::examples(10, 0);
    std::vector<std::vector<std::pair<size_t, uint64_t>>> calls(2);
    for (int variant = 0; variant < 2; ++variant) {
      {
        torch::NoGradGuard g;
        auto ps = lm->parameters();
        for (size_t i = 0; i < ps.size(); ++i) ps[i].copy_(pristine[i]);
      }
      MethodContext ctx;
      ctx.model = lm.get();
      ctx.labelTokenIds = {{tinytask::kBad}, {tinytask::kGood}};
      ctx.numLabels = 2;
      auto method = findMethod("prompt-ft").create(ctx);
      TrainerConfig cfg;
      cfg.batchSize = variant == 0 ? 4 : 2;
      cfg.steps = variant == 0 ? 6 : 12;
      cfg.evalEvery = 0;
      cfg.lr = 1e-4;
      cfg.seed = 5;
      cfg.padId = tinytask::kPad;
      cfg.trainInput = [&, variant](size_t i, uint64_t visit) {
        calls[static_cast<size_t>(variant)].emplace_back(i, visit);
        return train[i].prompt;
      };
      trainMethod(*lm, *method, train, {}, cfg, {}, nullptr);
    }
    QCOMPARE(calls[0].size(), size_t(24));
    QCOMPARE(calls[0], calls[1]);
    std::map<size_t, std::vector<uint64_t>> visits;
    for (const auto& [i, v] : calls[0]) visits[i].push_back(v);
    QCOMPARE(visits.size(), size_t(10));
    for (const auto& [i, v] : visits) {
      // 24 uses of 10 examples: 2 full epochs (visits 0, 1) and 4 examples of the third (visit 2).
      QVERIFY(v.size() == 2 || v.size() == 3);
      for (size_t k = 0; k < v.size(); ++k) QCOMPARE(v[k], uint64_t(k));
    }
  }

  void similarRecordsTheEmbeddingModelAndUsesTheCache() {
    Files f;
    const QByteArray cache = f.dir.filePath("cache").toUtf8();
    qputenv("PWB_CACHE_DIR", cache);
    auto r = demoRequest(f);
    r.demos.sampling = pwb::data::DemoSampling::Similar;
    r.dbPath = f.dir.filePath("runs.sqlite").toStdString();
    const auto res = runTraining(r);
    QCOMPARE(res.status, RunStatus::Finished);
    pwb::store::RunStore store(r.dbPath);
    const auto d = store.listRuns().at(0).config.at("demonstrations");
    QCOMPARE(d.at("sampling").get<std::string>(), std::string("similar"));
    QCOMPARE(d.at("embedding_model_used").get<std::string>(), r.modelDir);
    QVERIFY(d.at("embedding_identity").get<std::string>().find("bert;hidden=32") == 0);
    // test, pool and dev embedded: three cache files; a second run adds none.
    const auto count = [&] {
      int n = 0;
      for (const auto& e : std::filesystem::directory_iterator(cache.toStdString() + "/embeddings"))
        n += e.is_regular_file();
      return n;
    };
    QCOMPARE(count(), 3);
    auto second = r;
    second.dbPath = f.dir.filePath("second.sqlite").toStdString();
    const auto res2 = runTraining(second);
    QCOMPARE(count(), 3);
    QCOMPARE(res2.seeds[0].testAccuracy, res.seeds[0].testAccuracy);
    QCOMPARE(onlyEvaluation(second.dbPath).predictions.at(0).demos,
             onlyEvaluation(r.dbPath).predictions.at(0).demos);
    qunsetenv("PWB_CACHE_DIR");
  }

  void inconsistentRequestsAreErrors() {
    Files f;
    auto noSource = demoRequest(f);
    noSource.demos = {};
    QVERIFY2(errorOf([&] { runTraining(noSource); }).find("has demonstrations but no demonstration source") !=
                 std::string::npos,
             errorOf([&] { runTraining(noSource); }).c_str());
    auto noBlock = demoRequest(f);
    noBlock.templateText = "{s} it was [MASK] .";
    QVERIFY(errorOf([&] { runTraining(noBlock); }).find("need a template with a demonstration block") !=
            std::string::npos);
    auto fineTune = demoRequest(f);
    fineTune.method = "fine-tune";
    QVERIFY(errorOf([&] { runTraining(fineTune); }).find("the fine-tune method reads the plain sentence") !=
            std::string::npos);
    auto badSets = demoRequest(f);
    badSets.demos.sets = 0;
    QVERIFY(errorOf([&] { validateRequest(badSets); }).find("demonstration sets must be at least 1") !=
            std::string::npos);
    // K = 1: a class's only training example cannot be its own demonstration.
    auto one = demoRequest(f);
    one.k = 1;
    const std::string m = errorOf([&] { runTraining(one); });
    QVERIFY2(m.find("has no demonstration left for query example") != std::string::npos &&
                 m.find("its only training example is the query itself") != std::string::npos,
             m.c_str());
  }
};

QTEST_APPLESS_MAIN(TestTrainDemos)
#include "test_train_demos.moc"
