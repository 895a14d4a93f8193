// Edge cases and bad input: long words, empty text, arbitrary bytes, batching, and the error messages for
// missing or malformed tokenizer files (each must be a pwb::Error naming the file and the key/line).
#include <QTemporaryDir>
#include <QtTest>
#include <fstream>
#include <random>

#include "common/error.h"
#include "tokenize/tokenizer.h"
#include "tokenize/unicode_utils.h"
#include "tokenizer_test_util.h"

using namespace tokenizer_test;
using pwb::tokenize::Encoding;
using pwb::tokenize::loadTokenizer;
using pwb::tokenize::Tokenizer;

namespace {

// Loads dir and returns the pwb::Error message ("" when it loaded; any other exception fails the test).
std::string loadError(const std::string& dir) {
  try {
    loadTokenizer(dir);
  } catch (const pwb::Error& e) {
    return e.what();
  }
  return "";
}

bool contains(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}

std::string readText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

void replaceOnce(std::string& s, const std::string& from, const std::string& to) {
  const size_t pos = s.find(from);
  if (pos == std::string::npos) throw std::runtime_error("fixture text not found: " + from);
  s.replace(pos, from.size(), to);
}

// Invariants every encoding must satisfy, whatever the input bytes.
void checkWellFormed(const Tokenizer& tok, const std::string& text, const Encoding& e) {
  const int chars = static_cast<int>(pwb::tokenize::unicode::countCodePoints(text));
  QCOMPARE(e.tokens.size(), e.ids.size());
  QCOMPARE(e.offsets.size(), e.ids.size());
  QCOMPARE(e.typeIds.size(), e.ids.size());
  QCOMPARE(e.specialMask.size(), e.ids.size());
  QCOMPARE(e.sequenceIds.size(), e.ids.size());
  for (size_t i = 0; i < e.size(); ++i) {
    QVERIFY(e.ids[i] >= 0 && e.ids[i] < tok.vocabSize());
    QVERIFY(e.offsets[i].first >= 0 && e.offsets[i].first <= e.offsets[i].second &&
            e.offsets[i].second <= chars);
  }
}

}  // namespace

class TestTokenizerRobustness : public QObject {
  Q_OBJECT

 private slots:
  void longWordsBecomeUnknown() {
    auto tok = loadTokenizer(shared("tokenizers/bert-base-uncased"));
    const Encoding at100 = tok->encodeRaw(std::string(100, 'a'));
    QVERIFY(at100.size() > 1);  // 100 characters are still split into pieces
    QCOMPARE(at100.offsets.back().second, 100);
    const Encoding over = tok->encodeRaw("so " + std::string(101, 'a') + " good");
    QCOMPARE(over.ids, (std::vector<int64_t>{2061, 100, 2204}));
    QCOMPARE(over.offsets[1], std::make_pair(3, 104));
    // A word with a character the vocabulary cannot cover is one [UNK] for the whole word.
    const Encoding uncovered = tok->encodeRaw("ab\u2603cd");
    QCOMPARE(uncovered.ids, (std::vector<int64_t>{100}));
    QCOMPARE(uncovered.offsets[0], std::make_pair(0, 5));
  }

  void emptyText() {
    for (const std::string dir : {"tokenizers/bert-base-uncased", "fixtures/tiny-roberta"}) {
      auto tok = loadTokenizer(shared(dir));
      QCOMPARE(tok->encodeRaw("").size(), size_t(0));
      QCOMPARE(tok->encode("").ids, (std::vector<int64_t>{tok->special().clsId, tok->special().sepId}));
      // BERT drops whitespace; GPT-2 splitting keeps a trailing whitespace run as one piece (6 bytes, and
      // the tiny RoBERTa vocabulary has no merges for them).
      QCOMPARE(tok->encodeRaw("   \t\n ").size(), tok->kind() == "bpe" ? size_t(6) : size_t(0));
      const Encoding pair = tok->encodePair("", "");
      QCOMPARE(pair.size(), tok->kind() == "bpe" ? size_t(4) : size_t(3));
    }
  }

