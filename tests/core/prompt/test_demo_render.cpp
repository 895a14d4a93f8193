// Demonstrations rendered by PromptRenderer against LM-BFF: the ids are compared with a hand-written list
// (bert-base-uncased) and with LM-BFF's own procedure (src/dataset.py tokenize_multipart_input: every
// '*'-part encoded on its own, label words as the id of " word", *sep+* = one separator token) re-stated
// below on real SST-2 and RTE text, for BERT and RoBERTa; plus truncation and the errors.
#include <QtTest>
#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>

#include "common/error.h"
#include "prompt/field_text.h"
#include "prompt/prompt_renderer.h"
#include "prompt/template_import.h"
#include "support/error_of.h"
#include "tokenize/tokenizer.h"

using pwb::prompt::DemoInput;
using pwb::prompt::DemoLimits;
using pwb::prompt::importLmBffTemplate;
using pwb::prompt::parseTemplate;
using pwb::prompt::PromptRenderer;
using pwb::prompt::RenderedPrompt;
using pwb::prompt::TokenSource;
using pwb::test::errorOf;
using Ids = std::vector<int64_t>;

namespace {

const std::string kRef = PWB_REFERENCE_DIR;

struct LmBffInput {
  Ids ids, types;
  // Positions where LM-BFF put [UNK] for a one-character literal part that is not a vocabulary token: it
  // looks such parts up with _convert_token_to_id (meant for T5), so `_` (a lone space) gives [UNK].
  std::vector<size_t> unkFromLookup;
  // Positions of a lone BPE space token (Ġ) that a literal part ending in `_` leaves right before *mask* or
  // a label word: LM-BFF encodes the part on its own; the workbench's text gives that space to RoBERTa's
  // <mask> (lstrip) or to the label word (" word"), as a template written with one space does.
  std::vector<size_t> spaceBeforeSlot;
};

// LM-BFF's tokenize_multipart_input (prompt=True) for the variables its templates use: `sentences` is
// LM-BFF's input_text_list (query sentences, then each demonstration's), `labelWords` its label_word_list
// (words; LM-BFF stores the id of " word", here all ids of " word" so multi-token words compare too).
LmBffInput lmbff(const pwb::tokenize::Tokenizer& tok, const std::string& tmpl,
                 const std::vector<std::string>& sentences, const std::vector<std::string>& labelWords,
                 const std::vector<int>& labelOf = {}, int firstLimit = 0, int otherLimit = 0) {
  const auto& sp = tok.special();
  LmBffInput out;
  int64_t segment = 0;
  std::vector<std::string> parts(1);
  for (char c : tmpl) {
    if (c == '*')
      parts.emplace_back();
    else
      parts.back() += c;
  }
  for (size_t k = 0; k < parts.size(); ++k) {
    const std::string& part = parts[k];
    Ids add;
    bool plus = false;
    if (part == "cls") {
      add = {sp.clsId};
    } else if (part == "mask") {
      add = {sp.maskId};
    } else if (part == "sep" || part == "sep+") {
      add = {sp.sepId};
      plus = part == "sep+";
    } else if (part.rfind("label_", 0) == 0) {
      add = tok.encodeRaw(" " + labelWords[std::stoi(part.substr(6))]).ids;
    } else if (part.rfind("labelx_", 0) == 0) {
      add = tok.encodeRaw(" " + labelWords[labelOf[std::stoi(part.substr(7))]]).ids;
    } else if (part.find("sent") == 0 || part.find("sent") == 1) {
      const int id = std::stoi(part.substr(part.find('_') + 1));
      std::string text = sentences[id];
      const std::string kind = part.substr(0, part.find('_'));
      if (kind.find('l') != std::string::npos) text = pwb::prompt::lowerFirst(text);
      if (kind.find('u') != std::string::npos) text = pwb::prompt::upperFirst(text);
      if (kind.find('-') != std::string::npos) text = text.substr(0, text.size() - 1);
      if (kind[0] == '+') text = " " + text;
      add = tok.encodeRaw(text).ids;
      const int limit = id == 0 ? firstLimit : otherLimit;
      if (limit > 0 && static_cast<int>(add.size()) > limit) add.resize(limit);
    } else if (!part.empty()) {
      std::string text = part;
      for (char& c : text) c = c == '_' ? ' ' : c;
      if (text.size() == 1) {
        const int64_t id = tok.tokenToId(text);
        if (id < 0) out.unkFromLookup.push_back(out.ids.size());
        add = {id >= 0 ? id : sp.unkId};
      } else {
        add = tok.encodeRaw(text).ids;
        size_t next = k + 1;
        while (next < parts.size() && parts[next].empty()) ++next;
        const bool slotNext =
            next < parts.size() && (parts[next] == "mask" || parts[next].rfind("label", 0) == 0);
        if (slotNext && text.back() == ' ' && !add.empty() && tok.idToToken(add.back()) == "\u0120")
          out.spaceBeforeSlot.push_back(out.ids.size() + add.size() - 1);
      }
    }
    out.ids.insert(out.ids.end(), add.begin(), add.end());
    out.types.insert(out.types.end(), add.size(), segment);
    if (plus) ++segment;
  }
  return out;
}

std::vector<std::string> sst2(size_t n, size_t skip = 0) {
  std::ifstream in(kRef + "/data/sst2_sentence/stsa.binary.train");
  std::vector<std::string> out;
  std::string line;
  for (size_t i = 0; out.size() < n && std::getline(in, line); ++i) {
    if (i >= skip && line.size() > 2) out.push_back(line.substr(2));
  }
  return out;
}

std::vector<std::pair<std::string, std::string>> rte(size_t n) {
  std::ifstream in(kRef + "/data/rte_superglue_jsonl/train.jsonl");
  std::vector<std::pair<std::string, std::string>> out;
  std::string line;
  while (out.size() < n && std::getline(in, line)) {
    const auto j = nlohmann::json::parse(line);
    out.emplace_back(j.at("premise").get<std::string>(), j.at("hypothesis").get<std::string>());
  }
  return out;
}

// BERT's token type ids as the workbench gives them: LM-BFF's segment ids with every demonstration's
// segment (2, 3, ...) folded onto 1 — LM-BFF resizes BERT's type table, the workbench keeps two types.
Ids folded(Ids types) {
  for (auto& t : types) t = std::min<int64_t>(t, 1);
  return types;
}

// LM-BFF's run.py (auto_demo, not GPT-3): the query template followed by one copy per class, *cls* removed,
// sentence i of class c renumbered n + n*c + i (n = 2 when the template mentions "_1", else 1), *mask* ->
// *label_c*.
std::string autoDemo(const std::string& tmpl, int classes) {
  auto replaceAll = [](std::string s, const std::string& from, const std::string& to) {
    for (size_t p = s.find(from); p != std::string::npos; p = s.find(from, p + to.size()))
      s.replace(p, from.size(), to);
    return s;
  };
  const std::string base = replaceAll(tmpl, "*cls*", "");
  const int n = base.find("_1") != std::string::npos ? 2 : 1;
  std::string out = tmpl;
  for (int c = 0; c < classes; ++c) {
    std::string sub = base;
    for (int i = 0; i < n; ++i) {
      sub = replaceAll(sub, "_" + std::to_string(i) + "*", "_" + std::to_string(n + n * c + i) + "*");
    }
    out += replaceAll(sub, "*mask*", "*label_" + std::to_string(c) + "*");
  }
  return out;
}

std::vector<std::string> lines(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::string> out;
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty()) out.push_back(line);
  }
  return out;
}

