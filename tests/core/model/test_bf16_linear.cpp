// bf16 matmuls on the CPU (model/bf16_linear.h, MaskedLM::setBf16Matmuls), against hand computations:
//  * the forward is the fp32 product of the bf16-rounded input and weight plus the fp32 bias (oneDNN
//    accumulates and writes fp32), and it differs from the unrounded fp32 linear;
//  * the gradients are the fp32 products of the bf16-rounded output gradient with the rounded weight (dx)
//    and the rounded input (dw), and the bias gradient the fp32 row sum;
//  * a weight's bf16 copy is made once and remade after an in-place write or for another tensor;
//  * the model's switch changes the encoder's output by bf16 rounding only, leaves it bit-identical when
//    off, and is ignored on CUDA (the CUDA case runs when a GPU is present).
#include <QtTest>

#include "model/bf16_linear.h"
#include "model/masked_lm.h"

using pwb::model::bf16GemmAvailable;
using pwb::model::bf16Linear;
using pwb::model::Bf16WeightCache;
using pwb::model::MaskedLM;

namespace {

torch::Tensor rounded(const torch::Tensor& t) {
  return t.detach().to(torch::kBFloat16).to(torch::kFloat);
}
double maxDiff(const torch::Tensor& a, const torch::Tensor& b) {
  return (a - b).abs().max().item<double>();
}
// Allowed difference from an fp32 product of rounded operands: summation order only with oneDNN; with
// LibTorch's bf16 linear (no oneDNN symbol) the output is rounded to bf16 too (2^-8 relative).
double tolerance(const torch::Tensor& reference) {
  const double scale = reference.abs().max().item<double>();
  return bf16GemmAvailable() ? 1e-5 * scale + 1e-6 : 8e-3 * scale + 1e-3;
}

pwb::model::ModelConfig tinyConfig() {
  pwb::model::ModelConfig c;
  c.modelType = "bert";
  c.vocabSize = 50;
  c.hiddenSize = 32;
  c.numLayers = 2;
  c.numHeads = 4;
  c.intermediateSize = 64;
  c.maxPositions = 40;
  c.typeVocabSize = 2;
  return c;
}

// A random model whose encoder weights are scaled to trained-model magnitudes (randomInit's 0.02 would make
// each layer's update, and so its rounding, too small to see behind the residual).
std::shared_ptr<MaskedLM> tinyModel() {
  auto model = MaskedLM::randomInit(tinyConfig(), {}, 3);
  torch::NoGradGuard g;
  for (auto& p : model->named_parameters())
    if (p.value().dim() == 2 && p.key().find(".encoder.") != std::string::npos) p.value().mul_(10.0);
  return model;
}

pwb::model::EncoderInput tinyInput(const torch::Device& device) {
  pwb::model::EncoderInput in;
  in.inputIds = torch::tensor({3, 7, 9, 11, 4, 2, 8, 1}, torch::kLong).view({2, 4}).to(device);
  in.attentionMask = torch::tensor({1, 1, 1, 1, 1, 1, 1, 0}, torch::kLong).view({2, 4}).to(device);
  return in;
}

}  // namespace

