// Masked-LM template generation (core/search/template_generation.h) on the tiny-bert fixture: the span
// vocabulary, the beam against an exhaustive search of every two-token span (computed independently through
// EvalSession::maskTopK with the span written as text), beam scores equal to the true joint scores, the
// forms, determinism, bad options, cancel, and the CUDA path against the CPU (skipped without CUDA).
#include <torch/torch.h>

#include <QtTest>
#include <algorithm>
#include <cctype>
#include <cmath>
#include <fstream>
#include <map>

#include "common/error.h"
#include "eval/eval_session.h"
#include "kshot_test_data.h"
#include "prompt/template.h"
#include "search/candidate_ranking.h"
#include "search/template_generation.h"
#include "tokenize/tokenizer.h"

using namespace pwb;
using namespace pwb::search;

namespace {

struct Span {
  std::string templateText;
  double score = 0;
};

std::string errorOf(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  return "(no error)";
}

}  // namespace

class TestTemplateGeneration : public QObject {
  Q_OBJECT
  std::unique_ptr<eval::EvalSession> session_;

  SearchRequest request(int maskRun, int beam, int keep, std::vector<std::string> forms) const {
    SearchRequest r;
    r.method = SearchMethod::Generate;
    r.verbalizerText = "1=great;0=terrible";
    r.generate.maskRun = maskRun;
    r.generate.beam = beam;
    r.generate.keep = keep;
    r.generate.forms = std::move(forms);
    return r;
  }

  // Every two-token span (t1, t2) of the span vocabulary, t2 != t1, scored as generation defines it:
  // sum over the examples of log p(t1 | {s}[MASK][MASK] w .) + log p(t2 | {s} t1[MASK] w .), with the
  // probabilities read from maskTopK over the whole vocabulary and t1 written into the template as text
  // (WordPiece: " t1"; byte-level BPE: the token's bytes, its Ġ being the space). BPE also applies the glue
  // rule: a piece without Ġ may not follow the field (t1) and only follows a t1 ending in a letter/digit.
  std::vector<Span> exhaustive(eval::EvalSession& session, const data::Dataset& train,
                               const std::map<std::string, std::string>& word) {
    const auto& tok = session.tokenizer();
    const bool bpe = tok.kind() == "bpe";
    const std::vector<int64_t> allowed = spanVocabulary(tok);
    auto text = [&](int64_t id) { return bpe ? tok.decode({id}) : " " + tok.idToToken(id); };
    auto glued = [&](int64_t id) { return bpe && tok.idToToken(id).rfind("\xC4\xA0", 0) != 0; };
    auto endsAlnum = [&](int64_t id) {
      return std::isalnum(static_cast<unsigned char>(text(id).back())) != 0;
    };
    const int k = static_cast<int>(tok.vocabSize());
    std::map<std::pair<int64_t, int64_t>, double> score;
    for (const auto& ex : train.examples) {
      const std::string w = word.at(ex.label);
      const auto first = session.maskTopK("{s}[MASK][MASK] " + w + " .", train.columns, ex.fields, k)[0];
      std::map<int64_t, double> lp1;
      for (const auto& t : first) lp1[t.id] = std::log(t.prob);
      for (int64_t t1 : allowed) {
        if (glued(t1)) continue;
        const std::string tpl = "{s}" + prompt::escapeTemplateText(text(t1)) + "[MASK] " + w + " .";
        const auto second = session.maskTopK(tpl, train.columns, ex.fields, k)[0];
        for (const auto& t : second) {
          if (t.id == t1 || !std::binary_search(allowed.begin(), allowed.end(), t.id)) continue;
          if (glued(t.id) && !endsAlnum(t1)) continue;
          score[{t1, t.id}] += lp1.at(t1) + std::log(t.prob);
        }
      }
    }
    std::vector<Span> out;
    for (const auto& [ids, s] : score) {
      out.push_back(
          {"{text_a}" + prompt::escapeTemplateText(text(ids.first) + text(ids.second)) + " [MASK] .", s});
    }
    std::sort(out.begin(), out.end(), [](const Span& a, const Span& b) { return a.score > b.score; });
    return out;
  }

 private Q_SLOTS:
  void initTestCase() {
    session_ = std::make_unique<eval::EvalSession>(testing::kTinyBert, eval::SessionOptions{"cpu", 1, false});
  }

  void spanVocabularyIsWholeWordTokens() {
    // From the fixture's vocab.txt: every token that is neither a '##' piece nor a [SPECIAL] may start or
    // continue a span; nothing else.
    std::ifstream in(testing::kTinyBert + "/vocab.txt");
    std::vector<int64_t> expected;
    std::string line;
    for (int64_t id = 0; std::getline(in, line); ++id) {
      if (line.rfind("##", 0) == 0 || (line.front() == '[' && line.back() == ']')) continue;
      expected.push_back(id);
    }
    const auto got = spanVocabulary(session_->tokenizer());
    QCOMPARE(got, expected);
    QCOMPARE(static_cast<int>(got.size()), 111);
  }