const char* const kSst2Demo =
    "*cls**sent_0*_It_was*mask*.*sep+**sent_1*_It_was*label_0*.*sep+**sent_2*_It_was*label_1*.*sep+*";
const char* const kRteDemo =
    "*cls**sent-_0*?*mask*,*+sentl_1**sep+**sent-_2*?*label_0*,*+sentl_3**sep+**sent-_4*?*label_1*,"
    "*+sentl_5**sep+*";

}  // namespace

class TestDemoRender : public QObject {
  Q_OBJECT

  std::unique_ptr<pwb::tokenize::Tokenizer> bert_, roberta_;
  QTemporaryDir robertaDir_;
  const std::vector<std::string> single_ = {"sentence"};
  const std::vector<std::string> pair_ = {"premise", "hypothesis"};

  PromptRenderer renderer(const std::string& lmbffTemplate, const pwb::tokenize::Tokenizer& tok,
                          const std::vector<std::string>& columns, int maxLength = 512) const {
    return PromptRenderer(parseTemplate(importLmBffTemplate(lmbffTemplate).text), columns, tok, maxLength);
  }

 private slots:
  void initTestCase() {
    bert_ = pwb::tokenize::loadTokenizer(kRef + "/tokenizers/bert-base-uncased");
    // tiny-roberta's vocabulary and merges as RoBERTa publishes them (vocab.json + merges.txt): its
    // <mask> then absorbs the space before it (RobertaTokenizer lstrip=True, as roberta-base's
    // tokenizer.json says too), which LM-BFF's ids rely on. The fixture's own tokenizer.json has no lstrip.
    QVERIFY(robertaDir_.isValid());
    for (const char* f : {"vocab.json", "merges.txt", "tokenizer_config.json"}) {
      QVERIFY(
          QFile::copy(QString::fromStdString(kRef + "/fixtures/tiny-roberta/") + f, robertaDir_.filePath(f)));
    }
    roberta_ = pwb::tokenize::loadTokenizer(robertaDir_.path().toStdString());
  }

