// The usable sequence length (ModelConfig::usableTokens) in zero-shot evaluation: RoBERTa's positions start
// at pad_token_id + 1, so tiny-roberta (max_position_embeddings 66, pad 1) holds 64 tokens, not 66. An
// example of exactly 64 rendered tokens is scored as it is; a longer one is shortened to 64 (its field cut)
// and scored like that shortened rendering, instead of failing the whole grid with a position out of range
// (issue 13, defect 4). Scores are checked against a direct forward pass of the same ids.
#include <QtTest>
#include <cmath>

#include "common/error.h"
#include "eval/eval_session.h"
#include "eval_test_data.h"
#include "model/masked_lm.h"
#include "prompt/prompt_renderer.h"
#include "prompt/template.h"
#include "tokenize/tokenizer.h"

using namespace pwb::eval;

namespace {

const std::string kRoberta = std::string(PWB_REFERENCE_DIR) + "/fixtures/tiny-roberta";
const std::string kTemplate = "{s} it was [MASK] .";

// log p(word) at the mask of one rendered prompt, by a direct forward pass (batch of one, no padding).
double directLogProb(pwb::model::MaskedLM& m, const pwb::prompt::RenderedPrompt& r, int64_t id) {
  torch::NoGradGuard ng;
  pwb::model::EncoderInput in;
  in.inputIds = torch::tensor(r.ids, torch::kLong).unsqueeze(0);
  const auto h = m.encode(in);
  const auto logits = m.mlmLogits(h[0][r.maskPositions[0]].unsqueeze(0));
  return torch::log_softmax(logits.to(torch::kDouble), 1)[0][id].item<double>();
}

}  // namespace

class TestUsableLength : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void initTestCase() { pwb::model::setComputeThreads(2); }

  void usableTokensPerArchitecture() {
    pwb::model::ModelConfig bert;
    bert.modelType = "bert";
    bert.maxPositions = 512;
    bert.padTokenId = 0;
    QCOMPARE(bert.usableTokens(), int64_t(512));
    pwb::model::ModelConfig roberta = bert;
    roberta.modelType = "roberta";
    roberta.maxPositions = 514;
    roberta.padTokenId = 1;
    QCOMPARE(roberta.usableTokens(), int64_t(512));
    const auto tiny = pwb::model::ModelConfig::fromFile(kRoberta + "/config.json");
    QCOMPARE(tiny.maxPositions, int64_t(66));
    QCOMPARE(tiny.usableTokens(), int64_t(64));
  }

  void exactAndLongerExamples() {
    const auto tok = pwb::tokenize::loadTokenizer(kRoberta);
    const auto tpl = pwb::prompt::parseTemplate(kTemplate);
    const pwb::prompt::PromptRenderer unlimited(tpl, {"sentence"}, *tok, 10000);
    const pwb::prompt::PromptRenderer usable(tpl, {"sentence"}, *tok, 64);
    // "a film a film ..." grows one token per word: find the texts that render to exactly 64 and 70 tokens.
    auto textOf = [&](size_t tokens) {
      std::string text = "a";
      for (int words = 1; words < 200; ++words) {
        if (unlimited.render({text}).ids.size() == tokens) return text;
        text += words % 2 ? " film" : " a";
      }
      return std::string();
    };
    const std::string exact = textOf(64), longer = textOf(70);
    QVERIFY(!exact.empty() && !longer.empty());
    QCOMPARE(usable.render({exact}).ids, unlimited.render({exact}).ids);  // not shortened
    const auto cut = usable.render({longer});
    QCOMPARE(cut.ids.size(), size_t(64));

    EvalSession session(kRoberta, SessionOptions{"cpu", 2, false});
    auto m = pwb::model::MaskedLM::load(kRoberta);
    const int64_t great = tok->tokenToId("\xC4\xA0great"), terrible = tok->tokenToId("\xC4\xA0terrible");
    QVERIFY(great >= 0 && terrible >= 0);
    for (int maxLength : {0, 1000}) {  // a requested length above the model's is capped at the usable length
      EvalRequest req;
      req.data = testing::sentences({{exact, "pos"}, {longer, "neg"}, {"a film", "pos"}});
      req.templateText = kTemplate;
      req.verbalizerText = "pos=great;neg=terrible";
      req.options.maxLength = maxLength;
      req.options.batchSize = 3;  // the three together: padded to 64
      const auto cell = session.evaluate(req);
      QCOMPARE(cell.examples.size(), size_t(3));
      QCOMPARE(cell.labels, (std::vector<std::string>{"neg", "pos"}));
      const auto e0 = usable.render({exact});
      QVERIFY(std::abs(cell.examples[0].scores[1] - directLogProb(*m, e0, great)) < 1e-4);
      QVERIFY(std::abs(cell.examples[0].scores[0] - directLogProb(*m, e0, terrible)) < 1e-4);
      QVERIFY(std::abs(cell.examples[1].scores[1] - directLogProb(*m, cut, great)) < 1e-4);
      QVERIFY(std::abs(cell.examples[1].scores[0] - directLogProb(*m, cut, terrible)) < 1e-4);
    }
  }

  // A template whose fixed text alone exceeds the usable length is refused with a sentence, not a crash.
  void unshortenableIsAClearError() {
    EvalSession session(kRoberta, SessionOptions{"cpu", 2, false});
    std::string fixed;
    for (int i = 0; i < 70; ++i) fixed += " a";
    EvalRequest req;
    req.data = testing::sentences({{"a film", "pos"}, {"a film", "neg"}});
    req.templateText = "{s}" + fixed + " [MASK] .";
    req.verbalizerText = "pos=great;neg=terrible";
    try {
      session.evaluate(req);
      QFAIL("a prompt longer than the model's 64 usable tokens was accepted");
    } catch (const pwb::Error& e) {
      QVERIFY2(QString(e.what()).contains("64"), e.what());
    }
  }
};

QTEST_GUILESS_MAIN(TestUsableLength)
#include "test_usable_length.moc"
