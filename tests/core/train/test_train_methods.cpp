// Each training method on the tiny-bert fixture and a fixed task: the loss falls, only the parameters the
// method owns change (frozen weights bit-identical), saving and loading its state gives identical outputs,
// loading it back from core/export's bundle of that state gives the same outputs too, the same seed gives
// the same loss sequence, and cancel stops at a step or during the dev evaluation.
#include <torch/torch.h>

#include <QTemporaryDir>
#include <QtTest>
#include <fstream>

#include "common/error.h"
#include "common/text_file.h"
#include "export/bundle.h"
#include "model/masked_lm.h"
#include "tiny_task.h"
#include "train/method.h"
#include "train/method_registry.h"
#include "train/method_state.h"
#include "train/methods/p_tuning/bilstm.h"
#include "train/trainer.h"
#include "train/trainer_state.h"

using namespace pwb::train;

namespace {

const std::string kTinyBert = std::string(PWB_REFERENCE_DIR) + "/fixtures/tiny-bert";

struct Setup {
  std::shared_ptr<pwb::model::MaskedLM> model;
  std::unique_ptr<Method> method;
  std::vector<TaskExample> train, dev;
};

MethodOptions optionsFor(const std::string& name) {
  MethodOptions o;
  o.numSoftTokens = 4;
  o.init = "random-uniform";
  o.encoderHiddenSize = 16;
  o.prefixLength = 4;
  if (name == "prompt-tuning") o.init = "label-words";
  return o;
}

Setup makeSetup(const std::string& name, uint64_t seed, MethodOptions options) {
  Setup s;
  s.model = pwb::model::MaskedLM::load(kTinyBert);
  torch::manual_seed(seed);
  MethodContext ctx;
  ctx.model = s.model.get();
  ctx.labelTokenIds = {{tinytask::kBad}, {tinytask::kGood}};
  ctx.numLabels = 2;
  ctx.options = options;
  ctx.maskTokenId = tinytask::kMask;
  ctx.unkTokenId = tinytask::kUnk;
  s.method = findMethod(name).create(ctx);
  s.train = tinytask::examples(16, 0);
  s.dev = tinytask::examples(8, 100);
  for (auto& ex : s.train) s.method->adaptInput(ex.prompt);
  for (auto& ex : s.dev) s.method->adaptInput(ex.prompt);
  return s;
}

TrainerConfig configFor(const std::string& name, int steps) {
  TrainerConfig c;
  c.steps = steps;
  c.batchSize = 8;
  c.evalEvery = 0;  // dev only at the end: keeps the last state comparable across methods
  c.seed = 7;
  c.lr = (name == "prompt-ft" || name == "fine-tune") ? 3e-3 : name == "p-tuning" ? 1e-2 : 1e-1;
  return c;
}

std::vector<torch::Tensor> copyOf(const std::vector<torch::Tensor>& ts) {
  std::vector<torch::Tensor> out;
  for (const auto& t : ts) out.push_back(t.detach().clone());
  return out;
}

double meanOf(const std::vector<float>& v, size_t from, size_t to) {
  double s = 0;
  for (size_t i = from; i < to; ++i) s += v[i];
  return s / static_cast<double>(to - from);
}

torch::Tensor evalLogits(Method& m, const std::vector<TaskExample>& exs) {
  std::vector<const EncodedInput*> in;
  std::vector<int> labels;
  for (const auto& e : exs) {
    in.push_back(m.usesPrompt() ? &e.prompt : &e.plain);
    labels.push_back(e.label);
  }
  torch::NoGradGuard g;
  m.train(false);
  return m.logits(collate(in, labels, tinytask::kPad, torch::kCPU));
}

double trainLoss(Method& m, const std::vector<TaskExample>& exs) {
  const auto logits = evalLogits(m, exs);
  std::vector<int64_t> labels;
  for (const auto& e : exs) labels.push_back(e.label);
  return torch::nn::functional::cross_entropy(logits, torch::tensor(labels)).item<double>();
}

}  // namespace