  // Hand-written bert-base-uncased ids ([CLS] 101, [SEP] 102, [MASK] 103, a 1037, fun 4569, film 2143,
  // it 2009, was 2001, . 1012, bad 2919, movie 3185, good 2204, terrible 6659, great 2307).
  void bertHandComputed() {
    const PromptRenderer r = renderer(kSst2Demo, *bert_, single_);
    const std::vector<DemoInput> demos = {{"neg-7", {"a bad movie"}, "terrible"},
                                          {"pos-3", {"a good film"}, "great"}};
    const RenderedPrompt p = r.render({"a fun film"}, demos);
    QCOMPARE(p.ids, (Ids{101,  1037, 4569, 2143, 2009, 2001, 103,  1012, 102,  1037, 2919, 3185, 2009,
                         2001, 6659, 1012, 102,  1037, 2204, 2143, 2009, 2001, 2307, 1012, 102}));
    QCOMPARE(p.typeIds, (Ids{0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}));
    QCOMPARE(p.maskPositions, (std::vector<int>{6}));
    QCOMPARE(p.demoIds, (std::vector<std::string>{"neg-7", "pos-3"}));
    QCOMPARE(p.text, std::string("a fun film It was [MASK]. [SEP] a bad movie It was terrible. [SEP] a good "
                                 "film It was great."));
    // Where each token came from: the query, demonstration 0 / 1, their label words, the separators.
    QCOMPARE(p.origins[1].source, TokenSource::Field);
    QCOMPARE(p.origins[1].demo, -1);
    QCOMPARE(p.origins[8].source, TokenSource::Special);
    QCOMPARE(p.origins[8].demo, 0);
    for (int i : {9, 10, 11, 12, 13, 15}) {
      QCOMPARE(p.origins[i].source, TokenSource::Demo);
      QCOMPARE(p.origins[i].demo, 0);
    }
    QCOMPARE(p.origins[14].source, TokenSource::DemoLabel);
    QCOMPARE(p.origins[14].demo, 0);
    QCOMPARE(p.text.substr(p.origins[14].begin, p.origins[14].end - p.origins[14].begin),
             std::string("terrible"));
    QCOMPARE(p.origins[16].demo, 1);
    QCOMPARE(p.origins[22].source, TokenSource::DemoLabel);
    QCOMPARE(p.origins[22].demo, 1);
    QCOMPARE(p.origins[24].source, TokenSource::Special);
    QCOMPARE(p.origins[24].element, -1);
    // LM-BFF's ids are the same; its type ids number the second demonstration's segment 2.
    const LmBffInput ref =
        lmbff(*bert_, kSst2Demo, {"a fun film", "a bad movie", "a good film"}, {"terrible", "great"});
    QCOMPARE(p.ids, ref.ids);
    QCOMPARE(ref.types[17], int64_t(2));
    QCOMPARE(p.typeIds, folded(ref.types));
  }

  // LM-BFF's procedure on 60 SST-2 queries with real demonstrations (single-sentence form) and 40 RTE
  // pairs (the MNLI/RTE pair form with drop_last, lower_first and +sent), BERT and RoBERTa.
  void matchesLmBffOnRealText_data() {
    QTest::addColumn<bool>("roberta");
    QTest::newRow("bert-base-uncased") << false;
    QTest::newRow("tiny-roberta (BPE)") << true;
  }
  void matchesLmBffOnRealText() {
    QFETCH(bool, roberta);
    const auto& tok = roberta ? *roberta_ : *bert_;
    const std::vector<std::string> words = {"terrible", "great"};
    {
      const PromptRenderer r = renderer(kSst2Demo, tok, single_);
      const auto queries = sst2(60), pool = sst2(120, 60);
      for (size_t q = 0; q < queries.size(); ++q) {
        const std::string& neg = pool[2 * q];
        const std::string& pos = pool[2 * q + 1];
        const RenderedPrompt p = r.render({queries[q]}, {{"n", {neg}, words[0]}, {"p", {pos}, words[1]}});
        const LmBffInput ref = lmbff(tok, kSst2Demo, {queries[q], neg, pos}, words);
        QCOMPARE(p.ids, ref.ids);
        QCOMPARE(p.typeIds, roberta ? Ids(ref.ids.size(), 0) : folded(ref.types));
      }
    }
    {
      const PromptRenderer r = renderer(kRteDemo, tok, pair_, 100000);  // no truncation here
      const auto pairs = rte(120);
      const std::vector<std::string> yesNo = {"Yes", "No"};
      // The one known difference: the workbench tokenizes each segment as one string, LM-BFF each part on
      // its own. They agree wherever a part boundary is a pre-tokenizer boundary; they differ only where a
      // field ends with a space and template punctuation follows: RTE's PTB-style "Europe ." with
      // drop_last gives "Europe " + "?", which byte-level BPE reads as "ĠEurope Ġ?" in one string and as
      // "ĠEurope Ġ" + "?" part by part. WordPiece splits at spaces and punctuation, so BERT always agrees.
      int compared = 0, spaceBeforePunct = 0;
      auto endsInSpace = [](const std::string& premise) {
        return premise.size() >= 2 && premise[premise.size() - 2] == ' ';
      };
      for (size_t q = 0; q < 40; ++q) {
        const auto& query = pairs[q];
        const auto& d0 = pairs[40 + 2 * q];
        const auto& d1 = pairs[41 + 2 * q];
        const RenderedPrompt p =
            r.render({query.first, query.second},
                     {{"e", {d0.first, d0.second}, yesNo[0]}, {"n", {d1.first, d1.second}, yesNo[1]}});
        const LmBffInput ref = lmbff(
            tok, kRteDemo, {query.first, query.second, d0.first, d0.second, d1.first, d1.second}, yesNo);
        if (roberta && (endsInSpace(query.first) || endsInSpace(d0.first) || endsInSpace(d1.first))) {
          ++spaceBeforePunct;
          QVERIFY(p.ids != ref.ids);
          continue;
        }
        ++compared;
        QCOMPARE(p.ids, ref.ids);
        QCOMPARE(p.typeIds, roberta ? Ids(ref.ids.size(), 0) : folded(ref.types));
      }
      QCOMPARE(compared, roberta ? 40 - spaceBeforePunct : 40);
      qInfo() << "RTE:" << compared << "identical," << spaceBeforePunct << "with a space before punctuation";
      if (roberta) QCOMPARE(spaceBeforePunct, 1);
    }
  }

