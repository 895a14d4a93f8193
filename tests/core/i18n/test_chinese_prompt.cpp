// Chinese templates and label words through core/prompt with the real bert-base-chinese tokenizer: the
// rendered ids, pieces, token origins and byte ranges, the mask position, PET multi-mask rendering, error
// columns counted in characters, and the verbalizer 好/差. The expected ids are the line numbers of the
// characters in the tokenizer's vocab.txt (bert-base-chinese splits every CJK character and full-width
// punctuation mark into its own token), looked up independently of pwb::tokenize.
#include <QtTest>
#include <fstream>
#include <map>

#include "common/error.h"
#include "prompt/prompt_renderer.h"
#include "prompt/template.h"
#include "prompt/verbalizer.h"
#include "tokenize/tokenizer.h"

using pwb::prompt::parseTemplate;
using pwb::prompt::PromptRenderer;
using pwb::prompt::RenderedPrompt;
using pwb::prompt::TokenSource;
using pwb::prompt::WordStatus;

namespace {

const std::string kTokDir = std::string(PWB_REFERENCE_DIR) + "/tokenizers/bert-base-chinese";
const std::vector<std::string> kColumns = {"sentence"};
const char* kTemplate = "{s}总之，这部电影[MASK]。";
const char* kSentence = "这部电影的剧情很精彩";

// vocab.txt: token -> line number (the id).
std::map<std::string, int64_t> readVocab() {
  std::ifstream in(kTokDir + "/vocab.txt");
  std::map<std::string, int64_t> vocab;
  std::string line;
  for (int64_t id = 0; std::getline(in, line); ++id) vocab.emplace(line, id);
  return vocab;
}

// Splits UTF-8 text into its characters.
std::vector<std::string> chars(const std::string& s) {
  std::vector<std::string> out;
  for (size_t i = 0; i < s.size();) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    const size_t n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    out.push_back(s.substr(i, n));
    i += n;
  }
  return out;
}

}  // namespace

class TestChinesePrompt : public QObject {
  Q_OBJECT

  std::unique_ptr<pwb::tokenize::Tokenizer> tok_;
  std::map<std::string, int64_t> vocab_;

  std::vector<std::string> pieces(const RenderedPrompt& p) const {
    std::vector<std::string> out;
    for (int64_t id : p.ids) out.push_back(tok_->idToToken(id));
    return out;
  }

 private slots:
  void initTestCase() {
    tok_ = pwb::tokenize::loadTokenizer(kTokDir);
    vocab_ = readVocab();
    QCOMPARE(vocab_.size(), size_t(21128));  // PROVENANCE.md
    QCOMPARE(tok_->vocabSize(), int64_t(21128));
    QCOMPARE(tok_->special().maskId, int64_t(103));
  }

  // The whole prompt, id by id, piece by piece: [CLS] sentence 总之，这部电影 [MASK] 。 [SEP].
  void rendersIdsPiecesAndMask() {
    PromptRenderer r(parseTemplate(kTemplate), kColumns, *tok_, 512);
    const RenderedPrompt p = r.render({kSentence});

    std::vector<std::string> expectedPieces = {"[CLS]"};
    for (const auto& c : chars(kSentence)) expectedPieces.push_back(c);
    for (const auto& c : chars("总之，这部电影")) expectedPieces.push_back(c);
    expectedPieces.insert(expectedPieces.end(), {"[MASK]", "。", "[SEP]"});
    std::vector<int64_t> expectedIds;
    for (const auto& piece : expectedPieces) expectedIds.push_back(vocab_.at(piece));

    QCOMPARE(pieces(p), expectedPieces);
    QCOMPARE(p.ids, expectedIds);
    // Spot checks against the published bert-base-chinese vocabulary.
    QCOMPARE(p.ids.front(), int64_t(101));
    QCOMPARE(p.ids[13], int64_t(8024));  // ，
    QCOMPARE(p.ids[19], int64_t(511));   // 。
    QCOMPARE(p.ids.back(), int64_t(102));
    QCOMPARE(p.size(), size_t(21));
    QCOMPARE(p.maskPositions, std::vector<int>{18});
    QCOMPARE(p.ids[18], int64_t(103));
    QCOMPARE(p.typeIds, std::vector<int64_t>(21, 0));
    QCOMPARE(r.maskFollowsSpace(0), false);
    QVERIFY(!p.truncated());
    // The renderer tokenizes the prompt as one string, so it must equal a plain encode of the text.
    QCOMPARE(p.ids, tok_->encode(std::string(kSentence) + "总之，这部电影[MASK]。").ids);
  }

