// Multiple choice on tiny-bert (issue 17), from an mc-jsonl file:
//  - letters: the options as fields, label words a/b/c per option letter, scored by EvalSession::evaluate
//    (the single-label path); accuracy and predictions against the fixture's log-softmax at the mask,
//    computed by hand one prompt at a time;
//  - option text: each option put at the mask as one mask per word piece and scored by PET's sequential
//    rule, against a hand loop over the full logits (a template written with N masks, rendered on its own,
//    the model run again after every fill) — sum and mean, the argmax, accuracy; bad input errors.
#include <QTemporaryDir>
#include <QtTest>
#include <cmath>
#include <fstream>
#include <numeric>

#include "choice/option_scoring.h"
#include "common/error.h"
#include "data/dataset_import.h"
#include "eval/eval_session.h"
#include "model/masked_lm.h"
#include "prompt/prompt_renderer.h"
#include "prompt/template.h"
#include "tokenize/tokenizer.h"

using namespace pwb;

namespace {

const std::string kTinyBert = std::string(PWB_REFERENCE_DIR) + "/fixtures/tiny-bert";

std::shared_ptr<model::MaskedLM> tinyModel() {
  static auto m = model::MaskedLM::load(kTinyBert);
  return m;
}
const tokenize::Tokenizer& tinyTokenizer() {
  static auto t = tokenize::loadTokenizer(kTinyBert);
  return *t;
}

// The template rendered with `fields` (columns in `columns` order): ids with special tokens and masks.
prompt::RenderedPrompt render(const std::string& tpl, const std::vector<std::string>& columns,
                              const std::vector<std::string>& fields) {
  const prompt::PromptRenderer r(prompt::parseTemplate(tpl), columns, tinyTokenizer(),
                                 static_cast<int>(tinyModel()->config().usableTokens()));
  return r.render(fields);
}

// log-softmax [T, V] (double) at every position of one unpadded text.
torch::Tensor allLogProbs(const std::vector<int64_t>& ids) {
  torch::NoGradGuard ng;
  model::EncoderInput in;
  in.inputIds = torch::tensor(ids, torch::kLong).unsqueeze(0);
  in.tokenTypeIds = torch::zeros_like(in.inputIds);
  const auto h = tinyModel()->encode(in)[0];
  return torch::log_softmax(tinyModel()->mlmLogits(h), 1).to(torch::kDouble).contiguous();
}

// PET's sequential score of `targets` at the masks of `ids`, by hand: the open mask whose target is most
// probable is filled first, the model runs again; the sum of the chosen log-probs.
double handSequentialScore(std::vector<int64_t> ids, const std::vector<int64_t>& masks,
                           const std::vector<int64_t>& targets) {
  std::vector<size_t> open(masks.size());
  std::iota(open.begin(), open.end(), size_t(0));
  double score = 0;
  while (!open.empty()) {
    const auto lp = allLogProbs(ids);
    size_t pick = 0;
    for (size_t i = 1; i < open.size(); ++i)
      if (lp[masks[open[i]]][targets[open[i]]].item<double>() >
          lp[masks[open[pick]]][targets[open[pick]]].item<double>())
        pick = i;
    const size_t m = open[pick];
    score += lp[masks[m]][targets[m]].item<double>();
    ids[size_t(masks[m])] = targets[m];
    open.erase(open.begin() + long(pick));
  }
  return score;
}

const char* kRows =
    R"({"question": "the film was", "choices": ["great", "boring film", "very bad acting"], "answerKey": "A"})"
    "\n"
    R"({"question": "which film is good", "choices": ["the story", "wonderful", "bad"], "answerKey": "B"})"
    "\n"
    R"({"question": "paris is in", "choices": ["france", "china", "shanghai west"], "answerKey": "A"})"
    "\n"
    R"({"question": "what is it", "choices": ["news", "sports", "science"], "answerKey": "C"})"
    "\n";

}  // namespace

class TestOptionScoring : public QObject {
  Q_OBJECT

  QTemporaryDir dir_;
  data::Dataset set_;
  std::unique_ptr<eval::EvalSession> session_;