  // With a beam at least as wide as the span vocabulary the beam search is exhaustive: its ranking must be
  // the exhaustive ranking, template text and score.
  void wideBeamFindsTheExhaustiveBestSpans() {
    const data::Dataset train = testing::sentimentTrain();
    const auto expected = exhaustive(*session_, train, {{"1", "great"}, {"0", "terrible"}});
    QVERIFY(expected.size() > 10000);
    const auto got = generateTemplates(*session_, request(2, 200, 200, {"s-masks-label"}),
                                       testing::split(train, train, 13));
    QCOMPARE(static_cast<int>(got.size()), 200);
    for (int i = 0; i < 10; ++i) {
      QCOMPARE(got[i].templateText, expected[i].templateText);
      QVERIFY2(std::abs(got[i].searchScore - expected[i].score) < 2e-3,
               qPrintable(QString("%1: %2 vs %3").arg(i).arg(got[i].searchScore).arg(expected[i].score)));
      QCOMPARE(got[i].origin, std::string("generated s-masks-label seed 13"));
    }
    qInfo("best span: %s (summed log-prob %.4f over 4 examples)", expected[0].templateText.c_str(),
          expected[0].score);
  }

  // A narrow beam may miss the best span, but every span it returns carries its true joint score.
  void narrowBeamScoresAreJointScores() {
    const data::Dataset train = testing::sentimentTrain();
    const auto all = exhaustive(*session_, train, {{"1", "great"}, {"0", "terrible"}});
    std::map<std::string, double> truth;
    for (const auto& s : all) truth[s.templateText] = s.score;
    const auto got =
        generateTemplates(*session_, request(2, 3, 3, {"s-masks-label"}), testing::split(train, train, 13));
    QCOMPARE(static_cast<int>(got.size()), 3);
    for (const auto& c : got) {
      QVERIFY(truth.count(c.templateText));
      QVERIFY(std::abs(c.searchScore - truth[c.templateText]) < 2e-3);
    }
    QVERIFY(got[0].searchScore >= got[1].searchScore && got[1].searchScore >= got[2].searchScore);
  }

  void formsAndTheirTemplates() {
    const data::Dataset train = testing::sentimentTrain();
    const auto got = generateTemplates(*session_, request(2, 4, 6, {}), testing::split(train, train, 21));
    QCOMPARE(static_cast<int>(got.size()), 6);  // 3 per form
    for (int i = 0; i < 6; ++i) {
      const auto& t = got[i].templateText;
      const auto tpl = prompt::parseTemplate(t);
      QCOMPARE(tpl.maskCount(), 1);
      if (i < 3) {
        QCOMPARE(got[i].origin, std::string("generated s-masks-label seed 21"));
        QVERIFY2(t.rfind("{text_a} ", 0) == 0 && t.size() > 9 && t.substr(t.size() - 9) == " [MASK] .",
                 t.c_str());
      } else {
        QCOMPARE(got[i].origin, std::string("generated label-masks-s seed 21"));
        QVERIFY2(t.rfind(" [MASK] ", 0) == 0 && t.substr(t.size() - 9) == " {text_a}", t.c_str());
      }
    }
    // Pair data: spans on both sides of the label word.
    const data::Dataset pairs =
        testing::dataset({"premise", "hypothesis"},
                         {{{"the film was great .", "it is a good film ."}, "entailment"},
                          {{"the acting was terrible .", "the acting is good ."}, "not_entailment"}});
    SearchRequest r = request(1, 3, 2, {});
    r.verbalizerText = "entailment=yes;not_entailment=no";
    const auto pair = generateTemplates(*session_, r, testing::split(pairs, pairs, 42));
    QCOMPARE(static_cast<int>(pair.size()), 2);
    for (const auto& c : pair) {
      QVERIFY2(c.templateText.rfind("{text_a|no_final_punct} ", 0) == 0, c.templateText.c_str());
      QVERIFY2(c.templateText.find(" [MASK] ") != std::string::npos, c.templateText.c_str());
      const std::string end = " {text_b|lower_first}";
      QVERIFY2(c.templateText.size() > end.size() &&
                   c.templateText.compare(c.templateText.size() - end.size(), end.size(), end) == 0,
               c.templateText.c_str());
      QCOMPARE(prompt::parseTemplate(c.templateText).maskCount(), 1);
      QCOMPARE(c.origin, std::string("generated pair seed 42"));
    }
  }

  void sameInputSameTemplates() {
    const data::Dataset train = testing::sentimentTrain();
    const auto a = generateTemplates(*session_, request(3, 5, 8, {}), testing::split(train, train, 13));
    const auto b = generateTemplates(*session_, request(3, 5, 8, {}), testing::split(train, train, 13));
    QCOMPARE(a.size(), b.size());
    for (size_t i = 0; i < a.size(); ++i) {
      QCOMPARE(a[i].templateText, b[i].templateText);
      QCOMPARE(a[i].searchScore, b[i].searchScore);
    }
  }