  // Each token is attributed to the template element it came from, and byte ranges fall on character
  // boundaries (3 bytes per CJK character), so the GUI can colour and select whole characters.
  void originsAndByteRanges() {
    PromptRenderer r(parseTemplate(kTemplate), kColumns, *tok_, 512);
    const RenderedPrompt p = r.render({kSentence});
    QCOMPARE(p.text, std::string(kSentence) + "总之，这部电影[MASK]。");
    QCOMPARE(p.origins.size(), p.ids.size());
    for (int i = 1; i <= 10; ++i) {
      QCOMPARE(p.origins[i].source, TokenSource::Field);
      QCOMPARE(p.origins[i].begin, (i - 1) * 3);
      QCOMPARE(p.origins[i].end, i * 3);
    }
    for (int i = 11; i <= 17; ++i) {
      QCOMPARE(p.origins[i].source, TokenSource::Text);
      QCOMPARE(p.text.substr(p.origins[i].begin, p.origins[i].end - p.origins[i].begin),
               chars("总之，这部电影")[i - 11]);
    }
    QCOMPARE(p.origins[18].source, TokenSource::Mask);
    QCOMPARE(p.origins[19].source, TokenSource::Text);
    QCOMPARE(p.text.substr(p.origins[19].begin, p.origins[19].end - p.origins[19].begin), std::string("。"));
    QCOMPARE(p.origins[0].source, TokenSource::Special);
    QCOMPARE(p.origins[20].source, TokenSource::Special);

    QCOMPARE(p.parts.size(), size_t(4));  // field, text, mask, text
    QCOMPARE(p.parts[0].source, TokenSource::Field);
    QCOMPARE(p.parts[0].begin, 0);
    QCOMPARE(p.parts[0].end, 30);
    QCOMPARE(p.parts[0].firstToken, 1);
    QCOMPARE(p.parts[0].tokenCount, 10);
    QCOMPARE(p.parts[1].firstToken, 11);
    QCOMPARE(p.parts[1].tokenCount, 7);
    QCOMPARE(p.parts[2].source, TokenSource::Mask);
    QCOMPARE(p.parts[2].firstToken, 18);
    QCOMPARE(p.parts[2].tokenCount, 1);
  }

  // Truncation of a long Chinese field removes whole characters from its end, never bytes.
  void shortensChineseFieldByCharacters() {
    PromptRenderer r(parseTemplate("{s|shorten}总之，这部电影[MASK]。"), kColumns, *tok_, 15);
    const RenderedPrompt p = r.render({kSentence});
    QCOMPARE(p.size(), size_t(15));
    QCOMPARE(p.truncation.size(), size_t(1));
    QCOMPARE(p.truncation[0].tokensBefore, 10);
    QCOMPARE(p.truncation[0].tokensRemoved, 6);
    const std::vector<std::string> kept = {"[CLS]", "这", "部", "电", "影"};
    const auto all = pieces(p);
    QCOMPARE(std::vector<std::string>(all.begin(), all.begin() + 5), kept);
    QCOMPARE(p.maskPositions, std::vector<int>{12});
  }

