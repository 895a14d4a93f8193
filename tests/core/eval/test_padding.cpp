// The one padding routine (model/padded_batch) and its three users — evaluation's mask states
// (eval/mask_states, also behind `pwb eval --prompt`), training batches (train/batch collate) and direct
// encoding — against the padded batch of the fixtures' reference.json (tiny-bert, tiny-roberta): the rows
// padded by us equal the reference's padded tensors exactly, the model's first-token logits on them equal
// the transformers reference to 1e-4, and every row scores the same padded in a batch as alone.
#include <QtTest>
#include <nlohmann/json.hpp>

#include "common/error.h"
#include "common/text_file.h"
#include "eval/mask_states.h"
#include "model/masked_lm.h"
#include "model/padded_batch.h"
#include "support/reference_tensors.h"
#include "train/batch.h"

using pwb::model::MaskedLM;

namespace {

const std::string kFixtures = std::string(PWB_REFERENCE_DIR) + "/fixtures/";
constexpr double kTol = 1e-4;

using pwb::test::floatRows;
using pwb::test::longRows;
using pwb::test::maxDiff;

// The reference's padded batch taken apart into its unpadded rows (the attention mask says where each ends).
struct Rows {
  std::vector<std::vector<int64_t>> ids, types;
  torch::Tensor paddedIds, mask, paddedTypes, firstLogits;
  int64_t padId = 0;
};

Rows unpaddedRows(const std::string& model) {
  const auto ref = pwb::readJsonFile(kFixtures + model + "/reference.json");
  const auto& pb = ref.at("padded_batch");
  Rows r;
  r.paddedIds = longRows(pb.at("input_ids"));
  r.mask = longRows(pb.at("attention_mask"));
  r.paddedTypes =
      pb.at("token_type_ids").is_null() ? torch::zeros_like(r.paddedIds) : longRows(pb.at("token_type_ids"));
  r.firstLogits = floatRows(pb.at("first_token_logits"));
  for (int64_t b = 0; b < r.paddedIds.size(0); ++b) {
    const int64_t len = r.mask[b].sum().item<int64_t>();
    std::vector<int64_t> ids, types;
    for (int64_t t = 0; t < len; ++t) {
      ids.push_back(r.paddedIds[b][t].item<int64_t>());
      types.push_back(r.paddedTypes[b][t].item<int64_t>());
    }
    // The reference pads with the model's pad token: take it from the first padded position.
    if (len < r.paddedIds.size(1)) r.padId = r.paddedIds[b][len].item<int64_t>();
    r.ids.push_back(ids);
    r.types.push_back(types);
  }
  return r;
}

pwb::model::TokenRows pointers(const std::vector<std::vector<int64_t>>& rows) {
  pwb::model::TokenRows out;
  for (const auto& r : rows) out.push_back(&r);
  return out;
}

}  // namespace

