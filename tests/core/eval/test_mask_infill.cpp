// Generation by infilling (issue 17): the three orders of eval::fillMasks on tiny-bert, on a text where
// left-to-right and most-confident-first choose different fills, against an independent step-by-step
// computation with the model's full logits (one unbatched forward pass per hypothesis and step, the
// special tokens skipped by hand). Beam width 1 equals left-to-right; the beam's best score is at least
// left-to-right's; bad input gives a clear error. On CUDA (skipped without) every order gives the CPU's
// fills and log-probs.
#include <QtTest>
#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>

#include "common/error.h"
#include "eval/eval_session.h"
#include "eval/mask_infill.h"
#include "eval_test_data.h"
#include "model/masked_lm.h"
#include "tokenize/tokenizer.h"

using namespace pwb;

namespace {

const std::string kTinyBert = std::string(PWB_REFERENCE_DIR) + "/fixtures/tiny-bert";
// Found by trying texts offline: the orders differ on it (see ordersDifferOnTheFixture).
const std::string kText = "[MASK] and very is [MASK] [MASK]";

struct Hand {
  std::vector<int64_t> ids;
  std::vector<int64_t> tokens;       // per mask, text order
  std::vector<double> logProbs;      // per mask, text order
  std::vector<int64_t> orderFilled;  // mask positions in fill order
  double score = 0;
};

std::shared_ptr<model::MaskedLM> tinyModel() {
  static auto m = model::MaskedLM::load(kTinyBert);
  return m;
}
const tokenize::Tokenizer& tinyTokenizer() {
  static auto t = tokenize::loadTokenizer(kTinyBert);
  return *t;
}

// log-softmax [T, V] (double, CPU) at every position of one unpadded text.
torch::Tensor allLogProbs(const std::vector<int64_t>& ids) {
  torch::NoGradGuard ng;
  model::EncoderInput in;
  in.inputIds = torch::tensor(ids, torch::kLong).unsqueeze(0);
  in.tokenTypeIds = torch::zeros_like(in.inputIds);
  const auto h = tinyModel()->encode(in)[0];
  return torch::log_softmax(tinyModel()->mlmLogits(h), 1).to(torch::kDouble).contiguous();
}

bool allowed(int64_t id) {
  const auto& sp = tinyTokenizer().special();
  return id != sp.clsId && id != sp.sepId && id != sp.padId && id != sp.unkId && id != sp.maskId;
}

// The best allowed token at row `pos` of lp (first maximum), by a plain loop.
std::pair<int64_t, double> best(const torch::Tensor& lp, int64_t pos) {
  int64_t arg = -1;
  double v = -INFINITY;
  for (int64_t t = 0; t < lp.size(1); ++t) {
    const double x = lp[pos][t].item<double>();
    if (allowed(t) && x > v) v = x, arg = t;
  }
  return {arg, v};
}

std::vector<int64_t> masksOf(const std::vector<int64_t>& ids) {
  std::vector<int64_t> out;
  for (size_t i = 0; i < ids.size(); ++i)
    if (ids[i] == tinyTokenizer().special().maskId) out.push_back(int64_t(i));
  return out;
}

Hand handGreedy(const std::string& text, bool confidentFirst) {
  Hand h;
  h.ids = tinyTokenizer().encode(text).ids;
  const auto masks = masksOf(h.ids);
  std::vector<int64_t> open = masks;
  std::map<int64_t, std::pair<int64_t, double>> chosen;
  while (!open.empty()) {
    const auto lp = allLogProbs(h.ids);
    size_t pick = 0;
    std::pair<int64_t, double> b = best(lp, open[0]);
    if (confidentFirst) {
      for (size_t i = 1; i < open.size(); ++i) {
        const auto c = best(lp, open[i]);
        if (c.second > b.second) b = c, pick = i;
      }
    }
    chosen[open[pick]] = b;
    h.ids[size_t(open[pick])] = b.first;
    h.orderFilled.push_back(open[pick]);
    h.score += b.second;
    open.erase(open.begin() + long(pick));
  }
  for (int64_t p : masks) {
    h.tokens.push_back(chosen[p].first);
    h.logProbs.push_back(chosen[p].second);
  }
  return h;
}

// PET's scoring of a given answer by hand: the open mask whose target is most probable is filled first.
Hand handForced(const std::string& text, const std::vector<int64_t>& targets) {
  Hand h;
  h.ids = tinyTokenizer().encode(text).ids;
  const auto masks = masksOf(h.ids);
  std::vector<size_t> open(masks.size());
  std::iota(open.begin(), open.end(), size_t(0));
  h.tokens = targets;
  h.logProbs.assign(masks.size(), 0);
  while (!open.empty()) {
    const auto lp = allLogProbs(h.ids);
    size_t pick = 0;
    for (size_t i = 1; i < open.size(); ++i)
      if (lp[masks[open[i]]][targets[open[i]]].item<double>() >
          lp[masks[open[pick]]][targets[open[pick]]].item<double>())
        pick = i;
    const size_t m = open[pick];
    h.logProbs[m] = lp[masks[m]][targets[m]].item<double>();
    h.ids[size_t(masks[m])] = targets[m];
    h.orderFilled.push_back(masks[m]);
    h.score += h.logProbs[m];
    open.erase(open.begin() + long(pick));
  }
  return h;
}

// Beam search by hand: every hypothesis run alone, all (hypothesis, token) extensions sorted by score
// (ties: earlier hypothesis, smaller id), the best `width` kept.
std::vector<Hand> handBeam(const std::string& text, int width) {
  Hand start;
  start.ids = tinyTokenizer().encode(text).ids;
  const auto masks = masksOf(start.ids);
  std::vector<Hand> beam{start};
  for (int64_t pos : masks) {
    struct Cand {
      double score;
      size_t from;
      int64_t token;
      double lp;
    };
    std::vector<Cand> cands;
    for (size_t h = 0; h < beam.size(); ++h) {
      const auto lp = allLogProbs(beam[h].ids);
      for (int64_t t = 0; t < lp.size(1); ++t)
        if (allowed(t))
          cands.push_back({beam[h].score + lp[pos][t].item<double>(), h, t, lp[pos][t].item<double>()});
    }
    std::stable_sort(cands.begin(), cands.end(),
                     [](const Cand& a, const Cand& b) { return a.score > b.score; });
    std::vector<Hand> next;
    for (size_t i = 0; i < cands.size() && int(i) < width; ++i) {
      Hand n = beam[cands[i].from];
      n.ids[size_t(pos)] = cands[i].token;
      n.tokens.push_back(cands[i].token);
      n.logProbs.push_back(cands[i].lp);
      n.orderFilled.push_back(pos);
      n.score = cands[i].score;
      next.push_back(n);
    }
    beam = next;
  }
  return beam;
}

void compare(const eval::InfillHypothesis& got, const Hand& want) {
  QCOMPARE(got.ids, want.ids);
  QCOMPARE(got.fills.size(), want.tokens.size());
  for (size_t i = 0; i < want.tokens.size(); ++i) {
    QCOMPARE(got.fills[i].id, want.tokens[i]);
    QCOMPARE(got.fills[i].token, tinyTokenizer().idToToken(want.tokens[i]));
    QVERIFY2(std::abs(got.fills[i].logProb - want.logProbs[i]) < 1e-5,
             qPrintable(QString("mask %1: %2 vs %3").arg(i).arg(got.fills[i].logProb).arg(want.logProbs[i])));
    // The fill order: step i filled the mask want.orderFilled[i].
    const auto& f = *std::find_if(got.fills.begin(), got.fills.end(),
                                  [&](const eval::MaskFill& m) { return m.position == want.orderFilled[i]; });
    QCOMPARE(f.step, int(i));
    QVERIFY(std::abs(got.stepLogProbs[i] - f.logProb) < 1e-12);
  }
  QVERIFY2(std::abs(got.score - want.score) < 1e-5,
           qPrintable(QString("%1 vs %2").arg(got.score).arg(want.score)));
}

std::vector<eval::InfillHypothesis> fill(model::MaskedLM& m, const std::string& text, eval::FillOrder order,
                                         int width = 4, int topN = 1) {
  const auto enc = tinyTokenizer().encode(text);
  eval::InfillOptions o;
  o.order = order;
  o.beamWidth = width;
  o.topN = topN;
  return eval::fillMasks(m, tinyTokenizer(), enc.ids, enc.typeIds, o);
}

template <typename F>
QString errorOf(F f) {
  try {
    f();
  } catch (const Error& e) {
    return QString::fromStdString(e.what());
  }
  return QString();
}

}  // namespace