  void invalidUtf8IsReplaced() {
    auto bert = loadTokenizer(shared("tokenizers/bert-base-uncased"));
    // Each invalid byte is one U+FFFD (one character for offsets), which clean_text removes.
    const std::string text = "\xff\xfe good \xc3";
    const Encoding e = bert->encodeRaw(text);
    QCOMPARE(e.ids, (std::vector<int64_t>{2204}));
    QCOMPARE(e.offsets[0], std::make_pair(3, 7));
    // Overlong encodings and surrogates are invalid too, not decoded.
    QCOMPARE(bert->encodeRaw("\xc0\xaf\xed\xa0\x80").size(), size_t(0));
    auto roberta = loadTokenizer(shared("fixtures/tiny-roberta"));
    const Encoding r = roberta->encodeRaw("a\xff");
    QCOMPARE(r.ids.front(), int64_t(69));  // 'a'; the U+FFFD bytes follow as byte-level tokens
    QVERIFY(r.size() >= 2);
  }

  void randomBytesNeverBreakInvariants() {
    auto bert = loadTokenizer(shared("tokenizers/bert-base-uncased"));
    auto chinese = loadTokenizer(shared("tokenizers/bert-base-chinese"));
    auto roberta = loadTokenizer(shared("fixtures/tiny-roberta"));
    std::mt19937 rng(1234);
    const std::vector<std::string> alphabet = {"a",      "Z",      " ",    "\t",   "\n",   "'s",
                                               "[MASK]", "<mask>", "##",   "é",    "上",   "\u0301",
                                               "\u200b", "😀",      "\x01", "\xff", "\xc3", "."};
    for (int round = 0; round < 1500; ++round) {
      std::string text;
      const int n = int(rng() % 40);
      for (int i = 0; i < n; ++i) {
        if (rng() % 3 == 0) {
          text.push_back(static_cast<char>(rng() % 256));
        } else {
          text += alphabet[rng() % alphabet.size()];
        }
      }
      for (const Tokenizer* tok : {bert.get(), chinese.get(), roberta.get()}) {
        checkWellFormed(*tok, text, tok->encode(text));
        checkWellFormed(*tok, text, tok->encodePair(text, text));
        if (QTest::currentTestFailed())
          QFAIL(("input bytes: " + QByteArray::fromStdString(text).toHex().toStdString()).c_str());
      }
    }
  }

  void batchEqualsSequential() {
    auto tok = loadTokenizer(shared("tokenizers/bert-base-uncased"));
    std::ifstream in(shared("data/sst2_sentence/stsa.binary.train"));
    std::vector<std::string> texts;
    for (std::string line; std::getline(in, line) && texts.size() < 600;) texts.push_back(line.substr(2));
    texts.push_back("");
    QCOMPARE(texts.size(), size_t(601));
    for (int threads : {1, 2, 3, 8}) {
      const std::vector<Encoding> batch = tok->encodeBatch(texts, threads);
      QCOMPARE(batch.size(), texts.size());
      for (size_t i = 0; i < texts.size(); ++i) {
        const Encoding one = tok->encode(texts[i]);
        QCOMPARE(batch[i].ids, one.ids);
        QCOMPARE(batch[i].offsets, one.offsets);
      }
    }
    QCOMPARE(tok->encodeBatch({}, 2).size(), size_t(0));
  }

