// The faster encoder paths of issue 20 against the plain ones and the transformers fixtures:
//  * MaskedLM::encodeRows (packed tokens, last layer for the chosen rows only) gives the rows of encode()
//    and the same gradients, with padding, prefixes, inputs_embeds, several rows per example;
//  * headScores / headContext (one sgemm per example and head) equal the at::matmul products, with their
//    gradients;
//  * fastDropout keeps a value with probability 1 - p, scales by 1 / (1 - p), follows torch::manual_seed,
//    does not depend on the thread count, and its backward applies the same mask;
//  * geluErf (which keeps its derivative in training) gives at::gelu's values and gradients;
//  * attendPacked (attention on packed rows) equals the padded attend(), dropout masks and gradients too.
#include <QtTest>
#include <nlohmann/json.hpp>

#include "common/error.h"
#include "common/text_file.h"
#include "model/encoder_kernels.h"
#include "model/masked_lm.h"

using pwb::model::EncoderInput;
using pwb::model::MaskedLM;

namespace {

const std::string kFixtures = std::string(PWB_REFERENCE_DIR) + "/fixtures/";

torch::Tensor longRows(const nlohmann::json& j) {
  std::vector<torch::Tensor> rows;
  for (const auto& r : j)
    rows.push_back(torch::tensor(r.get<std::vector<int64_t>>(), torch::kLong).unsqueeze(0));
  return torch::cat(rows, 0);
}
torch::Tensor floatRows(const nlohmann::json& j) {
  std::vector<torch::Tensor> rows;
  for (const auto& r : j)
    rows.push_back(torch::tensor(r.get<std::vector<float>>(), torch::kFloat).unsqueeze(0));
  return torch::cat(rows, 0);
}
double maxDiff(const torch::Tensor& a, const torch::Tensor& b) {
  if (a.sizes() != b.sizes()) return 1e9;
  return (a - b).abs().max().item<double>();
}

std::shared_ptr<MaskedLM> fixture(const std::string& name) {
  static std::map<std::string, std::shared_ptr<MaskedLM>> cache;
  auto& m = cache[name];
  if (!m) m = MaskedLM::load(kFixtures + name);
  return m;
}

// The fixture's padded batch (row 1 is padded), as the encoder input.
EncoderInput paddedBatch(const std::string& name) {
  const auto pb = pwb::readJsonFile(kFixtures + name + "/reference.json").at("padded_batch");
  EncoderInput in;
  in.inputIds = longRows(pb.at("input_ids"));
  in.attentionMask = longRows(pb.at("attention_mask"));
  if (pb.contains("token_type_ids") && !pb.at("token_type_ids").is_null())
    in.tokenTypeIds = longRows(pb.at("token_type_ids"));
  return in;
}

torch::Tensor tokenIndexOf(const torch::Tensor& mask) {
  return mask.reshape({-1}).nonzero().reshape({-1});
}

}  // namespace

