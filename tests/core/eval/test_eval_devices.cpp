// Evaluation is device-correct (issue 13, defect 1: `pwb eval --prompt` on CUDA mixed the devices).
// On the CPU, `pwb eval --prompt ADAPTER`'s path (exporting::evaluateWithPrompt) is checked against the real
// PEFT library's logits for all four adapter kinds (fixtures/peft/reference.json, 1e-4), and its
// calibration prior, word aggregation and top-k against a hand computation with the adapter applied. On
// CUDA (when available; skipped otherwise) the same calls, an EvalSession grid (PET multi-mask,
// calibration), label search and mask top-k must give the CPU's numbers to 1e-4.
#include <QTemporaryDir>
#include <QtTest>
#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>

#include "common/error.h"
#include "common/text_file.h"
#include "eval/eval_session.h"
#include "eval_test_data.h"
#include "export/prompt_eval.h"
#include "export/prompt_loader.h"
#include "export/soft_prompt.h"
#include "model/masked_lm.h"
#include "prompt/prompt_renderer.h"
#include "prompt/template.h"
#include "tokenize/tokenizer.h"

using namespace pwb;

namespace {

const std::string kFixtures = std::string(PWB_REFERENCE_DIR) + "/fixtures/";
const std::string kTinyBert = kFixtures + "tiny-bert";
const std::string kTemplate = "{s} it was [MASK] .";
// tiny-bert reference case 0 and the PEFT fixtures' input_ids are exactly this sentence in kTemplate.
const std::string kCase0 = "i like the disney films very much .";
const char* const kAdapters[] = {"prompt-tuning", "p-tuning-mlp", "p-tuning-lstm", "prefix-tuning"};
constexpr double kTol = 1e-4;

bool cudaAvailable() {
  return torch::cuda::is_available();
}

// log-softmax of the full vocabulary at the mask of `text` rendered in kTemplate, with the adapter in
// `dir` applied as the export module applies it; batch of one, no padding.
torch::Tensor handLogProbs(const std::string& dir, const std::string& text) {
  torch::NoGradGuard ng;
  static auto m = model::MaskedLM::load(kTinyBert);
  static auto tok = tokenize::loadTokenizer(kTinyBert);
  const auto p = exporting::loadPrompt(dir, m->config(), kTinyBert);
  const prompt::PromptRenderer renderer(prompt::parseTemplate(kTemplate), {"sentence"}, *tok,
                                        static_cast<int>(m->config().usableTokens() - p.prompt.count()));
  const auto r = renderer.render({text});
  const auto ids = torch::tensor(r.ids, torch::kLong).unsqueeze(0);
  const auto applied =
      exporting::applySoftPrompt(p.prompt, *m, ids, torch::ones_like(ids), torch::zeros_like(ids));
  const auto h = m->encode(applied.input);
  return torch::log_softmax(m->mlmLogits(h[0][r.maskPositions[0] + applied.shift].unsqueeze(0)), 1)[0].to(
      torch::kDouble);
}

double maxAbsDiff(const std::vector<double>& a, const std::vector<double>& b) {
  if (a.size() != b.size()) return 1e9;
  double d = 0;
  for (size_t i = 0; i < a.size(); ++i) d = std::max(d, std::abs(a[i] - b[i]));
  return d;
}

// Largest difference between two cells' per-example scores and probabilities (1e9 when shapes differ).
double cellDiff(const eval::CellResult& a, const eval::CellResult& b) {
  if (a.examples.size() != b.examples.size()) return 1e9;
  double d = maxAbsDiff(a.prior, b.prior);
  for (size_t i = 0; i < a.examples.size(); ++i) {
    d = std::max(d, maxAbsDiff(a.examples[i].scores, b.examples[i].scores));
    d = std::max(d, maxAbsDiff(a.examples[i].probs, b.examples[i].probs));
  }
  return d;
}

}  // namespace

class TestEvalDevices : public QObject {
  Q_OBJECT
  QTemporaryDir dir_;
  std::string data_;
  std::unique_ptr<tokenize::Tokenizer> tok_;