class TestBf16Linear : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void initTestCase() {
    torch::manual_seed(5);
    qInfo("oneDNN bf16 GEMM in the process: %s", bf16GemmAvailable() ? "yes" : "no (LibTorch's bf16 linear)");
  }

  void forwardIsTheProductOfRoundedOperands() {
    const auto x = torch::randn({3, 5, 48}), w = torch::randn({24, 48}), b = torch::randn({24});
    const auto y = bf16Linear(x, w, b, nullptr);
    QCOMPARE(y.sizes().vec(), (std::vector<int64_t>{3, 5, 24}));
    QCOMPARE(y.scalar_type(), torch::kFloat);
    const auto reference = at::linear(rounded(x), rounded(w), b);
    QVERIFY2(maxDiff(y, reference) <= tolerance(reference), std::to_string(maxDiff(y, reference)).c_str());
    // The rounding is real: the unrounded fp32 product differs by far more than the tolerance.
    QVERIFY(maxDiff(y, at::linear(x, w, b)) > 20 * tolerance(reference));
    // Without a bias.
    const auto noBias = bf16Linear(x, w, torch::Tensor(), nullptr);
    const auto refNoBias = at::linear(rounded(x), rounded(w));
    QVERIFY(maxDiff(noBias, refNoBias) <= tolerance(refNoBias));
  }

  void gradientsAreProductsOfRoundedOperands() {
    const auto x = torch::randn({6, 40}).requires_grad_(true);
    const auto w = torch::randn({16, 40}).requires_grad_(true);
    const auto b = torch::randn({16}).requires_grad_(true);
    const auto dy = torch::randn({6, 16});
    bf16Linear(x, w, b, nullptr).backward(dy);
    const auto dxRef = rounded(dy).matmul(rounded(w));
    const auto dwRef = rounded(dy).t().matmul(rounded(x));
    QVERIFY2(maxDiff(x.grad(), dxRef) <= tolerance(dxRef), std::to_string(maxDiff(x.grad(), dxRef)).c_str());
    QVERIFY2(maxDiff(w.grad(), dwRef) <= tolerance(dwRef), std::to_string(maxDiff(w.grad(), dwRef)).c_str());
    QVERIFY(maxDiff(b.grad(), dy.sum(0)) <= 1e-5);
    // Only what needs a gradient gets one: a frozen weight and bias, the input still.
    const auto x2 = x.detach().clone().requires_grad_(true);
    const auto wFrozen = w.detach().clone(), bFrozen = b.detach().clone();
    Bf16WeightCache cache;
    bf16Linear(x2, wFrozen, bFrozen, &cache).backward(dy);
    QVERIFY(maxDiff(x2.grad(), dxRef) <= tolerance(dxRef));
    QVERIFY(!wFrozen.grad().defined());
  }

  void weightCopyFollowsTheWeight() {
    auto w = torch::randn({8, 16});
    Bf16WeightCache cache;
    const auto first = cache.get(w);
    QCOMPARE(first.scalar_type(), torch::kBFloat16);
    QVERIFY(torch::equal(first.to(torch::kFloat), rounded(w)));
    QCOMPARE(cache.get(w).data_ptr(), first.data_ptr());  // cast once
    {
      torch::NoGradGuard g;
      w.mul_(3.0);  // an in-place write: the version moves
    }
    const auto second = cache.get(w);
    QVERIFY(second.data_ptr() != first.data_ptr());
    QVERIFY(torch::equal(second.to(torch::kFloat), rounded(w)));
    const auto other = torch::randn({8, 16});
    QVERIFY(torch::equal(cache.get(other).to(torch::kFloat), rounded(other)));
  }

  void modelSwitchRoundsOnlyTheMatmuls() {
    auto model = tinyModel();
    const auto in = tinyInput(torch::kCPU);
    torch::NoGradGuard g;
    QVERIFY(!model->bf16Matmuls());
    const auto fp32 = model->encode(in);
    model->setBf16Matmuls(true);
    const auto bf16 = model->encode(in);
    const auto again = model->encode(in);
    model->setBf16Matmuls(false);
    const auto back = model->encode(in);
    QVERIFY(torch::equal(back, fp32));
    QVERIFY(torch::equal(again, bf16));  // the cached weight copies give the same numbers
    // LayerNorm-ed states of size ~1: bf16's 2^-8 relative rounding moves them by a few 1e-3.
    const double d = maxDiff(bf16, fp32);
    qInfo("encoder output, bf16 matmuls vs fp32: max |diff| %.2e", d);
    QVERIFY2(d > 1e-4 && d < 5e-2, std::to_string(d).c_str());
    // The rows path (training and scoring) takes the same switch.
    const auto bIdx = torch::tensor({0, 1}, torch::kLong), pIdx = torch::tensor({2, 1}, torch::kLong);
    const auto rowsFp32 = model->encodeRows(in, bIdx, pIdx);
    model->setBf16Matmuls(true);
    const auto rowsBf16 = model->encodeRows(in, bIdx, pIdx);
    model->setBf16Matmuls(false);
    QVERIFY(maxDiff(rowsBf16, MaskedLM::gatherPositions(bf16, bIdx, pIdx)) < 1e-4);
    QVERIFY(maxDiff(rowsBf16, rowsFp32) > 1e-4);
  }

  // CUDA has autocast: the switch leaves a CUDA model's numbers exactly as they are (no CPU detour).
  void switchIsIgnoredOnCuda() {
    if (!torch::cuda::is_available()) QSKIP("no CUDA device");
    auto model = tinyModel();
    model->moveTo(torch::Device(torch::kCUDA));
    const auto in = tinyInput(torch::Device(torch::kCUDA));
    torch::NoGradGuard g;
    const auto off = model->encode(in);
    model->setBf16Matmuls(true);
    const auto on = model->encode(in);
    QVERIFY(on.is_cuda());
    QVERIFY(torch::equal(on, off));
  }
};

QTEST_GUILESS_MAIN(TestBf16Linear)
#include "test_bf16_linear.moc"
