// Rendering on a small fake WordPiece tokenizer: ids equal to encoding the concatenated string, token
// origins and byte spans, soft slots, pairs, PET mask expansion and truncation.
#include <QtTest>
#include <random>

#include "common/error.h"
#include "fake_tokenizer.h"
#include "prompt/prompt_renderer.h"
#include "prompt/template_import.h"
#include "prompt/verbalizer.h"

using pwb::prompt::parseTemplate;
using pwb::prompt::PromptRenderer;
using pwb::prompt::RenderedPrompt;
using pwb::prompt::TokenSource;

namespace {

std::vector<int64_t> ids(std::initializer_list<int64_t> v) {
  return v;
}

// "field:it was" style dump of the token origins, one word per token.
std::string sources(const RenderedPrompt& r) {
  std::string out;
  for (const auto& o : r.origins)
    out += std::string(out.empty() ? "" : " ") + pwb::prompt::tokenSourceName(o.source);
  return out;
}

std::string span(const RenderedPrompt& r, int token) {
  const auto& o = r.origins[token];
  return r.text.substr(o.begin, o.end - o.begin);
}

}  // namespace

class TestPromptRenderer : public QObject {
  Q_OBJECT

  pwb::test::FakeTokenizer tok_;
  const std::vector<std::string> sst2_ = {"sentence"};
  const std::vector<std::string> rte_ = {"premise", "hypothesis"};

 private slots:
  void singleSentenceEqualsConcatenatedEncoding() {
    PromptRenderer r(parseTemplate("{s} it was [MASK] ."), sst2_, tok_, 64);
    const RenderedPrompt p = r.render({"A great film"});
    const auto expected = tok_.encode("A great film it was [MASK] .");
    QCOMPARE(p.ids, expected.ids);
    QCOMPARE(p.ids, ids({2, 5, 6, 7, 8, 9, 4, 14, 3}));
    QCOMPARE(p.typeIds, std::vector<int64_t>(9, 0));
    QCOMPARE(p.attention, std::vector<uint8_t>(9, 1));
    QCOMPARE(p.maskPositions, std::vector<int>{6});
    QCOMPARE(p.maskSlots, std::vector<std::vector<int>>{{6}});
    QCOMPARE(p.text, std::string("A great film it was [MASK] ."));
    QCOMPARE(QString::fromStdString(sources(p)),
             QString("special field field field text text mask text special"));
    QCOMPARE(span(p, 3), std::string("film"));
    QCOMPARE(span(p, 6), std::string("[MASK]"));
    QCOMPARE(p.origins[6].element, 2);
    QCOMPARE(p.origins[0].element, -1);
    // Parts: field, " it was ", mask, " ." with their byte ranges and tokens.
    QCOMPARE(p.parts.size(), size_t(4));
    QCOMPARE(p.parts[0].source, TokenSource::Field);
    QCOMPARE(p.parts[0].field, std::string("s"));
    QCOMPARE(p.parts[0].column, 0);
    QCOMPARE(p.parts[0].begin, 0);
    QCOMPARE(p.parts[0].end, 12);
    QCOMPARE(p.parts[0].firstToken, 1);
    QCOMPARE(p.parts[0].tokenCount, 3);
    QCOMPARE(p.parts[1].begin, 12);
    QCOMPARE(p.parts[1].end, 20);
    QCOMPARE(p.parts[1].tokenCount, 2);
    QCOMPARE(p.parts[2].source, TokenSource::Mask);
    QCOMPARE(p.parts[3].tokenCount, 1);
    QVERIFY(!p.truncated());
    QCOMPARE(r.templateTokens(), 6);
  }

  void maskFirstAndModifiers() {
    PromptRenderer r(parseTemplate("[MASK] ! {s|lower_first|no_final_punct}"), sst2_, tok_, 64);
    const RenderedPrompt p = r.render({"The plot is good ."});
    QCOMPARE(p.text, std::string("[MASK] ! the plot is good"));
    QCOMPARE(p.ids, tok_.encode("[MASK] ! the plot is good").ids);
    QCOMPARE(p.maskPositions, std::vector<int>{1});
    QVERIFY(!r.maskFollowsSpace(0));
    QVERIFY(PromptRenderer(parseTemplate("{s} it was [MASK] ."), sst2_, tok_, 64).maskFollowsSpace(0));
    QVERIFY(!PromptRenderer(parseTemplate("{s}[MASK]"), sst2_, tok_, 64).maskFollowsSpace(0));
    QVERIFY(!PromptRenderer(parseTemplate("{s} [SOFT] [MASK]"), sst2_, tok_, 64).maskFollowsSpace(0));
  }