  void lstripAndRstripFromTokenizerJson() {
    // The same tiny RoBERTa, but with <mask> declared lstrip=true as in roberta-base's tokenizer.json.
    QTemporaryDir tmp;
    const std::string dir = tmp.path().toStdString();
    std::string json = readText(shared("fixtures/tiny-roberta/tokenizer.json"));
    replaceOnce(json, "\"content\": \"<mask>\",\n      \"single_word\": false,\n      \"lstrip\": false",
                "\"content\": \"<mask>\",\n      \"single_word\": false,\n      \"lstrip\": true");
    writeFile(dir + "/tokenizer.json", json);
    auto tok = loadTokenizer(dir);
    const Encoding e = tok->encode("It was <mask>.");
    QCOMPARE(e.ids, (std::vector<int64_t>{0, 45, 88, 277, 4, 18, 2}));
    QCOMPARE(e.offsets[4], std::make_pair(7, 13));
    // rstrip on [SEP]-like tokens of a BERT tokenizer: the space after it is swallowed.
    const std::string bertDir = shared("fixtures/tiny-bert");
    std::string bert = readText(bertDir + "/tokenizer.json");
    replaceOnce(bert,
                "\"content\": \"[MASK]\",\n      \"single_word\": false,\n      \"lstrip\": false,\n      "
                "\"rstrip\": false",
                "\"content\": \"[MASK]\",\n      \"single_word\": true,\n      \"lstrip\": false,\n      "
                "\"rstrip\": true");
    writeFile(dir + "/tokenizer.json", bert);
    auto b = loadTokenizer(dir);
    const Encoding m = b->encodeRaw("it was [MASK] .");
    QCOMPARE(m.ids.back(), int64_t(6));
    QCOMPARE(m.ids[m.size() - 2], int64_t(4));
    QCOMPARE(m.offsets[m.size() - 2], std::make_pair(7, 14));  // includes the stripped space
    // single_word: "x[MASK]" is inside a word, so [MASK] is not the special token there.
    const Encoding inWord = b->encodeRaw("x[MASK]");
    QCOMPARE(inWord.ids, (std::vector<int64_t>{1, 1, 104, 44, 52, 1}));  // x [ ma ##s ##k ]
  }

  void normalizedAddedToken() {
    // A user-added, normalized token is matched in the normalized (lowercased) text, across a space.
    QTemporaryDir tmp;
    const std::string dir = tmp.path().toStdString();
    std::string json = readText(shared("fixtures/tiny-bert/tokenizer.json"));
    replaceOnce(json, "\"added_tokens\": [",
                "\"added_tokens\": [\n    {\"id\": 190, \"content\": \"New York\", \"single_word\": false, "
                "\"lstrip\": false, \"rstrip\": false, \"normalized\": true, \"special\": false},");
    writeFile(dir + "/tokenizer.json", json);
    auto tok = loadTokenizer(dir);
    QCOMPARE(tok->vocabSize(), int64_t(191));
    const Encoding e = tok->encodeRaw("it was NEW YORK.");
    QCOMPARE(e.ids, (std::vector<int64_t>{59, 64, 190, 6}));
    QCOMPARE(e.tokens[2], std::string("New York"));
    QCOMPARE(e.offsets[2], std::make_pair(7, 15));
  }

  void missingFiles() {
    const std::string missing = shared("no-such-model-folder");
    std::string msg = loadError(missing);
    QVERIFY2(contains(msg, missing) && contains(msg, "not found"), msg.c_str());
    QTemporaryDir tmp;
    const std::string dir = tmp.path().toStdString();
    msg = loadError(dir);
    QVERIFY2(contains(msg, dir) && contains(msg, "tokenizer.json") && contains(msg, "vocab.txt"),
             msg.c_str());
    copyFiles(shared("fixtures/tiny-roberta"), dir, {"vocab.json"});
    msg = loadError(dir);
    QVERIFY2(contains(msg, dir + "/merges.txt") && contains(msg, "not found"), msg.c_str());
  }