  void badOptions() {
    const data::Dataset train = testing::sentimentTrain();
    const auto sp = testing::split(train, train, 13);
    auto run = [&](SearchRequest r) { return errorOf([&] { generateTemplates(*session_, r, sp); }); };
    QVERIFY(run(request(0, 3, 3, {})).find("generate.maskRun") != std::string::npos);
    QVERIFY(run(request(2, 0, 3, {})).find("generate.beam") != std::string::npos);
    QVERIFY(run(request(2, 3, 0, {})).find("generate.keep") != std::string::npos);
    QVERIFY(run(request(2, 3, 3, {"masks-after"})).find("unknown generation form 'masks-after'") !=
            std::string::npos);
    QVERIFY(run(request(2, 3, 3, {"pair"})).find("the pair form needs two text columns") !=
            std::string::npos);
    SearchRequest noWords = request(2, 3, 3, {});
    noWords.verbalizerText = "";
    QVERIFY(run(noWords).find("needs a verbalizer (verbalizerText)") != std::string::npos);
    SearchRequest missing = request(2, 3, 3, {});
    missing.verbalizerText = "1=great";
    QVERIFY(run(missing) != "(no error)");
  }

  // The flag raised once the first form is done: its templates come back, the second form's do not.
  void cancelKeepsFinishedForms() {
    const data::Dataset train = testing::sentimentTrain();
    std::atomic<bool> cancel{false};
    int calls = 0;
    const auto got = generateTemplates(
        *session_, request(2, 3, 4, {}), testing::split(train, train, 13),
        [&](const SearchProgress& p, const std::vector<TemplateCandidate>& found) {
          ++calls;
          QCOMPARE(p.total, int64_t(4));
          if (!found.empty()) cancel = true;
        },
        &cancel);
    QCOMPARE(static_cast<int>(got.size()), 2);
    for (const auto& c : got) QCOMPARE(c.origin, std::string("generated s-masks-label seed 13"));
    QVERIFY(calls >= 3);
  }

  // Byte-level BPE (tiny-roberta): the same exhaustive check; spans carry their own spaces (Ġ).
  void bpeWideBeamFindsTheExhaustiveBestSpans() {
    eval::EvalSession roberta(std::string(PWB_REFERENCE_DIR) + "/fixtures/tiny-roberta",
                              eval::SessionOptions{"cpu", 1, false});
    const data::Dataset train = testing::sentences({{"The film was great.", "1"},
                                                    {"I like the Disney films very much.", "1"},
                                                    {"A boring movie.", "0"},
                                                    {"The acting was terrible.", "0"}});
    const auto vocabulary = spanVocabulary(roberta.tokenizer());
    QVERIFY(vocabulary.size() > 50);
    for (int64_t id : vocabulary) {
      const std::string t = roberta.tokenizer().idToToken(id);
      QVERIFY2(t.rfind("\xC4\xA0", 0) == 0 || std::ispunct(static_cast<unsigned char>(t[0])), t.c_str());
      QVERIFY2(t != "<s>" && t != "<mask>" && t != "\xC4\xA0", t.c_str());
    }
    const auto expected = exhaustive(roberta, train, {{"1", "great"}, {"0", "terrible"}});
    const auto got =
        generateTemplates(roberta, request(2, static_cast<int>(vocabulary.size()), 50, {"s-masks-label"}),
                          testing::split(train, train, 13));
    QCOMPARE(static_cast<int>(got.size()), 50);
    for (int i = 0; i < 10; ++i) {
      QCOMPARE(got[i].templateText, expected[i].templateText);
      QVERIFY2(std::abs(got[i].searchScore - expected[i].score) < 2e-3,
               qPrintable(QString("%1: %2 vs %3").arg(i).arg(got[i].searchScore).arg(expected[i].score)));
    }
    qInfo("BPE best span: '%s' (summed log-prob %.4f)", expected[0].templateText.c_str(), expected[0].score);
  }

  // The same generation and dev ranking with the model on CUDA: the same templates, scores equal to float
  // rounding (every tensor the search reads back is moved to the CPU by encodeMasks / vocabLogProbs).
  void cudaMatchesCpu() {
    if (!torch::cuda::is_available())
      QSKIP("CUDA is not available: the CUDA path of template generation is not run");
    eval::EvalSession cuda(testing::kTinyBert, eval::SessionOptions{"cuda", 1, false});
    const data::Dataset train = testing::sentimentTrain();
    const auto sp = testing::split(train, train, 13);
    auto a = generateTemplates(*session_, request(2, 5, 6, {}), sp);
    auto b = generateTemplates(cuda, request(2, 5, 6, {}), sp);
    QCOMPARE(a.size(), b.size());
    for (size_t i = 0; i < a.size(); ++i) {
      QCOMPARE(a[i].templateText, b[i].templateText);
      QVERIFY(std::abs(a[i].searchScore - b[i].searchScore) < 1e-3);
    }
    rankOnDev(*session_, request(2, 5, 6, {}), {sp}, a);
    rankOnDev(cuda, request(2, 5, 6, {}), {sp}, b);
    for (size_t i = 0; i < a.size(); ++i) {
      QCOMPARE(a[i].templateText, b[i].templateText);
      QCOMPARE(a[i].devAccuracy, b[i].devAccuracy);
    }
  }
};

QTEST_GUILESS_MAIN(TestTemplateGeneration)
#include "test_template_generation.moc"
