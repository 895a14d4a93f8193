// Rendering and verbalizer resolution with the real tokenizers: the demo model (demo-bert-mini) on SST-2
// test sentences, and the reference ids of the tiny-bert / tiny-roberta fixtures.
#include <QtTest>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>

#include "common/error.h"
#include "prompt/prompt_renderer.h"
#include "prompt/template_import.h"
#include "prompt/verbalizer.h"
#include "tokenize/tokenizer.h"

using pwb::prompt::parseTemplate;
using pwb::prompt::PromptRenderer;
using pwb::prompt::RenderedPrompt;
using pwb::prompt::TokenSource;
using pwb::prompt::WordStatus;

namespace {

const std::string kShared = PWB_REFERENCE_DIR;
const std::string kDemo = std::string(PWB_RESOURCES_DIR) + "/demo-bert-mini";

std::string replaceAll(std::string s, const std::string& from, const std::string& to) {
  for (size_t p = s.find(from); p != std::string::npos; p = s.find(from, p + to.size()))
    s.replace(p, from.size(), to);
  return s;
}

// The first n sentences of the SST-2 test file ("<label> <sentence>" lines).
std::vector<std::string> sst2Sentences(size_t n) {
  std::ifstream in(kShared + "/data/sst2_sentence/stsa.binary.test");
  std::vector<std::string> out;
  std::string line;
  while (out.size() < n && std::getline(in, line)) {
    if (line.size() > 2) out.push_back(line.substr(2));
  }
  return out;
}

nlohmann::json readJson(const std::string& path) {
  std::ifstream in(path);
  return nlohmann::json::parse(in);
}

std::vector<int64_t> idsOf(const nlohmann::json& j) {
  return j.get<std::vector<int64_t>>();
}

}  // namespace

class TestPromptRealTokenizers : public QObject {
  Q_OBJECT

  std::unique_ptr<pwb::tokenize::Tokenizer> demo_, tinyBert_, tinyRoberta_;
  const std::vector<std::string> sst2_ = {"sentence"};

 private slots:
  void initTestCase() {
    demo_ = pwb::tokenize::loadTokenizer(kDemo);
    tinyBert_ = pwb::tokenize::loadTokenizer(kShared + "/fixtures/tiny-bert");
    tinyRoberta_ = pwb::tokenize::loadTokenizer(kShared + "/fixtures/tiny-roberta");
  }

  // The demo reference tokenized `template with {s} replaced by the sentence`: every demo template on
  // 300 SST-2 test sentences gives exactly those ids, with the mask where [MASK] (id 4) is.
  void demoTemplatesMatchReferenceEncoding() {
    const auto sentences = sst2Sentences(300);
    QCOMPARE(sentences.size(), size_t(300));
    for (const char* t : {"{s} it was [MASK] .", "{s} a [MASK] movie .", "[MASK] ! {s}",
                          "{s} all in all , it was [MASK] ."}) {
      PromptRenderer r(parseTemplate(t), sst2_, *demo_, 512);
      for (const auto& s : sentences) {
        const RenderedPrompt p = r.render({s});
        const auto expected = demo_->encode(replaceAll(t, "{s}", s));
        QCOMPARE(p.ids, expected.ids);
        QCOMPARE(p.typeIds, expected.typeIds);
        QCOMPARE(p.maskPositions.size(), size_t(1));
        const int mask = p.maskPositions[0];
        QCOMPARE(p.ids[mask], int64_t(4));
        QCOMPARE(std::count(p.ids.begin(), p.ids.end(), int64_t(4)), std::ptrdiff_t(1));
        QVERIFY(!p.truncated());
      }
    }
    // One worked example with its numbers.
    PromptRenderer r(parseTemplate("{s} it was [MASK] ."), sst2_, *demo_, 512);
    const RenderedPrompt p = r.render({"a great film"});
    QCOMPARE(p.ids, (std::vector<int64_t>{2, demo_->tokenToId("a"), 802, demo_->tokenToId("film"),
                                          demo_->tokenToId("it"), demo_->tokenToId("was"), 4,
                                          demo_->tokenToId("."), 3}));
    QCOMPARE(p.maskPositions, std::vector<int>{6});
  }

