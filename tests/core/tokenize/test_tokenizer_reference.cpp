// Exactness against the reference tokenizers (Hugging Face tokenizers 0.23): every row of the fixtures,
// through tokenizer.json and through the vocab.txt / vocab.json + merges.txt fallback.
#include <QTemporaryDir>
#include <QtTest>

#include "tokenize/tokenizer.h"
#include "tokenizer_test_util.h"

using namespace tokenizer_test;
using pwb::tokenize::Encoding;
using pwb::tokenize::loadTokenizer;
using pwb::tokenize::Tokenizer;

class TestTokenizerReference : public QObject {
  Q_OBJECT

 private:
  // Checks every single-text row (ids, tokens, offsets) and pair row (ids, type ids) of a
  // tokenizer-reference file; returns the number of rows checked.
  void checkBertReference(const Tokenizer& tok, const nlohmann::json& ref, int& rows) {
    rows = 0;
    for (const auto& row : ref["single"]) {
      const std::string text = row["text"];
      const Encoding e = tok.encode(text);
      const auto ids = row["input_ids"].get<std::vector<int64_t>>();
      const auto tokens = row["tokens"].get<std::vector<std::string>>();
      std::vector<std::pair<int, int>> offsets;
      for (const auto& o : row["offsets"]) offsets.emplace_back(o[0].get<int>(), o[1].get<int>());
      if (e.ids != ids)
        QFAIL(
            ("ids differ for '" + text + "':\n got " + describe(e.ids) + "\nwant " + describe(ids)).c_str());
      if (e.tokens != tokens) QFAIL(("tokens differ for '" + text + "'").c_str());
      if (e.offsets != offsets)
        QFAIL(("offsets differ for '" + text + "':\n got " + describe(e.offsets) + "\nwant " +
               describe(offsets))
                  .c_str());
      QCOMPARE(e.typeIds, std::vector<int64_t>(ids.size(), 0));
      ++rows;
    }
    for (const auto& row : ref["pairs"]) {
      const std::string a = row["text_a"], b = row["text_b"];
      const Encoding e = tok.encodePair(a, b);
      const auto ids = row["input_ids"].get<std::vector<int64_t>>();
      if (e.ids != ids) QFAIL(("pair ids differ for '" + a + "' / '" + b + "'").c_str());
      QCOMPARE(e.typeIds, row["token_type_ids"].get<std::vector<int64_t>>());
      ++rows;
    }
  }

  void checkBertModel(const std::string& name, int expectedRows) {
    const auto ref = loadJson(shared("fixtures/tokenizer-reference/" + name + ".json"));
    const std::string dir = shared("tokenizers/" + name);
    auto fromJson = loadTokenizer(dir);
    int rows = 0;
    checkBertReference(*fromJson, ref, rows);
    QCOMPARE(rows, expectedRows);
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    copyFiles(dir, tmp.path().toStdString(), {"vocab.txt", "tokenizer_config.json"});
    auto fromVocab = loadTokenizer(tmp.path().toStdString());
    QCOMPARE(fromVocab->vocabSize(), fromJson->vocabSize());
    checkBertReference(*fromVocab, ref, rows);
    QCOMPARE(rows, expectedRows);
  }

 private slots:
  void bertBaseUncased() { checkBertModel("bert-base-uncased", 231 + 50); }
  void bertBaseChinese() {
    const auto ref = loadJson(shared("fixtures/tokenizer-reference/bert-base-chinese.json"));
    QCOMPARE(int(ref["single"].size() + ref["pairs"].size()), 281);
    checkBertModel("bert-base-chinese", 281);
  }

  void bertSpecialTokens() {
    auto tok = loadTokenizer(shared("tokenizers/bert-base-uncased"));
    const auto& s = tok->special();
    QCOMPARE(s.cls, std::string("[CLS]"));
    QCOMPARE(s.clsId, int64_t(101));
    QCOMPARE(s.sepId, int64_t(102));
    QCOMPARE(s.padId, int64_t(0));
    QCOMPARE(s.unkId, int64_t(100));
    QCOMPARE(s.maskId, int64_t(103));
    QCOMPARE(tok->kind(), std::string("wordpiece"));
    QCOMPARE(tok->vocabSize(), int64_t(30522));
    QCOMPARE(tok->tokenToId("great"), int64_t(2307));
    QCOMPARE(tok->idToToken(2307), std::string("great"));
    QCOMPARE(tok->tokenToId("no-such-token"), int64_t(-1));
    QCOMPARE(tok->idToToken(99999), std::string());
    // [MASK] in the text is the special token (matched before lowercasing), [mask] is not.
    const Encoding e = tok->encode("it was [MASK].");
    QCOMPARE(e.ids, (std::vector<int64_t>{101, 2009, 2001, 103, 1012, 102}));
    QCOMPARE(e.offsets[3], std::make_pair(7, 13));
    QCOMPARE(e.specialMask, (std::vector<uint8_t>{1, 0, 0, 0, 0, 1}));
    QCOMPARE(e.sequenceIds, (std::vector<int>{-1, 0, 0, 0, 0, -1}));
    QCOMPARE(tok->encodeRaw("[mask]").ids, (std::vector<int64_t>{1031, 7308, 1033}));
    QCOMPARE(tok->wordInContext("terrible"), (std::vector<int64_t>{6659}));
    QCOMPARE(tok->decode(tok->encodeRaw("it's a gussied-up movie, isn't it?").ids),
             std::string("it's a gussied - up movie, isn't it?"));
  }

