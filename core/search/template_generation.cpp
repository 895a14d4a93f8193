// LM-BFF's auto-T (Gao et al. 2021, tools/generate_template.py) with the masked LM itself as the generator.
//
// What LM-BFF does: T5 fills <extra_id_0> / <extra_id_1> around the label word of every K-shot training
// example; one beam (width 100) is shared by all examples, and at each decoder step the *logits* of all
// examples are averaged, log-softmaxed, and the beam extended with the best tokens; the spans end where T5
// emits the next sentinel, so their length is free. Our differences, all because a masked LM is not a
// sequence generator:
//  - The span is a fixed run of n masks (GenerateOptions::maskRun) on one side of the label word (the
//    single-sentence forms) or n on each side (pair); LM-BFF's spans are free-length and on both sides.
//  - Decode order: left to right. Step i re-runs the model on every example with span positions < i
//    filled with the hypothesis' tokens and positions >= i still [MASK], and reads the distribution at
//    position i. A hypothesis' score is the sum over all examples and steps of log p(token) (LM-BFF: the
//    log-softmax of the example-averaged logits, which is not a likelihood of any one example).
//  - The fields keep their text (LM-BFF upper-cases the first letter, *sentu_0*, and truncates inputs to
//    256 tokens); long inputs are shortened by the template renderer as everywhere else.
//  - Tokens a span may use: spanVocabulary() (LM-BFF forbids a few T5 ids: the lone space, "....", "..").
//    A token may not repeat the one before it. For byte-level BPE a punctuation piece without the leading
//    space (",", ".") may follow a letter/digit or open the span after the label word's [MASK], never the
//    text of a field or other punctuation: so the finished template tokenizes back to the scored ids.
// Cost per form: n (or 2n) steps x beam x examples forward passes, batched by encodeMasks.
#include "search/template_generation.h"

#include <algorithm>
#include <cctype>
#include <map>

#include "common/error.h"
#include "eval/eval_session.h"
#include "eval/session_impl.h"
#include "prompt/template.h"
#include "tokenize/tokenizer.h"