  // PET scoring of a two-character label word renders two masks in place of [MASK].
  void multiMaskForTwoCharacterWord() {
    PromptRenderer r(parseTemplate(kTemplate), kColumns, *tok_, 512);
    const RenderedPrompt p = r.render({kSentence}, {2});
    QCOMPARE(p.maskPositions, (std::vector<int>{18, 19}));
    QCOMPARE(p.maskSlots.size(), size_t(1));
    QCOMPARE(p.maskSlots[0], (std::vector<int>{18, 19}));
    QCOMPARE(p.ids[20], int64_t(511));
    QCOMPARE(p.size(), size_t(22));
  }

  // 好/差 are single tokens (ids 1962 and 2345); 精彩 is two characters, so two tokens.
  void verbalizerResolvesSingleCharacters() {
    const auto v = pwb::prompt::parseVerbalizer("1=好;0=差");
    QCOMPARE(v.classes.size(), size_t(2));
    QCOMPARE(v.classes[0].words, std::vector<std::string>{"好"});
    const auto resolved = pwb::prompt::resolveVerbalizer(v, {"0", "1"}, *tok_, false);
    QCOMPARE(resolved.classes.size(), size_t(2));
    QCOMPARE(resolved.classes[0].label, std::string("0"));
    QCOMPARE(resolved.classes[0].words[0].ids, std::vector<int64_t>{2345});
    QCOMPARE(resolved.classes[0].words[0].pieces, std::vector<std::string>{"差"});
    QCOMPARE(resolved.classes[0].words[0].status, WordStatus::Single);
    QCOMPARE(resolved.classes[1].words[0].ids, std::vector<int64_t>{1962});
    QCOMPARE(resolved.classes[1].words[0].pieces, std::vector<std::string>{"好"});
    QCOMPARE(resolved.classes[1].words[0].status, WordStatus::Single);
    QCOMPARE(vocab_.at("好"), int64_t(1962));
    QCOMPARE(vocab_.at("差"), int64_t(2345));
    QVERIFY(!resolved.hasMultiToken());
    QVERIFY(!resolved.hasUnknown());
    QCOMPARE(resolved.maxPieces(), 1);

    const auto multi = pwb::prompt::resolveWord("精彩", *tok_, false);
    QCOMPARE(multi.status, WordStatus::Multi);
    QCOMPARE(multi.ids, (std::vector<int64_t>{5125, 2506}));
    QCOMPARE(multi.pieces, (std::vector<std::string>{"精", "彩"}));

    // Several Chinese words per label, written with the text syntax's separators.
    const auto several = pwb::prompt::parseVerbalizer("1=好,棒;0=差,烂");
    QCOMPARE(several.classes[1].words, (std::vector<std::string>{"差", "烂"}));
    QCOMPARE(pwb::prompt::parseVerbalizer(several.toString()).classes[1].words, several.classes[1].words);
  }

  // Editing: the canonical spelling round-trips, the preview fills the field, and error columns count
  // characters, not bytes (the editor puts its cursor there).
  void templateTextRoundTripsAndErrorsCountCharacters() {
    const auto t = parseTemplate(kTemplate);
    QCOMPARE(t.maskCount(), 1);
    QCOMPARE(parseTemplate(t.toString()).toString(), t.toString());
    QCOMPARE(t.preview(kColumns, {kSentence}), std::string(kSentence) + "总之，这部电影[MASK]。");
    QCOMPARE(t.elements()[1].kind, pwb::prompt::ElementKind::Text);
    QCOMPARE(t.elements()[1].text, std::string("总之，这部电影"));
    QCOMPARE(t.elements()[2].pos.column, 11);  // [MASK] after 3 + 7 characters

    try {
      parseTemplate("{s}总之，{句子");
      QFAIL("an unterminated field must be an error");
    } catch (const pwb::Error& e) {
      const std::string what = e.what();
      QVERIFY2(what.find("template:1:7:") == 0, what.c_str());
    }
  }
};

QTEST_GUILESS_MAIN(TestChinesePrompt)
#include "test_chinese_prompt.moc"