  void utf8ByteOffsets() {
    PromptRenderer r(parseTemplate("{s} it was [MASK] ."), sst2_, tok_, 64);
    const RenderedPrompt p = r.render({"été film"});
    QCOMPARE(p.ids, tok_.encode("été film it was [MASK] .").ids);
    QCOMPARE(span(p, 1), std::string("été"));
    QCOMPARE(span(p, 2), std::string("film"));
    QCOMPARE(span(p, 5), std::string("[MASK]"));
    QCOMPARE(p.origins[5].begin, 18);  // "été" is 5 bytes, 3 characters
  }

  void inlinePairIsOneSequence() {
    PromptRenderer r(parseTemplate("{premise} ? [MASK] , {hypothesis}"), rte_, tok_, 64);
    const RenderedPrompt p = r.render({"the film was good", "it was bad"});
    QCOMPARE(p.ids, tok_.encode("the film was good ? [MASK] , it was bad").ids);
    QCOMPARE(p.segments, 1);
    QCOMPARE(p.parts[0].field, std::string("premise"));
    QCOMPARE(p.parts[4].field, std::string("hypothesis"));
    QCOMPARE(p.parts[4].column, 1);
  }

  void sepMakesPairEncoding() {
    PromptRenderer r(parseTemplate("{premise} ? [SEP] [MASK] , {hypothesis|lower_first}"), rte_, tok_, 64);
    const RenderedPrompt p = r.render({"the film was good", "It was bad"});
    const auto expected = tok_.encodePair("the film was good ?", "[MASK] , it was bad");
    QCOMPARE(p.ids, expected.ids);
    QCOMPARE(p.typeIds, expected.typeIds);
    QCOMPARE(p.typeIds, ids({0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1}));
    QCOMPARE(p.segments, 2);
    QCOMPARE(p.text, std::string("the film was good ? [SEP] [MASK] , it was bad"));
    QCOMPARE(p.origins[6].source, TokenSource::Special);
    QCOMPARE(p.origins[6].element, 2);  // the template's [SEP]
    QCOMPARE(span(p, 6), std::string("[SEP]"));
    QCOMPARE(p.maskPositions, std::vector<int>{7});
  }

  void softAndPseudoSlots() {
    PromptRenderer r(parseTemplate("[SOFT*3] {s} [P*2] it was [MASK] . [SOFT:good film]"), sst2_, tok_, 64);
    const RenderedPrompt p = r.render({"a great film"});
    // [CLS] S S S a great film P P it was [MASK] . S(good) S(film) [SEP]
    QCOMPARE(p.ids, ids({2, 1, 1, 1, 5, 6, 7, 1, 1, 8, 9, 4, 14, 10, 7, 3}));
    QCOMPARE(
        QString::fromStdString(sources(p)),
        QString(
            "special soft soft soft field field field pseudo pseudo text text mask text soft soft special"));
    QCOMPARE(p.softSlots.size(), size_t(7));
    QCOMPARE(p.softSlots[0].position, 1);
    QCOMPARE(p.softSlots[2].index, 2);
    QCOMPARE(p.softSlots[3].position, 7);
    QVERIFY(p.softSlots[3].pseudo);
    QCOMPARE(p.softSlots[3].index, 0);
    QCOMPARE(p.softSlots[4].index, 1);
    QCOMPARE(p.softSlots[5].index, 3);  // soft vectors are numbered across the template
    QCOMPARE(p.softSlots[5].initId, int64_t(10));
    QCOMPARE(p.softSlots[6].initId, int64_t(7));
    QCOMPARE(p.softSlots[0].initId, int64_t(-1));
    QCOMPARE(p.maskPositions, std::vector<int>{11});
    // Spaces next to slots are layout: the text has no double spaces and no trailing space.
    QCOMPARE(p.text, std::string("a great filmit was [MASK] ."));
  }