class TestTrainMethods : public QObject {
  Q_OBJECT

 private slots:
  void fusedAdamWMatchesLibtorch_data() {
    QTest::addColumn<QString>("method");
    for (const auto& n : methodNames()) QTest::newRow(n.c_str()) << QString::fromStdString(n);
  }
  // The trainer's fused AdamW pass (gradients dropped instead of zeroed, clipping folded into the update)
  // against LibTorch's zero_grad / clip_grad_norm_ / AdamW::step: the same losses and trained tensors up to
  // fp32 rounding, with weight decay (two parameter groups), warm-up, clipping and gradient accumulation.
  void fusedAdamWMatchesLibtorch() {
    QFETCH(QString, method);
    const std::string name = method.toStdString();
    std::vector<float> losses[2];
    std::vector<torch::Tensor> trained[2];
    for (int fused = 0; fused < 2; ++fused) {
      auto s = makeSetup(name, 5, optionsFor(name));
      auto cfg = configFor(name, 12);
      cfg.weightDecay = 0.01;
      cfg.warmupRatio = 0.25;
      cfg.gradAccum = 2;
      cfg.maxGradNorm = 0.05;  // small enough that clipping is active
      cfg.fusedAdamW = fused == 1;
      losses[fused] = trainMethod(*s.model, *s.method, s.train, {}, cfg, {}, nullptr).losses;
      trained[fused] = copyOf(trainableTensors(*s.model, *s.method));
    }
    QCOMPARE(losses[1].size(), size_t(12));
    QCOMPARE(losses[0].size(), losses[1].size());
    for (size_t i = 0; i < losses[0].size(); ++i) {
      if (std::abs(losses[0][i] - losses[1][i]) > 1e-4 * std::abs(losses[0][i]) + 1e-6)
        QFAIL(qPrintable(QString("step %1: loss %2 (LibTorch AdamW) vs %3 (fused)")
                             .arg(i + 1)
                             .arg(losses[0][i], 0, 'g', 9)
                             .arg(losses[1][i], 0, 'g', 9)));
    }
    QCOMPARE(trained[0].size(), trained[1].size());
    for (size_t i = 0; i < trained[0].size(); ++i)
      QVERIFY((trained[0][i] - trained[1][i]).abs().max().item<double>() <= 1e-4);
  }
  void methodTrains_data() {
    QTest::addColumn<QString>("method");
    for (const auto& n : methodNames()) QTest::newRow(n.c_str()) << QString::fromStdString(n);
  }

  // Loss falls; frozen model weights bit-identical for the frozen methods, changed for the others; the
  // method's own parameters change.
  void methodTrains() {
    QFETCH(QString, method);
    const std::string name = method.toStdString();
    auto s = makeSetup(name, 1, optionsFor(name));
    const auto modelBefore = copyOf(s.model->parameters());
    std::vector<torch::Tensor> ownBefore;
    for (auto& p : s.method->ownParameters()) ownBefore.push_back(p.second.detach().clone());
    // Through a frozen random 2-layer model the trained vectors reach about the best constant predictor
    // (loss ~ln 2 from ~0.78, the same after 200 steps as after 60): the bar for frozen methods is that fall.
    const bool frozen = !s.method->trainsModel();
    const int steps = 60;
    const double before = trainLoss(*s.method, s.train);
    const auto out = trainMethod(*s.model, *s.method, s.train, s.dev, configFor(name, steps), {}, nullptr);
    QCOMPARE(out.status, RunStatus::Finished);
    QCOMPARE(out.losses.size(), size_t(steps));
    const double after = trainLoss(*s.method, s.train);
    // Dropout-free loss on the training set, before and after; for the all-weights methods the logged
    // (dropout) losses fall too (for the frozen ones dropout noise is as large as the fall).
    QVERIFY2(after < (frozen ? 0.95 : 0.7) * before,
             qPrintable(QString("%1: loss %2 -> %3").arg(method).arg(before).arg(after)));
    if (!frozen) QVERIFY(meanOf(out.losses, steps - 10, steps) < meanOf(out.losses, 0, 10));

    const auto modelAfter = s.model->parameters();
    int changed = 0;
    for (size_t i = 0; i < modelAfter.size(); ++i) changed += !torch::equal(modelBefore[i], modelAfter[i]);
    if (s.method->trainsModel()) {
      QVERIFY2(changed > 0, "an all-weights method left the model unchanged");
    } else {
      QCOMPARE(changed, 0);  // frozen: every model tensor bit-identical
    }
    const auto own = s.method->ownParameters();
    QCOMPARE(own.size(), ownBefore.size());
    for (size_t i = 0; i < own.size(); ++i) {
      QVERIFY2(!torch::equal(own[i].second, ownBefore[i]), own[i].first.c_str());
    }
    if (name == "prompt-ft") QVERIFY(own.empty());
    if (name == "prompt-tuning") QCOMPARE(own.front().second.sizes().vec(), (std::vector<int64_t>{4, 32}));
    if (name == "p-tuning-v2")
      QCOMPARE(own.front().second.sizes().vec(), (std::vector<int64_t>{4, 2 * 2 * 32}));
  }

