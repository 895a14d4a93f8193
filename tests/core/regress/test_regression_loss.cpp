// LM-BFF's regression loss by hand: KL(q || softmax(logits)) averaged over the batch, with q the pole target
// distribution; its gradient (p - q) / B points the upper logit up when the target lies above the
// prediction; and the training path (soft targets through Method::loss's distillation loss at temperature
// 1) gives the same number.
#include <QtTest>
#include <cmath>

#include "common/error.h"
#include "regress/regression_loss.h"
#include "regress/regression_targets.h"
#include "train/distillation_loss.h"

using namespace pwb;

class TestRegressionLoss : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void klAndGradientByHand() {
    // Two examples, range [0, 5], targets y = 4 and y = 1: q = [0.2, 0.8] and [0.8, 0.2].
    const auto q0 = regress::poleTarget(4, 0, 5), q1 = regress::poleTarget(1, 0, 5);
    const double l[2][2] = {{1.0, -0.5}, {0.2, 0.3}};
    const double q[2][2] = {{q0[0], q0[1]}, {q1[0], q1[1]}};
    double expected = 0;
    double p[2][2];
    for (int i = 0; i < 2; ++i) {
      const double z = std::exp(l[i][0]) + std::exp(l[i][1]);
      p[i][0] = std::exp(l[i][0]) / z;
      p[i][1] = std::exp(l[i][1]) / z;
      for (int c = 0; c < 2; ++c) expected += q[i][c] * std::log(q[i][c] / p[i][c]);
    }
    expected /= 2.0;
    // Written out: p(upper) of row 0 is 1 / (1 + e^1.5) = 0.1824255.
    QVERIFY(std::abs(p[0][1] - 0.1824255) < 1e-6);

    auto logits = torch::tensor({1.0f, -0.5f, 0.2f, 0.3f}).view({2, 2}).set_requires_grad(true);
    const auto targets = torch::tensor({q0[0], q0[1], q1[0], q1[1]}).view({2, 2});
    const auto loss = regress::poleKlLoss(logits, targets);
    QVERIFY(std::abs(loss.item<double>() - expected) < 1e-6);
    loss.backward();
    const auto g = logits.grad();
    for (int i = 0; i < 2; ++i)
      for (int c = 0; c < 2; ++c)
        QVERIFY(std::abs(g[i][c].item<double>() - (p[i][c] - q[i][c]) / 2.0) < 1e-6);
    // Row 0: target 0.8 above p(upper) 0.18 -> descending the gradient raises the upper logit.
    QVERIFY(g[0][1].item<double>() < 0);
    QVERIFY(g[0][0].item<double>() > 0);
    // Row 1: target 0.2 below p(upper) 0.52 -> the upper logit goes down.
    QVERIFY(g[1][1].item<double>() > 0);

    // The training path: soft targets through PET's distillation loss at temperature 1 give the same.
    const auto viaTraining = train::distillationLoss(logits.detach(), targets, 1.0);
    QVERIFY(std::abs(viaTraining.item<double>() - expected) < 1e-6);

    // A gold value exactly at a pole: q has a zero, 0 * log 0 = 0 (finite loss).
    const auto atPole = regress::poleKlLoss(torch::zeros({1, 2}), torch::tensor({0.0f, 1.0f}).view({1, 2}));
    QVERIFY(std::abs(atPole.item<double>() - std::log(2.0)) < 1e-6);
    QVERIFY_THROWS_EXCEPTION(Error, regress::poleKlLoss(torch::zeros({2, 3}), torch::zeros({2, 3})));
  }
};

QTEST_GUILESS_MAIN(TestRegressionLoss)
#include "test_regression_loss.moc"