class TestPadding : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void initTestCase() { pwb::model::setComputeThreads(2); }

  void fixtures_data() {
    QTest::addColumn<QString>("model");
    QTest::newRow("tiny-bert") << QString("tiny-bert");
    QTest::newRow("tiny-roberta") << QString("tiny-roberta");
  }

  // padBatch rebuilds the reference's padded tensors from the unpadded rows, and the logits on them match.
  void padBatchEqualsReference_data() { fixtures_data(); }
  void padBatchEqualsReference() {
    QFETCH(QString, model);
    const Rows r = unpaddedRows(model.toStdString());
    auto m = MaskedLM::load(kFixtures + model.toStdString());
    QCOMPARE(r.padId, pwb::model::paddingId(-1, m->config()));  // the config's pad id (0 BERT, 1 RoBERTa)
    const auto in = pwb::model::padBatch(pointers(r.ids), r.padId, pointers(r.types));
    QVERIFY(torch::equal(in.inputIds, r.paddedIds));
    QVERIFY(torch::equal(in.attentionMask, r.mask));
    QVERIFY(torch::equal(in.tokenTypeIds, r.paddedTypes));
    QVERIFY(in.attentionMask.eq(0).any().item<bool>());  // the batch really is padded
    torch::NoGradGuard ng;
    const auto logits = m->mlmLogits(m->encode(in).select(1, 0));
    QVERIFY2(maxDiff(logits, r.firstLogits) < kTol,
             qPrintable(QString::number(maxDiff(logits, r.firstLogits))));
  }

  // Training's collate pads through the same routine: same tensors, slot table padded with -1.
  void collateUsesTheRoutine_data() { fixtures_data(); }
  void collateUsesTheRoutine() {
    QFETCH(QString, model);
    const Rows r = unpaddedRows(model.toStdString());
    std::vector<pwb::train::EncodedInput> inputs(r.ids.size());
    std::vector<const pwb::train::EncodedInput*> ptrs;
    for (size_t i = 0; i < r.ids.size(); ++i) {
      inputs[i].ids = r.ids[i];
      inputs[i].typeIds = r.types[i];
      inputs[i].maskPos = 1;
      ptrs.push_back(&inputs[i]);
    }
    inputs[0].slotIds.assign(r.ids[0].size(), -1);
    inputs[0].slotIds[1] = 0;
    const auto batch = pwb::train::collate(ptrs, {1, 0, 1}, r.padId, torch::kCPU);
    QVERIFY(torch::equal(batch.ids, r.paddedIds));
    QVERIFY(torch::equal(batch.attentionMask, r.mask));
    QVERIFY(torch::equal(batch.typeIds, r.paddedTypes));
    QCOMPARE(batch.labels[1].item<int64_t>(), int64_t(0));
    QCOMPARE(batch.maskPos[2].item<int64_t>(), int64_t(1));
    QVERIFY(batch.slotIds.defined());
    QCOMPARE(batch.slotIds[0][1].item<int64_t>(), int64_t(0));
    QCOMPARE(batch.slotIds.sum().item<int64_t>(), -(batch.slotIds.numel() - 1));  // every other entry -1
  }

  // Evaluation's mask states: with a "mask" at position 0, log p(token) there is the log-softmax of the
  // reference's first-token logits — the same batched and padded (batch 3) as one row at a time (batch 1).
  void maskStatesPaddedEqualUnpadded_data() { fixtures_data(); }
  void maskStatesPaddedEqualUnpadded() {
    QFETCH(QString, model);
    const Rows r = unpaddedRows(model.toStdString());
    auto m = MaskedLM::load(kFixtures + model.toStdString());
    std::vector<pwb::eval::RenderedInput> inputs;
    for (size_t i = 0; i < r.ids.size(); ++i) inputs.push_back({r.ids[i], r.types[i], {0}});
    std::vector<int64_t> vocab(static_cast<size_t>(m->config().vocabSize));
    for (size_t i = 0; i < vocab.size(); ++i) vocab[i] = static_cast<int64_t>(i);
    const auto expected = torch::log_softmax(r.firstLogits.to(torch::kDouble), 1);
    for (int batch : {3, 1}) {
      pwb::eval::EncodeSettings s;
      s.batchSize = batch;
      s.padId = r.padId;
      const auto states = pwb::eval::encodeMasks(*m, inputs, s);
      QCOMPARE(states.transformed.device().type(), torch::kCPU);
      const auto lp = pwb::eval::tokenLogProbs(*m, states, 0, vocab);
      QVERIFY2(maxDiff(lp, expected) < kTol, qPrintable(QString::number(maxDiff(lp, expected))));
      const auto full = pwb::eval::vocabLogProbs(*m, states, 0, 0, states.size());
      QVERIFY(maxDiff(full, expected) < kTol);
    }
  }

  void badRowsAreErrors() {
    const std::vector<int64_t> a{1, 2, 3}, b{1}, empty;
    QVERIFY_THROWS_EXCEPTION(pwb::Error, pwb::model::padBatch({}, 0));
    QVERIFY_THROWS_EXCEPTION(pwb::Error, pwb::model::padBatch({&empty}, 0));
    QVERIFY_THROWS_EXCEPTION(pwb::Error, pwb::model::padBatch({&a, &b}, 0, {&a, &a}));  // types too long
    QVERIFY_THROWS_EXCEPTION(pwb::Error, pwb::model::padRows({&a}, 0, 2));
    const auto in = pwb::model::padBatch({&a, &b}, 7, {&empty, &empty});
    QVERIFY(torch::equal(in.inputIds, torch::tensor({1, 2, 3, 1, 7, 7}, torch::kLong).view({2, 3})));
    QCOMPARE(in.tokenTypeIds.abs().sum().item<int64_t>(), int64_t(0));
  }
};

QTEST_GUILESS_MAIN(TestPadding)
#include "test_padding.moc"