namespace pwb::search {
namespace {

const char* const kSinglePrefix = "s-masks-label";
const char* const kSingleSuffix = "label-masks-s";
const char* const kPair = "pair";

// n masks with nothing between them: the tokens that fill them carry their own spacing (Ġ for BPE; WordPiece
// ignores spaces), and a tokenizer whose mask token does not absorb the space before it (lstrip off) would
// otherwise put a lone space token before every mask that the finished template does not have.
std::string maskRun(int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += "[MASK]";
  return out;
}

// The template rendered during generation: the class's label word as text, the span(s) as masks right
// after the text they follow. The fields, their modifiers and the text after the span are those of the
// finished template (finishedTemplate), so with the span filled in these are the ids the finished template
// renders (its [MASK] in place of the label word). The label word gets a leading space as LM-BFF's get_text
// does (' ' + word); in the finished template that space before [MASK] makes BPE verbalizers use the
// leading-space form (Ġgreat), as LM-BFF scores them.
std::string generationTemplate(const std::string& form, const std::string& word, int n) {
  const std::string w = prompt::escapeTemplateText(word);
  if (form == kSinglePrefix) return "{text_a}" + maskRun(n) + " " + w + " .";
  if (form == kSingleSuffix) return " " + w + maskRun(n) + " {text_a}";
  return "{text_a|no_final_punct}" + maskRun(n) + " " + w + maskRun(n) + " {text_b|lower_first}";
}

int spanCount(const std::string& form) {
  return form == kPair ? 2 : 1;
}

// A span's tokens as template text. BPE tokens carry their own leading space (Ġ), so their bytes are the
// text; WordPiece spans are whole words (spanVocabulary), written with a space before each.
std::string spanText(const tokenize::Tokenizer& tok, const std::vector<int64_t>& ids) {
  std::string text;
  if (tok.kind() == "bpe") {
    text = tok.decode(ids);
  } else {
    for (int64_t id : ids) text += " " + tok.idToToken(id);
  }
  return prompt::escapeTemplateText(text);
}

std::string finishedTemplate(const std::string& form, const std::string& span1, const std::string& span2) {
  if (form == kSinglePrefix) return "{text_a}" + span1 + " [MASK] .";
  if (form == kSingleSuffix) return " [MASK]" + span1 + " {text_a}";
  return "{text_a|no_final_punct}" + span1 + " [MASK]" + span2 + " {text_b|lower_first}";
}

bool isPunctuation(const std::string& text) {
  if (text.empty()) return false;
  for (unsigned char c : text) {
    if (!std::ispunct(c)) return false;
  }
  return true;
}

// [xxx] and <xxx> spellings without spaces: [CLS], [unused3], <s>, <mask>, <|endoftext|>.
bool looksSpecial(const std::string& token) {
  if (token.size() < 3) return false;
  const char open = token.front(), close = token.back();
  if (!((open == '[' && close == ']') || (open == '<' && close == '>'))) return false;
  return token.find(' ') == std::string::npos;
}

struct Hypothesis {
  std::vector<int64_t> tokens;
  double score = 0;
};

bool better(const Hypothesis& a, const Hypothesis& b) {
  if (a.score != b.score) return a.score > b.score;
  return a.tokens < b.tokens;  // deterministic order on exact ties
}

// Everything one form's beam search needs.
struct FormRun {
  eval::EvalSession::Impl& s;
  const std::vector<eval::RenderedInput>& base;  // every training example, span positions still masks
  int positions = 0;                             // span tokens to decode (n or 2n)
  int runLength = 1;                             // n: a new span starts every n positions
  int beam = 1;
  const std::vector<char>& allowed;  // [V]: spanVocabulary
  // BPE only (else empty): per token, whether it is a piece without the leading-space mark (punctuation,
  // spanVocabulary) that glues onto the text before it, and whether its text ends in a letter or digit.
  const std::vector<char>& glued;
  const std::vector<char>& endsAlnum;
  bool firstSpanAfterField = true;  // the first span follows a {field} (s-masks-label, pair), not the label
  const std::atomic<bool>* cancel = nullptr;
  std::function<void()> stepDone;
};

// Left-to-right beam search over the span positions, one beam shared by all examples (see the file comment).
// Throws eval::Cancelled when the cancel flag is raised.
std::vector<Hypothesis> beamDecode(FormRun& run) {
  auto& model = *run.s.model;
  const int64_t n = static_cast<int64_t>(run.base.size());
  const int64_t vocab = model.config().vocabSize;
  eval::ScoringOptions scoring;
  const eval::EncodeSettings settings = run.s.encodeSettings(scoring, 0);
  std::vector<Hypothesis> beam(1);
  for (int step = 0; step < run.positions; ++step) {
    std::vector<eval::RenderedInput> inputs;
    inputs.reserve(beam.size() * run.base.size());
    for (const Hypothesis& h : beam) {
      for (const eval::RenderedInput& e : run.base) {
        eval::RenderedInput in;
        in.ids = e.ids;
        in.typeIds = e.typeIds;
        for (int j = 0; j < step; ++j) in.ids[static_cast<size_t>(e.maskPositions[j])] = h.tokens[j];
        in.maskPositions.assign(e.maskPositions.begin() + step, e.maskPositions.end());
        inputs.push_back(std::move(in));
      }
    }
    const eval::MaskStates states = eval::encodeMasks(model, inputs, settings, {}, run.cancel);
    std::vector<Hypothesis> next;
    std::vector<int64_t> order;
    for (size_t h = 0; h < beam.size(); ++h) {
      // Summed over all examples (every class): log p(token at this span position).
      torch::Tensor sum = torch::zeros({vocab}, torch::kDouble);
      const int64_t first = static_cast<int64_t>(h) * n;
      for (int64_t b = first; b < first + n; b += 64) {
        if (run.cancel && run.cancel->load()) throw eval::Cancelled();
        sum +=
            eval::vocabLogProbs(model, states, 0, b, std::min(first + n, b + 64)).to(torch::kDouble).sum(0);
      }
      sum = sum.contiguous();
      const double* score = sum.data_ptr<double>();
      order.clear();
      const bool spanStart = step % run.runLength == 0;
      const int64_t previous = spanStart ? -1 : beam[h].tokens.back();
      // A BPE piece without a leading space must split off the text before it exactly as it was scored:
      // after a letter or digit (byte-level BPE pre-tokenizes letters and punctuation apart), or first after
      // the label word's [MASK] (a special token); never after a field's unknown last character, nor after
      // punctuation that it could merge with.
      const bool glueOk = spanStart ? !(step == 0 && run.firstSpanAfterField)
                                    : !run.endsAlnum.empty() && run.endsAlnum[static_cast<size_t>(previous)];
      for (int64_t id = 0; id < vocab; ++id) {
        const auto i = static_cast<size_t>(id);
        if (!run.allowed[i] || id == previous) continue;
        if (!run.glued.empty() && run.glued[i] && !glueOk) continue;
        order.push_back(id);
      }
      const size_t take = std::min<size_t>(order.size(), static_cast<size_t>(run.beam));
      std::partial_sort(
          order.begin(), order.begin() + static_cast<std::ptrdiff_t>(take), order.end(),
          [&](int64_t a, int64_t b) { return score[a] != score[b] ? score[a] > score[b] : a < b; });
      for (size_t k = 0; k < take; ++k) {
        Hypothesis x = beam[h];
        x.tokens.push_back(order[k]);
        x.score += score[order[k]];
        next.push_back(std::move(x));
      }
    }
    std::sort(next.begin(), next.end(), better);
    if (next.size() > static_cast<size_t>(run.beam)) next.resize(static_cast<size_t>(run.beam));
    if (next.empty()) throw Error("template generation: the vocabulary has no token a span may use");
    beam = std::move(next);
    if (run.stepDone) run.stepDone();
  }
  return beam;
}

}  // namespace

const std::vector<std::string>& generationFormNames() {
  static const std::vector<std::string> names{kSinglePrefix, kSingleSuffix, kPair};
  return names;
}

std::vector<std::string> resolveGenerationForms(const std::vector<std::string>& forms, size_t columns) {
  if (columns < 1 || columns > 2) {
    throw Error("template generation works on one- or two-sentence data; this data set has " +
                std::to_string(columns) + " text columns");
  }
  if (forms.empty()) {
    if (columns == 2) return {kPair};
    return {kSinglePrefix, kSingleSuffix};
  }
  std::vector<std::string> out;
  for (const std::string& f : forms) {
    const auto& names = generationFormNames();
    if (std::find(names.begin(), names.end(), f) == names.end()) {
      throw Error("unknown generation form '" + f + "' in generate.forms (expected s-masks-label, " +
                  "label-masks-s or pair)");
    }
    if (f == kPair && columns != 2) {
      throw Error("generate.forms: the pair form needs two text columns; this data set has one");
    }
    if (f != kPair && columns == 2) {
      throw Error("generate.forms: the " + f +
                  " form uses one sentence, but this data set has two text columns (use pair)");
    }
    if (std::find(out.begin(), out.end(), f) == out.end()) out.push_back(f);
  }
  return out;
}

std::vector<int64_t> spanVocabulary(const tokenize::Tokenizer& tok) {
  static const std::string kSpaceMark = "\xC4\xA0";  // Ġ
  const bool bpe = tok.kind() == "bpe";
  const auto& sp = tok.special();
  std::vector<int64_t> out;
  for (int64_t id = 0; id < tok.vocabSize(); ++id) {
    if (id == sp.clsId || id == sp.sepId || id == sp.padId || id == sp.unkId || id == sp.maskId) continue;
    const std::string token = tok.idToToken(id);
    if (token.empty() || looksSpecial(token)) continue;
    const std::string text = bpe ? tok.decode({id}) : token;
    if (text.empty()) continue;
    bool control = false;
    for (unsigned char c : text) control = control || c < 0x20 || c == 0x7f;
    if (control) continue;
    if (bpe) {
      const bool spaced = token.compare(0, kSpaceMark.size(), kSpaceMark) == 0;
      if (spaced ? text.size() < 2 || text[1] == ' ' : !isPunctuation(text)) continue;
    }
    // The round trip: the text alone tokenizes to this very token (drops '##' pieces, accented tokens an
    // uncased tokenizer would strip, BPE pieces that merge differently on their own).
    const tokenize::Encoding e = tok.encodeRaw(text);
    if (e.ids.size() != 1 || e.ids[0] != id) continue;
    out.push_back(id);
  }
  return out;
}

std::vector<TemplateCandidate> generateTemplates(eval::EvalSession& session, const SearchRequest& request,
                                                 const data::KShotSplit& split,
                                                 const SearchCallback& callback,
                                                 const std::atomic<bool>* cancel) {
  const GenerateOptions& g = request.generate;
  if (g.maskRun < 1 || g.maskRun > 16) {
    throw Error("generate.maskRun (masks per span) must be 1 to 16, got " + std::to_string(g.maskRun));
  }
  if (g.beam < 1) throw Error("generate.beam (beam width) must be at least 1, got " + std::to_string(g.beam));
  if (g.keep < 1) {
    throw Error("generate.keep (templates kept) must be at least 1, got " + std::to_string(g.keep));
  }
  if (request.verbalizerText.empty()) {
    throw Error(
        "template generation needs a verbalizer (verbalizerText): its label words are put in the text");
  }
  const data::Dataset& train = split.train;
  if (train.examples.empty()) throw Error("template generation: the K-shot training split is empty");
  const std::vector<std::string> forms = resolveGenerationForms(g.forms, train.columns.size());

  session.internals().useThreads();
  eval::EvalSession::Impl& s = session.internals();
  const tokenize::Tokenizer& tok = *s.tokenizer;
  // The label word of each class: the first word the verbalizer gives it.
  const std::vector<eval::LabelWord> words = session.resolveVerbalizer(request.verbalizerText, train.labels);
  std::map<std::string, std::string> wordOf;
  for (const eval::LabelWord& w : words) wordOf.emplace(w.label, w.word);

  const auto vocab = static_cast<size_t>(s.model->config().vocabSize);
  std::vector<char> allowed(vocab, 0), glued, endsAlnum;
  if (tok.kind() == "bpe") {
    glued.assign(vocab, 0);
    endsAlnum.assign(vocab, 0);
  }
  static const std::string kSpaceMark = "\xC4\xA0";  // Ġ
  for (int64_t id : spanVocabulary(tok)) {
    const auto i = static_cast<size_t>(id);
    if (i >= vocab) continue;
    allowed[i] = 1;
    if (glued.empty()) continue;
    glued[i] = tok.idToToken(id).compare(0, kSpaceMark.size(), kSpaceMark) != 0;
    const std::string text = tok.decode({id});
    endsAlnum[i] = !text.empty() && std::isalnum(static_cast<unsigned char>(text.back()));
  }

  eval::ScoringOptions scoring;
  scoring.maxLength = request.maxLength;
  const int maxLength = s.maxLength(scoring);
  const std::string seedText = std::to_string(split.manifest.seed);
  std::vector<TemplateCandidate> out;
  SearchProgress progress;
  progress.total = 0;
  for (const std::string& f : forms) progress.total += spanCount(f) * g.maskRun;

  for (size_t fi = 0; fi < forms.size(); ++fi) {
    const std::string& form = forms[fi];
    const int positions = spanCount(form) * g.maskRun;
    // Every training example rendered with its class's label word, in split order.
    std::vector<eval::RenderedInput> base(train.examples.size());
    std::map<std::string, std::vector<size_t>> rowsOf;
    for (size_t i = 0; i < train.examples.size(); ++i) rowsOf[train.examples[i].label].push_back(i);
    for (const auto& [label, rows] : rowsOf) {
      auto it = wordOf.find(label);
      if (it == wordOf.end()) {
        throw Error("template generation: the verbalizer has no word for label '" + label + "'");
      }
      const prompt::Template tpl = prompt::parseTemplate(generationTemplate(form, it->second, g.maskRun));
      tpl.validate(train.columns);
      std::vector<data::Example> examples;
      for (size_t r : rows) examples.push_back(train.examples[r]);
      std::vector<eval::RenderedInput> rendered =
          eval::renderExamples(tpl, tok, train.columns, examples, examples.size(), maxLength);
      for (size_t k = 0; k < rows.size(); ++k) {
        if (static_cast<int>(rendered[k].maskPositions.size()) != positions) {
          throw Error("template generation: example " + examples[k].id + " renders with " +
                      std::to_string(rendered[k].maskPositions.size()) + " mask tokens instead of " +
                      std::to_string(positions) + " (its text contains the mask token)");
        }
        base[rows[k]] = std::move(rendered[k]);
      }
    }

    progress.phase = "generate seed " + seedText + " (" + form + ")";
    FormRun run{s,      base, positions, g.maskRun, g.beam, allowed, glued, endsAlnum, form != kSingleSuffix,
                cancel, {}};
    run.stepDone = [&] {
      ++progress.done;
      if (callback) callback(progress, out);
    };
    std::vector<Hypothesis> spans;
    try {
      spans = beamDecode(run);
    } catch (const eval::Cancelled&) {
      return out;
    }

    // This form's share of `keep` (the remainder goes to the earlier forms), distinct templates only.
    const size_t quota = static_cast<size_t>(g.keep) / forms.size() +
                         (fi < static_cast<size_t>(g.keep) % forms.size() ? 1 : 0);
    size_t taken = 0;
    for (const Hypothesis& h : spans) {
      if (taken == quota) break;
      const auto mid = h.tokens.begin() + g.maskRun;
      const std::string span1 = spanText(tok, std::vector<int64_t>(h.tokens.begin(), mid));
      const std::string span2 = form == kPair ? spanText(tok, std::vector<int64_t>(mid, h.tokens.end())) : "";
      TemplateCandidate c;
      c.templateText = finishedTemplate(form, span1, span2);
      if (std::any_of(out.begin(), out.end(),
                      [&](const TemplateCandidate& o) { return o.templateText == c.templateText; })) {
        continue;
      }
      c.origin = "generated " + form + " seed " + seedText;
      c.searchScore = h.score;
      if (progress.bestTemplate.empty()) progress.bestTemplate = c.templateText;
      out.push_back(std::move(c));
      ++taken;
    }
    if (callback) callback(progress, out);
  }
  return out;
}

}  // namespace pwb::search