  // LM-BFF's --first_sent_limit / --other_sent_limit: the first N tokens of each sentence, as LM-BFF.
  void sentenceLimitsAsLmBff() {
    const PromptRenderer r = renderer(kSst2Demo, *bert_, single_);
    const std::vector<std::string> s = {"a fun film about a good movie", "a bad movie",
                                        "the best film of the year"};
    const RenderedPrompt p =
        r.render({s[0]}, {{"n", {s[1]}, "terrible"}, {"p", {s[2]}, "great"}}, DemoLimits{4, 2});
    const LmBffInput ref = lmbff(*bert_, kSst2Demo, s, {"terrible", "great"}, {}, 4, 2);
    QCOMPARE(p.ids, ref.ids);
    QCOMPARE(p.ids, (Ids{101,  1037, 4569, 2143, 2055, 2009, 2001, 103,  1012, 102,  1037, 2919,
                         2009, 2001, 6659, 1012, 102,  1996, 2190, 2009, 2001, 2307, 1012, 102}));
    QCOMPARE(p.truncation.size(), size_t(1));
    QCOMPARE(p.truncation[0].tokensBefore, 7);
    QCOMPARE(p.truncation[0].tokensRemoved, 3);
    QCOMPARE(p.truncation[0].removedByLimit, 3);
    QCOMPARE(p.demoTruncation.size(), size_t(2));
    QCOMPARE(p.demoTruncation[0].demo, 0);
    QCOMPARE(p.demoTruncation[0].id, std::string("n"));
    QCOMPARE(p.demoTruncation[0].tokensBefore, 3);
    QCOMPARE(p.demoTruncation[0].removedByLimit, 1);
    QCOMPARE(p.demoTruncation[0].removedForLength, 0);
    QCOMPARE(p.demoTruncation[1].tokensBefore, 6);
    QCOMPARE(p.demoTruncation[1].removedByLimit, 4);
    // The pair form: *sent_1* of the query is an "other" sentence in LM-BFF too.
    const PromptRenderer pr = renderer(kRteDemo, *roberta_, pair_);
    const auto pairs = rte(3);
    const RenderedPrompt pp = pr.render(
        {pairs[0].first, pairs[0].second},
        {{"e", {pairs[1].first, pairs[1].second}, "Yes"}, {"n", {pairs[2].first, pairs[2].second}, "No"}},
        DemoLimits{20, 8});
    const LmBffInput pref = lmbff(
        *roberta_, kRteDemo,
        {pairs[0].first, pairs[0].second, pairs[1].first, pairs[1].second, pairs[2].first, pairs[2].second},
        {"Yes", "No"}, {}, 20, 8);
    QCOMPARE(pp.ids, pref.ids);
    QCOMPARE(pp.demoTruncation.size(), size_t(4));
  }

  // Too long: the demonstrations' sentences go first (longest first, the later one on a tie), then the
  // query's; the template text, the label words, the separators and the mask always stay.
  void truncationCutsDemonstrationsFirst() {
    const std::vector<DemoInput> demos = {{"n", {"a bad movie"}, "terrible"},
                                          {"p", {"a good film"}, "great"}};
    {
      const PromptRenderer r = renderer(kSst2Demo, *bert_, single_, 21);
      const RenderedPrompt p = r.render({"a fun film"}, demos);
      QCOMPARE(p.ids, (Ids{101,  1037, 4569, 2143, 2009, 2001, 103,  1012, 102,  1037, 2009,
                           2001, 6659, 1012, 102,  1037, 2009, 2001, 2307, 1012, 102}));
      QVERIFY(p.truncation.empty());
      QCOMPARE(p.demoTruncation.size(), size_t(2));
      QCOMPARE(p.demoTruncation[0].tokensBefore, 3);
      QCOMPARE(p.demoTruncation[0].removedForLength, 2);
      QCOMPARE(p.demoTruncation[1].removedForLength, 2);
      QCOMPARE(p.demoTruncation[1].removedByLimit, 0);
    }
    {
      const PromptRenderer r = renderer(kSst2Demo, *bert_, single_, 23);  // 2 over: from the later demo first
      const RenderedPrompt p = r.render({"a fun film"}, demos);
      QCOMPARE(p.ids, (Ids{101,  1037, 4569, 2143, 2009, 2001, 103,  1012, 102,  1037, 2919, 2009,
                           2001, 6659, 1012, 102,  1037, 2204, 2009, 2001, 2307, 1012, 102}));
    }
    {
      const PromptRenderer r = renderer(kSst2Demo, *bert_, single_, 17);
      const RenderedPrompt p = r.render({"a fun film"}, demos);
      QCOMPARE(p.ids, (Ids{101, 1037, 2009, 2001, 103, 1012, 102, 2009, 2001, 6659, 1012, 102, 2009, 2001,
                           2307, 1012, 102}));
      QCOMPARE(p.maskPositions, (std::vector<int>{4}));
      QCOMPARE(p.truncation.size(), size_t(1));
      QCOMPARE(p.truncation[0].tokensRemoved, 2);
      QCOMPARE(p.demoTruncation[0].removedForLength, 3);
      QCOMPARE(p.demoTruncation[1].removedForLength, 3);
    }
    const PromptRenderer tooShort = renderer(kSst2Demo, *bert_, single_, 14);
    QCOMPARE(
        errorOf([&] { tooShort.render({"a fun film"}, demos); }),
        QString("the prompt cannot fit in 14 tokens even with every demonstration's text cut: without the "
                "text of {text_a} it still takes 16 tokens (template text, masks, soft slots, special "
                "tokens and the fields not marked |shorten, demonstrations' template text, label words and "
                "separators)"));
  }

