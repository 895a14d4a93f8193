// Multi-label evaluation on tiny-bert (issue 17): the per-label probabilities (softmax over the label words'
// log-probs at the one [MASK]) against the fixture's own logits computed by hand one prompt at a time, the
// predicted sets for the default threshold (1 / labels) and a given one, and the metrics of those sets.
#include <QTemporaryDir>
#include <QtTest>
#include <cmath>
#include <fstream>

#include "common/error.h"
#include "eval/eval_session.h"
#include "model/masked_lm.h"
#include "multilabel/multilabel_eval.h"
#include "multilabel/multilabel_import.h"
#include "multilabel/multilabel_metrics.h"
#include "prompt/prompt_renderer.h"
#include "prompt/template.h"
#include "tokenize/tokenizer.h"

using namespace pwb;

namespace {

const std::string kTinyBert = std::string(PWB_REFERENCE_DIR) + "/fixtures/tiny-bert";
const std::string kTemplate = "{text} it was [MASK] .";
const std::string kVerbalizer = "pos=great;neg=terrible;fun=wonderful";

// Per label (pos, neg, fun): softmax over the three words' log-probs at the mask, by hand.
std::vector<double> handProbs(const std::string& text) {
  torch::NoGradGuard ng;
  static auto m = model::MaskedLM::load(kTinyBert);
  static auto tok = tokenize::loadTokenizer(kTinyBert);
  const prompt::PromptRenderer r(prompt::parseTemplate(kTemplate), {"text"}, *tok,
                                 static_cast<int>(m->config().usableTokens()));
  const auto rp = r.render({text});
  model::EncoderInput in;
  in.inputIds = torch::tensor(rp.ids, torch::kLong).unsqueeze(0);
  const auto h = m->encode(in);
  const auto lp =
      torch::log_softmax(m->mlmLogits(h[0][rp.maskPositions[0]].unsqueeze(0)), 1)[0].to(torch::kDouble);
  std::vector<double> s;
  for (const char* w : {"great", "terrible", "wonderful"}) s.push_back(lp[tok->tokenToId(w)].item<double>());
  const double mx = *std::max_element(s.begin(), s.end());
  double z = 0;
  for (double& x : s) z += (x = std::exp(x - mx));
  for (double& x : s) x /= z;
  return s;
}

// P(yes) of the yes/no cloze kYesNoTemplate with `label` in {label}: softmax over yes/no, by hand.
const std::string kYesNoTemplate = "{text} is it {label} ? [MASK] .";
double handYes(const std::string& text, const std::string& label) {
  torch::NoGradGuard ng;
  static auto m = model::MaskedLM::load(kTinyBert);
  static auto tok = tokenize::loadTokenizer(kTinyBert);
  const prompt::PromptRenderer r(prompt::parseTemplate(kYesNoTemplate), {"text", "label"}, *tok,
                                 static_cast<int>(m->config().usableTokens()));
  const auto rp = r.render({text, label});
  model::EncoderInput in;
  in.inputIds = torch::tensor(rp.ids, torch::kLong).unsqueeze(0);
  const auto h = m->encode(in);
  const auto lp =
      torch::log_softmax(m->mlmLogits(h[0][rp.maskPositions[0]].unsqueeze(0)), 1)[0].to(torch::kDouble);
  const double yes = lp[tok->tokenToId("yes")].item<double>(), no = lp[tok->tokenToId("no")].item<double>();
  return 1.0 / (1.0 + std::exp(no - yes));
}

}  // namespace

class TestMultiLabelEval : public QObject {
  Q_OBJECT

  QTemporaryDir dir_;
  multilabel::MultiLabelSet set_;
  std::unique_ptr<eval::EvalSession> session_;

 private Q_SLOTS:
  void initTestCase() {
    QVERIFY(dir_.isValid());
    const std::string path = dir_.filePath("ml.jsonl").toStdString();
    std::ofstream(path) << "{\"text\": \"the film was good\", \"labels\": [\"pos\", \"fun\"]}\n"
                           "{\"text\": \"bad acting\", \"labels\": [\"neg\"]}\n"
                           "{\"text\": \"a boring story\", \"labels\": [\"neg\"]}\n"
                           "{\"text\": \"very much fun and great\", \"labels\": [\"pos\", \"fun\"]}\n"
                           "{\"text\": \"which movie\", \"labels\": [\"pos\"]}\n";
    multilabel::MultiLabelImportOptions o;
    o.declaredLabels = {"pos", "neg", "fun"};
    set_ = multilabel::importMultiLabelSet(path, o);
    QCOMPARE(set_.data.examples.size(), size_t(5));
    eval::SessionOptions so;
    so.threads = 1;
    session_ = std::make_unique<eval::EvalSession>(kTinyBert, so);
  }