  void saveAndLoadGiveIdenticalOutputs_data() { methodTrains_data(); }

  void saveAndLoadGiveIdenticalOutputs() {
    QFETCH(QString, method);
    const std::string name = method.toStdString();
    auto s = makeSetup(name, 2, optionsFor(name));
    trainMethod(*s.model, *s.method, s.train, s.dev, configFor(name, 5), {}, nullptr);
    const auto before = evalLogits(*s.method, s.dev);
    QTemporaryDir dir;
    saveMethodState(dir.path().toStdString(), *s.method, *s.model,
                    {{"seed", 2},
                     {"template", "{s} it was [MASK] ."},
                     {"verbalizer", "0=bad;1=good"},
                     {"model_dir", kTinyBert}});
    QCOMPARE(QFile::exists(dir.filePath("model.safetensors")), s.method->trainsModel());
    QCOMPARE(readStateInfo(dir.path().toStdString())["method"].get<std::string>(), name);

    auto fresh = makeSetup(name, 99, optionsFor(name));  // other random init, pristine model
    QVERIFY(!torch::equal(evalLogits(*fresh.method, s.dev), before));
    const auto loaded = loadMethodState(dir.path().toStdString(), *fresh.method, *fresh.model);
    QCOMPARE(loaded.kind, std::string("state"));
    QVERIFY(torch::equal(evalLogits(*fresh.method, s.dev), before));

    // The same state exported as a bundle (core/export) resumes to the same outputs.
    QTemporaryDir bundleDir;
    pwb::exporting::BundleRequest br;
    br.stateDir = dir.path().toStdString();
    pwb::exporting::writeBundle(br, bundleDir.path().toStdString());
    QVERIFY(!QFile::exists(bundleDir.filePath("method.json")));
    QVERIFY(isBundleFolder(bundleDir.path().toStdString()));
    auto fromBundle = makeSetup(name, 98, optionsFor(name));
    const auto b = loadMethodState(bundleDir.path().toStdString(), *fromBundle.method, *fromBundle.model);
    QCOMPARE(b.kind, std::string("bundle"));
    QCOMPARE(b.templateText, std::string("{s} it was [MASK] ."));
    QVERIFY(torch::equal(evalLogits(*fromBundle.method, s.dev), before));
    QCOMPARE(b.notices.size(), size_t(1));  // weights only: no optimizer state in either folder
    QVERIFY(b.notices[0].find("optimizer state") != std::string::npos);
    const auto modelNow = fromBundle.model->parameters(), modelSaved = s.model->parameters();
    for (size_t i = 0; i < modelNow.size(); ++i) QVERIFY(torch::equal(modelNow[i], modelSaved[i]));
  }

