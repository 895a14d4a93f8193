// Probing is device-correct: on CUDA (when available; skipped otherwise) the same probe gives the CPU's
// ranks exactly and its probabilities to 1e-4, with the model on the GPU and the mask states on the CPU.
#include <QtTest>
#include <cmath>

#include "eval/eval_session.h"
#include "probe/probe_eval.h"
#include "probe_test_data.h"

using namespace pwb;
using namespace pwb::probe::testing;

class TestProbeDevices : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void cudaMatchesCpu() {
    if (!torch::cuda::is_available()) QSKIP("no CUDA device: the CUDA probe is checked on a GPU machine");
    probe::ProbeRequest req;
    req.data = facts({{"france", "paris"},
                      {"business news", "sports"},
                      {"disney films", "wonderful"},
                      {"china", "berlin"},
                      {"shanghai", "china"}});
    req.templateText = kTemplate;
    req.batchSize = 2;
    req.topK = 5;
    req.multiPiece = probe::MultiPieceAnswers::FirstPiece;
    eval::SessionOptions cpu;
    cpu.device = "cpu";
    eval::SessionOptions gpu;
    gpu.device = "cuda";
    eval::EvalSession onCpu(kTinyBert, cpu), onGpu(kTinyBert, gpu);
    const auto a = probe::runProbe(onCpu, req);
    const auto b = probe::runProbe(onGpu, req);
    QCOMPARE(b.metrics.count, a.metrics.count);
    QCOMPARE(b.examples.size(), a.examples.size());
    for (size_t i = 0; i < a.examples.size(); ++i) {
      QCOMPARE(b.examples[i].rank, a.examples[i].rank);
      QVERIFY(std::abs(b.examples[i].answerProb - a.examples[i].answerProb) < 1e-4);
      for (size_t k = 0; k < a.examples[i].top.size(); ++k)
        QVERIFY(std::abs(b.examples[i].top[k].prob - a.examples[i].top[k].prob) < 1e-4);
    }
    QCOMPARE(b.metrics.p1, a.metrics.p1);
    QVERIFY(std::abs(b.metrics.mrr - a.metrics.mrr) < 1e-9);
    // And the hand ranking of one prompt, on the CPU, agrees with the GPU's.
    QCOMPARE(b.examples[0].rank, handRank(handLogProbs("france"), b.examples[0].answerId));
  }
};

QTEST_GUILESS_MAIN(TestProbeDevices)
#include "test_probe_devices.moc"