  void demoTruncationKeepsMaskAndTemplate() {
    const auto sentences = sst2Sentences(300);
    const std::string longest =
        *std::max_element(sentences.begin(), sentences.end(),
                          [&](const auto& a, const auto& b) { return a.size() < b.size(); });
    const auto full = demo_->encode(longest);
    QVERIFY(full.size() > 40);
    PromptRenderer r(parseTemplate("{s} it was [MASK] ."), sst2_, *demo_, 16);
    const RenderedPrompt p = r.render({longest});
    QCOMPARE(p.size(), size_t(16));
    // [CLS] + the sentence's first 10 tokens, then the whole template: it was [MASK] . [SEP]
    QCOMPARE(std::vector<int64_t>(p.ids.begin(), p.ids.begin() + 11),
             std::vector<int64_t>(full.ids.begin(), full.ids.begin() + 11));
    QCOMPARE(
        std::vector<int64_t>(p.ids.begin() + 11, p.ids.end()),
        (std::vector<int64_t>{demo_->tokenToId("it"), demo_->tokenToId("was"), 4, demo_->tokenToId("."), 3}));
    QCOMPARE(p.maskPositions, std::vector<int>{13});
    QCOMPARE(p.truncation.size(), size_t(1));
    QCOMPARE(p.truncation[0].field, std::string("s"));
    QCOMPARE(p.truncation[0].tokensBefore, static_cast<int>(full.size()) - 2);
    QCOMPARE(p.truncation[0].tokensRemoved, static_cast<int>(full.size()) - 2 - 10);
    QCOMPARE(r.templateTokens(), 6);
  }

  // tiny-bert reference cases: single sentences, a [SEP] pair (type ids 1 after it) and two masks.
  void tinyBertReferenceIds() {
    const auto ref = readJson(kShared + "/fixtures/tiny-bert/reference.json")["cases"];
    {
      PromptRenderer r(parseTemplate("{s} it was [MASK] ."), sst2_, *tinyBert_, 64);
      const RenderedPrompt p = r.render({"i like the disney films very much ."});
      QCOMPARE(ref[0]["case"][0].get<std::string>(),
               std::string("i like the disney films very much . it was [MASK] ."));
      QCOMPARE(p.ids, idsOf(ref[0]["input_ids"]));
      QCOMPARE(p.maskPositions, ref[0]["mask_positions"].get<std::vector<int>>());
    }
    {
      PromptRenderer r(parseTemplate("{premise} [SEP] [MASK] , {hypothesis}"), {"premise", "hypothesis"},
                       *tinyBert_, 64);
      const RenderedPrompt p = r.render({"the film is great", "the acting is wonderful ."});
      QCOMPARE(p.ids, idsOf(ref[2]["input_ids"]));
      QCOMPARE(p.typeIds, idsOf(ref[2]["token_type_ids"]));
      QCOMPARE(p.maskPositions, ref[2]["mask_positions"].get<std::vector<int>>());
      QCOMPARE(p.segments, 2);
    }
    {
      PromptRenderer r(parseTemplate("[MASK] [MASK] {s}"), sst2_, *tinyBert_, 64);
      const RenderedPrompt p = r.render({"news : business and science ."});
      QCOMPARE(p.ids, idsOf(ref[3]["input_ids"]));
      QCOMPARE(p.maskPositions, ref[3]["mask_positions"].get<std::vector<int>>());
      QCOMPARE(p.maskSlots, (std::vector<std::vector<int>>{{1}, {2}}));
    }
  }

