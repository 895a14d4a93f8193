// AutoPrompt on the tiny fixture model (tests/reference/fixtures/tiny-bert): the gradient with respect to the
// trigger embeddings against central finite differences, the first-order (HotFlip) estimate against the
// exact loss change of every token swap, the batched candidate scoring against single passes, the search's
// determinism, cancel, bad input, and (with CUDA) the same numbers on the GPU.
#include <QtTest>
#include <atomic>
#include <cmath>
#include <numeric>

#include "common/error.h"
#include "eval/eval_session.h"
#include "eval/prompt_inputs.h"
#include "eval/session_impl.h"
#include "prompt/template.h"
#include "search/autoprompt.h"
#include "search/trigger_objective.h"
#include "search/trigger_template.h"
#include "tokenize/tokenizer.h"

using namespace pwb;

namespace {

const std::string kTinyBert = std::string(PWB_REFERENCE_DIR) + "/fixtures/tiny-bert";
const std::string kTemplate = "{s} [T] [T] [MASK] .";
const std::string kVerbalizer = "0=bad;1=great";

data::Dataset sentences(const std::vector<std::pair<std::string, std::string>>& rows) {
  data::Dataset d;
  d.path = "in-memory";
  d.format = "test";
  d.columns = {"sentence"};
  int line = 0;
  for (const auto& [text, label] : rows) {
    data::Example e;
    e.line = ++line;
    e.id = "L" + std::to_string(line);
    e.fields = {text};
    e.label = label;
    d.examples.push_back(e);
  }
  data::refreshLabels(d);
  return d;
}

data::KShotSplit tinySplit() {
  data::KShotSplit s;
  s.train = sentences({{"i like the disney films very much .", "1"},
                       {"a terrible , boring movie .", "0"},
                       {"the acting was great .", "1"},
                       {"bad film .", "0"},
                       {"what a wonderful film .", "1"},
                       {"the acting is bad and boring .", "0"},
                       {"great movie , great acting .", "1"},
                       {"no , it was terrible .", "0"}});
  s.dev = sentences({{"a great film .", "1"},
                     {"it was a bad movie .", "0"},
                     {"i like the acting .", "1"},
                     {"boring and terrible .", "0"}});
  return s;
}

search::SearchRequest request(int steps) {
  search::SearchRequest r;
  r.method = search::SearchMethod::AutoPrompt;
  r.modelDir = kTinyBert;
  r.templateText = kTemplate;
  r.verbalizerText = kVerbalizer;
  r.autoprompt.steps = steps;
  r.autoprompt.candidates = 8;
  r.autoprompt.batchSize = 4;
  r.autoprompt.patience = 0;
  return r;
}

// The pieces autoPromptSearch builds, for calling the objective directly.
struct Fixture {
  eval::EvalSession session;
  search::TriggerTemplate tpl = search::parseTriggerTemplate(kTemplate);
  data::KShotSplit split = tinySplit();
  eval::ResolvedVerbalizer verbalizer;
  std::unique_ptr<search::TriggerObjective> objective;
  search::TriggerExamples train;

  explicit Fixture(const std::string& device = "cpu")
      : session(kTinyBert, eval::SessionOptions{device, 1, false}) {
    auto& s = session.internals();
    verbalizer = eval::resolveVerbalizerText(kVerbalizer, split.train.labels, *s.tokenizer, true);
    objective = std::make_unique<search::TriggerObjective>(
        *s.model, verbalizer, model::paddingId(s.tokenizer->special().padId, s.model->config()));
    train = search::renderTriggerExamples(tpl, *s.tokenizer, split.train, split.train.labels, 64);
  }
  int64_t id(const std::string& token) { return session.tokenizer().tokenToId(token); }
  std::vector<size_t> allRows() const {
    std::vector<size_t> r(train.size());
    std::iota(r.begin(), r.end(), size_t{0});
    return r;
  }
};

double pearson(const std::vector<double>& a, const std::vector<double>& b) {
  const double n = static_cast<double>(a.size());
  const double ma = std::accumulate(a.begin(), a.end(), 0.0) / n,
               mb = std::accumulate(b.begin(), b.end(), 0.0) / n;
  double sab = 0, saa = 0, sbb = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    sab += (a[i] - ma) * (b[i] - mb);
    saa += (a[i] - ma) * (a[i] - ma);
    sbb += (b[i] - mb) * (b[i] - mb);
  }
  return sab / std::sqrt(saa * sbb);
}

