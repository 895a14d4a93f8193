// The CUDA paths, run on a machine with a CUDA GPU (packaging/gpu/gpu_check.sh); every case skips with its
// reason where CUDA is absent. On CUDA:
//   - every fixture (tiny-bert, tiny-bert-legacy, tiny-roberta) gives the CPU's logits to 1e-4 (every
//     position of every reference case and the padded batch) and the transformers reference's too;
//   - bf16 inference stays within kBf16Bound of fp32 (stated below) and predicts the same top token at
//     every reference mask;
//   - `pwb eval --prompt ADAPTER` (exporting::evaluateWithPrompt) on CUDA gives the real PEFT library's
//     logits to 1e-4 for all four adapter kinds;
//   - MaskedLM::encodeRows gives the CPU's rows and encode()'s, forward and (training mode) backward;
//   - one training step of every method runs on CUDA, keeps its tensors there and changes what it trains;
//   - an out-of-memory error from the device becomes our one-line message with the batch size to try.
#include <torch/torch.h>

#include <QTemporaryDir>
#include <QtTest>
#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>

#include "common/error.h"
#include "common/text_file.h"
#include "core/train/tiny_task.h"
#include "export/prompt_eval.h"
#include "model/masked_lm.h"
#include "model/padded_batch.h"
#include "support/reference_tensors.h"
#include "tokenize/tokenizer.h"
#include "train/method.h"
#include "train/method_registry.h"
#include "train/trainer.h"

using pwb::model::EncoderInput;
using pwb::model::MaskedLM;

namespace {

const std::string kFixtures = std::string(PWB_REFERENCE_DIR) + "/fixtures/";
constexpr double kTol = 1e-4;
// bf16 keeps 8 bits of mantissa (relative step 2^-8 ~ 0.4 %); through two layers and the MLM head the
// logits of the fixtures move by a few steps of that. Bound: |bf16 - fp32| <= 0.02 * (1 + max |fp32|).
constexpr double kBf16Bound = 0.02;

#define SKIP_WITHOUT_CUDA()                                                                          \
  do {                                                                                               \
    if (!torch::cuda::is_available())                                                                \
      QSKIP("CUDA is not available (no GPU visible or a CPU-only LibTorch): CUDA paths not tested"); \
  } while (0)

using pwb::test::floatRows;
using pwb::test::longRow;
using pwb::test::maxDiff;

std::shared_ptr<MaskedLM> load(const std::string& name, const std::string& device, bool bf16 = false) {
  pwb::model::LoadOptions o;
  o.device = device;
  o.bf16 = bf16;
  return MaskedLM::load(kFixtures + name, o);
}

// Full-vocabulary logits at every position of one reference case: [T, V] fp32.
torch::Tensor allLogits(MaskedLM& m, const nlohmann::json& c) {
  torch::NoGradGuard ng;
  EncoderInput in;
  in.inputIds = longRow(c.at("input_ids"));
  if (!c.at("token_type_ids").is_null()) in.tokenTypeIds = longRow(c.at("token_type_ids"));
  return m.mlmLogits(m.encode(in)[0]);
}

// The reference's padded batch, rebuilt through the one padding routine.
EncoderInput paddedBatch(const nlohmann::json& pb, std::vector<std::vector<int64_t>>& ids,
                         std::vector<std::vector<int64_t>>& types, int64_t padId) {
  for (size_t b = 0; b < pb.at("input_ids").size(); ++b) {
    std::vector<int64_t> row, type;
    for (size_t t = 0; t < pb.at("input_ids")[b].size(); ++t) {
      if (pb.at("attention_mask")[b][t].get<int>() == 0) break;
      row.push_back(pb.at("input_ids")[b][t].get<int64_t>());
      type.push_back(pb.at("token_type_ids").is_null() ? 0 : pb.at("token_type_ids")[b][t].get<int64_t>());
    }
    ids.push_back(row);
    types.push_back(type);
  }
  pwb::model::TokenRows r, ty;
  for (size_t i = 0; i < ids.size(); ++i) {
    r.push_back(&ids[i]);
    ty.push_back(&types[i]);
  }
  return pwb::model::padBatch(r, padId, ty);
}

}  // namespace