  // A bundle that cannot be resumed says why, naming the file: another method, another model, the model
  // weights of an all-weights method missing, settings that do not fit the tensors.
  void bundleMismatchesAreErrors() {
    auto s = makeSetup("prompt-ft", 2, optionsFor("prompt-ft"));
    QTemporaryDir dir, bundleDir;
    saveMethodState(
        dir.path().toStdString(), *s.method, *s.model,
        {{"template", "{s} it was [MASK] ."}, {"verbalizer", "0=bad;1=good"}, {"model_dir", kTinyBert}});
    pwb::exporting::BundleRequest br;
    br.stateDir = dir.path().toStdString();
    pwb::exporting::writeBundle(br, bundleDir.path().toStdString());
    const std::string bundle = bundleDir.path().toStdString();
    auto errorOf = [&](Method& m, pwb::model::MaskedLM& model) -> std::string {
      try {
        loadMethodState(bundle, m, model);
      } catch (const pwb::Error& e) {
        return e.what();
      }
      return "";
    };
    auto other = makeSetup("fine-tune", 2, optionsFor("fine-tune"));
    QVERIFY2(errorOf(*other.method, *other.model).find("saved by method 'prompt-ft'") != std::string::npos,
             errorOf(*other.method, *other.model).c_str());

    const std::string info = bundleDir.filePath("prompt.json").toStdString();
    auto j = pwb::readJsonFile(info);
    j["model"]["config_hash"] = "0123456789abcdef";
    std::ofstream(info, std::ios::trunc) << j.dump();
    auto fresh = makeSetup("prompt-ft", 3, optionsFor("prompt-ft"));
    std::string e = errorOf(*fresh.method, *fresh.model);
    QVERIFY2(e.find("another model") != std::string::npos && e.find("prompt.json") != std::string::npos,
             e.c_str());

    pwb::exporting::writeBundle(br, bundle);  // restore prompt.json
    QVERIFY(QFile::remove(bundleDir.filePath("model.safetensors")));
    e = errorOf(*fresh.method, *fresh.model);
    QVERIFY2(e.find("model.safetensors") != std::string::npos, e.c_str());

    // p-tuning saved with an LSTM encoder, loaded into an MLP one: the settings are in the message.
    auto lstm = makeSetup("p-tuning", 2, optionsFor("p-tuning"));
    QTemporaryDir ptDir, ptBundle;
    saveMethodState(
        ptDir.path().toStdString(), *lstm.method, *lstm.model,
        {{"template", "{s} it was [MASK] ."}, {"verbalizer", "0=bad;1=good"}, {"model_dir", kTinyBert}});
    br.stateDir = ptDir.path().toStdString();
    pwb::exporting::writeBundle(br, ptBundle.path().toStdString());
    auto mlpOptions = optionsFor("p-tuning");
    mlpOptions.encoder = "mlp";
    auto mlp = makeSetup("p-tuning", 2, mlpOptions);
    try {
      loadMethodState(ptBundle.path().toStdString(), *mlp.method, *mlp.model);
      QFAIL("an LSTM encoder's tensors must not load into an MLP encoder");
    } catch (const pwb::Error& err) {
      const std::string m = err.what();
      QVERIFY2(m.find("prompt.safetensors") != std::string::npos && m.find("\"LSTM\"") != std::string::npos,
               m.c_str());
    }
  }

  void pTuningSavesEncoderAndItsOutput() {
    auto s = makeSetup("p-tuning", 3, optionsFor("p-tuning"));
    std::map<std::string, torch::Tensor> state;
    for (auto& [k, v] : s.method->stateTensors()) state[k] = v;
    QVERIFY(state.count("prompt_embeddings"));
    QCOMPARE(state["prompt_embeddings"].sizes().vec(), (std::vector<int64_t>{4, 32}));
    QVERIFY(state.count("encoder.embedding.weight"));
    QVERIFY(state.count("encoder.lstm_head.weight_ih_l0_reverse"));
    QVERIFY(state.count("encoder.mlp_head.2.weight"));
  }