class TestMaskInfill : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  // Left to right fills the first mask, then the second, then the third; confident-first fills the third
  // mask (d) before the second and so chooses ##estion there instead of ##sw.
  void ordersDifferOnTheFixture() {
    auto m = tinyModel();
    const auto l2r = fill(*m, kText, eval::FillOrder::LeftToRight);
    const auto cf = fill(*m, kText, eval::FillOrder::ConfidentFirst);
    QCOMPARE(l2r.size(), size_t(1));
    QCOMPARE(cf.size(), size_t(1));
    const Hand handL2r = handGreedy(kText, false), handCf = handGreedy(kText, true);
    compare(l2r[0], handL2r);
    compare(cf[0], handCf);
    auto spell = [](const eval::InfillHypothesis& h) {
      std::vector<std::string> out;
      for (const auto& f : h.fills) out.push_back(f.token);
      return out;
    };
    QCOMPARE(spell(l2r[0]), (std::vector<std::string>{"##estion", "##sw", "d"}));
    QCOMPARE(spell(cf[0]), (std::vector<std::string>{"##estion", "##estion", "d"}));
    QCOMPARE(l2r[0].text, std::string("estion and very issw d"));
    // Fixture anchors (tiny-bert's weights): the two totals.
    QVERIFY2(std::abs(l2r[0].score - -11.6097) < 1e-3, qPrintable(QString::number(l2r[0].score)));
    QVERIFY2(std::abs(cf[0].score - -11.5664) < 1e-3, qPrintable(QString::number(cf[0].score)));
    // Left to right fills in text order; confident-first did not.
    QCOMPARE(handL2r.orderFilled, (std::vector<int64_t>{1, 5, 6}));
    QVERIFY(handCf.orderFilled != handL2r.orderFilled);
  }

  // Beam search (width 3) keeps the same hypotheses as the unbatched hand search, best first, and finds a
  // better total than left to right here.
  void beamMatchesTheHandSearch() {
    auto m = tinyModel();
    const auto got = fill(*m, kText, eval::FillOrder::Beam, 3, 3);
    const auto want = handBeam(kText, 3);
    QCOMPARE(got.size(), size_t(3));
    for (size_t i = 0; i < 3; ++i) compare(got[i], want[i]);
    QVERIFY(got[0].score >= got[1].score && got[1].score >= got[2].score);
    QCOMPARE(got[0].fills[1].token, std::string("t"));
    const auto l2r = fill(*m, kText, eval::FillOrder::LeftToRight);
    QVERIFY2(got[0].score > l2r[0].score,
             qPrintable(QString("%1 vs %2").arg(got[0].score).arg(l2r[0].score)));
    // topN cuts the list, not the search.
    const auto one = fill(*m, kText, eval::FillOrder::Beam, 3, 1);
    QCOMPARE(one.size(), size_t(1));
    QCOMPARE(one[0].ids, got[0].ids);
  }

  void beamWidthOneIsLeftToRight() {
    auto m = tinyModel();
    for (const std::string text : {kText, std::string("the [MASK] is in the [MASK] of [MASK] .")}) {
      const auto b = fill(*m, text, eval::FillOrder::Beam, 1, 1);
      const auto l = fill(*m, text, eval::FillOrder::LeftToRight);
      QCOMPARE(b[0].ids, l[0].ids);
      QCOMPARE(b[0].text, l[0].text);
      QCOMPARE(b[0].stepLogProbs.size(), l[0].stepLogProbs.size());
      for (size_t i = 0; i < l[0].stepLogProbs.size(); ++i)
        QVERIFY(std::abs(b[0].stepLogProbs[i] - l[0].stepLogProbs[i]) < 1e-6);
    }
  }

  // The GUI's path: the template rendered with the example, then the same joint fill.
  void sessionRendersTheTemplate() {
    eval::EvalSession session(kTinyBert);
    eval::InfillOptions o;
    o.order = eval::FillOrder::ConfidentFirst;
    const auto got = session.fillMasks("[MASK] and {s} is [MASK] [MASK]", {"sentence"}, {"very"}, o);
    compare(got.at(0), handGreedy(kText, true));
  }

  void badInputIsAnError() {
    auto m = tinyModel();
    QVERIFY(errorOf([&] {
              fill(*m, "no mask here .", eval::FillOrder::LeftToRight);
            }).contains("contains no [MASK]"));
    std::string many;
    for (int i = 0; i <= eval::kMaxInfillMasks; ++i) many += "[MASK] ";
    QCOMPARE(errorOf([&] { fill(*m, many, eval::FillOrder::Beam); }),
             QString("the text has 17 masks; joint filling takes at most 16"));
    QCOMPARE(errorOf([&] { fill(*m, kText, eval::FillOrder::Beam, 0, 1); }),
             QString("the beam width must be 1..64, got 0"));
    QVERIFY(
        errorOf([&] { fill(*m, kText, eval::FillOrder::Beam, 2, 3); }).contains("1..beam width (2), got 3"));
    QVERIFY(errorOf([&] { fill(*m, kText, eval::FillOrder::Independent); }).contains("independent order"));
    std::string longText = "[MASK]";
    for (int i = 0; i < 70; ++i) longText += " film";
    QVERIFY(
        errorOf([&] { fill(*m, longText, eval::FillOrder::LeftToRight); }).contains("accepts at most 64"));
    const auto enc = tinyTokenizer().encode(kText);
    QVERIFY(errorOf([&] {
              eval::fillMasks(*m, tinyTokenizer(), enc.ids, {0, 0}, {});
            }).contains("differ in length"));
    QCOMPARE(errorOf([] { eval::parseFillOrder("random"); }),
             QString("unknown fill order 'random' (independent, left-to-right, confident-first or beam)"));
    QCOMPARE(eval::parseFillOrder("confident-first"), eval::FillOrder::ConfidentFirst);
  }

  // PET's score of a multi-token answer: the given tokens placed most-confident first, log-probs summed.
  void scoreFillsIsPetsSequentialScore() {
    auto m = tinyModel();
    const auto& tok = tinyTokenizer();
    const auto enc = tok.encode(kText);
    for (const std::vector<std::string>& answer :
         {std::vector<std::string>{"##estion", "##sw", "d"},
          std::vector<std::string>{"great", "film", "[SEP]"}, std::vector<std::string>{"d", "t", "china"}}) {
      std::vector<int64_t> targets;
      for (const auto& w : answer) targets.push_back(tok.tokenToId(w));
      const auto got = eval::scoreFills(*m, tok, enc.ids, enc.typeIds, targets);
      compare(got, handForced(kText, targets));
    }
    // Scoring the left-to-right fill's own tokens gives its text back (the steps may come in another order).
    const auto l2r = fill(*m, kText, eval::FillOrder::LeftToRight);
    std::vector<int64_t> ids;
    for (const auto& f : l2r[0].fills) ids.push_back(f.id);
    const auto forced = eval::scoreFills(*m, tok, enc.ids, enc.typeIds, ids);
    QCOMPARE(forced.ids, l2r[0].ids);
    QCOMPARE(errorOf([&] {
               eval::scoreFills(*m, tok, enc.ids, enc.typeIds, {5, 6});
             }),
             QString("the answer has 2 tokens but the text has 3 masks"));
    QCOMPARE(errorOf([&] {
               eval::scoreFills(*m, tok, enc.ids, enc.typeIds, {5, 6, 190});
             }),
             QString("answer token id 190 is outside the vocabulary (0..189)"));
  }

  // MultiTokenMode::PetSequential: a multi-piece label word's class score is eval::scoreFills of its pieces
  // on the text with the slot rendered as that many masks; it differs from multi_mask (one pass), and a
  // single-token word scores the same in every mode. The JSON verbalizer form selects it too (Compare).
  void petSequentialVerbalizerIsScoreFills() {
    auto m = tinyModel();
    const auto& tok = tinyTokenizer();
    const auto data = eval::testing::sentences(
        {{"great film", "1"}, {"terrible acting", "0"}, {"boring story", "2"}, {"a wonderful movie", "1"}});
    const std::vector<std::string> words{"movies", "greatly", "good"};  // labels 0, 1, 2
    eval::EvalSession session(kTinyBert);
    eval::EvalRequest req;
    req.data = data;
    req.templateText = "{sentence} it was [MASK] .";
    req.verbalizerText = "0=movies;1=greatly;2=good";
    req.options.multiToken = eval::MultiTokenMode::PetSequential;
    const auto seq = session.evaluate(req);
    req.options.multiToken = eval::MultiTokenMode::MultiMask;
    const auto one = session.evaluate(req);
    req.options.multiToken = eval::MultiTokenMode::SubtokenMean;
    req.verbalizerText =
        R"({"labels": {"0": "movies", "1": "greatly", "2": "good"}, "multi_token": "pet_sequential"})";
    const auto json = session.evaluate(req);
    QCOMPARE(int(seq.words.size()), 3);
    QCOMPARE(seq.words[0].ids.size(), size_t(2));  // movie ##s
    QCOMPARE(seq.words[1].ids.size(), size_t(3));  // great ##l ##y
    QCOMPARE(seq.words[2].ids.size(), size_t(1));
    QVERIFY(seq.notes.at(0).find("most confident first") != std::string::npos);
    double maxDiff = 0;
    for (size_t e = 0; e < data.examples.size(); ++e) {
      for (size_t c = 0; c < words.size(); ++c) {
        const auto& w = seq.words[c];
        std::string text = data.examples[e].fields[0] + " it was";
        for (size_t i = 0; i < w.ids.size(); ++i) text += " [MASK]";
        const auto enc = tok.encode(text + " .");
        const double hand = eval::scoreFills(*m, tok, enc.ids, enc.typeIds, w.ids).score;
        const double got = seq.examples[e].scores[c];
        QVERIFY2(
            std::abs(got - hand) < 1e-4,
            qPrintable(QString("example %1 word %2: %3 vs scoreFills %4").arg(e).arg(c).arg(got).arg(hand)));
        QCOMPARE(json.examples[e].scores[c], got);
        if (w.ids.size() == 1)
          QCOMPARE(one.examples[e].scores[c], got);
        else
          maxDiff = std::max(maxDiff, std::abs(one.examples[e].scores[c] - got));
      }
    }
    QVERIFY2(maxDiff > 1e-2,
             qPrintable(QString("pet_sequential vs multi_mask differ by %1 at most").arg(maxDiff)));
    QCOMPARE(prompt::parseMultiTokenMode("pet_sequential"), eval::MultiTokenMode::PetSequential);
    QCOMPARE(std::string(prompt::multiTokenName(eval::MultiTokenMode::PetSequential)),
             std::string("pet_sequential"));
  }

  // The model on CUDA: every order gives the CPU's fills and log-probs (skipped without CUDA).
  void cudaMatchesTheCpu() {
    if (!torch::cuda::is_available()) QSKIP("CUDA is not available");
    model::LoadOptions lo;
    lo.device = "cuda";
    auto gpu = model::MaskedLM::load(kTinyBert, lo);
    QVERIFY(gpu->device().is_cuda());
    auto cpu = tinyModel();
    for (auto order :
         {eval::FillOrder::LeftToRight, eval::FillOrder::ConfidentFirst, eval::FillOrder::Beam}) {
      const auto a = fill(*cpu, kText, order, 3, 3), b = fill(*gpu, kText, order, 3, 3);
      QCOMPARE(b.size(), a.size());
      for (size_t h = 0; h < a.size(); ++h) {
        QCOMPARE(b[h].ids, a[h].ids);
        for (size_t i = 0; i < a[h].fills.size(); ++i)
          QVERIFY(std::abs(b[h].fills[i].logProb - a[h].fills[i].logProb) < 1e-4);
        QVERIFY(std::abs(b[h].score - a[h].score) < 1e-4);
      }
    }
    const auto enc = tinyTokenizer().encode(kText);
    const std::vector<int64_t> targets{tinyTokenizer().tokenToId("great"), tinyTokenizer().tokenToId("film"),
                                       12};
    const auto fc = eval::scoreFills(*cpu, tinyTokenizer(), enc.ids, enc.typeIds, targets);
    const auto fg = eval::scoreFills(*gpu, tinyTokenizer(), enc.ids, enc.typeIds, targets);
    QCOMPARE(fg.ids, fc.ids);
    QVERIFY(std::abs(fg.score - fc.score) < 1e-4);
    eval::SessionOptions so;
    so.device = "cuda";
    eval::EvalSession session(kTinyBert, so);
    eval::InfillOptions o;
    o.order = eval::FillOrder::Beam;
    o.beamWidth = 3;
    const auto s = session.fillMasks("[MASK] and {s} is [MASK] [MASK]", {"sentence"}, {"very"}, o);
    QCOMPARE(s.at(0).ids, fill(*cpu, kText, eval::FillOrder::Beam, 3, 1).at(0).ids);
  }
};

QTEST_MAIN(TestMaskInfill)
#include "test_mask_infill.moc"