  void petMaskExpansion() {
    PromptRenderer r(parseTemplate("{s} it was [MASK] and [MASK] ."), sst2_, tok_, 64);
    const RenderedPrompt p = r.render({"good"}, {3, 1});
    QCOMPARE(p.ids, ids({2, 10, 8, 9, 4, 4, 4, 22, 4, 14, 3}));
    QCOMPARE(p.maskSlots, (std::vector<std::vector<int>>{{4, 5, 6}, {8}}));
    QCOMPARE(p.maskPositions, (std::vector<int>{4, 5, 6, 8}));
    QVERIFY_THROWS_EXCEPTION(pwb::Error, r.render({"good"}, {2}));
    QVERIFY_THROWS_EXCEPTION(pwb::Error, r.render({"good"}, {0, 1}));
  }

  void truncationKeepsMaskAndTemplate() {
    PromptRenderer r(parseTemplate("{s} it was [MASK] ."), sst2_, tok_, 10);
    const RenderedPrompt p = r.render({"the plot is not very good and the film is bad"});
    QCOMPARE(p.size(), size_t(10));
    // 6 template tokens ([CLS] it was [MASK] . [SEP]) + the first 4 words.
    QCOMPARE(p.ids, tok_.encode("the plot is not it was [MASK] .").ids);
    QCOMPARE(p.maskPositions, std::vector<int>{7});
    QCOMPARE(p.truncation.size(), size_t(1));
    QCOMPARE(p.truncation[0].field, std::string("s"));
    QCOMPARE(p.truncation[0].tokensBefore, 11);
    QCOMPARE(p.truncation[0].tokensRemoved, 7);
  }

  void truncationInsideWordPieces() {
    PromptRenderer r(parseTemplate("{s} [MASK]"), sst2_, tok_, 5);
    // "unbelievable" = un ##believ ##able: keeping 2 tokens leaves "a un".
    const RenderedPrompt p = r.render({"a unbelievable film"});
    QCOMPARE(p.ids, tok_.encode("a un [MASK]").ids);
    QCOMPARE(p.truncation[0].tokensRemoved, 3);
  }

  void truncationLongestFirstAndMarks() {
    // No field marked: the longest field loses tokens first.
    PromptRenderer both(parseTemplate("{premise} ? [MASK] , {hypothesis}"), rte_, tok_, 12);
    const RenderedPrompt p = both.render({"the plot is not very good and the film is bad", "it was bad"});
    QCOMPARE(p.size(), size_t(12));
    QCOMPARE(p.ids, tok_.encode("the plot is not ? [MASK] , it was bad").ids);
    QCOMPARE(p.truncation.size(), size_t(1));
    QCOMPARE(p.truncation[0].field, std::string("premise"));
    // Both long (6 and 8 tokens, 7 too many): the longer loses tokens until they tie, then the later first.
    const RenderedPrompt q = both.render({"a great film a great film", "the plot is bad the plot is bad"});
    QCOMPARE(q.ids, tok_.encode("a great film a ? [MASK] , the plot is").ids);
    QCOMPARE(q.truncation[0].tokensRemoved, 2);
    QCOMPARE(q.truncation[1].tokensRemoved, 5);
    QCOMPARE(q.truncation.size(), size_t(2));
    // Only the marked field is shortened.
    PromptRenderer marked(parseTemplate("{premise} ? [MASK] , {hypothesis|shorten}"), rte_, tok_, 12);
    const RenderedPrompt m =
        marked.render({"the film is bad", "the plot is not very good and the film is bad"});
    QCOMPARE(m.ids, tok_.encode("the film is bad ? [MASK] , the plot is").ids);
    QCOMPARE(m.truncation[0].field, std::string("hypothesis"));
    QCOMPARE(m.truncation[0].tokensRemoved, 8);
  }