  // [DEMOS:text]: GPT-3-style demonstrations in one text, the given separator between them.
  void textSeparator() {
    const PromptRenderer r(parseTemplate("{s} It was [MASK] . [DEMOS: | ]{s} It was [LABEL] .[/DEMOS]"),
                           single_, *bert_, 512);
    const RenderedPrompt p =
        r.render({"a fun film"}, {{"n", {"a bad movie"}, "terrible"}, {"p", {"a good film"}, "great"}});
    const auto expected = bert_->encode(
        "a fun film It was [MASK] . | a bad movie It was terrible . | a good film It was great .");
    QCOMPARE(p.ids, expected.ids);
    QCOMPARE(p.typeIds, Ids(expected.ids.size(), 0));
    QCOMPARE(p.text,
             std::string(
                 "a fun film It was [MASK] . | a bad movie It was terrible . | a good film It was great ."));
  }

  // The block before the query (GPT-3's in-context head): separators after each demonstration.
  void demonstrationsBeforeTheQuery() {
    const PromptRenderer r(parseTemplate("[DEMOS]{s} It was [LABEL] .[/DEMOS] {s} It was [MASK] ."), single_,
                           *bert_, 512);
    const RenderedPrompt p =
        r.render({"a fun film"}, {{"n", {"a bad movie"}, "terrible"}, {"p", {"a good film"}, "great"}});
    QCOMPARE(p.ids, (Ids{101,  1037, 2919, 3185, 2009, 2001, 6659, 1012, 102,  1037, 2204, 2143, 2009,
                         2001, 2307, 1012, 102,  1037, 4569, 2143, 2009, 2001, 103,  1012, 102}));
    QCOMPARE(p.typeIds, (Ids{0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0}));
    QCOMPARE(p.maskPositions, (std::vector<int>{22}));
  }

  // A [SEP]-pair query with demonstrations: the pair layout for the query, then the block.
  void pairQueryWithDemonstrations() {
    const PromptRenderer r(
        parseTemplate(
            "{premise} [SEP] {hypothesis} [MASK] . [DEMOS]{premise} [LABEL] {hypothesis} .[/DEMOS]"),
        pair_, *bert_, 512);
    QVERIFY(r.tmpl().isPair());
    const RenderedPrompt p =
        r.render({"a fun film", "it was"}, {{"n", {"a bad movie", "it was"}, "terrible"}});
    QCOMPARE(p.ids, (Ids{101, 1037, 4569, 2143, 102, 2009, 2001, 103, 1012, 102, 1037, 2919, 3185, 6659, 2009,
                         2001, 1012, 102}));
    QCOMPARE(p.typeIds, (Ids{0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}));
    QCOMPARE(p.segments, 2);
    QCOMPARE(p.maskPositions, (std::vector<int>{7}));
    QCOMPARE(p.origins[13].source, TokenSource::DemoLabel);
  }

  // The label word takes the form the [MASK] predicts: after a space (Ġgreat) or bare at the start.
  void labelWordFollowsTheMask() {
    const std::vector<DemoInput> demos = {{"p", {"ok"}, "great"}};
    const PromptRenderer spaced(parseTemplate("{s} It was [MASK] . [DEMOS]{s} It was[LABEL] .[/DEMOS]"),
                                single_, *roberta_, 512);
    const RenderedPrompt a = spaced.render({"ok"}, demos);
    const Ids spacedGreat = roberta_->encodeRaw(" great").ids;
    std::vector<int64_t> labelA;
    for (size_t i = 0; i < a.ids.size(); ++i) {
      if (a.origins[i].source == TokenSource::DemoLabel) labelA.push_back(a.ids[i]);
    }
    QCOMPARE(labelA, spacedGreat);
    const PromptRenderer bare(parseTemplate("[MASK] ! {s} [DEMOS][LABEL] ! {s}[/DEMOS]"), single_, *roberta_,
                              512);
    const RenderedPrompt b = bare.render({"ok"}, demos);
    std::vector<int64_t> labelB;
    for (size_t i = 0; i < b.ids.size(); ++i) {
      if (b.origins[i].source == TokenSource::DemoLabel) labelB.push_back(b.ids[i]);
    }
    QCOMPARE(labelB, roberta_->encodeRaw("great").ids);
    QVERIFY(labelA != labelB);
  }