  // tiny-roberta reference: <s> A </s></s> B </s>, the <mask> spelling, and "Ġ" before <mask> kept as the
  // reference tokenizer keeps it (this fixture's <mask> has lstrip false).
  void tinyRobertaReferenceIds() {
    const auto ref = readJson(kShared + "/fixtures/tiny-roberta/reference.json")["cases"];
    {
      PromptRenderer r(parseTemplate("{s} It was [MASK]."), sst2_, *tinyRoberta_, 64);
      const RenderedPrompt p = r.render({"I like the Disney films very much."});
      QCOMPARE(p.ids, idsOf(ref[0]["input_ids"]));
      QCOMPARE(p.maskPositions, ref[0]["mask_positions"].get<std::vector<int>>());
      QCOMPARE(p.text, std::string("I like the Disney films very much. It was <mask>."));
      QCOMPARE(p.origins[p.maskPositions[0]].source, TokenSource::Mask);
      QCOMPARE(p.origins[p.maskPositions[0] - 1].source, TokenSource::Text);  // the "Ġ" of " <mask>"
      // `<mask>` written in the template is the same mask.
      PromptRenderer r2(parseTemplate("{s} It was <mask>."), sst2_, *tinyRoberta_, 64);
      QCOMPARE(r2.render({"I like the Disney films very much."}).ids, p.ids);
    }
    {
      PromptRenderer r(parseTemplate("{a} [SEP] [MASK], {b}"), {"a", "b"}, *tinyRoberta_, 64);
      const RenderedPrompt p = r.render({"The film is great", "the acting is wonderful."});
      QCOMPARE(p.ids, idsOf(ref[2]["input_ids"]));
      QCOMPARE(p.typeIds, std::vector<int64_t>(p.ids.size(), 0));
      QCOMPARE(p.maskPositions, ref[2]["mask_positions"].get<std::vector<int>>());
    }
    {
      PromptRenderer r(parseTemplate("[MASK] [MASK] {s}"), sst2_, *tinyRoberta_, 64);
      const RenderedPrompt p = r.render({"News: business and science."});
      QCOMPARE(p.ids, idsOf(ref[3]["input_ids"]));
      QCOMPARE(p.maskPositions, ref[3]["mask_positions"].get<std::vector<int>>());
    }
    {
      // Soft slots split the text: the sentence after [SOFT*2] is tokenized as at the start of a text.
      PromptRenderer r(parseTemplate("[SOFT*2] {s} It was [MASK]."), sst2_, *tinyRoberta_, 64);
      const RenderedPrompt p = r.render({"I like the Disney films very much."});
      std::vector<int64_t> expected = idsOf(ref[0]["input_ids"]);
      expected.insert(expected.begin() + 1, {3, 3});  // <unk> placeholders after <s>
      QCOMPARE(p.ids, expected);
      QCOMPARE(p.softSlots.size(), size_t(2));
      QCOMPARE(p.softSlots[1].position, 2);
    }
  }

  void verbalizerOnDemoVocabulary() {
    const auto v = pwb::prompt::parseVerbalizer("0=terrible,unwatchable;1=great,masterpiece,☃");
    PromptRenderer r(parseTemplate("{s} it was [MASK] ."), sst2_, *demo_, 512);
    const auto resolved = pwb::prompt::resolveVerbalizer(v, {"0", "1"}, *demo_, r.maskFollowsSpace());
    QCOMPARE(resolved.classes.size(), size_t(2));
    const auto& neg = resolved.classes[0].words;
    const auto& pos = resolved.classes[1].words;
    QCOMPARE(neg[0].ids, std::vector<int64_t>{3779});
    QCOMPARE(neg[0].status, WordStatus::Single);
    QCOMPARE(neg[1].ids, (std::vector<int64_t>{4070, 1121, 651}));
    QCOMPARE(neg[1].pieces, (std::vector<std::string>{"unw", "##atch", "##able"}));
    QCOMPARE(neg[1].status, WordStatus::Multi);
    QCOMPARE(pos[0].ids, std::vector<int64_t>{802});
    QCOMPARE(pos[1].ids, (std::vector<int64_t>{2107, 9464}));
    QCOMPARE(pos[2].ids, std::vector<int64_t>{1});
    QCOMPARE(pos[2].status, WordStatus::Unknown);
    QVERIFY(resolved.hasMultiToken());
    QVERIFY(resolved.hasUnknown());
    QCOMPARE(resolved.maxPieces(), 3);
    QCOMPARE(resolved.notes.size(), size_t(3));
    QCOMPARE(
        QString::fromStdString(resolved.notes[0]),
        QString(
            "label word 'unwatchable' (label 0) is 3 tokens (unw ##atch ##able), scored with subtoken_mean"));
  }