  void probabilitiesSetsAndMetrics() {
    for (const double threshold : {0.0, 0.3}) {
      multilabel::MultiLabelRequest req;
      req.set = set_;
      req.templateText = kTemplate;
      req.verbalizerText = kVerbalizer;
      req.threshold = threshold;
      const auto r = multilabel::runMultiLabel(*session_, req);
      const double t = threshold > 0 ? threshold : 1.0 / 3.0;
      QCOMPARE(r.threshold, t);
      QCOMPARE(r.examples.size(), size_t(5));
      std::vector<std::vector<int>> handPred;
      for (size_t i = 0; i < 5; ++i) {
        const auto p = handProbs(set_.data.examples[i].fields[0]);
        std::vector<int> pred;
        for (int c = 0; c < 3; ++c) {
          QVERIFY(std::abs(r.examples[i].probs[size_t(c)] - p[size_t(c)]) < 1e-5);
          if (p[size_t(c)] >= t) pred.push_back(c);
        }
        QCOMPARE(r.examples[i].pred, pred);
        QCOMPARE(r.examples[i].gold, set_.gold[i]);
        handPred.push_back(pred);
      }
      const auto m = multilabel::multiLabelMetrics(set_.gold, handPred, 3);
      QCOMPARE(r.metrics.count, size_t(5));
      QCOMPARE(r.metrics.microF1, m.microF1);
      QCOMPARE(r.metrics.macroF1, m.macroF1);
      QCOMPARE(r.metrics.subsetAccuracy, m.subsetAccuracy);
    }
  }

  void yesNoClozePerLabel() {
    multilabel::MultiLabelRequest req;
    req.set = set_;
    req.scheme = multilabel::MultiLabelScheme::YesNo;
    req.templateText = kYesNoTemplate;
    req.threshold = 0;  // 0.5
    const auto r = multilabel::runMultiLabel(*session_, req);
    QCOMPARE(r.threshold, 0.5);
    QCOMPARE(r.verbalizerText, std::string("yes=yes;no=no"));
    std::vector<std::vector<int>> handPred;
    for (size_t i = 0; i < 5; ++i) {
      std::vector<int> pred;
      for (int c = 0; c < 3; ++c) {
        const double p = handYes(set_.data.examples[i].fields[0], set_.labels[size_t(c)]);
        QVERIFY2(std::abs(r.examples[i].probs[size_t(c)] - p) < 1e-5,
                 (std::to_string(r.examples[i].probs[size_t(c)]) + " vs " + std::to_string(p)).c_str());
        if (p >= 0.5) pred.push_back(c);
      }
      QCOMPARE(r.examples[i].pred, pred);
      handPred.push_back(pred);
    }
    const auto m = multilabel::multiLabelMetrics(set_.gold, handPred, 3);
    QCOMPARE(r.metrics.microF1, m.microF1);
    QCOMPARE(r.metrics.macroF1, m.macroF1);
    QCOMPARE(r.metrics.subsetAccuracy, m.subsetAccuracy);
    // The template must name {label}.
    req.templateText = kTemplate;
    QVERIFY_THROWS_EXCEPTION(Error, multilabel::runMultiLabel(*session_, req));
    QCOMPARE(multilabel::parseMultiLabelScheme("yes-no"), multilabel::MultiLabelScheme::YesNo);
    QVERIFY_THROWS_EXCEPTION(Error, multilabel::parseMultiLabelScheme("sigmoid"));
  }

  void badRequests() {
    multilabel::MultiLabelRequest req;
    req.set = set_;
    req.templateText = kTemplate;
    req.verbalizerText = "pos=great;neg=terrible";  // fun has no word
    QVERIFY_THROWS_EXCEPTION(Error, multilabel::runMultiLabel(*session_, req));
    req.verbalizerText = kVerbalizer;
    req.threshold = 1.5;
    QVERIFY_THROWS_EXCEPTION(Error, multilabel::runMultiLabel(*session_, req));
    req.threshold = 0;
    req.templateText = "{text} [MASK] [MASK] .";
    QVERIFY_THROWS_EXCEPTION(Error, multilabel::runMultiLabel(*session_, req));
  }
};

QTEST_GUILESS_MAIN(TestMultiLabelEval)
#include "test_multilabel_eval.moc"