  void renderErrors() {
    const PromptRenderer r = renderer(kSst2Demo, *bert_, single_);
    QCOMPARE(
        errorOf([&] { r.render({"a fun film"}, std::vector<DemoInput>{}); }),
        QString("template:1:25: the template '{text_a} It was [MASK]. [DEMOS]{text_a} It was "
                "[LABEL].[/DEMOS]' has demonstrations ([DEMOS] ... [/DEMOS]) but no demonstration source — "
                "choose where the demonstrations come from (a K-shot training split) or remove the block"));
    QCOMPARE(errorOf([&] { r.render({"a fun film"}); }),
             errorOf([&] { r.render({"a fun film"}, std::vector<DemoInput>{}); }));
    QCOMPARE(errorOf([&] {
               r.render({"a"}, {{"x-1", {"a", "b"}, "great"}});
             }),
             QString("demonstration 'x-1' has 2 text field(s) but the data set has 1 text column(s)"));
    QCOMPARE(errorOf([&] {
               r.render({"a"}, {{"x-2", {"a"}, " "}});
             }),
             QString("demonstration 'x-2' has no label word — the verbalizer must give a word for its label "
                     "([LABEL] shows it)"));
    QCOMPARE(errorOf([&] {
               r.render({"a"}, {{"x-3", {"a"}, "great"}}, DemoLimits{-1, 0});
             }),
             QString("a sentence limit must be 0 (none) or a number of tokens, not -1"));
    const PromptRenderer plain(parseTemplate("{s} It was [MASK] ."), single_, *bert_, 512);
    QCOMPARE(errorOf([&] {
               plain.render({"a"}, {{"x-4", {"a"}, "great"}});
             }),
             QString("template: the template '{s} It was [MASK] .' has no demonstration block ([DEMOS] ... "
                     "[/DEMOS]), but 1 demonstration(s) were given"));
    // A plain template with an empty demonstration list renders exactly as before.
    QCOMPARE(plain.render({"a fun film"}, std::vector<DemoInput>{}).ids, plain.render({"a fun film"}).ids);
  }

