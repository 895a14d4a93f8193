// The fused AdamW pass (core/train/fused_adamw.h) against LibTorch's torch::optim::AdamW + clip_grad_norm_
// on random tensors: several steps with two parameter groups (weight decay and none), gradients clipped
// (scale < 1) and not (scale 1), a tensor without a gradient, and the state left where AdamW::step leaves
// it; on the CPU (the fused loop) and on CUDA when there is one (the torch-op fallback); and a matrix whose
// gradient is zero outside a few rows, as a word embedding's is.
#include <torch/torch.h>  // before Qt: its `slots` macro breaks torch headers

#include <QtTest>

#include "common/error.h"
#include "train/fused_adamw.h"

using namespace pwb::train;

namespace {

struct Setup {
  std::vector<torch::Tensor> params;  // [0], [1] decayed; [2], [3] not; [3] never gets a gradient
  std::unique_ptr<torch::optim::AdamW> optimizer;
};

Setup make(const torch::Device& device, uint64_t seed) {
  torch::manual_seed(seed);
  Setup s;
  for (auto shape : std::vector<std::vector<int64_t>>{{300, 70}, {5}, {1000, 3}, {7}})
    s.params.push_back(torch::randn(shape).to(device).set_requires_grad(true));
  std::vector<torch::optim::OptimizerParamGroup> groups;
  groups.emplace_back(std::vector<torch::Tensor>{s.params[0], s.params[1]},
                      std::make_unique<torch::optim::AdamWOptions>(
                          torch::optim::AdamWOptions(3e-2).weight_decay(0.1).betas({0.8, 0.99}).eps(1e-6)));
  groups.emplace_back(
      std::vector<torch::Tensor>{s.params[2], s.params[3]},
      std::make_unique<torch::optim::AdamWOptions>(torch::optim::AdamWOptions(1e-2).weight_decay(0.0)));
  s.optimizer = std::make_unique<torch::optim::AdamW>(std::move(groups), torch::optim::AdamWOptions(1e-3));
  return s;
}

// Same gradients into both setups; `big` makes the total norm exceed maxNorm (clipping active).
void setGradients(Setup& a, Setup& b, int step, bool big) {
  torch::manual_seed(1000 + step);
  for (size_t i = 0; i + 1 < a.params.size(); ++i) {
    const auto g = torch::randn(a.params[i].sizes()).to(a.params[i].device()) * (big ? 5.0 : 1e-3);
    a.params[i].mutable_grad() = g.clone();
    b.params[i].mutable_grad() = g.clone();
  }
}

void compareRun(const torch::Device& device) {
  Setup ref = make(device, 7), fused = make(device, 7);
  const double maxNorm = 1.0;
  for (int step = 1; step <= 6; ++step) {
    const bool big = step % 2 == 1;
    setGradients(ref, fused, step, big);
    for (auto* s : {&ref, &fused}) {  // a learning-rate schedule, as the trainer sets it
      for (auto& g : s->optimizer->param_groups()) {
        auto& o = static_cast<torch::optim::AdamWOptions&>(g.options());
        o.lr(o.lr() * 0.9);
      }
    }
    const double norm = torch::nn::utils::clip_grad_norm_(ref.params, maxNorm);
    ref.optimizer->step();
    const auto scale = clipScale(fused.params, maxNorm);
    QVERIFY(scale.defined());
    const float expected = static_cast<float>(std::min(1.0, maxNorm / (norm + 1e-6)));
    QVERIFY(std::abs(scale.item<float>() - expected) <= 1e-6F * expected);
    if (big) QVERIFY(scale.item<float>() < 0.5F);  // the clipped case is exercised
    const auto versionBefore = fused.params[0]._version();
    fusedAdamWStep(*fused.optimizer, scale);
    QVERIFY(fused.params[0]._version() > versionBefore);  // in place, as far as autograd can tell
    for (size_t i = 0; i < ref.params.size(); ++i) {
      const auto r = ref.params[i].detach().cpu(), f = fused.params[i].detach().cpu();
      const double diff = (r - f).abs().max().item<double>();
      // fp32 rounding differences (fused multiply-add in torch's vector kernels) only.
      if (diff > 1e-6)
        QFAIL(qPrintable(QString("step %1, tensor %2: max difference %3").arg(step).arg(i).arg(diff)));
    }
    // The moments and the step count are where AdamW::step leaves them (what a resumed run reads).
    for (size_t i = 0; i + 1 < ref.params.size(); ++i) {
      const auto key = c10::guts::to_string(ref.params[i].unsafeGetTensorImpl());
      const auto fkey = c10::guts::to_string(fused.params[i].unsafeGetTensorImpl());
      const auto& rs = static_cast<torch::optim::AdamWParamState&>(*ref.optimizer->state().at(key));
      const auto& fs = static_cast<torch::optim::AdamWParamState&>(*fused.optimizer->state().at(fkey));
      QCOMPARE(fs.step(), rs.step());
      QVERIFY((rs.exp_avg() - fs.exp_avg()).abs().max().item<double>() <= 1e-7);
      QVERIFY((rs.exp_avg_sq() - fs.exp_avg_sq()).abs().max().item<double>() <= 1e-7);
    }
  }
  // The tensor that never had a gradient is untouched and has no state, as with AdamW::step.
  QVERIFY(torch::equal(ref.params[3].detach().cpu(), fused.params[3].detach().cpu()));
  QCOMPARE(fused.optimizer->state().count(c10::guts::to_string(fused.params[3].unsafeGetTensorImpl())),
           size_t(0));
  // And the parameters moved (a test that compares two unchanged tensors would pass anyway).
  const Setup start = make(device, 7);
  QVERIFY((start.params[0].detach().cpu() - fused.params[0].detach().cpu()).abs().max().item<double>() >
          1e-3);
}

// An embedding-like matrix (rows of 96 >= 64: the row-by-row pass) whose gradient is zero outside the rows a
// step's batch uses, as LibTorch's dense embedding gradient is: rows used at step 1 only (their moments
// stay non-zero: they must still be updated), rows first used at step 4, a row whose gradient is -0.0, and
// rows never used, in a group with weight decay and one without.
void sparseRowsRun(double weightDecay) {
  torch::manual_seed(11);
  const auto start = torch::randn({500, 96});
  auto ref = start.clone().set_requires_grad(true), fused = start.clone().set_requires_grad(true);
  torch::optim::AdamW refOpt({ref}, torch::optim::AdamWOptions(2e-2).weight_decay(weightDecay));
  torch::optim::AdamW fusedOpt({fused}, torch::optim::AdamWOptions(2e-2).weight_decay(weightDecay));
  for (int step = 1; step <= 6; ++step) {
    auto g = torch::zeros({500, 96});
    torch::manual_seed(50 + step);
    const auto rows = step == 1   ? torch::arange(0, 40)
                      : step >= 4 ? torch::arange(60, 80)
                                  : torch::arange(20, 30);
    g.index_copy_(0, rows, torch::randn({rows.size(0), 96}));
    g[90].fill_(-0.0);
    ref.mutable_grad() = g.clone();
    fused.mutable_grad() = g.clone();
    refOpt.step();
    fusedAdamWStep(fusedOpt);
    const double diff = (ref.detach() - fused.detach()).abs().max().item<double>();
    if (diff > 1e-6) QFAIL(qPrintable(QString("step %1: max difference %2").arg(step).arg(diff)));
  }
  // Rows 30..39 had a gradient at step 1 only: they kept moving on their moments.
  QVERIFY((fused.detach().slice(0, 30, 40) - start.slice(0, 30, 40)).abs().max().item<double>() > 1e-3);
  // Never used (and the -0.0 row): unchanged without weight decay, bit for bit; decayed by the same
  // factors as torch's with it.
  const auto unused = fused.detach().slice(0, 80, 500);
  if (weightDecay == 0.0) {
    QVERIFY(torch::equal(unused, start.slice(0, 80, 500)));
  } else {
    QVERIFY(!torch::equal(unused, start.slice(0, 80, 500)));
    QVERIFY((unused - ref.detach().slice(0, 80, 500)).abs().max().item<double>() <= 1e-7);
  }
}

}  // namespace