  void verbalizerRobertaLeadingSpace() {
    const auto v = pwb::prompt::parseVerbalizer("0=terrible;1=great");
    PromptRenderer inside(parseTemplate("{s} It was [MASK]."), sst2_, *tinyRoberta_, 64);
    QVERIFY(inside.maskFollowsSpace());
    const auto a = pwb::prompt::resolveVerbalizer(v, {"0", "1"}, *tinyRoberta_, inside.maskFollowsSpace());
    QCOMPARE(a.classes[0].words[0].ids, std::vector<int64_t>{316});
    QCOMPARE(a.classes[1].words[0].ids, std::vector<int64_t>{312});
    QCOMPARE(a.classes[1].words[0].pieces, std::vector<std::string>{"Ġgreat"});
    QVERIFY(a.classes[1].words[0].leadingSpace);
    QVERIFY(!a.hasMultiToken());
    // At the template's start there is no space before the mask: the bare form, which this small
    // vocabulary splits into several tokens.
    PromptRenderer first(parseTemplate("[MASK] ! {s}"), sst2_, *tinyRoberta_, 64);
    QVERIFY(!first.maskFollowsSpace());
    const auto b = pwb::prompt::resolveVerbalizer(v, {"0", "1"}, *tinyRoberta_, first.maskFollowsSpace());
    QCOMPARE(b.classes[1].words[0].ids, tinyRoberta_->encodeRaw("great").ids);
    QVERIFY(b.classes[1].words[0].ids.size() > 1);
    QCOMPARE(b.classes[1].words[0].status, WordStatus::Multi);
    QVERIFY(!b.classes[1].words[0].leadingSpace);
  }

  // A pasted LM-BFF template renders as LM-BFF encodes it part by part: [CLS] enc(sentence)
  // enc(" it was") [MASK] enc(".") [SEP].
  void importedLmBffTemplateOnDemo() {
    const auto imported = pwb::prompt::importLmBffTemplate("*cls**sent_0*_it_was*mask*.*sep+*");
    PromptRenderer r(parseTemplate(imported.text), sst2_, *demo_, 512);
    for (const auto& s : sst2Sentences(50)) {
      std::vector<int64_t> lmbff = {2};
      for (const std::string& part : {s, std::string(" it was")}) {
        const auto ids = demo_->encodeRaw(part).ids;
        lmbff.insert(lmbff.end(), ids.begin(), ids.end());
      }
      lmbff.push_back(4);
      lmbff.push_back(demo_->tokenToId("."));
      lmbff.push_back(3);
      QCOMPARE(r.render({s}).ids, lmbff);
    }
  }

  // Random templates and fields on the byte-level BPE (zero-width "Ġ" offsets, <mask>) and WordPiece
  // tokenizers: the mask slots are always found and maxLength is respected, or a pwb::Error says why.
  void randomTemplatesOnRealTokenizers() {
    const std::vector<std::string> atoms = {
        " ",      "  ",     "{s}",    "{s|space}", "{s|lower_first|shorten}",
        "[MASK]", "<mask>", "[SOFT]", "[P*2]",     "[SEP]",
        "It",     "was",    ".",      ",",         "é",
        "\\ ",    "\n",     "Ġ",      "<s>",       "great"};
    std::mt19937 rng(7);
    int rendered = 0;
    for (const auto* tok : {tinyRoberta_.get(), demo_.get()}) {
      for (int i = 0; i < 3000; ++i) {
        std::string text;
        const int n = 1 + static_cast<int>(rng() % 10);
        for (int k = 0; k < n; ++k) text += atoms[rng() % atoms.size()];
        std::string field;
        for (int k = 0; k < 12; ++k) field += atoms[rng() % atoms.size()];
        try {
          PromptRenderer r(parseTemplate(text), sst2_, *tok, 10 + static_cast<int>(rng() % 30));
          const RenderedPrompt p = r.render({field});
          QVERIFY(static_cast<int>(p.size()) <= r.maxLength());
          QCOMPARE(static_cast<int>(p.maskSlots.size()), r.tmpl().maskCount());
          for (int m : p.maskPositions) QCOMPARE(p.ids[m], tok->special().maskId);
          ++rendered;
        } catch (const pwb::Error&) {
        }
      }
    }
    QVERIFY(rendered > 3000);
  }

  void petMasksOnDemo() {
    PromptRenderer r(parseTemplate("{s} it was [MASK] ."), sst2_, *demo_, 512);
    const RenderedPrompt p = r.render({"a great film"}, {3});
    QCOMPARE(p.ids, demo_->encode("a great film it was [MASK][MASK][MASK] .").ids);
    QCOMPARE(p.maskSlots, (std::vector<std::vector<int>>{{6, 7, 8}}));
  }
};

QTEST_GUILESS_MAIN(TestPromptRealTokenizers)
#include "test_prompt_real_tokenizers.moc"