  // Every template LM-BFF's automatic search published (auto_template/<task>/16-13.sort.txt: 100 per task,
  // 8 tasks), turned into its demonstration form as run.py does, imports and renders LM-BFF's ids for
  // 3 queries each, BERT and RoBERTa.
  void lmbffAutoTemplatesWithDemonstrations() {
    const std::vector<std::pair<std::string, int>> tasks = {
        {"SST-2", 2}, {"sst-5", 5}, {"mr", 2}, {"cr", 2}, {"mpqa", 2}, {"subj", 2}, {"trec", 6}, {"RTE", 2}};
    const std::vector<std::string> words = {"bad", "good", "fine", "great", "yes", "no"};
    const auto sentences = sst2(40);
    std::vector<std::pair<std::string, std::string>> pairs;
    for (const auto& p : rte(80)) {
      // Not the one known difference (a field ending in a space before template punctuation, see above).
      if (p.first.size() >= 2 && p.first[p.first.size() - 2] != ' ') pairs.push_back(p);
    }
    QVERIFY(pairs.size() >= 30);
    int rendered = 0, misnumbered = 0, withUnk = 0, withSpaceToken = 0;
    for (const auto& [task, classes] : tasks) {
      const auto templates = lines(kRef + "/lmbff/auto_template/" + task + "/16-13.sort.txt");
      QCOMPARE(templates.size(), size_t(100));
      const bool pair = task == "RTE";
      for (size_t t = 0; t < templates.size(); ++t) {
        const std::string demoTemplate = autoDemo(templates[t], classes);
        // run.py counts 2 sentences when the template's text contains "_1" (`*cls*_1.*mask*:*+sent_0**sep+*`,
        // a TREC template): its single-sentence demonstrations then read *sent_2*, *sent_4*, ... — the wrong
        // sentences, and past the end of the input for the last classes, where LM-BFF fails. Refused here.
        if (!pair && templates[t].find("_1") != std::string::npos) {
          QVERIFY(
              errorOf([&] { importLmBffTemplate(demoTemplate); }).contains("LM-BFF numbers its sentences"));
          ++misnumbered;
          continue;
        }
        pwb::prompt::ImportedTemplate imported;
        try {
          imported = importLmBffTemplate(demoTemplate);
        } catch (const pwb::Error& e) {
          QFAIL(qPrintable(QString::fromStdString(demoTemplate + ": " + e.what())));
        }
        for (const pwb::tokenize::Tokenizer* tok : {bert_.get(), roberta_.get()}) {
          const PromptRenderer r(parseTemplate(imported.text), pair ? pair_ : single_, *tok, 100000);
          for (size_t q = 0; q < 3; ++q) {
            std::vector<std::string> lmbffSentences;
            std::vector<std::string> query;
            std::vector<DemoInput> demos;
            const size_t base = (t * 3 + q) * 7;
            if (pair) {
              const auto& qp = pairs[base % pairs.size()];
              query = {qp.first, qp.second};
            } else {
              query = {sentences[base % sentences.size()]};
            }
            lmbffSentences = query;
            for (int c = 0; c < classes; ++c) {
              std::vector<std::string> fields;
              if (pair) {
                const auto& dp = pairs[(base + 1 + c) % pairs.size()];
                fields = {dp.first, dp.second};
              } else {
                fields = {sentences[(base + 1 + c) % sentences.size()]};
              }
              lmbffSentences.insert(lmbffSentences.end(), fields.begin(), fields.end());
              demos.push_back(DemoInput{"d" + std::to_string(c), fields, words[c]});
            }
            RenderedPrompt p;
            try {
              p = r.render(query, demos);
            } catch (const pwb::Error& e) {
              QFAIL(qPrintable(QString::fromStdString(imported.text + ": " + e.what())));
            }
            LmBffInput ref = lmbff(*tok, demoTemplate, lmbffSentences,
                                   std::vector<std::string>(words.begin(), words.begin() + classes));
            // LM-BFF's [UNK] for a lone `_` is not reproduced (the workbench keeps the space, which the
            // next word or RoBERTa's <mask> takes): apart from those, the ids are the same.
            std::vector<size_t> drop = ref.unkFromLookup;
            drop.insert(drop.end(), ref.spaceBeforeSlot.begin(), ref.spaceBeforeSlot.end());
            std::sort(drop.begin(), drop.end());
            for (auto it = drop.rbegin(); it != drop.rend(); ++it)
              ref.ids.erase(ref.ids.begin() + static_cast<std::ptrdiff_t>(*it));
            if (q == 0 && !ref.unkFromLookup.empty() && tok == bert_.get()) ++withUnk;
            if (q == 0 && !ref.spaceBeforeSlot.empty()) ++withSpaceToken;
            if (p.ids != ref.ids) {
              size_t i = 0;
              while (i < p.ids.size() && i < ref.ids.size() && p.ids[i] == ref.ids[i]) ++i;
              QString ctx;
              for (size_t k = i > 3 ? i - 3 : 0; k < i + 3 && k < p.ids.size() && k < ref.ids.size(); ++k)
                ctx +=
                    QString::fromStdString(" " + tok->idToToken(p.ids[k]) + "/" + tok->idToToken(ref.ids[k]));
              qWarning() << QString::fromStdString(demoTemplate) << i << ctx;
            }
            QCOMPARE(p.ids, ref.ids);
            ++rendered;
          }
        }
      }
    }
    qInfo() << rendered << "renders identical to LM-BFF," << misnumbered << "templates LM-BFF misnumbers,"
            << withUnk << "with LM-BFF's [UNK] for a lone '_'," << withSpaceToken
            << "with its lone space token before a slot (RoBERTa)";
    QCOMPARE(rendered, (8 * 100 - misnumbered) * 2 * 3);
    QCOMPARE(misnumbered, 5);
    QCOMPARE(withUnk, 2);
    QCOMPARE(withSpaceToken, 1);
  }

  void grammar() {
    const auto t = parseTemplate("{s} It was [MASK] . [DEMOS:\\n]{s|lower_first} It was [LABEL] .[/DEMOS]");
    QVERIFY(t.hasDemonstrations());
    QCOMPARE(t.elements()[t.demoBegin()].text, std::string("\n"));
    QCOMPARE(t.demoEnd(), static_cast<int>(t.elements().size()) - 1);
    QVERIFY(t.inDemoBlock(t.demoBegin() + 1));
    QVERIFY(!t.inDemoBlock(t.demoBegin()));
    QCOMPARE(t.toString(),
             std::string("{s} It was [MASK] . [DEMOS:\\n]{s|lower_first} It was [LABEL] .[/DEMOS]"));
    QCOMPARE(parseTemplate(t.toString()).toString(), t.toString());
    QCOMPARE(t.maskCount(), 1);
    QVERIFY(!t.isPair());
    // A [SEP] right before the block is the separator the block adds anyway, not a pair boundary.
    QVERIFY(!parseTemplate("{s} [MASK] . [SEP] [DEMOS]{s} [LABEL][/DEMOS]").isPair());
    QVERIFY(parseTemplate("{a} [SEP] {b} [MASK] [DEMOS]{a} [LABEL] {b}[/DEMOS]").isPair());
    QCOMPARE(t.preview(single_, {"A fun film"}),
             std::string("A fun film It was [MASK] .[DEMOS:\n]{s} It was [LABEL] .[/DEMOS]"));
  }