  // The prompt encoder's own LSTM recurrence (bilstm.cpp) gives torch::nn::LSTM's outputs and the same
  // gradients for the input and every weight (2 layers, bidirectional, as PEFT's encoder).
  void pTuningLstmMatchesLibtorch() {
    torch::manual_seed(5);
    torch::nn::LSTM lstm(torch::nn::LSTMOptions(12, 7).num_layers(2).bidirectional(true).batch_first(true));
    auto x = torch::randn({6, 12}, torch::requires_grad());
    const auto gOut = torch::randn({6, 14});
    auto grads = [&](const torch::Tensor& out) {
      x.mutable_grad() = torch::Tensor();
      for (auto& p : lstm->parameters()) p.mutable_grad() = torch::Tensor();
      (out * gOut).sum().backward();
      std::vector<torch::Tensor> g{out.detach(), x.grad().clone()};
      for (auto& p : lstm->parameters()) g.push_back(p.grad().clone());
      return g;
    };
    const auto ref = grads(std::get<0>(lstm->forward(x.unsqueeze(0))).squeeze(0));
    QVERIFY(methods::bidirectionalLstmApplies(lstm, x));
    const auto got = grads(methods::bidirectionalLstm(lstm, x));
    QCOMPARE(got.size(), size_t(2 + 16));
    for (size_t i = 0; i < got.size(); ++i) {
      QVERIFY2(ref[i].abs().sum().item<double>() > 0, std::to_string(i).c_str());
      const double diff = (got[i] - ref[i]).abs().max().item<double>();
      QVERIFY2(diff < 1e-5, (std::to_string(i) + ": " + std::to_string(diff)).c_str());
    }
    QVERIFY(!methods::bidirectionalLstmApplies(lstm, x.to(torch::kDouble)));
  }

  void sameSeedSameLosses() {
    std::vector<float> runs[2];
    for (auto& losses : runs) {
      auto s = makeSetup("prompt-ft", 5, optionsFor("prompt-ft"));
      auto cfg = configFor("prompt-ft", 8);
      cfg.evalEvery = 4;
      losses = trainMethod(*s.model, *s.method, s.train, s.dev, cfg, {}, nullptr).losses;
    }
    QCOMPARE(runs[0].size(), size_t(8));
    QVERIFY(runs[0] == runs[1]);  // bit-identical, dropout included
  }

  void cancelStopsAtAStep() {
    auto s = makeSetup("prompt-tuning", 6, optionsFor("prompt-tuning"));
    std::atomic<bool> cancel{false};
    TrainCallbacks cb;
    int seenSteps = 0;
    cb.onProgress = [&](int step, int total, double, double, double) {
      seenSteps = step;
      QCOMPARE(total, 100);
      if (step == 3) cancel = true;
    };
    const auto out =
        trainMethod(*s.model, *s.method, s.train, s.dev, configFor("prompt-tuning", 100), cb, &cancel);
    QCOMPARE(out.status, RunStatus::Cancelled);
    QCOMPARE(out.stepsDone, 3);
    QCOMPARE(seenSteps, 3);
    QCOMPARE(out.losses.size(), size_t(3));
  }

  // Cancel that arrives on an evaluation step stops inside the dev evaluation (before its first batch):
  // the run ends cancelled with the steps it did, and the kept state is the last one (none evaluated).
  void cancelDuringDevEvaluation() {
    auto s = makeSetup("p-tuning-v2", 6, optionsFor("p-tuning-v2"));
    std::atomic<bool> cancel{false};
    TrainCallbacks cb;
    int evals = 0;
    cb.onProgress = [&](int step, int, double, double, double) {
      if (step == 4) cancel = true;  // step 4 is an evaluation step
    };
    cb.onEval = [&](int, double) { ++evals; };
    auto cfg = configFor("p-tuning-v2", 100);
    cfg.evalEvery = 2;
    cfg.evalBatchSize = 2;
    const auto out = trainMethod(*s.model, *s.method, s.train, s.dev, cfg, cb, &cancel);
    QCOMPARE(out.status, RunStatus::Cancelled);
    QCOMPARE(out.stepsDone, 4);
    QCOMPARE(evals, 1);  // step 2's evaluation; step 4's was cut
    QCOMPARE(out.devCurve.size(), size_t(1));
    QVERIFY2(out.message.find("dev evaluation at step 4") != std::string::npos, out.message.c_str());
    // predict() itself: an empty result when cancelled, all predictions when not.
    QVERIFY(predict(*s.method, s.dev, 2, tinytask::kPad, false, &cancel).empty());
    cancel = false;
    QCOMPARE(predict(*s.method, s.dev, 2, tinytask::kPad, false, &cancel).size(), s.dev.size());
  }