  exporting::PromptEvalRequest request(const std::string& adapter, const std::string& device) const {
    exporting::PromptEvalRequest r;
    r.promptDir = kFixtures + "peft/" + adapter;
    r.modelDir = kTinyBert;
    r.dataPath = data_;
    r.dataFormat = "label-space";
    r.templateText = kTemplate;
    r.verbalizer = "0=terrible;1=great";
    r.device = device;
    r.threads = 2;
    return r;
  }
  int64_t id(const char* token) const { return tok_->tokenToId(token); }

 private Q_SLOTS:
  void initTestCase() {
    model::setComputeThreads(2);
    QVERIFY(dir_.isValid());
    data_ = dir_.filePath("data.txt").toStdString();
    std::ofstream(data_) << "1 " << kCase0 << "\n0 a film .\n1 great acting\n0 a waste of time\n";
    tok_ = tokenize::loadTokenizer(kTinyBert);
  }

  // The scores of example 0 are the label words' log-probs under PEFT's own logits.
  void peftAdapterOnCpuMatchesPeft_data() {
    QTest::addColumn<QString>("adapter");
    for (const char* a : kAdapters) QTest::newRow(a) << QString(a);
  }
  void peftAdapterOnCpuMatchesPeft() {
    QFETCH(QString, adapter);
    const auto ref = readJsonFile(kFixtures + "peft/reference.json").at(adapter.toStdString());
    const auto peftLogits =
        torch::tensor(ref.at("mask_logits")[0].get<std::vector<double>>(), torch::kDouble);
    const auto lp = torch::log_softmax(peftLogits, 0);
    const auto cell = exporting::evaluateWithPrompt(request(adapter.toStdString(), "cpu"));
    QCOMPARE(cell.labels, (std::vector<std::string>{"0", "1"}));
    QCOMPARE(cell.examples.size(), size_t(4));
    const auto& e = cell.examples[0];
    QVERIFY2(std::abs(e.scores[0] - lp[id("terrible")].item<double>()) < kTol, qPrintable(adapter));
    QVERIFY2(std::abs(e.scores[1] - lp[id("great")].item<double>()) < kTol, qPrintable(adapter));
  }

  // --calibrate, --aggregate max and --top-k reach the adapter path (they were accepted and ignored).
  void peftAdapterScoringOptionsOnCpu() {
    const std::string dir = kFixtures + "peft/prompt-tuning";
    auto r = request("prompt-tuning", "cpu");
    r.verbalizer = "0=terrible,bad;1=great,good";
    r.options.aggregation = eval::WordAggregation::MaxLogProb;
    r.options.calibration = eval::Calibration::ContentFree;
    r.options.topK = 3;
    const auto cell = exporting::evaluateWithPrompt(r);
    auto classScores = [&](const torch::Tensor& lp) {
      return std::vector<double>{std::max(lp[id("terrible")].item<double>(), lp[id("bad")].item<double>()),
                                 std::max(lp[id("great")].item<double>(), lp[id("good")].item<double>())};
    };
    auto softmax2 = [](const std::vector<double>& s) {
      const double p1 = 1 / (1 + std::exp(s[0] - s[1]));
      return std::vector<double>{1 - p1, p1};
    };
    const auto lp0 = handLogProbs(dir, kCase0);
    QVERIFY(maxAbsDiff(cell.examples[0].scores, classScores(lp0)) < kTol);
    // The content-free prior: mean class probabilities with the field "N/A" and "".
    const auto na = softmax2(classScores(handLogProbs(dir, "N/A")));
    const auto empty = softmax2(classScores(handLogProbs(dir, "")));
    const std::vector<double> prior{(na[0] + empty[0]) / 2, (na[1] + empty[1]) / 2};
    QVERIFY2(maxAbsDiff(cell.prior, prior) < kTol,
             qPrintable(QString::number(maxAbsDiff(cell.prior, prior))));
    const auto p = softmax2(cell.examples[0].scores);
    const double z = p[0] / prior[0] + p[1] / prior[1];
    QVERIFY(std::abs(cell.examples[0].probs[1] - (p[1] / prior[1]) / z) < kTol);
    // Top-k at the mask: the hand computation's three most likely tokens.
    QCOMPARE(cell.examples[0].maskTop.size(), size_t(3));
    const auto top = lp0.topk(3);
    for (int k = 0; k < 3; ++k) {
      QCOMPARE(cell.examples[0].maskTop[k].id, std::get<1>(top)[k].item<int64_t>());
      QVERIFY(std::abs(cell.examples[0].maskTop[k].prob - std::exp(std::get<0>(top)[k].item<double>())) <
              kTol);
    }
    // PET multi-mask and first-sub-token modes are accepted too (single-token words: same scores).
    r.options.multiToken = eval::MultiTokenMode::FirstSubtoken;
    QVERIFY(cellDiff(exporting::evaluateWithPrompt(r), cell) < 1e-9);
  }

