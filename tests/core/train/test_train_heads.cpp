// The classification heads of fine-tuning and P-tuning v2 (train/cls_head.h) on the tiny fixtures: the
// logits equal a hand computation from the head's weights and the encoder's [CLS] state (BERT pooler
// dense+tanh then linear; RoBERTa's classification head; the bare linear head); new weights follow Hugging
// Face's initialisation; a checkpoint's pretrained pooler (bert.pooler.dense.*) is loaded into the head
// (and kept frozen by P-tuning v2, as its code does), a misshaped one is ignored; and
// the methods without a verbalizer build their task with any verbalizer text (RTE-style labels).
#include <torch/torch.h>  // before Qt: its `slots` macro breaks torch headers

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>
#include <fstream>
#include <map>

#include "common/error.h"
#include "model/masked_lm.h"
#include "tiny_task.h"
#include "tokenize/tokenizer.h"
#include "train/method.h"
#include "train/method_registry.h"
#include "train/method_state.h"
#include "train/safetensors_writer.h"
#include "train/task_builder.h"
#include "train/trainer.h"

using namespace pwb::train;

namespace {

const std::string kFixtures = std::string(PWB_REFERENCE_DIR) + "/fixtures/";

std::unique_ptr<Method> makeMethod(pwb::model::MaskedLM& model, const std::string& name,
                                   const std::string& clsHead, uint64_t seed = 1) {
  torch::manual_seed(seed);
  MethodContext ctx;
  ctx.model = &model;
  ctx.labelTokenIds = {{tinytask::kBad}, {tinytask::kGood}};
  ctx.numLabels = 2;
  ctx.options.prefixLength = 4;
  ctx.options.head = "cls";
  ctx.options.clsHead = clsHead;
  ctx.maskTokenId = tinytask::kMask;
  ctx.unkTokenId = tinytask::kUnk;
  return findMethod(name).create(ctx);
}

Batch batchOf(const Method& m, const std::vector<TaskExample>& exs) {
  std::vector<const EncodedInput*> in;
  std::vector<int> labels;
  for (const auto& e : exs) {
    in.push_back(m.usesPrompt() ? &e.prompt : &e.plain);
    labels.push_back(e.label);
  }
  return collate(in, labels, tinytask::kPad, torch::kCPU);
}

std::map<std::string, torch::Tensor> tensorsOf(const NamedTensors& named) {
  std::map<std::string, torch::Tensor> out;
  for (const auto& [k, v] : named) out[k] = v.detach().clone();
  return out;
}

// [CLS] states of the plain inputs, through the bare encoder (eval mode: no dropout).
torch::Tensor clsStates(pwb::model::MaskedLM& model, const Batch& b) {
  pwb::model::EncoderInput in;
  in.inputIds = b.ids;
  in.attentionMask = b.attentionMask;
  in.tokenTypeIds = b.typeIds;
  return model.encode(in).select(1, 0);
}

// A copy of the tiny-bert folder whose checkpoint also holds bert.pooler.dense.* with the given values.
void writeModelWithPooler(const QString& dir, const torch::Tensor& weight, const torch::Tensor& bias) {
  const QString src = QString::fromStdString(kFixtures + "tiny-bert/");
  for (const char* f : {"config.json", "tokenizer.json", "tokenizer_config.json", "vocab.txt"})
    QVERIFY(QFile::copy(src + f, dir + "/" + f));
  auto tensors = readSafetensors((src + "model.safetensors").toStdString());
  std::vector<std::pair<std::string, torch::Tensor>> out(tensors.begin(), tensors.end());
  out.emplace_back("bert.pooler.dense.weight", weight);
  out.emplace_back("bert.pooler.dense.bias", bias);
  writeSafetensors((dir + "/model.safetensors").toStdString(), out, {{"format", "pt"}});
}

}  // namespace

class TestTrainHeads : public QObject {
  Q_OBJECT