  void grammarErrors_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("message");
    QTest::newRow("no label slot") << "{s} [MASK] . [DEMOS]{s} .[/DEMOS]"
                                   << "template:1:14: the demonstration block has no [LABEL] slot — each "
                                      "demonstration shows its label word, e.g. [DEMOS]{s} It was [LABEL] "
                                      ".[/DEMOS]";
    QTest::newRow("no field") << "{s} [MASK] . [DEMOS]It was [LABEL] .[/DEMOS]"
                              << "template:1:14: the demonstration block has no field — each demonstration "
                                 "shows its example, e.g. [DEMOS]{s} It was [LABEL] .[/DEMOS]";
    QTest::newRow("label outside")
        << "{s} [LABEL] [MASK]"
        << "template:1:5: [LABEL] outside the demonstration block — it is a "
           "demonstration's label word and belongs between [DEMOS] and [/DEMOS]; the "
           "query's answer is [MASK]";
    QTest::newRow("unterminated") << "{s} [MASK] [DEMOS]{s} [LABEL]"
                                  << "template:1:12: unterminated demonstration block '[DEMOS]' — expected "
                                     "[/DEMOS]";
    QTest::newRow("close without open") << "{s} [MASK] [/DEMOS]"
                                        << "template:1:12: [/DEMOS] without an opening [DEMOS]";
    QTest::newRow("mask inside") << "{s} [MASK] [DEMOS]{s} [MASK][/DEMOS]"
                                 << "template:1:23: [MASK] inside the demonstration block — a demonstration "
                                    "shows its answer: write [LABEL] for its label word";
    QTest::newRow("sep inside")
        << "{s} [MASK] [DEMOS]{s} [LABEL] [SEP][/DEMOS]"
        << "template:1:31: [SEP] or [CLS] inside the demonstration block — [DEMOS] already "
           "separates the demonstrations with the tokenizer's separator ([DEMOS:text] "
           "with a text of yours)";
    QTest::newRow("soft inside")
        << "{s} [MASK] [DEMOS][SOFT*2]{s} [LABEL][/DEMOS]"
        << "template:1:19: trainable vectors ([SOFT], [P]) inside the demonstration block "
           "are not supported — put them in the query part of the template";
    QTest::newRow("two blocks") << "{s} [MASK] [DEMOS]{s} [LABEL][/DEMOS] [DEMOS]{s} [LABEL][/DEMOS]"
                                << "template:1:39: a second [DEMOS] block — a template has one demonstration "
                                   "block, repeated for every demonstration";
    QTest::newRow("nested")
        << "{s} [MASK] [DEMOS]{s} [DEMOS] [LABEL][/DEMOS]"
        << "template:1:23: [DEMOS] inside the demonstration block — close it with [/DEMOS] "
           "first";
    QTest::newRow("no query mask")
        << "{s} . [DEMOS]{s} [LABEL][/DEMOS]"
        << "template:1:7: a template with demonstrations needs a [MASK] in its query "
           "part (outside [DEMOS] ... [/DEMOS]) — demonstrations are solved examples "
           "shown next to the query";
    QTest::newRow("empty separator")
        << "{s} [MASK] [DEMOS:]{s} [LABEL][/DEMOS]"
        << "template:1:12: expected the separator text after ':' in '[DEMOS:' — e.g. "
           "[DEMOS:\\n] or [DEMOS: | ]; [DEMOS] separates with the tokenizer's "
           "separator token";
  }
  void grammarErrors() {
    QFETCH(QString, text);
    QFETCH(QString, message);
    QCOMPARE(errorOf([&] { parseTemplate(text.toStdString()); }), message);
  }

  // Bug 11 (issue 19, fuzz_demo_template; the input is tests/fuzz/corpus/fuzz_demo_template/
  // regression-negative-truncation): with byte-level BPE a demonstration field that was not cut took one
  // token more after its neighbour in the block was cut (the merges across the boundary changed), and was
  // reported as truncated with removedForLength -1. Only fields with fewer tokens are reported, never with
  // a negative count.
  void truncationNeverReportsNegativeCounts() {
    const auto tok = pwb::tokenize::loadTokenizer(kRef + "/fixtures/tiny-roberta");
    const PromptRenderer r(
        parseTemplate("[DEMOS]{s} It was {s} It was ,[LABEL].[/DEMOS]{s} It w\t\t\t\t\t\t\t\tas [MASK]."),
        {"sentence", "question"}, *tok, 78);
    const std::vector<DemoInput> demos = {{"d0",
                                           {"ag\x8e"
                                            "ddd\x96\xb0\x9bm .",
                                            ""},
                                           "\t\t\t\xd2\t\t\t\t\t\t\t\t\t"}};
    const RenderedPrompt p = r.render({"i fine fil  m.", ""}, demos);
    QVERIFY(static_cast<int>(p.size()) <= 78);
    QVERIFY(!p.demoTruncation.empty());
    for (const pwb::prompt::DemoTruncation& t : p.demoTruncation) {
      QVERIFY2(t.removedByLimit >= 0 && t.removedForLength >= 0 && t.removedByLimit + t.removedForLength > 0,
               qPrintable(QString("element %1: %2 by limit, %3 for length")
                              .arg(t.element)
                              .arg(t.removedByLimit)
                              .arg(t.removedForLength)));
    }
    // The first {s} of the block is the one cut (14 tokens, 9 removed to fit 78).
    QCOMPARE(p.demoTruncation.size(), size_t(1));
    QCOMPARE(p.demoTruncation[0].element, 1);
    QCOMPARE(p.demoTruncation[0].tokensBefore, 14);
    QCOMPARE(p.demoTruncation[0].removedForLength, 9);
  }
};

QTEST_APPLESS_MAIN(TestDemoRender)
#include "test_demo_render.moc"
