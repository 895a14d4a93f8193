// The faster encoder paths of issue 20 against the plain ones and the transformers fixtures:
//  * MaskedLM::encodeRows (packed tokens, last layer for the chosen rows only) gives the rows of encode()
//    and the same gradients, with padding, prefixes, inputs_embeds, several rows per example;
//  * headScores / headContext (one sgemm per example and head) equal the at::matmul products, with their
//    gradients;
//  * fastDropout keeps a value with probability 1 - p, scales by 1 / (1 - p), follows torch::manual_seed,
//    does not depend on the thread count, and its backward applies the same mask.
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