 private Q_SLOTS:
  void initTestCase() {
    QVERIFY(dir_.isValid());
    const std::string path = dir_.filePath("mc.jsonl").toStdString();
    std::ofstream(path) << kRows;
    set_ = data::importDataset(path);
    QCOMPARE(set_.format, std::string("mc-jsonl"));
    QCOMPARE(set_.examples.size(), size_t(4));
    eval::SessionOptions so;
    so.threads = 1;
    session_ = std::make_unique<eval::EvalSession>(kTinyBert, so);
  }

  void lettersThroughTheSingleLabelPath() {
    const std::string tpl = "{question} a . {option_A} b . {option_B} c . {option_C} answer : [MASK] .";
    eval::EvalRequest req;
    req.data = set_;
    req.templateText = tpl;
    req.verbalizerText = "A=a;B=b;C=c";
    const eval::CellResult cell = session_->evaluate(req);
    const std::vector<int64_t> words = {tinyTokenizer().tokenToId("a"), tinyTokenizer().tokenToId("b"),
                                        tinyTokenizer().tokenToId("c")};
    int correct = 0;
    for (size_t i = 0; i < set_.examples.size(); ++i) {
      const auto r = render(tpl, set_.columns, set_.examples[i].fields);
      const auto lp = allLogProbs(r.ids)[r.maskPositions[0]];
      int best = 0;
      for (int c = 1; c < 3; ++c)
        if (lp[words[size_t(c)]].item<double>() > lp[words[size_t(best)]].item<double>()) best = c;
      QCOMPARE(cell.examples[i].pred, best);
      for (int c = 0; c < 3; ++c)
        QVERIFY(std::abs(cell.examples[i].scores[size_t(c)] - lp[words[size_t(c)]].item<double>()) < 1e-4);
      const int gold = set_.examples[i].label[0] - 'A';
      QCOMPARE(cell.examples[i].gold, gold);
      correct += best == gold;
    }
    QCOMPARE(cell.metrics.count, 4);
    QCOMPARE(cell.metrics.correct, correct);
    QCOMPARE(cell.metrics.accuracy, correct / 4.0);
  }

  void optionTextSumAndMean() {
    const std::string tpl = "question : {question} answer : [MASK] .";
    for (const auto mode : {choice::OptionScore::Sum, choice::OptionScore::Mean}) {
      choice::OptionScoreRequest req;
      req.data = set_;
      req.templateText = tpl;
      req.score = mode;
      int64_t progressDone = 0;
      const auto r =
          choice::runOptionScoring(*session_, req, [&](int64_t done, int64_t) { progressDone = done; });
      QCOMPARE(progressDone, int64_t(4));
      QCOMPARE(r.labels, (std::vector<std::string>{"A", "B", "C"}));
      QCOMPARE(r.examples.size(), size_t(4));
      QVERIFY(r.skipped.empty());
      size_t correct = 0;
      bool sawSeveralPieces = false;
      for (size_t i = 0; i < 4; ++i) {
        const auto& ex = set_.examples[i];
        std::vector<double> hand;
        for (int k = 0; k < 3; ++k) {
          const std::vector<int64_t> targets = tinyTokenizer().wordInContext(ex.fields[size_t(1 + k)]);
          QCOMPARE(r.examples[i].pieces[size_t(k)], int(targets.size()));
          sawSeveralPieces = sawSeveralPieces || targets.size() > 1;
          std::string masks;
          for (size_t n = 0; n < targets.size(); ++n) masks += (n ? " " : "") + std::string("[MASK]");
          const auto rp = render("question : {question} answer : " + masks + " .", set_.columns, ex.fields);
          QCOMPARE(rp.maskPositions.size(), targets.size());
          const double sum = handSequentialScore(
              rp.ids, std::vector<int64_t>(rp.maskPositions.begin(), rp.maskPositions.end()), targets);
          hand.push_back(mode == choice::OptionScore::Sum ? sum : sum / double(targets.size()));
          QVERIFY2(std::abs(r.examples[i].scores[size_t(k)] - hand.back()) < 1e-4,
                   (std::to_string(r.examples[i].scores[size_t(k)]) + " vs " + std::to_string(hand.back()))
                       .c_str());
        }
        const int best = int(std::max_element(hand.begin(), hand.end()) - hand.begin());
        QCOMPARE(r.examples[i].pred, best);
        QCOMPARE(r.examples[i].gold, ex.label[0] - 'A');
        correct += size_t(best == r.examples[i].gold);
      }
      QVERIFY(sawSeveralPieces);
      QCOMPARE(r.withAnswer, size_t(4));
      QCOMPARE(r.correct, correct);
      QCOMPARE(r.accuracy, double(correct) / 4.0);
    }
  }