class TestEncodeRows : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void initTestCase() { pwb::model::setComputeThreads(2); }

  void rowsEqualEncode_data() {
    QTest::addColumn<QString>("model");
    for (const char* m : {"tiny-bert", "tiny-roberta"}) QTest::newRow(m) << QString(m);
  }

  // First-token logits from encodeRows equal transformers' on the padded batch (the reference), and any
  // rows equal encode()'s: several per example, repeated, with and without the host-built token index.
  void rowsEqualEncode() {
    QFETCH(QString, model);
    const std::string name = model.toStdString();
    torch::NoGradGuard ng;
    auto m = fixture(name);
    const auto ref = pwb::readJsonFile(kFixtures + name + "/reference.json").at("padded_batch");
    EncoderInput in = paddedBatch(name);
    QVERIFY(in.attentionMask.eq(0).any().item<bool>());
    const int64_t B = in.inputIds.size(0);
    const auto first = m->encodeRows(in, torch::arange(B), torch::zeros({B}, torch::kLong));
    QVERIFY2(maxDiff(m->mlmLogits(first), floatRows(ref.at("first_token_logits"))) < 1e-4, name.c_str());

    const auto full = m->encode(in);
    const auto b = torch::tensor({0, 1, 1, 2, 0, 2}, torch::kLong);
    const auto p = torch::tensor({11, 9, 3, 13, 11, 0}, torch::kLong);
    const auto expected = MaskedLM::gatherPositions(full, b, p);
    QVERIFY(maxDiff(m->encodeRows(in, b, p), expected) < 1e-5);
    in.tokenIndex = tokenIndexOf(in.attentionMask);
    QVERIFY(maxDiff(m->encodeRows(in, b, p), expected) < 1e-5);
    // No attention mask at all: every position is a token.
    EncoderInput unmasked = in;
    unmasked.attentionMask = torch::Tensor();
    unmasked.tokenIndex = torch::Tensor();
    QVERIFY(maxDiff(m->encodeRows(unmasked, b, p), MaskedLM::gatherPositions(m->encode(unmasked), b, p)) <
            1e-5);
    // Rows are checked like gatherPositions'.
    QVERIFY_THROWS_EXCEPTION(pwb::Error, m->encodeRows(in, torch::tensor({3}), torch::tensor({0})));
    const int64_t T = in.inputIds.size(1);
    QVERIFY_THROWS_EXCEPTION(pwb::Error, m->encodeRows(in, torch::tensor({0}), torch::tensor({T})));
  }

  // With prefixes (P-tuning v2) and inputs_embeds (prompt tuning): the same rows and the same gradients for
  // the prompt, the prefix and every model weight (what all-weights methods train).
  void gradientsEqualEncode() {
    auto m = fixture("tiny-bert");
    const auto& c = m->config();
    EncoderInput base = paddedBatch("tiny-bert");
    const int64_t B = base.inputIds.size(0);
    torch::manual_seed(3);
    auto prompt = (0.1 * torch::randn({B, 2, c.hiddenSize})).set_requires_grad(true);
    auto prefix = (0.1 * torch::randn({1, c.numHeads, 3, c.headDim()})).set_requires_grad(true);
    const auto b = torch::arange(B), p = torch::tensor({11, 9, 9}, torch::kLong) + 2;
    const auto words = torch::tensor({10, 20, 30}, torch::kLong);

    auto run = [&](bool rows) {
      for (auto& w : m->parameters()) w.mutable_grad() = torch::Tensor();
      prompt.mutable_grad() = torch::Tensor();
      prefix.mutable_grad() = torch::Tensor();
      EncoderInput in;
      in.inputsEmbeds = torch::cat({prompt, m->wordEmbeddings(base.inputIds)}, 1);
      in.attentionMask = torch::cat({torch::ones({B, 2}, torch::kLong), base.attentionMask}, 1);
      in.tokenTypeIds = torch::cat({torch::zeros({B, 2}, torch::kLong), base.tokenTypeIds}, 1);
      for (int64_t l = 0; l < c.numLayers; ++l) in.prefixKeyValues.push_back({prefix, prefix * 0.5});
      const auto h = rows ? m->encodeRows(in, b, p) : MaskedLM::gatherPositions(m->encode(in), b, p);
      const auto loss = m->mlmLogitsFor(h, words).pow(2).sum();
      loss.backward();
      std::vector<torch::Tensor> grads{h.detach().clone(), prompt.grad().clone(), prefix.grad().clone()};
      for (auto& w : m->parameters())
        grads.push_back(w.grad().defined() ? w.grad().clone() : torch::zeros_like(w));
      return grads;
    };
    const auto viaEncode = run(false), viaRows = run(true);
    QCOMPARE(viaRows.size(), viaEncode.size());
    QVERIFY(viaEncode[1].abs().sum().item<double>() > 0 && viaEncode[2].abs().sum().item<double>() > 0);
    for (size_t i = 0; i < viaRows.size(); ++i) {
      const double scale = std::max(1.0, viaEncode[i].abs().max().item<double>());
      QVERIFY2(maxDiff(viaRows[i], viaEncode[i]) < 1e-5 * scale, std::to_string(i).c_str());
    }
    for (auto& w : m->parameters()) w.mutable_grad() = torch::Tensor();
  }

  // One sgemm per (example, head) on the [B,T,H] layout = the transposed at::matmul products; the same
  // gradients. Shapes as the encoder uses them: Tq = Tk, Tk with prefix keys, Tq = 1 (chosen rows).
  void headProductsEqualMatmul_data() {
    QTest::addColumn<int>("tq");
    QTest::addColumn<int>("tk");
    QTest::newRow("square") << 7 << 7;
    QTest::newRow("prefix") << 7 << 10;
    QTest::newRow("one row") << 1 << 9;
  }
  void headProductsEqualMatmul() {
    QFETCH(int, tq);
    QFETCH(int, tk);
    if (!pwb::model::headGemmAvailable()) qWarning("no cblas_sgemm in the process: the at::matmul path runs");
    const int64_t B = 3, heads = 4, d = 5, H = heads * d;
    torch::manual_seed(1);
    auto q = torch::randn({B, tq, H}, torch::requires_grad());
    auto k = torch::randn({B, tk, H}, torch::requires_grad());
    auto v = torch::randn({B, tk, H}, torch::requires_grad());
    const auto gOut = torch::randn({B, tq, H});

    auto reference = [&] {
      const auto qh = q.view({B, tq, heads, d}).transpose(1, 2),
                 kh = k.view({B, tk, heads, d}).transpose(1, 2),
                 vh = v.view({B, tk, heads, d}).transpose(1, 2);
      const auto scores = torch::matmul(qh, kh.transpose(-1, -2));
      const auto ctx = torch::matmul(torch::softmax(scores, -1), vh).transpose(1, 2).reshape({B, tq, H});
      return std::make_pair(scores, ctx);
    };
    auto [refScores, refCtx] = reference();
    (refCtx * gOut).sum().backward();
    const auto gq = q.grad().clone(), gk = k.grad().clone(), gv = v.grad().clone();
    q.mutable_grad() = k.mutable_grad() = v.mutable_grad() = torch::Tensor();

    const auto scores = pwb::model::headScores(q, k, heads);
    const auto ctx = pwb::model::headContext(torch::softmax(scores, -1), v, heads);
    QVERIFY(maxDiff(scores, refScores) < 1e-5);
    QVERIFY(maxDiff(ctx, refCtx) < 1e-5);
    (ctx * gOut).sum().backward();
    QVERIFY(maxDiff(q.grad(), gq) < 1e-5);
    QVERIFY(maxDiff(k.grad(), gk) < 1e-5);
    QVERIFY(maxDiff(v.grad(), gv) < 1e-5);
    QVERIFY(gv.abs().sum().item<double>() > 0);
  }

  // Keep rate, scaling, the backward mask, reproducibility under manual_seed and across thread counts, and
  // no pattern between the two elements one 64-bit draw decides.
  void fastDropoutIsDropout() {
    const int64_t n = 1 << 20;
    const double p = 0.1;
    torch::manual_seed(7);
    auto x = (torch::rand({n}) + 0.5).set_requires_grad(true);
    torch::manual_seed(11);
    const auto y = pwb::model::fastDropout(x, p, true);
    const auto kept = y.ne(0);
    const double rate = kept.to(torch::kDouble).mean().item<double>();
    QVERIFY2(std::abs(rate - (1 - p)) < 0.002, std::to_string(rate).c_str());  // sd 0.0003
    QVERIFY(maxDiff(y.masked_select(kept), x.detach().masked_select(kept) / (1 - p)) < 1e-6);
    y.sum().backward();
    QVERIFY(maxDiff(x.grad(), kept.to(torch::kFloat) / (1 - p)) < 1e-6);
    const auto pairs = kept.view({n / 2, 2}).logical_not().to(torch::kDouble);
    const double bothDropped = (pairs.select(1, 0) * pairs.select(1, 1)).mean().item<double>();
    QVERIFY2(std::abs(bothDropped - p * p) < 0.001, std::to_string(bothDropped).c_str());  // sd 0.00013

    torch::manual_seed(11);
    pwb::model::setComputeThreads(1);
    const auto again = pwb::model::fastDropout(x.detach(), p, true);
    pwb::model::setComputeThreads(2);
    QCOMPARE(maxDiff(again, y.detach()), 0.0);
    const auto next = pwb::model::fastDropout(x.detach(), p, true);  // the generator moved on
    QVERIFY(next.ne(0).ne(kept).any().item<bool>());
    QVERIFY(pwb::model::fastDropout(x.detach(), p, false).equal(x.detach()));  // eval: identity
  }

  // An odd length: the last element is decided as in a longer tensor (the high half of its draw).
  void fastDropoutOddLength() {
    const auto x = torch::rand({1001}) + 0.5;
    torch::manual_seed(4);
    const auto odd = pwb::model::fastDropout(x, 0.3, true);
    torch::manual_seed(4);
    const auto even = pwb::model::fastDropout(torch::cat({x, torch::ones({1})}), 0.3, true);
    QCOMPARE(maxDiff(odd, even.slice(0, 0, 1001)), 0.0);
  }

  // The GELU that keeps its derivative gives at::gelu's values and gradients (erf to 1.5e-7 both ways).
  void geluKeepsItsDerivative() {
    auto x = torch::cat({torch::linspace(-9, 9, 3001), 3 * torch::randn({20000})}).set_requires_grad(true);
    const auto gOut = torch::randn({x.size(0)});
    const auto ref = at::gelu(x);
    (ref * gOut).sum().backward();
    const auto refGrad = x.grad().clone();
    x.mutable_grad() = torch::Tensor();
    const auto y = pwb::model::geluErf(x);
    QVERIFY(y.grad_fn() != nullptr && y.grad_fn()->name() != ref.grad_fn()->name());  // the saving form ran
    QVERIFY2(maxDiff(y, ref) < 2e-6, std::to_string(maxDiff(y, ref)).c_str());
    (y * gOut).sum().backward();
    QVERIFY2(maxDiff(x.grad(), refGrad) < 2e-6 * gOut.abs().max().item<double>(),
             std::to_string(maxDiff(x.grad(), refGrad)).c_str());
    // A NaN stays a NaN (value and derivative), so that a broken run still stops on a NaN loss.
    auto withNan =
        torch::tensor({-1.0F, std::numeric_limits<float>::quiet_NaN(), 2.0F}).set_requires_grad(true);
    const auto yNan = pwb::model::geluErf(withNan);
    yNan.sum().backward();
    QVERIFY(std::isnan(yNan[1].item<float>()) && std::isnan(withNan.grad()[1].item<float>()));
    QVERIFY(!std::isnan(yNan[0].item<float>()) && !std::isnan(yNan[2].item<float>()));
    torch::NoGradGuard ng;
    QCOMPARE(maxDiff(pwb::model::geluErf(x), at::gelu(x)), 0.0);  // without autograd: at::gelu itself
  }

  // The packed attention equals the padded attend() on the same rows, in training: the same dropout masks
  // (same seed), the same outputs and the same gradients for queries, keys, values and prefixes; for whole
  // examples (several padded) and for chosen rows (the last layer's form).
  void packedAttentionEqualsPadded() {
    if (!pwb::model::packedAttentionPath(torch::zeros({1}))) QSKIP("no cblas_sgemm in the process");
    const int64_t B = 3, T = 9, P = 2, heads = 4, d = 5, H = heads * d;
    const std::vector<int64_t> len{9, 6, 2};
    const double scale = 0.4, p = 0.2;
    torch::manual_seed(2);
    auto q = torch::randn({B, T, H}), k = torch::randn({B, T, H}), v = torch::randn({B, T, H});
    auto pk = torch::randn({B, P, H}).set_requires_grad(true),
         pv = torch::randn({B, P, H}).set_requires_grad(true);
    auto maskRows = torch::zeros({B, T});
    std::vector<int64_t> flat;
    std::vector<pwb::model::AttentionGroup> groups;
    for (int64_t b = 0, row = 0; b < B; row += len[b], ++b) {
      maskRows[b].slice(0, len[b]) = std::numeric_limits<float>::lowest();
      for (int64_t t = 0; t < len[b]; ++t) flat.push_back(b * T + t);
      groups.push_back({row, len[b], row, len[b], b});
    }
    const auto mask = torch::cat({torch::zeros({B, P}), maskRows}, 1).view({B, 1, 1, P + T});
    const auto idx = torch::tensor(flat, torch::kLong);
    auto rows = [&](const torch::Tensor& t) { return t.reshape({B * T, H}).index_select(0, idx); };
    auto qr = rows(q).set_requires_grad(true), kr = rows(k).set_requires_grad(true),
         vr = rows(v).set_requires_grad(true);
    const auto gOut = torch::randn({qr.size(0), H});

    auto padded = [&](const torch::Tensor& r) {
      return torch::zeros({B * T, H}).index_copy(0, idx, r).view({B, T, H});
    };
    auto grads = [&](const torch::Tensor& out) {
      for (auto* t : {&qr, &kr, &vr, &pk, &pv}) t->mutable_grad() = torch::Tensor();
      (out * gOut.narrow(0, 0, out.size(0))).sum().backward();
      std::vector<torch::Tensor> g;
      for (auto* t : {&qr, &kr, &vr, &pk, &pv}) g.push_back(t->grad().clone());
      return g;
    };
    auto compare = [&](const torch::Tensor& a, const torch::Tensor& b, const std::vector<torch::Tensor>& ga,
                       const std::vector<torch::Tensor>& gb) {
      QVERIFY2(maxDiff(a, b) < 1e-5, std::to_string(maxDiff(a, b)).c_str());
      for (size_t i = 0; i < ga.size(); ++i) {
        QVERIFY2(ga[i].abs().sum().item<double>() > 0, std::to_string(i).c_str());
        QVERIFY2(maxDiff(ga[i], gb[i]) < 1e-5,
                 (std::to_string(i) + ": " + std::to_string(maxDiff(ga[i], gb[i]))).c_str());
      }
    };

    torch::manual_seed(9);
    const auto ref = rows(pwb::model::attend(padded(qr) * scale, torch::cat({pk, padded(kr)}, 1),
                                             torch::cat({pv, padded(vr)}, 1), mask, heads, p));
    const auto refGrads = grads(ref);
    torch::manual_seed(9);
    const auto got = pwb::model::attendPacked(qr, kr, vr, pk, pv, groups, heads, scale, p, T, P + T);
    compare(got, ref, grads(got), refGrads);
    torch::manual_seed(10);
    const auto other = pwb::model::attendPacked(qr, kr, vr, pk, pv, groups, heads, scale, p, T, P + T);
    QVERIFY(maxDiff(other, got) > 1e-3);  // another seed, other masks

    // Chosen rows: (0, 4), (1, 5), (1, 0), (2, 1); each attends over its own example.
    const std::vector<int64_t> cb{0, 1, 1, 2}, cp{4, 5, 0, 1};
    std::vector<pwb::model::AttentionGroup> chosen;
    std::vector<int64_t> chosenRows;
    for (size_t s = 0; s < cb.size(); ++s) {
      chosenRows.push_back(groups[cb[s]].qBegin + cp[s]);
      chosen.push_back({static_cast<int64_t>(s), 1, groups[cb[s]].kBegin, len[cb[s]], cb[s]});
    }
    const auto sel = torch::tensor(chosenRows, torch::kLong), bsel = torch::tensor(cb, torch::kLong);
    const int64_t S = sel.size(0);
    torch::manual_seed(12);
    const auto refRows = pwb::model::attend((qr.index_select(0, sel) * scale).view({S, 1, H}),
                                            torch::cat({pk, padded(kr)}, 1).index_select(0, bsel),
                                            torch::cat({pv, padded(vr)}, 1).index_select(0, bsel),
                                            mask.index_select(0, bsel), heads, p)
                             .view({S, H});
    const auto refRowGrads = grads(refRows);
    torch::manual_seed(12);
    const auto gotRows =
        pwb::model::attendPacked(qr.index_select(0, sel), kr, vr, pk, pv, chosen, heads, scale, p, 1, P + T);
    compare(gotRows, refRows, grads(gotRows), refRowGrads);

    // A NaN score reaches the context of its own example only, as a NaN (the softmax must not hide it).
    {
      torch::NoGradGuard ng;
      auto qNan = qr.detach().clone();
      qNan[len[0] + 1][0] = std::numeric_limits<float>::quiet_NaN();  // example 1, its second row
      const auto nanOut = pwb::model::attendPacked(qNan, kr, vr, pk, pv, groups, heads, scale, 0.0, T, P + T);
      QVERIFY(std::isnan(nanOut[len[0] + 1][0].item<float>()));
      QVERIFY(!torch::isnan(nanOut.narrow(0, 0, len[0])).any().item<bool>());
    }

    QVERIFY_THROWS_EXCEPTION(pwb::Error, pwb::model::attendPacked(qr, kr, vr, pk, pv, {{0, 99, 0, 1, 0}},
                                                                  heads, scale, p, T, P + T));
  }

  // In training, encodeRows draws its dropout from torch's generator: the same seed gives the same rows.
  void trainingRowsFollowTheSeed() {
    auto m = MaskedLM::load(kFixtures + "tiny-bert");
    m->train();
    const EncoderInput in = paddedBatch("tiny-bert");
    const auto b = torch::arange(3), p = torch::tensor({11, 9, 13}, torch::kLong);
    torch::manual_seed(5);
    const auto a = m->encodeRows(in, b, p);
    torch::manual_seed(5);
    const auto a2 = m->encodeRows(in, b, p);
    const auto other = m->encodeRows(in, b, p);
    m->eval();
    const auto plain = m->encodeRows(in, b, p);
    QCOMPARE(maxDiff(a, a2), 0.0);
    QVERIFY(maxDiff(a, other) > 1e-3);
    QVERIFY(maxDiff(a, plain) > 1e-3);
  }
};

QTEST_GUILESS_MAIN(TestEncodeRows)
#include "test_encode_rows.moc"