 private slots:
  // BERT "hf" head: logits = tanh(h W_d^T + b_d) W_o^T + b_o on the [CLS] state; no pooler in tiny-bert,
  // so the dense layer is new: normal(0, initializer_range 0.02), zero biases.
  void bertHeadIsPoolerThenLinear() {
    auto model = pwb::model::MaskedLM::load(kFixtures + "tiny-bert");
    QVERIFY(!model->poolerWeight().defined());
    auto m = makeMethod(*model, "fine-tune", "hf");
    const auto w = tensorsOf(m->ownParameters());
    QCOMPARE(w.size(), size_t(4));
    QCOMPARE(w.at("head.dense.weight").sizes().vec(), (std::vector<int64_t>{32, 32}));
    QCOMPARE(w.at("head.out_proj.weight").sizes().vec(), (std::vector<int64_t>{2, 32}));
    QVERIFY(torch::equal(w.at("head.dense.bias"), torch::zeros({32})));
    QVERIFY(torch::equal(w.at("head.out_proj.bias"), torch::zeros({2})));
    const double sd = w.at("head.dense.weight").std().item<double>();
    QVERIFY2(sd > 0.016 && sd < 0.024, qPrintable(QString::number(sd)));  // 1024 draws of N(0, 0.02)
    QCOMPARE(m->config()["pooler"].get<std::string>(), std::string("new"));
    QCOMPARE(m->config()["cls_head"].get<std::string>(), std::string("hf"));

    const auto exs = tinytask::examples(6, 0);
    const auto b = batchOf(*m, exs);
    torch::NoGradGuard g;
    m->train(false);
    const auto logits = m->logits(b);
    const auto h = clsStates(*model, b);
    const auto pooled = torch::tanh(h.matmul(w.at("head.dense.weight").t()) + w.at("head.dense.bias"));
    const auto expected = pooled.matmul(w.at("head.out_proj.weight").t()) + w.at("head.out_proj.bias");
    QVERIFY(torch::allclose(logits, expected, 1e-6, 1e-6));
    // Not the bare head: without the pooler the logits differ.
    const auto bare = h.matmul(w.at("head.out_proj.weight").t());
    QVERIFY(!torch::allclose(logits, bare, 1e-3, 1e-3));
  }

  // The bare head: logits = h W^T + b, saved as head.weight / head.bias (the names before the "hf" head).
  void linearHeadIsOneLayer() {
    auto model = pwb::model::MaskedLM::load(kFixtures + "tiny-bert");
    auto m = makeMethod(*model, "fine-tune", "linear");
    const auto w = tensorsOf(m->ownParameters());
    QCOMPARE(w.size(), size_t(2));
    QCOMPARE(m->config()["head"].get<std::string>(), std::string("cls-linear"));
    const auto b = batchOf(*m, tinytask::examples(4, 0));
    torch::NoGradGuard g;
    m->train(false);
    const auto expected = clsStates(*model, b).matmul(w.at("head.weight").t()) + w.at("head.bias");
    QVERIFY(torch::allclose(m->logits(b), expected, 1e-6, 1e-6));
  }

  // RoBERTa: RobertaClassificationHead, dense always new (no pooler in RobertaForSequenceClassification).
  void robertaHeadIsClassificationHead() {
    auto model = pwb::model::MaskedLM::load(kFixtures + "tiny-roberta");
    auto m = makeMethod(*model, "fine-tune", "hf");
    QVERIFY(!m->config().contains("pooler"));
    const auto w = tensorsOf(m->ownParameters());
    auto exs = tinytask::examples(3, 0);
    for (auto& e : exs) {
      for (auto& id : e.plain.ids) id = 5 + id % 40;  // any ids below tiny-roberta's vocabulary size
      e.plain.ids.front() = 0;                        // <s>
    }
    std::vector<const EncodedInput*> in;
    for (const auto& e : exs) in.push_back(&e.plain);
    const auto b = collate(in, {0, 1, 0}, 1, torch::kCPU);
    torch::NoGradGuard g;
    m->train(false);
    const auto h = clsStates(*model, b);
    const auto x = torch::tanh(h.matmul(w.at("head.dense.weight").t()) + w.at("head.dense.bias"));
    const auto expected = x.matmul(w.at("head.out_proj.weight").t()) + w.at("head.out_proj.bias");
    QVERIFY(torch::allclose(m->logits(b), expected, 1e-6, 1e-6));
  }