std::vector<double> ranks(const std::vector<double>& v) {
  std::vector<size_t> idx(v.size());
  std::iota(idx.begin(), idx.end(), size_t{0});
  std::sort(idx.begin(), idx.end(), [&](size_t x, size_t y) { return v[x] < v[y]; });
  std::vector<double> r(v.size());
  for (size_t k = 0; k < idx.size(); ++k) r[idx[k]] = static_cast<double>(k);
  return r;
}

std::string errorOf(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  return "(no error)";
}

}  // namespace

class TestAutoPrompt : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  // The trigger positions and the label mask are where the rendered ids put them.
  void renderedPositions() {
    Fixture f;
    const auto& in = f.train.inputs[3];  // "bad film ." -> [CLS] bad film . [MASK] [MASK] [MASK] . [SEP]
    QCOMPARE(f.train.triggerPositions[3], (std::vector<int64_t>{4, 5}));
    QCOMPARE(f.train.labelPosition[3], int64_t{6});
    QCOMPARE(in.ids[4], f.id("[MASK]"));
    QCOMPARE(f.train.gold[3], int64_t{0});
    QCOMPARE(f.train.gold[2], int64_t{1});
  }

  // d loss / d e_j . direction against central differences along e_v - e_current, for several tokens v and
  // both positions: the autograd gradient must agree to 1e-3 absolute + 1% relative (fp32, eps 1e-2).
  void gradientMatchesFiniteDifferences() {
    Fixture f;
    const std::vector<int64_t> current = {f.id("the"), f.id("film")};
    const auto batch = f.objective->batch(f.train, f.allRows(), current);
    const auto e = f.objective->embeddingsOf(current);
    torch::Tensor grad;
    const double loss = f.objective->lossAndGradient(batch, e, grad);
    QCOMPARE(grad.sizes().vec(), (std::vector<int64_t>{2, 32}));
    QVERIFY(std::abs(loss - f.objective->loss(batch, e)) < 1e-6);
    const double eps = 1e-2;
    int checked = 0;
    for (const char* token : {"great", "bad", "was", "acting", "wonderful", "the", "it", "very"}) {
      for (int64_t j = 0; j < 2; ++j) {
        const auto ev = f.objective->embeddingsOf({f.id(token)})[0];
        auto dir = torch::zeros_like(e);
        dir[j] = ev - e[j];
        if (dir.abs().sum().item<double>() == 0) continue;
        const double estimate = (grad * dir).sum().item<double>();
        const double fd =
            (f.objective->loss(batch, e + eps * dir) - f.objective->loss(batch, e - eps * dir)) / (2 * eps);
        QVERIFY2(std::abs(fd - estimate) <= 1e-3 + 1e-2 * std::abs(estimate),
                 qPrintable(QString("%1 at %2: finite difference %3, gradient %4")
                                .arg(token)
                                .arg(j)
                                .arg(fd)
                                .arg(estimate)));
        ++checked;
      }
    }
    QVERIFY(checked >= 14);
  }

  // The ranking AutoPrompt uses: for every whole-word token v at trigger 0, the exact change
  // loss(v) - loss(current) against the first-order estimate grad . (e_v - e_current). Over the tiny
  // vocabulary they must be correlated (Pearson >= 0.8, Spearman >= 0.8; measured 0.887 / 0.881 over 110
  // tokens), and the token the estimate ranks first must really lower the loss.
  void firstOrderRankingAgreesWithTokenSwaps() {
    Fixture f;
    const std::vector<int64_t> current = {f.id("the"), f.id("film")};
    const auto batch = f.objective->batch(f.train, f.allRows(), current);
    const auto e = f.objective->embeddingsOf(current);
    torch::Tensor grad;
    const double loss = f.objective->lossAndGradient(batch, e, grad);
    const auto& tok = f.session.tokenizer();
    std::vector<int64_t> tokens;
    for (int64_t id = 5; id < tok.vocabSize(); ++id) {
      if (tok.idToToken(id).rfind("##", 0) != 0 && id != current[0]) tokens.push_back(id);
    }
    const auto exact = f.objective->candidateLosses(batch, 0, tokens);
    const auto matrix = f.objective->embeddingMatrix();
    std::vector<double> actual, estimate;
    for (size_t k = 0; k < tokens.size(); ++k) {
      actual.push_back(exact[k] - loss);
      estimate.push_back((grad[0] * (matrix[tokens[k]] - e[0])).sum().item<double>());
    }
    const double r = pearson(actual, estimate), rho = pearson(ranks(actual), ranks(estimate));
    qInfo("%zu tokens: Pearson %.3f, Spearman %.3f", tokens.size(), r, rho);
    QVERIFY2(r >= 0.8, qPrintable(QString::number(r)));
    QVERIFY2(rho >= 0.8, qPrintable(QString::number(rho)));
    const size_t first =
        static_cast<size_t>(std::min_element(estimate.begin(), estimate.end()) - estimate.begin());
    QVERIFY2(actual[first] < 0, qPrintable(QString::number(actual[first])));
  }

  // One batched pass over many candidates gives each candidate's loss as a pass with that token alone.
  void batchedCandidatesMatchSinglePasses() {
    Fixture f;
    const std::vector<int64_t> current = {f.id("the"), f.id("film")};
    const auto batch = f.objective->batch(f.train, {0, 3, 5}, current);
    const std::vector<int64_t> cands = {f.id("great"), f.id("it"), f.id("was"), f.id("no"), f.id("yes")};
    const auto losses = f.objective->candidateLosses(batch, 1, cands);
    for (size_t k = 0; k < cands.size(); ++k) {
      const auto single = f.objective->batch(f.train, {0, 3, 5}, {current[0], cands[k]});
      const double one = f.objective->loss(single, f.objective->embeddingsOf({current[0], cands[k]}));
      QVERIFY2(std::abs(losses[k] - one) < 1e-5, qPrintable(QString("%1 vs %2").arg(losses[k]).arg(one)));
    }
  }

  // What the search scores in token ids is what the evaluation gives for the written-back template: the
  // dev accuracy and mean loss of trigger ids {the, film} equal zero-shot evaluation of
  // `{s} the film [MASK] .` through EvalSession (1e-5).
  void idSpaceScoreEqualsEvaluation() {
    Fixture f;
    const std::vector<int64_t> ids = {f.id("the"), f.id("film")};
    const auto dev =
        search::renderTriggerExamples(f.tpl, f.session.tokenizer(), f.split.dev, f.split.train.labels, 64);
    const search::SetScore mine = f.objective->score(dev, ids);
    const std::string written = f.tpl.fill({search::triggerTokenText(f.session.tokenizer(), ids[0]),
                                            search::triggerTokenText(f.session.tokenizer(), ids[1])});
    QCOMPARE(written, std::string("{s} the film [MASK] ."));
    eval::EvalRequest req;
    req.data = f.split.dev;
    req.templateText = written;
    req.verbalizerText = kVerbalizer;
    const auto cell = f.session.evaluate(req);
    double loss = 0;
    for (const auto& ex : cell.examples) loss -= std::log(ex.probs[static_cast<size_t>(ex.gold)]);
    loss /= static_cast<double>(cell.examples.size());
    QVERIFY2(std::abs(mine.accuracy - cell.metrics.accuracy) < 1e-9,
             qPrintable(QString("%1 vs %2").arg(mine.accuracy).arg(cell.metrics.accuracy)));
    QVERIFY2(std::abs(mine.loss - loss) < 1e-5, qPrintable(QString("%1 vs %2").arg(mine.loss).arg(loss)));
  }

  // The ids the search scores are the ids of the written-back template once it is rendered as an ordinary
  // template: WordPiece (tiny-bert) and byte-level BPE with <mask> absorbing the space before it
  // (tiny-roberta, Ġ word tokens), for every example of the split.
  void writtenBackTemplateHasTheSearchedIds_data() {
    QTest::addColumn<QString>("model");
    QTest::newRow("tiny-bert") << QString::fromStdString(kTinyBert);
    QTest::newRow("tiny-roberta") << QString(PWB_REFERENCE_DIR "/fixtures/tiny-roberta");
  }
  void writtenBackTemplateHasTheSearchedIds() {
    QFETCH(QString, model);
    const auto tok = tokenize::loadTokenizer(model.toStdString());
    const auto tpl = search::parseTriggerTemplate("{s} [T*2] [MASK] . [T]");
    const auto split = tinySplit();
    const auto set = search::renderTriggerExamples(tpl, *tok, split.train, split.train.labels, 64);
    std::vector<int64_t> ids;
    for (const char* w : {"the", "film", "very"}) {
      const auto in = tok->wordInContext(w);
      QCOMPARE(in.size(), size_t{1});
      ids.push_back(in[0]);
    }
    std::vector<std::string> texts;
    for (const int64_t id : ids) texts.push_back(search::triggerTokenText(*tok, id));
    const std::string written = tpl.fill(texts);
    QCOMPARE(written, std::string("{s} the film [MASK] . very"));
    const auto plain = eval::renderExamples(prompt::parseTemplate(written), *tok, split.train.columns,
                                            split.train.examples, split.train.examples.size(), 64);
    for (size_t i = 0; i < set.size(); ++i) {
      auto searched = set.inputs[i].ids;
      for (size_t j = 0; j < ids.size(); ++j)
        searched[static_cast<size_t>(set.triggerPositions[i][j])] = ids[j];
      QCOMPARE(searched, plain[i].ids);
      QCOMPARE(set.labelPosition[i], plain[i].maskPositions[0]);
    }
  }

  // Same seed, same templates and scores (CPU); the result is an ordinary hard template.
  void sameSeedSameTemplate() {
    eval::EvalSession session(kTinyBert, eval::SessionOptions{"cpu", 1, false});
    const auto split = tinySplit();
    const auto a = search::autoPromptSearch(session, request(12), split, 13, {}, nullptr);
    const auto b = search::autoPromptSearch(session, request(12), split, 13, {}, nullptr);
    QVERIFY(!a.empty());
    QCOMPARE(a.size(), b.size());
    for (size_t i = 0; i < a.size(); ++i) {
      QCOMPARE(a[i].templateText, b[i].templateText);
      QCOMPARE(a[i].searchScore, b[i].searchScore);
      QCOMPARE(a[i].origin, b[i].origin);
    }
    const auto t = prompt::parseTemplate(a.back().templateText);
    QCOMPARE(t.maskCount(), 1);
    QVERIFY(a.back().templateText.find("[T") == std::string::npos);
    QVERIFY(a.back().origin.rfind("autoprompt seed 13 step ", 0) == 0);
    qInfo("seed 13: %s (train loss %.4f)", a.back().templateText.c_str(), a.back().searchScore);
    // The model's parameters are frozen only during the search: their requires_grad flags come back.
    std::vector<bool> flags;
    for (const auto& p : session.internals().model->parameters()) flags.push_back(p.requires_grad());
    auto first = session.internals().model->parameters()[0];  // a handle to the same tensor
    first.set_requires_grad(!first.requires_grad());
    flags[0] = first.requires_grad();
    search::autoPromptSearch(session, request(2), split, 13, {}, nullptr);
    std::vector<bool> after;
    for (const auto& p : session.internals().model->parameters()) after.push_back(p.requires_grad());
    QCOMPARE(after, flags);
    first.set_requires_grad(!first.requires_grad());
  }

  // A cancel raised during the search returns the candidates found up to then, the same ones the
  // progress callback last reported.
  void cancelReturnsWhatWasFound() {
    eval::EvalSession session(kTinyBert, eval::SessionOptions{"cpu", 1, false});
    std::atomic<bool> cancel{false};
    std::vector<search::TemplateCandidate> seen;
    int calls = 0;
    auto cb = [&](const search::SearchProgress& p, const std::vector<search::TemplateCandidate>& c) {
      ++calls;
      seen = c;
      QCOMPARE(p.total, int64_t{40});
      if (!c.empty() && calls >= 4) cancel = true;
    };
    const auto got = search::autoPromptSearch(session, request(40), tinySplit(), 13, cb, &cancel);
    QVERIFY(calls < 40);
    QVERIFY(!got.empty());
    QCOMPARE(got.size(), seen.size());
    for (size_t i = 0; i < got.size(); ++i) QCOMPARE(got[i].templateText, seen[i].templateText);
  }

  void badInput() {
    eval::EvalSession session(kTinyBert, eval::SessionOptions{"cpu", 1, false});
    const auto split = tinySplit();
    auto run = [&](search::SearchRequest r, const data::KShotSplit& s) {
      return errorOf([&] { search::autoPromptSearch(session, r, s, 13, {}, nullptr); });
    };
    auto r = request(5);
    r.autoprompt.steps = 0;
    QVERIFY(run(r, split).find("autoprompt: the search budget is 0 steps") == 0);
    r = request(5);
    r.templateText = "{s} it was [MASK] .";
    QVERIFY(run(r, split).find("has no trigger slot") != std::string::npos);
    r.templateText = "{s} [T*2] .";
    QVERIFY(run(r, split).find("has no [MASK] besides its trigger slots") != std::string::npos);
    r = request(5);
    r.verbalizerText = "0=bad;1=wondering";  // wonder ##ing in the tiny vocabulary
    const std::string multi = run(r, split);
    QVERIFY2(multi.find("autoprompt: the label word 'wondering' (label 1) is 2 tokens (wonder ##ing)") == 0,
             multi.c_str());
    QVERIFY2(multi.find("choose a single-token word") != std::string::npos, multi.c_str());
    r = request(5);
    auto small = split;
    small.dev.examples.resize(1);
    QVERIFY(run(r, small).find("autoprompt: the dev split is too small (1 examples for 2 classes)") == 0);
    r.autoprompt.initToken = "zzzq";
    QVERIFY(run(r, split).find("initial trigger token 'zzzq' is not one vocabulary token") !=
            std::string::npos);
    r = request(5);
    r.templateText = "{review} [T] [MASK] .";
    QVERIFY(run(r, split).find("unknown field '{review}'") != std::string::npos);
  }

  // On CUDA the gradient and the candidate losses equal the CPU's (1e-4) and the search runs there.
  void cudaMatchesCpu() {
    if (!torch::cuda::is_available()) QSKIP("CUDA is not available");
    Fixture cpu("cpu"), gpu("cuda");
    const std::vector<int64_t> current = {cpu.id("the"), cpu.id("film")};
    torch::Tensor gc, gg;
    const double lc = cpu.objective->lossAndGradient(cpu.objective->batch(cpu.train, cpu.allRows(), current),
                                                     cpu.objective->embeddingsOf(current), gc);
    const auto gpuBatch = gpu.objective->batch(gpu.train, gpu.allRows(), current);
    QVERIFY(gpuBatch.ids.is_cuda());
    const double lg = gpu.objective->lossAndGradient(gpuBatch, gpu.objective->embeddingsOf(current), gg);
    QVERIFY(gg.is_cuda());
    QVERIFY(std::abs(lc - lg) < 1e-4);
    QVERIFY((gc - gg.cpu()).abs().max().item<double>() < 1e-4);
    const std::vector<int64_t> cands = {cpu.id("great"), cpu.id("it"), cpu.id("was")};
    const auto a =
        cpu.objective->candidateLosses(cpu.objective->batch(cpu.train, cpu.allRows(), current), 0, cands);
    const auto b = gpu.objective->candidateLosses(gpuBatch, 0, cands);
    for (size_t k = 0; k < cands.size(); ++k) QVERIFY(std::abs(a[k] - b[k]) < 1e-4);
    auto r = request(6);
    r.device = "cuda";
    const auto found = search::autoPromptSearch(gpu.session, r, tinySplit(), 13, {}, nullptr);
    QVERIFY(!found.empty());
  }
};

QTEST_GUILESS_MAIN(TestAutoPrompt)
#include "test_autoprompt.moc"