  void tinyRobertaReference() {
    const std::string dir = shared("fixtures/tiny-roberta");
    const auto ref = loadJson(dir + "/tokenizer_reference.json");
    QTemporaryDir tmp;
    copyFiles(dir, tmp.path().toStdString(), {"vocab.json", "merges.txt", "tokenizer_config.json"});
    auto fromJson = loadTokenizer(dir);
    auto fromFiles = loadTokenizer(tmp.path().toStdString());
    QCOMPARE(fromJson->kind(), std::string("bpe"));
    int rows = 0;
    for (const auto& row : ref) {
      const std::string text = row["text"];
      const auto ids = row["input_ids"].get<std::vector<int64_t>>();
      for (const Tokenizer* tok : {fromJson.get(), fromFiles.get()}) {
        const Encoding e = tok->encode(text);
        if (e.ids != ids)
          QFAIL(("ids differ for '" + text + "':\n got " + describe(e.ids) + "\nwant " + describe(ids))
                    .c_str());
      }
      ++rows;
    }
    QCOMPARE(rows, 221);
  }

  void tinyRobertaCases() {
    const std::string dir = shared("fixtures/tiny-roberta");
    const auto ref = loadJson(dir + "/reference.json");
    auto tok = loadTokenizer(dir);
    QCOMPARE(tok->special().maskId, int64_t(4));
    QCOMPARE(tok->special().cls, std::string("<s>"));
    QTemporaryDir tmp;
    copyFiles(dir, tmp.path().toStdString(), {"vocab.json", "merges.txt", "tokenizer_config.json"});
    auto fallback = loadTokenizer(tmp.path().toStdString());
    int cases = 0;
    for (const auto& c : ref["cases"]) {
      const auto ids = c["input_ids"].get<std::vector<int64_t>>();
      const auto& text = c["case"];
      const Encoding e = text.size() == 1 ? tok->encode(text[0]) : tok->encodePair(text[0], text[1]);
      if (e.ids != ids) QFAIL(("ids differ for case " + text.dump() + ": got " + describe(e.ids)).c_str());
      QCOMPARE(e.typeIds, std::vector<int64_t>(ids.size(), 0));
      // This tokenizer.json declares <mask> with lstrip=false (the space before it stays a 'Ġ' token);
      // the vocab.json fallback follows RobertaTokenizer (lstrip=true): same ids minus that space.
      std::vector<int64_t> absorbed;
      for (size_t i = 0; i < ids.size(); ++i)
        if (!(ids[i] == 225 && i + 1 < ids.size() && ids[i + 1] == 4)) absorbed.push_back(ids[i]);
      const Encoding f =
          text.size() == 1 ? fallback->encode(text[0]) : fallback->encodePair(text[0], text[1]);
      if (f.ids != absorbed)
        QFAIL(("fallback ids differ for case " + text.dump() + ": got " + describe(f.ids)).c_str());
      ++cases;
    }
    QCOMPARE(cases, 4);
  }

  void tinyRobertaOffsets() {
    auto tok = loadTokenizer(shared("fixtures/tiny-roberta"));
    // <s> I Ġlik e Ġthe Ġfilm . Ġ I t Ġwas Ġ <mask> . </s>: a token's offsets leave out its leading space
    // (ByteLevel trim_offsets), so the lone 'Ġ' before <mask> (lstrip=false here) is empty.
    const Encoding e = tok->encode("I like the film. It was <mask>.");
    QCOMPARE(e.tokens.front(), std::string("<s>"));
    QCOMPARE(e.tokens.back(), std::string("</s>"));
    const auto it = std::find(e.ids.begin(), e.ids.end(), 4);
    QVERIFY(it != e.ids.end());
    QCOMPARE(e.offsets[size_t(it - e.ids.begin())], std::make_pair(24, 30));
    QCOMPARE(e.tokens[2], std::string("\xC4\xA0lik"));
    QCOMPARE(e.offsets[2], std::make_pair(2, 5));
    QCOMPARE(e.offsets[11], std::make_pair(24, 24));
    QCOMPARE(tok->decode(tok->encodeRaw("It was <mask>. café").ids), std::string("It was <mask>. café"));
    QTemporaryDir tmp;
    copyFiles(shared("fixtures/tiny-roberta"), tmp.path().toStdString(), {"vocab.json", "merges.txt"});
    auto fallback = loadTokenizer(tmp.path().toStdString());
    const Encoding f = fallback->encode("It was <mask>.");
    const auto m = std::find(f.ids.begin(), f.ids.end(), 4);
    QVERIFY(m != f.ids.end());
    QCOMPARE(f.offsets[size_t(m - f.ids.begin())], std::make_pair(7, 13));  // the absorbed space is trimmed
    QCOMPARE(fallback->wordInContext("great"), tok->wordInContext("great"));
  }

  void tinyBertCases() {
    const std::string dir = shared("fixtures/tiny-bert");
    const auto ref = loadJson(dir + "/reference.json");
    QTemporaryDir tmp;
    copyFiles(dir, tmp.path().toStdString(), {"vocab.txt", "tokenizer_config.json"});
    auto fromJson = loadTokenizer(dir);
    auto fromVocab = loadTokenizer(tmp.path().toStdString());
    int cases = 0;
    for (const auto& c : ref["cases"]) {
      const auto ids = c["input_ids"].get<std::vector<int64_t>>();
      const auto types = c["token_type_ids"].get<std::vector<int64_t>>();
      const auto& text = c["case"];
      for (const Tokenizer* tok : {fromJson.get(), fromVocab.get()}) {
        const Encoding e = text.size() == 1 ? tok->encode(text[0]) : tok->encodePair(text[0], text[1]);
        if (e.ids != ids) QFAIL(("ids differ for case " + text.dump() + ": got " + describe(e.ids)).c_str());
        QCOMPARE(e.typeIds, types);
      }
      ++cases;
    }
    QCOMPARE(cases, 5);
  }
};

QTEST_GUILESS_MAIN(TestTokenizerReference)
#include "test_tokenizer_reference.moc"