  void nanLossStopsWithMessage() {
    auto s = makeSetup("prompt-tuning", 8, optionsFor("prompt-tuning"));
    {
      torch::NoGradGuard g;
      s.method->ownParameters().front().second.fill_(std::numeric_limits<float>::quiet_NaN());
    }
    const auto out =
        trainMethod(*s.model, *s.method, s.train, s.dev, configFor("prompt-tuning", 10), {}, nullptr);
    QCOMPARE(out.status, RunStatus::Failed);
    QVERIFY2(out.message.find("NaN at step 1") != std::string::npos, out.message.c_str());
  }

  // Full resume: a run stopped after step 3 of 8, its weights and trainer state saved to a folder and
  // loaded into a freshly built method (other random init, torch's generator elsewhere), continues exactly
  // as the run that never stopped: the same losses, dev curve, best step and final weights, bit for bit.
  void stoppedAndResumedEqualsUninterrupted_data() {
    QTest::addColumn<QString>("method");
    QTest::addColumn<QString>("head");
    for (const auto& n : methodNames()) QTest::newRow(n.c_str()) << QString::fromStdString(n) << "verbalizer";
    QTest::newRow("p-tuning-v2 cls") << "p-tuning-v2"
                                     << "cls";
  }
  void stoppedAndResumedEqualsUninterrupted() {
    QFETCH(QString, method);
    QFETCH(QString, head);
    const std::string name = method.toStdString();
    auto options = optionsFor(name);
    options.head = head.toStdString();
    auto cfg = configFor(name, 8);
    cfg.evalEvery = 2;  // a best-dev snapshot exists at the stop
    cfg.warmupRatio = 0.25;
    cfg.batchSize = 5;  // batches span the 16-example epochs

    auto full = makeSetup(name, 11, options);
    const auto whole = trainMethod(*full.model, *full.method, full.train, full.dev, cfg, {}, nullptr);
    QCOMPARE(whole.status, RunStatus::Finished);

    auto first = makeSetup(name, 11, options);
    auto stopCfg = cfg;
    stopCfg.stopAfterStep = 3;
    const auto part = trainMethod(*first.model, *first.method, first.train, first.dev, stopCfg, {}, nullptr);
    QCOMPARE(part.status, RunStatus::Cancelled);
    QCOMPARE(part.stepsDone, 3);
    QVERIFY(part.resumable);
    QTemporaryDir dir;
    saveMethodState(dir.path().toStdString(), *first.method, *first.model);
    saveTrainerState(dir.path().toStdString(), *part.resumable);

    auto second = makeSetup(name, 12345, options);  // other initialisation; pristine model
    torch::manual_seed(999);                        // the generator elsewhere too
    const auto loaded = loadMethodState(dir.path().toStdString(), *second.method, *second.model);
    QVERIFY(loaded.notices.at(0).find("continues where it stopped") != std::string::npos);
    auto resumeCfg = cfg;
    resumeCfg.resume = std::make_shared<TrainerState>(loadTrainerState(dir.path().toStdString()));
    const auto rest =
        trainMethod(*second.model, *second.method, second.train, second.dev, resumeCfg, {}, nullptr);
    QCOMPARE(rest.status, RunStatus::Finished);
    QCOMPARE(rest.losses.size(), size_t(8));
    QVERIFY(rest.losses == whole.losses);  // bit for bit, dropout included
    QCOMPARE(rest.devCurve, whole.devCurve);
    QCOMPARE(rest.bestStep, whole.bestStep);
    QCOMPARE(rest.bestDevAccuracy, whole.bestDevAccuracy);
    QCOMPARE(rest.stepsDone, 8);
    const auto a = trainableTensors(*full.model, *full.method),
               b = trainableTensors(*second.model, *second.method);
    QCOMPARE(a.size(), b.size());
    for (size_t i = 0; i < a.size(); ++i) QVERIFY(torch::equal(a[i], b[i]));
    QVERIFY(torch::equal(evalLogits(*full.method, full.dev), evalLogits(*second.method, second.dev)));

    // Without the trainer state (weights only) the continuation differs: the state is what makes it exact.
    auto third = makeSetup(name, 12345, options);
    loadMethodState(dir.path().toStdString(), *third.method, *third.model);
    auto warm = cfg;
    warm.steps = 5;
    const auto warmOut = trainMethod(*third.model, *third.method, third.train, third.dev, warm, {}, nullptr);
    QVERIFY(std::vector<float>(whole.losses.begin() + 3, whole.losses.end()) != warmOut.losses);
  }