  void truncationImpossible() {
    PromptRenderer r(parseTemplate("{premise} ? [MASK] , {hypothesis|shorten}"), rte_, tok_, 8);
    try {
      r.render({"the plot is not very good", "bad"});
      QFAIL("no error");
    } catch (const pwb::Error& e) {
      QCOMPARE(
          QString::fromStdString(e.what()),
          QString(
              "the prompt cannot fit in 8 tokens: without the text of {hypothesis} it still takes 11 tokens "
              "(template text, masks, soft slots, special tokens and the fields not marked |shorten)"));
    }
    PromptRenderer tiny(parseTemplate("{s} it was [MASK] ."), sst2_, tok_, 5);
    QVERIFY_THROWS_EXCEPTION(pwb::Error, tiny.render({"good"}));
    PromptRenderer noField(parseTemplate("[SOFT*4] it was [MASK] ."), sst2_, tok_, 8);
    try {
      noField.render({"good"});
      QFAIL("no error");
    } catch (const pwb::Error& e) {
      QCOMPARE(
          QString::fromStdString(e.what()),
          QString(
              "the prompt takes 10 tokens, more than the maximum length 8, and has no data field that could "
              "be shortened"));
    }
  }

  void badInputs() {
    QVERIFY_THROWS_EXCEPTION(pwb::Error, PromptRenderer(parseTemplate("{premise} [MASK]"), sst2_, tok_, 64));
    PromptRenderer r(parseTemplate("{s} [MASK]"), sst2_, tok_, 64);
    try {
      r.render({"a", "b"});
      QFAIL("no error");
    } catch (const pwb::Error& e) {
      QCOMPARE(QString::fromStdString(e.what()),
               QString("the example has 2 text field(s) but the data set has 1 text column(s)"));
    }
    QVERIFY_THROWS_EXCEPTION(pwb::Error, PromptRenderer(parseTemplate("{s}"), sst2_, tok_, 0));
  }

  // Random templates, imports, verbalizers and field texts built from the syntax characters (and broken
  // UTF-8): every outcome is a result or a pwb::Error, never a crash or another exception type.
  void randomInputsNeverCrash() {
    const std::vector<std::string> atoms = {
        "{",       "}",        "[",    "]",           "\\",     "|",    "*",    ":",   "=",   ";",
        ",",       " ",        "s",    "sentence",    "MASK",   "SOFT", "P",    "SEP", "CLS", "lower_first",
        "shorten", "<mask>",   "\"",   "'",           "é",      "\xff", "\xc3", "\n",  "1",   "0",
        "sent_0",  "lambda x", "soft", "placeholder", "text_a", "film", "."};
    std::mt19937 rng(42);
    int rendered = 0, refused = 0;
    for (int i = 0; i < 20000; ++i) {
      std::string text;
      const int n = 1 + static_cast<int>(rng() % 12);
      for (int k = 0; k < n; ++k) text += atoms[rng() % atoms.size()];
      try {
        pwb::prompt::importTemplate(text, i % 3 == 0 ? "lmbff" : i % 3 == 1 ? "openprompt" : "auto");
        pwb::prompt::parseVerbalizer(text);
      } catch (const pwb::Error&) {
      }
      try {
        PromptRenderer r(parseTemplate(text), sst2_, tok_, 8 + static_cast<int>(rng() % 24));
        std::string field;
        for (int k = 0; k < 20; ++k) field += atoms[rng() % atoms.size()];
        const RenderedPrompt p = r.render({field});
        QVERIFY(static_cast<int>(p.size()) <= r.maxLength());
        QCOMPARE(p.origins.size(), p.ids.size());
        QCOMPARE(static_cast<int>(p.maskPositions.size()), r.tmpl().maskCount());
        ++rendered;
      } catch (const pwb::Error&) {
        ++refused;
      }
    }
    QVERIFY(rendered > 1000);
    QVERIFY(refused > 1000);
  }

  void emptyFieldAndDataMaskText() {
    PromptRenderer r(parseTemplate("{s} it was [MASK] ."), sst2_, tok_, 64);
    const RenderedPrompt p = r.render({""});
    QCOMPARE(p.ids, tok_.encode(" it was [MASK] .").ids);
    QCOMPARE(p.parts[0].tokenCount, 0);
    // A "[MASK]" typed in the data is the data's, not a mask slot of the template.
    const RenderedPrompt q = r.render({"[MASK] film"});
    QCOMPARE(q.maskPositions, std::vector<int>{5});
    QCOMPARE(q.origins[1].source, TokenSource::Field);
  }
};

QTEST_GUILESS_MAIN(TestPromptRenderer)
#include "test_prompt_renderer.moc"