  // A checkpoint with bert.pooler.dense.*: MaskedLM keeps it, fine-tuning's head starts from it (values
  // asserted), P-tuning v2's cls head too and keeps it frozen while its classifier trains.
  void pretrainedPoolerIsLoaded() {
    QTemporaryDir dir;
    const auto pw = torch::arange(32 * 32, torch::kFloat).reshape({32, 32}).div(32 * 32 * 8.0) - 0.06;
    const auto pb = torch::linspace(-0.5, 0.5, 32);
    writeModelWithPooler(dir.path(), pw, pb);
    auto model = pwb::model::MaskedLM::load(dir.path().toStdString());
    QVERIFY(torch::equal(model->poolerWeight(), pw));
    QVERIFY(torch::equal(model->poolerBias(), pb));
    // The masked LM itself is the fixture's (the pooler is no parameter of it).
    auto plain = pwb::model::MaskedLM::load(kFixtures + "tiny-bert");
    QCOMPARE(model->parameters().size(), plain->parameters().size());

    auto ft = makeMethod(*model, "fine-tune", "hf");
    QCOMPARE(ft->config()["pooler"].get<std::string>(), std::string("checkpoint"));
    auto w = tensorsOf(ft->ownParameters());
    QVERIFY(torch::equal(w.at("head.dense.weight"), pw));
    QVERIFY(torch::equal(w.at("head.dense.bias"), pb));
    const auto b = batchOf(*ft, tinytask::examples(4, 0));
    {
      torch::NoGradGuard g;
      ft->train(false);
      const auto pooled = torch::tanh(clsStates(*model, b).matmul(pw.t()) + pb);
      const auto expected = pooled.matmul(w.at("head.out_proj.weight").t()) + w.at("head.out_proj.bias");
      QVERIFY(torch::allclose(ft->logits(b), expected, 1e-6, 1e-6));
    }

    auto v2 = makeMethod(*model, "p-tuning-v2", "hf");
    const auto own = tensorsOf(v2->ownParameters());
    QVERIFY(!own.count("head.dense.weight"));  // frozen: not trained
    QVERIFY(own.count("head.out_proj.weight"));
    const auto saved = tensorsOf(v2->stateTensors());
    QVERIFY(torch::equal(saved.at("head.dense.weight"), pw));  // but saved
    auto train = tinytask::examples(8, 0), dev = tinytask::examples(4, 100);
    TrainerConfig cfg;
    cfg.steps = 3;
    cfg.batchSize = 4;
    cfg.evalEvery = 0;
    cfg.lr = 1e-2;
    trainMethod(*model, *v2, train, dev, cfg, {}, nullptr);
    const auto after = tensorsOf(v2->stateTensors());
    QVERIFY(torch::equal(after.at("head.dense.weight"), pw));
    QVERIFY(torch::equal(after.at("head.dense.bias"), pb));
    QVERIFY(!torch::equal(after.at("head.out_proj.weight"), saved.at("head.out_proj.weight")));
    // Its state round-trips, the frozen pooler included.
    QTemporaryDir stateDir;
    saveMethodState(stateDir.path().toStdString(), *v2, *model);
    auto fresh = makeMethod(*plain, "p-tuning-v2", "hf", 9);
    loadMethodState(stateDir.path().toStdString(), *fresh, *plain);
    const auto back = tensorsOf(fresh->stateTensors());
    for (const auto& [k, v] : after) QVERIFY2(torch::equal(back.at(k), v), k.c_str());
  }

  // A pooler that does not fit the config is not loaded (the masked LM loads as before, the head is new).
  void misshapedPoolerIsIgnored() {
    QTemporaryDir dir;
    writeModelWithPooler(dir.path(), torch::ones({32, 31}), torch::ones({32}));
    auto model = pwb::model::MaskedLM::load(dir.path().toStdString());
    QVERIFY(!model->poolerWeight().defined());
    auto m = makeMethod(*model, "fine-tune", "hf");
    QCOMPARE(m->config()["pooler"].get<std::string>(), std::string("new"));
    QVERIFY(!torch::equal(tensorsOf(m->ownParameters()).at("head.dense.bias"), torch::ones({32})));
  }

  // RTE-style data (premise/hypothesis, labels entailment/not_entailment) with the default sentiment
  // verbalizer: fine-tune and p-tuning-v2 --head cls build their task (classes from the data); the
  // verbalizer methods still refuse it.
  void methodsWithoutVerbalizerIgnoreIt() {
    QTemporaryDir dir;
    const std::string path = dir.filePath("rte.jsonl").toStdString();
    {
      std::ofstream out(path);
      for (int i = 0; i < 8; ++i)
        out << "{\"premise\": \"the film is great .\", \"hypothesis\": \"the story is good .\", \"label\": \""
            << (i % 2 ? "entailment" : "not_entailment") << "\"}\n";
    }
    const auto tok = pwb::tokenize::loadTokenizer(kFixtures + "tiny-bert");
    TrainRequest r;
    r.trainPath = r.testPath = path;
    r.verbalizer = "0=terrible;1=great";
    r.templateText = "{premise} ? [MASK] , {hypothesis}";
    for (const std::string method : {"fine-tune", "p-tuning-v2"}) {
      r.method = method;
      r.options.head = "cls";
      TaskBuilder task(r, *tok, "", 64);
      QCOMPARE(task.labels(), (std::vector<std::string>{"entailment", "not_entailment"}));  // sorted
      QVERIFY(task.labelTokenIds().empty());
      QVERIFY(!task.usesVerbalizer());
      QCOMPARE(task.verbalizerSpec(), std::string());
      QCOMPARE(task.encode(task.trainSource().examples[0]).label, 1);  // not_entailment
      QCOMPARE(task.encode(task.trainSource().examples[1]).label, 0);
    }
    r.method = "prompt-ft";
    try {
      TaskBuilder task(r, *tok, "", 64);
      QFAIL("prompt-ft accepted a verbalizer without the data's labels");
    } catch (const pwb::Error&) {
    }
    r.method = "p-tuning-v2";
    r.options.head = "verbalizer";
    QVERIFY_EXCEPTION_THROWN(TaskBuilder(r, *tok, "", 64), pwb::Error);
  }
};

QTEST_GUILESS_MAIN(TestTrainHeads)
#include "test_train_heads.moc"