  void malformedTokenizerJson() {
    QTemporaryDir tmp;
    const std::string dir = tmp.path().toStdString();
    const std::string path = dir + "/tokenizer.json";
    const std::string good = readText(shared("fixtures/tiny-bert/tokenizer.json"));
    struct Case {
      std::string content;
      std::string expect;  // part of the message besides the path
    };
    std::string unigram = good, negative = good, noUnk = good, badTemplate = good, badNorm = good;
    replaceOnce(unigram, "\"model\": {\n    \"type\": \"WordPiece\"",
                "\"model\": {\n    \"type\": \"Unigram\"");
    replaceOnce(negative, "\"[PAD]\": 0", "\"[PAD]\": -5");
    std::string sparse = good;  // an id far beyond the vocabulary would make the id table huge
    replaceOnce(sparse, "\"[PAD]\": 0", "\"[PAD]\": 50000000");
    replaceOnce(noUnk, "\"unk_token\": \"[UNK]\"", "\"unk_token\": \"<unknown>\"");
    replaceOnce(badTemplate, "\"SpecialToken\": {\n          \"id\": \"[CLS]\"",
                "\"SpecialToken\": {\n          \"id\": \"[BOS]\"");
    replaceOnce(badNorm, "\"lowercase\": true", "\"lowercase\": \"yes\"");
    const std::vector<Case> cases = {
        {good.substr(0, good.size() / 2), "invalid JSON"},
        {"[1, 2, 3]", "top level"},
        {"{\"version\": \"1.0\"}", "'model': missing"},
        {unigram, "'model.type': unsupported tokenizer model 'Unigram'"},
        {negative, "'model.vocab.[PAD]'"},
        {sparse, "'model.vocab.[PAD]': value 50000000 is outside"},
        {noUnk, "'model.unk_token'"},
        {badTemplate, "'post_processor.special_tokens'"},
        {badNorm, "'normalizer.lowercase': expected true or false"},
    };
    for (const Case& c : cases) {
      writeFile(path, c.content);
      const std::string msg = loadError(dir);
      QVERIFY2(contains(msg, path) && contains(msg, c.expect), (msg + " / expected: " + c.expect).c_str());
    }
  }

  void malformedVocabFiles() {
    QTemporaryDir tmp;
    const std::string dir = tmp.path().toStdString();
    copyFiles(shared("fixtures/tiny-roberta"), dir, {"vocab.json"});
    writeFile(dir + "/merges.txt", "#version: 0.2\n\xC4\xA0 t\nbad-line-without-space\n");
    std::string msg = loadError(dir);
    QVERIFY2(contains(msg, dir + "/merges.txt:3:"), msg.c_str());
    writeFile(dir + "/merges.txt", "#version: 0.2\nq \xE2\x98\x83\n");
    msg = loadError(dir);
    QVERIFY2(contains(msg, "merges.txt") && contains(msg, "not in the vocabulary"), msg.c_str());
    writeFile(dir + "/vocab.json", "{\"a\": \"zero\"}");
    msg = loadError(dir);
    QVERIFY2(contains(msg, dir + "/vocab.json") && contains(msg, "'a'"), msg.c_str());

    QTemporaryDir tmp2;
    const std::string dir2 = tmp2.path().toStdString();
    copyFiles(shared("fixtures/tiny-bert"), dir2, {"vocab.txt"});
    writeFile(dir2 + "/tokenizer_config.json", "{\"do_lower_case\": ");
    msg = loadError(dir2);
    QVERIFY2(contains(msg, dir2 + "/tokenizer_config.json") && contains(msg, "invalid JSON"), msg.c_str());
    writeFile(dir2 + "/tokenizer_config.json", "{\"do_lower_case\": 1}");
    msg = loadError(dir2);
    QVERIFY2(contains(msg, "tokenizer_config.json") && contains(msg, "'do_lower_case'"), msg.c_str());
    writeFile(dir2 + "/tokenizer_config.json", "{\"do_lower_case\": false}");
    auto cased = loadTokenizer(dir2);
    QCOMPARE(cased->encodeRaw("The").ids,
             (std::vector<int64_t>{1}));  // "The" is not in the uncased vocabulary
  }
};

QTEST_GUILESS_MAIN(TestTokenizerRobustness)
#include "test_tokenizer_robustness.moc"
