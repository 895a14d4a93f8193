// The pole expectation on the tiny-bert fixture: p_upper and the prediction vl + (vu - vl) * p_upper are
// checked against the model's own logits at the mask, computed here one sentence at a time without batching
// or padding (softmax over the logits of the two pole words, as LM-BFF); the metrics against
// regressionMetrics of those hand predictions.
#include <QtTest>
#include <cmath>

#include "common/error.h"
#include "eval/eval_session.h"
#include "model/masked_lm.h"
#include "prompt/prompt_renderer.h"
#include "prompt/template.h"
#include "regress/regression_eval.h"
#include "regress/regression_format.h"
#include "tokenize/tokenizer.h"

using namespace pwb;

namespace {

const std::string kTinyBert = std::string(PWB_REFERENCE_DIR) + "/fixtures/tiny-bert";
const std::string kTemplate = "{sentence} it was [MASK] .";

// softmax(logit_yes, logit_no)[yes] at the mask: the two words' MLM logits, nothing else.
double handPUpper(const std::string& sentence) {
  torch::NoGradGuard ng;
  static auto m = model::MaskedLM::load(kTinyBert);
  static auto tok = tokenize::loadTokenizer(kTinyBert);
  const prompt::PromptRenderer renderer(prompt::parseTemplate(kTemplate), {"sentence"}, *tok,
                                        static_cast<int>(m->config().usableTokens()));
  const auto r = renderer.render({sentence});
  model::EncoderInput in;
  in.inputIds = torch::tensor(r.ids, torch::kLong).unsqueeze(0);
  const auto h = m->encode(in);
  const auto logits = m->mlmLogits(h[0][r.maskPositions[0]].unsqueeze(0))[0].to(torch::kDouble);
  const double yes = logits[tok->tokenToId("yes")].item<double>();
  const double no = logits[tok->tokenToId("no")].item<double>();
  return std::exp(yes) / (std::exp(yes) + std::exp(no));
}

data::Dataset rows(const std::vector<std::string>& sentences) {
  data::Dataset d;
  d.path = "in-memory";
  d.columns = {"sentence"};
  for (size_t i = 0; i < sentences.size(); ++i)
    d.examples.push_back({"L" + std::to_string(i + 1), {sentences[i]}, "", static_cast<int>(i + 1)});
  return d;
}

}  // namespace

class TestRegressionEval : public QObject {
  Q_OBJECT
  std::unique_ptr<eval::EvalSession> session_;

 private Q_SLOTS:
  void initTestCase() {
    eval::SessionOptions o;
    o.threads = 1;
    session_ = std::make_unique<eval::EvalSession>(kTinyBert, o);
  }

  void poleExpectationAgainstTheModelsOwnLogits() {
    // Sentences of different lengths, so a batch of two pads.
    const std::vector<std::string> s{"a great film", "terrible", "the business news was good and bad", "no"};
    const std::vector<double> gold{4, 0, 2.5, 1};
    regress::RegressionRequest req;
    req.data = rows(s);
    req.targets = gold;
    req.templateText = kTemplate;
    req.poles = regress::parsePoles("0=no;4=yes");
    req.options.batchSize = 2;
    const auto r = regress::runRegression(*session_, req);
    QCOMPARE(r.examples.size(), size_t(4));
    QCOMPARE(r.poles.lower, 0.0);
    QCOMPARE(r.poles.upper, 4.0);
    QVERIFY(!r.rangeFromData);
    std::vector<double> handPred;
    for (size_t i = 0; i < s.size(); ++i) {
      const double p = handPUpper(s[i]);
      QVERIFY2(std::abs(r.examples[i].pUpper - p) < 1e-5, s[i].c_str());
      QVERIFY(std::abs(r.examples[i].predicted - 4.0 * p) < 4e-5);
      QCOMPARE(r.examples[i].gold, gold[i]);
      QCOMPARE(r.examples[i].id, "L" + std::to_string(i + 1));
      handPred.push_back(4.0 * p);
    }
    // The fixture's p_upper differ between sentences, or the correlations below would be undefined.
    QVERIFY(std::abs(handPred[0] - handPred[1]) > 1e-4);
    const auto m = regress::regressionMetrics(gold, handPred);
    QCOMPARE(r.metrics.count, size_t(4));
    QVERIFY(std::abs(r.metrics.pearson - m.pearson) < 1e-4);
    QVERIFY(std::abs(r.metrics.mse - m.mse) < 1e-4);
    QCOMPARE(r.metrics.spearman, m.spearman);

    // The range from the data: min 0 and max 4 again, the same predictions.
    req.poles = regress::parsePoles("no;yes");
    const auto fromData = regress::runRegression(*session_, req);
    QVERIFY(fromData.rangeFromData);
    QCOMPARE(fromData.poles.upper, 4.0);
    QVERIFY(std::abs(fromData.examples[2].predicted - r.examples[2].predicted) < 1e-12);

    // Metric names follow the task.
    const auto j = regress::regressionJson(r, true);
    QCOMPARE(j["task"].get<std::string>(), std::string("regression"));
    QVERIFY(j["metrics"].contains("pearson") && j["metrics"].contains("spearman") && !j.contains("accuracy"));
    QCOMPARE(j["examples"].size(), size_t(4));
    const auto text = regress::regressionReport(r);
    QVERIFY(text.find("pearson:") != std::string::npos && text.find("accuracy") == std::string::npos);
  }

  void errors() {
    regress::RegressionRequest req;
    req.data = rows({"a film"});
    req.targets = {1, 2};
    req.templateText = kTemplate;
    req.poles = regress::parsePoles("0=no;4=yes");
    QVERIFY_THROWS_EXCEPTION(Error, regress::runRegression(*session_, req));  // targets != rows
    req.targets = {1};
    req.options.calibration = eval::Calibration::ContentFree;
    QVERIFY_THROWS_EXCEPTION(Error, regress::runRegression(*session_, req));
    req.options.calibration = eval::Calibration::None;
    req.templateText = "{sentence} it was good .";  // no mask
    QVERIFY_THROWS_EXCEPTION(Error, regress::runRegression(*session_, req));
  }
};

QTEST_GUILESS_MAIN(TestRegressionEval)
#include "test_regression_eval.moc"