  // Defect 1: the adapter path on CUDA (mask states on the model's device met decoder rows on the CPU).
  void peftAdapterOnCudaEqualsCpu_data() { peftAdapterOnCpuMatchesPeft_data(); }
  void peftAdapterOnCudaEqualsCpu() {
    if (!cudaAvailable()) QSKIP("CUDA is not available: the CUDA path of `pwb eval --prompt` is not run");
    QFETCH(QString, adapter);
    for (const bool calibrate : {false, true}) {
      auto cpu = request(adapter.toStdString(), "cpu");
      cpu.options.topK = 5;
      if (calibrate) cpu.options.calibration = eval::Calibration::ContentFree;
      auto cuda = cpu;
      cuda.device = "cuda";
      const auto a = exporting::evaluateWithPrompt(cpu), b = exporting::evaluateWithPrompt(cuda);
      QVERIFY2(cellDiff(a, b) < kTol, qPrintable(adapter + ": " + QString::number(cellDiff(a, b))));
      for (size_t i = 0; i < a.examples.size(); ++i) {
        QCOMPARE(a.examples[i].pred, b.examples[i].pred);
        QCOMPARE(a.examples[i].maskTop.size(), b.examples[i].maskTop.size());
      }
    }
  }

  // EvalSession on CUDA: a grid with PET multi-mask scoring and calibration, label search and mask top-k.
  void sessionOnCudaEqualsCpu() {
    if (!cudaAvailable()) QSKIP("CUDA is not available: the CUDA path of EvalSession is not run");
    eval::EvalSession cpu(kTinyBert, eval::SessionOptions{"cpu", 2, false});
    eval::EvalSession cuda(kTinyBert, eval::SessionOptions{"cuda", 2, false});
    eval::GridRequest g;
    g.runs.push_back({"", eval::testing::sentences({{kCase0, "pos"},
                                                    {"a film .", "neg"},
                                                    {"great acting and a moving story", "pos"},
                                                    {"a waste of time", "neg"}})});
    g.templates = {kTemplate, "{s} all in all , it was [MASK] ."};
    g.verbalizers = {"pos=great;neg=terrible", "pos=wonderful,movies;neg=bad"};  // movies = movie ##s
    g.options.multiToken = eval::MultiTokenMode::MultiMask;
    g.options.calibration = eval::Calibration::ContentFree;
    g.options.topK = 4;
    g.options.batchSize = 3;
    const auto a = cpu.runGrid(g), b = cuda.runGrid(g);
    for (size_t t = 0; t < a.cells.size(); ++t) {
      for (size_t v = 0; v < a.cells[t].size(); ++v) {
        const double d = cellDiff(a.cells[t][v].runs[0], b.cells[t][v].runs[0]);
        QVERIFY2(d < kTol, qPrintable(QString("cell %1,%2: %3").arg(t).arg(v).arg(d)));
      }
    }
    eval::LabelSearchRequest ls;
    ls.train = g.runs[0].data;
    ls.dev = g.runs[0].data;
    ls.templateText = kTemplate;
    const auto la = cpu.suggestLabelWords(ls), lb = cuda.suggestLabelWords(ls);
    QCOMPARE(la.candidates.size(), lb.candidates.size());
    for (size_t c = 0; c < la.candidates.size(); ++c) {
      for (size_t k = 0; k < la.candidates[c].size(); ++k)
        QVERIFY(std::abs(la.candidates[c][k].logProbSum - lb.candidates[c][k].logProbSum) < 1e-3);
    }
    const auto ta = cpu.maskTopK(kTemplate, {"sentence"}, {kCase0}, 5);
    const auto tb = cuda.maskTopK(kTemplate, {"sentence"}, {kCase0}, 5);
    for (size_t k = 0; k < ta[0].size(); ++k) QVERIFY(std::abs(ta[0][k].prob - tb[0][k].prob) < kTol);
  }
};

QTEST_GUILESS_MAIN(TestEvalDevices)
#include "test_eval_devices.moc"