class TestFusedAdamW : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void matchesTorchOnCpu() { compareRun(torch::kCPU); }
  void matchesTorchOnCuda() {
    if (!torch::cuda::is_available()) QSKIP("no CUDA device");
    compareRun(torch::Device(torch::kCUDA, 0));
  }
  // Rows without a gradient, as a word embedding's (skipped by the row-by-row pass): the same as torch's.
  void sparseRowsWithoutDecay() { sparseRowsRun(0.0); }
  void sparseRowsWithDecay() { sparseRowsRun(0.05); }
  void noClipping() {
    // Without a scale the gradients are used as they are (maxGradNorm 0 in the trainer).
    Setup ref = make(torch::kCPU, 3), fused = make(torch::kCPU, 3);
    for (int step = 1; step <= 3; ++step) {
      setGradients(ref, fused, step, true);
      ref.optimizer->step();
      fusedAdamWStep(*fused.optimizer);
    }
    for (size_t i = 0; i < ref.params.size(); ++i)
      QVERIFY((ref.params[i] - fused.params[i]).abs().max().item<double>() <= 1e-6);
  }
  void refusesAmsgrad() {
    auto p = torch::zeros({3}).set_requires_grad(true);
    p.mutable_grad() = torch::ones({3});
    torch::optim::AdamW opt({p}, torch::optim::AdamWOptions(1e-3).amsgrad(true));
    QVERIFY_THROWS_EXCEPTION(pwb::Error, fusedAdamWStep(opt));
  }
};

QTEST_GUILESS_MAIN(TestFusedAdamW)
#include "test_fused_adamw.moc"