  void sumAndMeanCanDisagree() {
    // A one-piece option against a three-piece one (found by trying rows): PET's sum prefers the short
    // option (-5.53 against -16.54), the mean per piece the long one (-5.51 against -5.53).
    const std::string path = dir_.filePath("long.jsonl").toStdString();
    std::ofstream(path) << R"({"question": "it was", "choices": ["y", "very very good"], "answerKey": "B"})"
                           "\n";
    choice::OptionScoreRequest req;
    req.data = data::importDataset(path);
    req.templateText = "question : {question} answer : [MASK] .";
    const auto sum = choice::runOptionScoring(*session_, req);
    req.score = choice::OptionScore::Mean;
    const auto mean = choice::runOptionScoring(*session_, req);
    QCOMPARE(sum.examples[0].pieces, (std::vector<int>{1, 3}));
    QCOMPARE(sum.examples[0].pred, 0);
    QCOMPARE(mean.examples[0].pred, 1);
    QCOMPARE(sum.accuracy, 0.0);
    QCOMPARE(mean.accuracy, 1.0);
    QVERIFY(std::abs(mean.examples[0].scores[1] - sum.examples[0].scores[1] / 3.0) < 1e-9);
    QCOMPARE(mean.examples[0].scores[0], sum.examples[0].scores[0]);
  }

  void setWithoutAnswers() {
    // A test set without answer keys is scored (predictions, no accuracy).
    const std::string path = dir_.filePath("test.jsonl").toStdString();
    std::ofstream(path) << R"({"question": "the film was", "choices": ["great", "boring film"]})"
                           "\n";
    choice::OptionScoreRequest req;
    req.data = data::importDataset(path);
    QVERIFY(req.data.unlabeled);
    req.templateText = "question : {question} answer : [MASK] .";
    const auto r = choice::runOptionScoring(*session_, req);
    QCOMPARE(r.labels, (std::vector<std::string>{"A", "B"}));
    QCOMPARE(r.scored, size_t(1));
    QCOMPARE(r.withAnswer, size_t(0));
    QCOMPARE(r.examples[0].gold, -1);
    QVERIFY(r.examples[0].pred >= 0);
    QCOMPARE(r.accuracy, 0.0);
  }

  void badInput() {
    choice::OptionScoreRequest req;
    req.data = set_;
    req.templateText = "question : {question} [MASK] [MASK] .";
    QVERIFY_THROWS_EXCEPTION(Error, choice::runOptionScoring(*session_, req));
    req.templateText = "question : {nothere} [MASK] .";
    QVERIFY_THROWS_EXCEPTION(Error, choice::runOptionScoring(*session_, req));
    req.templateText = "{question} [MASK] .";
    req.data.columns = {"question", "x", "y", "z"};  // no option fields
    try {
      choice::runOptionScoring(*session_, req);
      QFAIL("no error for a set without option fields");
    } catch (const Error& e) {
      QVERIFY(std::string(e.what()).find("option_A") != std::string::npos);
    }
    QCOMPARE(choice::parseOptionScore("mean"), choice::OptionScore::Mean);
    QVERIFY_THROWS_EXCEPTION(Error, choice::parseOptionScore("max"));
  }
};

QTEST_GUILESS_MAIN(TestOptionScoring)
#include "test_option_scoring.moc"