  // A resumed run with other settings than the stopped one is refused, naming the setting.
  void resumeWithOtherSettingsIsAnError() {
    auto s = makeSetup("prompt-tuning", 3, optionsFor("prompt-tuning"));
    auto cfg = configFor("prompt-tuning", 6);
    cfg.stopAfterStep = 2;
    auto part = trainMethod(*s.model, *s.method, s.train, s.dev, cfg, {}, nullptr);
    QVERIFY(part.resumable);
    cfg.stopAfterStep = 0;
    cfg.resume = part.resumable;
    cfg.lr *= 2;
    try {
      trainMethod(*s.model, *s.method, s.train, s.dev, cfg, {}, nullptr);
      QFAIL("resumed with another learning rate");
    } catch (const pwb::Error& e) {
      QVERIFY2(std::string(e.what()).find("learning rate") != std::string::npos, e.what());
    }
    // A damaged trainer.json is an error naming the file and key.
    QTemporaryDir dir;
    saveTrainerState(dir.path().toStdString(), *part.resumable);
    auto info = pwb::readJsonFile(dir.filePath("trainer.json").toStdString());
    info["batch_order"]["order"][0] = 15;
    info["batch_order"]["order"][1] = 15;
    std::ofstream(dir.filePath("trainer.json").toStdString()) << info.dump();
    const auto bad = std::make_shared<TrainerState>(loadTrainerState(dir.path().toStdString()));
    cfg.lr /= 2;
    cfg.resume = bad;
    QVERIFY_EXCEPTION_THROWN(trainMethod(*s.model, *s.method, s.train, s.dev, cfg, {}, nullptr), pwb::Error);
    info["losses"] = nlohmann::json::array();
    std::ofstream(dir.filePath("trainer.json").toStdString()) << info.dump();
    try {
      loadTrainerState(dir.path().toStdString());
      QFAIL("a state without its losses loaded");
    } catch (const pwb::Error& e) {
      QVERIFY2(std::string(e.what()).find("trainer.json") != std::string::npos, e.what());
      QVERIFY2(std::string(e.what()).find("losses") != std::string::npos, e.what());
    }
  }

  void bestDevStateIsRestored() {
    auto s = makeSetup("fine-tune", 4, optionsFor("fine-tune"));
    auto cfg = configFor("fine-tune", 12);
    cfg.evalEvery = 3;
    const auto out = trainMethod(*s.model, *s.method, s.train, s.dev, cfg, {}, nullptr);
    QCOMPARE(out.devCurve.size(), size_t(4));
    double best = -1;
    for (const auto& [step, acc] : out.devCurve) best = std::max(best, acc);
    QCOMPARE(out.bestDevAccuracy, best);
    const auto preds = predict(*s.method, s.dev, 64, tinytask::kPad, false);
    QCOMPARE(accuracyOf(preds, s.dev), best);  // the kept checkpoint is the one in the model now
  }
};

QTEST_GUILESS_MAIN(TestTrainMethods)
#include "test_train_methods.moc"