class TestCudaPaths : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void initTestCase() { pwb::model::setComputeThreads(4); }

  void fixtures_data() {
    QTest::addColumn<QString>("model");
    for (const char* m : {"tiny-bert", "tiny-bert-legacy", "tiny-roberta"}) QTest::newRow(m) << QString(m);
  }

  void logitsEqualCpu_data() { fixtures_data(); }
  void logitsEqualCpu() {
    SKIP_WITHOUT_CUDA();
    QFETCH(QString, model);
    const std::string name = model.toStdString();
    const auto ref = pwb::readJsonFile(kFixtures + name + "/reference.json");
    auto cpu = load(name, "cpu"), cuda = load(name, "cuda");
    QCOMPARE(cuda->device().type(), torch::kCUDA);
    for (const auto& c : ref.at("cases")) {
      const auto a = allLogits(*cpu, c), b = allLogits(*cuda, c);
      QCOMPARE(b.device().type(), torch::kCUDA);
      QVERIFY2(maxDiff(a, b) < kTol, qPrintable(model + ": " + QString::number(maxDiff(a, b))));
      const auto pos = c.at("mask_positions").get<std::vector<int64_t>>();
      for (size_t k = 0; k < pos.size(); ++k) {
        const auto expected = torch::tensor(c.at("mask_logits")[k].get<std::vector<float>>());
        QVERIFY(maxDiff(b[pos[k]], expected) < kTol);
      }
    }
    std::vector<std::vector<int64_t>> ids, types;
    const auto in = paddedBatch(ref.at("padded_batch"), ids, types, cpu->config().padTokenId);
    torch::NoGradGuard ng;
    const auto first = cuda->mlmLogits(cuda->encode(in).select(1, 0));
    QVERIFY(maxDiff(first, floatRows(ref.at("padded_batch").at("first_token_logits"))) < kTol);
  }

  // MaskedLM::encodeRows (packed tokens, last layer for chosen rows; issue 20) on CUDA: the rows of the CPU
  // and of encode() on the padded batch, with the row and token indices handed over on the host, and in
  // training mode (torch's CUDA dropout) its output stays on the GPU with gradients to a prefix.
  void encodeRowsOnCuda_data() { fixtures_data(); }
  void encodeRowsOnCuda() {
    SKIP_WITHOUT_CUDA();
    QFETCH(QString, model);
    const std::string name = model.toStdString();
    const auto ref = pwb::readJsonFile(kFixtures + name + "/reference.json");
    auto cpu = load(name, "cpu"), cuda = load(name, "cuda");
    std::vector<std::vector<int64_t>> ids, types;
    auto in = paddedBatch(ref.at("padded_batch"), ids, types, cpu->config().padTokenId);
    const int64_t B = in.inputIds.size(0);
    const auto b = torch::arange(B), p = torch::full({B}, 2, torch::kLong);
    {
      torch::NoGradGuard ng;
      const auto onCpu = cpu->encodeRows(in, b, p);
      in.tokenIndex = in.attentionMask.reshape({-1}).nonzero().reshape({-1});
      const auto onGpu = cuda->encodeRows(in, b, p);
      QCOMPARE(onGpu.device().type(), torch::kCUDA);
      QVERIFY(maxDiff(onCpu, onGpu) < kTol);
      QVERIFY(maxDiff(onGpu, pwb::model::MaskedLM::gatherPositions(cuda->encode(in), b, p)) < kTol);
    }
    const auto& c = cuda->config();
    auto prefix = torch::randn({1, c.numHeads, 2, c.headDim()}, torch::TensorOptions().device(torch::kCUDA))
                      .set_requires_grad(true);
    for (int64_t l = 0; l < c.numLayers; ++l) in.prefixKeyValues.push_back({prefix, prefix});
    cuda->train();
    const auto h = cuda->encodeRows(in, b, p);
    cuda->eval();
    QCOMPARE(h.device().type(), torch::kCUDA);
    h.pow(2).sum().backward();
    QVERIFY(prefix.grad().defined() && prefix.grad().is_cuda());
    QVERIFY(prefix.grad().abs().sum().item<double>() > 0);
    for (auto& w : cuda->parameters()) w.mutable_grad() = torch::Tensor();
  }

  void bf16WithinBound_data() { fixtures_data(); }
  void bf16WithinBound() {
    SKIP_WITHOUT_CUDA();
    QFETCH(QString, model);
    const std::string name = model.toStdString();
    const auto ref = pwb::readJsonFile(kFixtures + name + "/reference.json");
    auto fp32 = load(name, "cuda"), bf16 = load(name, "cuda", true);
    QCOMPARE(bf16->dtype(), torch::kBFloat16);
    for (const auto& c : ref.at("cases")) {
      const auto a = allLogits(*fp32, c), b = allLogits(*bf16, c);
      QCOMPARE(b.scalar_type(), torch::kFloat);  // logits come back in fp32
      const double bound = kBf16Bound * (1 + a.abs().max().item<double>());
      QVERIFY2(maxDiff(a, b) <= bound,
               qPrintable(model + QString(": bf16 differs by %1 > %2").arg(maxDiff(a, b)).arg(bound)));
      for (const int64_t p : c.at("mask_positions").get<std::vector<int64_t>>())
        QCOMPARE(a[p].argmax().item<int64_t>(), b[p].argmax().item<int64_t>());
    }
  }

  // `pwb eval --prompt ADAPTER --device cuda` (issue 13, defect 1): PEFT's own logits at the mask.
  void promptEvalMatchesPeft_data() {
    QTest::addColumn<QString>("adapter");
    for (const char* a : {"prompt-tuning", "p-tuning-mlp", "p-tuning-lstm", "prefix-tuning"})
      QTest::newRow(a) << QString(a);
  }
  void promptEvalMatchesPeft() {
    SKIP_WITHOUT_CUDA();
    QFETCH(QString, adapter);
    QTemporaryDir dir;
    const std::string data = dir.filePath("data.txt").toStdString();
    std::ofstream(data) << "1 i like the disney films very much .\n0 a film .\n";
    pwb::exporting::PromptEvalRequest r;
    r.promptDir = kFixtures + "peft/" + adapter.toStdString();
    r.modelDir = kFixtures + "tiny-bert";
    r.dataPath = data;
    r.dataFormat = "label-space";
    r.templateText = "{s} it was [MASK] .";
    r.verbalizer = "0=terrible;1=great";
    r.device = "cuda";
    r.options.calibration = pwb::eval::Calibration::ContentFree;
    r.options.topK = 3;
    const auto cell = pwb::exporting::evaluateWithPrompt(r);
    const auto ref = pwb::readJsonFile(kFixtures + "peft/reference.json").at(adapter.toStdString());
    const auto lp = torch::log_softmax(torch::tensor(ref.at("mask_logits")[0].get<std::vector<double>>()), 0);
    const auto tok = pwb::tokenize::loadTokenizer(r.modelDir);
    QVERIFY(std::abs(cell.examples[0].scores[0] - lp[tok->tokenToId("terrible")].item<double>()) < kTol);
    QVERIFY(std::abs(cell.examples[0].scores[1] - lp[tok->tokenToId("great")].item<double>()) < kTol);
    QCOMPARE(cell.prior.size(), size_t(2));
    QCOMPARE(cell.examples[0].maskTop.size(), size_t(3));
    QCOMPARE(cell.examples[0].maskTop[0].id, lp.argmax().item<int64_t>());
  }

  void oneTrainingStepPerMethod_data() {
    QTest::addColumn<QString>("method");
    for (const auto& n : pwb::train::methodNames()) QTest::newRow(n.c_str()) << QString::fromStdString(n);
  }
  void oneTrainingStepPerMethod() {
    SKIP_WITHOUT_CUDA();
    QFETCH(QString, method);
    using namespace pwb::train;
    auto model = load("tiny-bert", "cuda");
    torch::manual_seed(1);
    MethodContext ctx;
    ctx.model = model.get();
    ctx.labelTokenIds = {{tinytask::kBad}, {tinytask::kGood}};
    ctx.numLabels = 2;
    ctx.options.numSoftTokens = 4;
    ctx.options.init = "random-uniform";
    ctx.options.encoderHiddenSize = 16;
    ctx.options.prefixLength = 4;
    ctx.maskTokenId = tinytask::kMask;
    ctx.unkTokenId = tinytask::kUnk;
    auto m = findMethod(method.toStdString()).create(ctx);
    auto train = tinytask::examples(8, 0), dev = tinytask::examples(4, 100);
    for (auto& ex : train) m->adaptInput(ex.prompt);
    for (auto& ex : dev) m->adaptInput(ex.prompt);
    QCOMPARE(m->deviceForInputs().type(), torch::kCUDA);
    std::vector<torch::Tensor> before;
    for (auto& t : trainableTensors(*model, *m)) {
      QVERIFY2(t.device().is_cuda(), qPrintable(method + ": a trained tensor is not on the GPU"));
      before.push_back(t.detach().clone());
    }
    TrainerConfig cfg;
    cfg.steps = 1;
    cfg.batchSize = 8;
    cfg.evalEvery = 0;
    cfg.lr = 1e-2;
    cfg.padId = tinytask::kPad;
    const auto out = trainMethod(*model, *m, train, dev, cfg, {}, nullptr);
    QVERIFY2(out.status == RunStatus::Finished,
             qPrintable(method + ": " + QString::fromStdString(out.message)));
    QCOMPARE(out.losses.size(), size_t(1));
    QVERIFY(std::isfinite(out.losses[0]));
    int changed = 0;
    const auto after = trainableTensors(*model, *m);
    for (size_t i = 0; i < after.size(); ++i) changed += !torch::equal(before[i], after[i].detach());
    QVERIFY2(changed > 0, qPrintable(method + ": one step changed nothing"));
    const auto preds = predict(*m, dev, 4, tinytask::kPad, false);
    QCOMPARE(preds.size(), dev.size());
  }

  // A real CUDA out-of-memory error (an absurd allocation) becomes one clear sentence with advice.
  void outOfMemoryMessage() {
    SKIP_WITHOUT_CUDA();
    try {
      const auto huge =
          torch::empty({int64_t(1) << 42}, torch::TensorOptions().device(torch::kCUDA));  // 16 TiB
      QVERIFY(huge.defined());
      QFAIL("allocating 16 TiB on the GPU succeeded");
    } catch (const std::exception& e) {
      const std::string msg = pwb::train::describeTorchFailure(e, 64);
      QCOMPARE(QString::fromStdString(msg),
               QString("the device ran out of memory with batch size 64; try --batch 32 (with --grad-accum 2 "
                       "to keep the effective batch)"));
    }
  }

  void deviceErrors() {
    // Without CUDA, asking for it is refused with a sentence (this case also runs on CPU-only machines).
    if (torch::cuda::is_available()) {
      const int n = static_cast<int>(torch::cuda::device_count());
      try {
        pwb::model::resolveDevice("cuda:" + std::to_string(n));
        QFAIL("a device index past the last GPU was accepted");
      } catch (const pwb::Error& e) {
        QVERIFY2(QString(e.what()).contains("does not exist"), e.what());
      }
      return;
    }
    try {
      load("tiny-bert", "cuda");
      QFAIL("--device cuda was accepted without CUDA");
    } catch (const pwb::Error& e) {
      QVERIFY2(QString(e.what()).contains("use --device cpu or auto"), e.what());
    }
  }
};

QTEST_GUILESS_MAIN(TestCudaPaths)
#include "test_cuda_paths.moc"
