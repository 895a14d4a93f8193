// Rendering a template for one example; see prompt_renderer.h for the approach.
#include "prompt/prompt_renderer.h"

#include <algorithm>

#include "common/error.h"
#include "prompt/field_text.h"

namespace pwb::prompt {
namespace {

using tokenize::Encoding;
using tokenize::Tokenizer;

constexpr int kMaxTruncationRounds = 32;  // each round removes at least one token; a few suffice in practice

std::string rtrim(const std::string& s) {
  size_t e = s.find_last_not_of(" \t\r\n");
  return e == std::string::npos ? "" : s.substr(0, e + 1);
}

// The tokenizer's specials around one text (or a pair), read off the encoding of a one-letter text so
// that BERT ([CLS] A [SEP] B [SEP], types 0/1) and RoBERTa (<s> A </s></s> B </s>, types 0) both work.
PromptRenderer::SpecialLayout deriveLayout(const Tokenizer& tok, bool pair) {
  const Encoding e = pair ? tok.encodePair("a", "b") : tok.encode("a");
  PromptRenderer::SpecialLayout L;
  int state = 0;  // 0 prefix, 1 text A, 2 middle, 3 text B, 4 suffix
  for (size_t i = 0; i < e.size(); ++i) {
    const bool special =
        !e.sequenceIds.empty() ? e.sequenceIds[i] < 0 : (!e.specialMask.empty() && e.specialMask[i]);
    const int64_t type = i < e.typeIds.size() ? e.typeIds[i] : 0;
    if (!special) {
      if (state == 0) state = 1;
      if (state == 2) state = 3;
      if (state == 1) L.typeA = type;
      if (state == 3) L.typeB = type;
      continue;
    }
    if (state == 1) state = pair ? 2 : 4;
    if (state == 3) state = 4;
    auto& ids = state == 0 ? L.prefix : state == 2 ? L.middle : L.suffix;
    auto& types = state == 0 ? L.prefixTypes : state == 2 ? L.middleTypes : L.suffixTypes;
    ids.push_back(e.ids[i]);
    types.push_back(type);
  }
  return L;
}

// Code point index -> byte index in a UTF-8 string (size = code points + 1).
std::vector<int> codePointBytes(const std::string& s) {
  std::vector<int> table;
  table.reserve(s.size() + 1);
  for (size_t i = 0; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) table.push_back(static_cast<int>(i));
  }
  table.push_back(static_cast<int>(s.size()));
  return table;
}

struct Piece {
  int element;
  TokenSource source;
  int begin, end;  // bytes within the chunk
  int64_t type;    // token type id of its tokens
  int demo;        // the demonstration it renders, -1 for the query
};

bool isSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

}  // namespace

const char* tokenSourceName(TokenSource s) {
  switch (s) {
    case TokenSource::Special:
      return "special";
    case TokenSource::Text:
      return "text";
    case TokenSource::Field:
      return "field";
    case TokenSource::Mask:
      return "mask";
    case TokenSource::Soft:
      return "soft";
    case TokenSource::Pseudo:
      return "pseudo";
    case TokenSource::Demo:
      return "demo";
    case TokenSource::DemoLabel:
      return "demo-label";
  }
  return "?";
}

PromptRenderer::PromptRenderer(Template tmpl, std::vector<std::string> columns, const Tokenizer& tokenizer,
                               int maxLength)
    : tmpl_(std::move(tmpl)), columns_(std::move(columns)), tok_(tokenizer), maxLength_(maxLength) {
  tmpl_.validate(columns_);
  const auto& els = tmpl_.elements();
  const size_t n = els.size();
  if (maxLength_ < 1)
    throw Error("the maximum prompt length must be at least 1 token, not " + std::to_string(maxLength));
  if (tmpl_.maskCount() > 0 && (tok_.special().maskId < 0 || tok_.special().mask.empty())) {
    throw Error("the tokenizer has no mask token, so the template's [MASK] cannot be rendered",
                ErrorLocation{tmpl_.sourceName(), els.front().pos.line, 0, {}});
  }
  fieldColumn_.assign(n, -1);
  literal_.assign(n, "");
  shortenable_.assign(n, false);
  softInit_.assign(n, {});
  segmentOf_.assign(n, -1);

  // Segments: everything before the [SEP] boundary is segment 0, after it segment 1.
  int boundary = -1;
  if (tmpl_.isPair()) {
    for (size_t k = 0; k < n; ++k) {
      if (els[k].kind == ElementKind::Sep) {
        boundary = static_cast<int>(k);
        break;
      }
    }
  }
  // The demonstration block's elements are rendered per demonstration where [DEMOS] stands (segment of
  // [DEMOS]); they never take part in the query's own loop (segment -2) nor in its truncation.
  bool anyMarked = false;
  for (size_t k = 0; k < n; ++k) {
    anyMarked = anyMarked || (els[k].kind == ElementKind::Field && els[k].has(FieldModifier::Shorten) &&
                              !tmpl_.inDemoBlock(static_cast<int>(k)));
  }
  for (size_t k = 0; k < n; ++k) {
    const auto& e = els[k];
    const bool block = tmpl_.inDemoBlock(static_cast<int>(k));
    if (e.kind != ElementKind::Cls && e.kind != ElementKind::Sep && e.kind != ElementKind::DemoEnd) {
      segmentOf_[k] = block ? -2 : boundary >= 0 && static_cast<int>(k) > boundary ? 1 : 0;
    }
    if (e.kind == ElementKind::Field) {
      fieldColumn_[k] = resolveField(e.text, columns_);
      shortenable_[k] = block ? false : anyMarked ? e.has(FieldModifier::Shorten) : true;
    }
    if (e.kind == ElementKind::Soft && !e.text.empty()) {
      softInit_[k] = tok_.encodeRaw(e.text).ids;
      if (softInit_[k].empty()) {
        throw Error("the initial text of '[SOFT:" + e.text + "]' gives no tokens",
                    ErrorLocation{tmpl_.sourceName(), e.pos.line, e.pos.column, {}});
      }
    }
  }
  literal_ = tmpl_.renderedLiterals();
  single_ = deriveLayout(tok_, false);
  // Demonstrations take the second segment's type id (BERT: 1), so the pair layout is needed for them too.
  if (boundary >= 0 || tmpl_.hasDemonstrations()) pair_ = deriveLayout(tok_, true);
  if (tmpl_.hasDemonstrations()) {
    const int b = tmpl_.demoBegin(), e = tmpl_.demoEnd();
    if (els[b].text.empty() && (tok_.special().sepId < 0 || tok_.special().sep.empty())) {
      throw Error(
          "the tokenizer has no separator token, so [DEMOS] cannot separate the demonstrations — "
          "write [DEMOS:text] with a separator text",
          ErrorLocation{tmpl_.sourceName(), els[b].pos.line, els[b].pos.column, {}});
    }
    auto content = [&](size_t k) {
      return segmentOf_[k] == segmentOf_[b] &&
             (els[k].kind == ElementKind::Field || els[k].kind == ElementKind::Mask ||
              els[k].kind == ElementKind::Soft || els[k].kind == ElementKind::Pseudo ||
              (els[k].kind == ElementKind::Text && !literal_[k].empty()));
    };
    for (int k = 0; k < b; ++k) demoSepBefore_ = demoSepBefore_ || content(k);
    for (size_t k = e + 1; k < n; ++k) demoSepAfter_ = demoSepAfter_ || content(k);
    // LM-BFF writes every label word in its leading-space form (its label_word_list holds the ids of
    // " word"); the workbench follows the template's [MASK], which its LM-BFF import always puts after a
    // space, so imported templates give LM-BFF's ids and the label shown equals the word predicted.
    labelSpace_ = maskFollowsSpace(0);
  }
}

RenderedPrompt PromptRenderer::layout(const std::vector<std::string>& fieldTexts,
                                      const std::vector<int>& masksPerSlot, const DemoTexts* demos) const {
  const auto& els = tmpl_.elements();
  const auto& sp = tok_.special();
  const bool isPair = tmpl_.isPair();
  const SpecialLayout& L = isPair ? pair_ : single_;
  RenderedPrompt r;
  r.segments = isPair ? 2 : 1;
  r.maskSlots.assign(tmpl_.maskCount(), {});

  auto pushToken = [&](int64_t id, int64_t type, TokenOrigin origin) {
    r.ids.push_back(id);
    r.typeIds.push_back(type);
    r.attention.push_back(1);
    r.origins.push_back(origin);
  };
  auto addPart = [&](int element, TokenSource source, int begin, int end, int firstToken, int demo = -1) {
    RenderedPart p;
    p.element = element;
    p.source = source;
    p.demo = demo;
    if (source == TokenSource::Field) {
      p.field = els[element].text;
      p.column = fieldColumn_[element];
    }
    p.begin = begin;
    p.end = end;
    p.firstToken = firstToken;
    p.tokenCount = static_cast<int>(r.ids.size()) - firstToken;
    r.parts.push_back(std::move(p));
  };

  for (size_t i = 0; i < L.prefix.size(); ++i) pushToken(L.prefix[i], L.prefixTypes[i], {});
  int maskOrdinal = 0, softIndex = 0, pseudoIndex = 0;
  for (int seg = 0; seg < r.segments; ++seg) {
    if (seg == 1) {
      int sepElement = -1;
      for (size_t k = 0; k < els.size() && sepElement < 0; ++k) {
        if (els[k].kind == ElementKind::Sep) sepElement = static_cast<int>(k);
      }
      r.text += " ";
      const int b = static_cast<int>(r.text.size());
      r.text += sp.sep.empty() ? "[SEP]" : sp.sep;
      const int e = static_cast<int>(r.text.size());
      r.text += " ";
      const int first = static_cast<int>(r.ids.size());
      for (size_t i = 0; i < L.middle.size(); ++i) {
        pushToken(L.middle[i], L.middleTypes[i], TokenOrigin{TokenSource::Special, sepElement, b, e});
      }
      addPart(sepElement, TokenSource::Special, b, e, first);
    }
    const int64_t type = seg == 0 ? L.typeA : L.typeB;

    std::string chunk;
    std::vector<Piece> pieces;
    std::vector<int> pieceMasks;  // expected mask tokens per piece
    auto flushChunk = [&]() {
      const int base = static_cast<int>(r.text.size());
      r.text += chunk;
      std::vector<int> firstOfPiece(pieces.size(), -1), countOfPiece(pieces.size(), 0);
      if (!chunk.empty()) {
        const Encoding enc = tok_.encodeRaw(chunk);
        const std::vector<int> cp = codePointBytes(chunk);
        const int maxCp = static_cast<int>(cp.size()) - 1;
        for (size_t t = 0; t < enc.size(); ++t) {
          int tb = 0, te = 0;
          if (t < enc.offsets.size()) {
            tb = cp[std::clamp(enc.offsets[t].first, 0, maxCp)];
            te = cp[std::clamp(enc.offsets[t].second, 0, maxCp)];
          }
          // The piece the token overlaps most. A zero-width token (BPE's lone "Ġ" of a space, reported at
          // the position after the space) goes to the piece that holds that space: the one ending there.
          int best = -1, bestOverlap = 0;
          for (size_t p = 0; p < pieces.size(); ++p) {
            const int overlap = std::min(te, pieces[p].end) - std::max(tb, pieces[p].begin);
            if (overlap > bestOverlap) {
              best = static_cast<int>(p);
              bestOverlap = overlap;
            }
          }
          if (best < 0) {
            for (size_t p = 0; p < pieces.size() && best < 0; ++p) {
              if (pieces[p].begin < tb && tb <= pieces[p].end) best = static_cast<int>(p);
            }
            for (size_t p = 0; p < pieces.size() && best < 0; ++p) {
              if (pieces[p].begin <= tb && tb <= pieces[p].end) best = static_cast<int>(p);
            }
            if (best < 0) best = 0;
          }
          const Piece& piece = pieces[best];
          const int position = static_cast<int>(r.ids.size());
          if (piece.source == TokenSource::Mask) {
            if (enc.ids[t] != sp.maskId) {
              throw Error("the tokenizer did not keep the mask spelling '" + sp.mask +
                          "' as one token in the rendered prompt '" + chunk + "'");
            }
            r.maskPositions.push_back(position);
            int ordinal = 0;
            for (int k = 0; k < piece.element; ++k) ordinal += els[k].kind == ElementKind::Mask ? 1 : 0;
            r.maskSlots[ordinal].push_back(position);
          }
          if (firstOfPiece[best] < 0) firstOfPiece[best] = position;
          ++countOfPiece[best];
          pushToken(enc.ids[t], piece.type,
                    TokenOrigin{piece.source, piece.element, base + tb, base + te, piece.demo});
        }
      }
      for (size_t p = 0; p < pieces.size(); ++p) {
        RenderedPart part;
        part.element = pieces[p].element;
        part.source = pieces[p].source;
        part.demo = pieces[p].demo;
        if (part.source == TokenSource::Field || els[part.element].kind == ElementKind::Field) {
          part.field = els[part.element].text;
          part.column = fieldColumn_[part.element];
        }
        part.begin = base + pieces[p].begin;
        part.end = base + pieces[p].end;
        part.firstToken = firstOfPiece[p] >= 0 ? firstOfPiece[p] : static_cast<int>(r.ids.size());
        part.tokenCount = countOfPiece[p];
        r.parts.push_back(std::move(part));
      }
      chunk.clear();
      pieces.clear();
    };

    auto addPiece = [&](int element, TokenSource source, const std::string& text, int64_t pieceType,
                        int demo) {
      const int b = static_cast<int>(chunk.size());
      chunk += text;
      pieces.push_back(Piece{element, source, b, static_cast<int>(chunk.size()), pieceType, demo});
    };
    // The demonstrations, where [DEMOS] stands: the block once per demonstration, separated by the
    // tokenizer's separator token (type id of the token before it, as LM-BFF's *sep+*) or the given text.
    auto renderDemos = [&](int begin) {
      const std::string& sepText = els[begin].text;
      const bool tokenSep = sepText.empty();
      // LM-BFF numbers the segment of the i-th demonstration i+1 (after resizing BERT's two-row token
      // type table to 10 new rows); the workbench keeps the model's table and gives every demonstration the
      // second segment's type (BERT 1, RoBERTa 0): LM-BFF's ids for the first demonstration, 1 for the rest.
      const int64_t demoType = tokenSep ? pair_.typeB : type;
      auto separator = [&](int demo) {
        if (!tokenSep) {
          addPiece(begin, TokenSource::Text, sepText, type, demo);
          return;
        }
        flushChunk();
        r.text += " ";
        const int b = static_cast<int>(r.text.size());
        r.text += sp.sep;
        const int e = static_cast<int>(r.text.size());
        r.text += " ";
        const int first = static_cast<int>(r.ids.size());
        const int64_t before = r.typeIds.empty() ? type : r.typeIds.back();
        pushToken(sp.sepId, before, TokenOrigin{TokenSource::Special, begin, b, e, demo});
        addPart(begin, TokenSource::Special, b, e, first, demo);
      };
      const int count = demos ? static_cast<int>(demos->labels.size()) : 0;
      for (int d = 0; d < count; ++d) {
        if (d > 0 || demoSepBefore_) separator(d);
        for (int j = begin + 1; j < tmpl_.demoEnd(); ++j) {
          const auto& el = els[j];
          if (el.kind == ElementKind::Text) {
            if (!literal_[j].empty()) addPiece(j, TokenSource::Demo, literal_[j], demoType, d);
          } else if (el.kind == ElementKind::Field) {
            addPiece(j, TokenSource::Demo, demos->fields[d][j], demoType, d);
          } else if (el.kind == ElementKind::DemoLabel) {
            // LM-BFF inserts a label word as its own ids (those of " word"): a token boundary on both
            // sides, as the query's [MASK] special token is (`*label_0*ly` stays "bad" + "ly", not "badly").
            // The template's space before it goes with the word: "It was" + " great" + ".".
            bool spaceBefore = false;
            while (!chunk.empty() && isSpace(chunk.back()) && !pieces.empty() &&
                   pieces.back().end == static_cast<int>(chunk.size()) &&
                   els[pieces.back().element].kind == ElementKind::Text) {
              chunk.pop_back();
              --pieces.back().end;
              spaceBefore = true;
              if (pieces.back().begin == pieces.back().end) pieces.pop_back();
            }
            flushChunk();
            const bool space = labelSpace_ || spaceBefore;
            addPiece(j, TokenSource::DemoLabel, (space ? " " : "") + demos->labels[d], demoType, d);
            flushChunk();
          }
        }
      }
      if (count > 0 && demoSepAfter_) separator(count - 1);
    };

    for (size_t k = 0; k < els.size(); ++k) {
      if (segmentOf_[k] != seg) continue;
      const auto& e = els[k];
      std::string text;
      TokenSource source = TokenSource::Text;
      switch (e.kind) {
        case ElementKind::Text:
          text = literal_[k];
          if (text.empty()) continue;
          break;
        case ElementKind::Field:
          text = fieldTexts[k];
          source = TokenSource::Field;
          break;
        case ElementKind::Mask: {
          const int count = masksPerSlot.empty() ? 1 : masksPerSlot[maskOrdinal];
          for (int m = 0; m < count; ++m) text += sp.mask;
          source = TokenSource::Mask;
          ++maskOrdinal;
          break;
        }
        case ElementKind::Soft:
        case ElementKind::Pseudo: {
          flushChunk();
          const bool pseudo = e.kind == ElementKind::Pseudo;
          const int first = static_cast<int>(r.ids.size());
          const int at = static_cast<int>(r.text.size());
          const int count = softInit_[k].empty() ? e.count : static_cast<int>(softInit_[k].size());
          const int64_t placeholder = sp.unkId >= 0 ? sp.unkId : std::max<int64_t>(sp.padId, 0);
          for (int j = 0; j < count; ++j) {
            SoftSlot slot;
            slot.position = static_cast<int>(r.ids.size());
            slot.pseudo = pseudo;
            slot.index = pseudo ? pseudoIndex++ : softIndex++;
            slot.element = static_cast<int>(k);
            slot.initId = softInit_[k].empty() ? -1 : softInit_[k][j];
            r.softSlots.push_back(slot);
            pushToken(
                slot.initId >= 0 ? slot.initId : placeholder, type,
                TokenOrigin{pseudo ? TokenSource::Pseudo : TokenSource::Soft, static_cast<int>(k), at, at});
          }
          addPart(static_cast<int>(k), pseudo ? TokenSource::Pseudo : TokenSource::Soft, at, at, first);
          continue;
        }
        case ElementKind::DemoBegin:
          renderDemos(static_cast<int>(k));
          continue;
        case ElementKind::Sep:
        case ElementKind::Cls:
        case ElementKind::DemoEnd:
        case ElementKind::DemoLabel:
          continue;
      }
      addPiece(static_cast<int>(k), source, text, type, -1);
    }
    flushChunk();
  }
  // With demonstrations separated by the separator token, the final separator too takes the type of the
  // token before it (LM-BFF's closing *sep+*).
  const bool demoTypes =
      tmpl_.hasDemonstrations() && els[tmpl_.demoBegin()].text.empty() && !r.typeIds.empty();
  const int64_t lastType = r.typeIds.empty() ? 0 : r.typeIds.back();
  for (size_t i = 0; i < L.suffix.size(); ++i)
    pushToken(L.suffix[i], demoTypes ? lastType : L.suffixTypes[i], {});

  // Parts come in rendered order; without demonstrations that is template order too (kept sorted as
  // before). With demonstrations the block's elements repeat, so the rendered order is kept.
  if (!tmpl_.hasDemonstrations()) {
    std::sort(r.parts.begin(), r.parts.end(),
              [](const RenderedPart& a, const RenderedPart& b) { return a.element < b.element; });
  }
  for (size_t m = 0; m < r.maskSlots.size(); ++m) {
    const size_t expected = masksPerSlot.empty() ? 1 : static_cast<size_t>(masksPerSlot[m]);
    if (r.maskSlots[m].size() != expected) {
      throw Error("the tokenizer turned [MASK] number " + std::to_string(m + 1) + " into " +
                  std::to_string(r.maskSlots[m].size()) + " mask tokens instead of " +
                  std::to_string(expected));
    }
  }
  return r;
}

RenderedPrompt PromptRenderer::render(const std::vector<std::string>& fields) const {
  return renderImpl(fields, {}, nullptr, {});
}

RenderedPrompt PromptRenderer::render(const std::vector<std::string>& fields,
                                      const std::vector<int>& masksPerSlot) const {
  return renderImpl(fields, masksPerSlot, nullptr, {});
}

RenderedPrompt PromptRenderer::render(const std::vector<std::string>& fields,
                                      const std::vector<DemoInput>& demos, const DemoLimits& limits) const {
  return renderImpl(fields, {}, &demos, limits);
}

RenderedPrompt PromptRenderer::renderImpl(const std::vector<std::string>& fields,
                                          const std::vector<int>& masksPerSlot,
                                          const std::vector<DemoInput>* demoInputs,
                                          const DemoLimits& limits) const {
  const auto& els = tmpl_.elements();
  const size_t n = els.size();
  if (fields.size() != columns_.size()) {
    throw Error("the example has " + std::to_string(fields.size()) + " text field(s) but the data set has " +
                std::to_string(columns_.size()) + " text column(s)");
  }
  if (!masksPerSlot.empty()) {
    if (static_cast<int>(masksPerSlot.size()) != tmpl_.maskCount()) {
      throw Error("masks per slot: " + std::to_string(masksPerSlot.size()) +
                  " counts given for a template with " + std::to_string(tmpl_.maskCount()) + " [MASK]");
    }
    for (int c : masksPerSlot) {
      if (c < 1 || c > maxLength_)
        throw Error("masks per slot: " + std::to_string(c) + " is not a valid mask count");
    }
  }
  const bool withDemos = tmpl_.hasDemonstrations();
  const size_t demoCount = demoInputs ? demoInputs->size() : 0;
  if (withDemos && demoCount == 0) {
    const auto& b = els[tmpl_.demoBegin()];
    throw Error("the template '" + tmpl_.source() +
                    "' has demonstrations ([DEMOS] ... [/DEMOS]) but no demonstration source — choose where "
                    "the demonstrations come from (a K-shot training split) or remove the block",
                ErrorLocation{tmpl_.sourceName(), b.pos.line, b.pos.column, {}});
  }
  if (!withDemos && demoCount > 0) {
    throw Error("the template '" + tmpl_.source() +
                    "' has no demonstration block ([DEMOS] ... [/DEMOS]), but " + std::to_string(demoCount) +
                    " demonstration(s) were given",
                ErrorLocation{tmpl_.sourceName(), 0, 0, {}});
  }
  if (limits.firstSentenceTokens < 0 || limits.otherSentenceTokens < 0) {
    throw Error("a sentence limit must be 0 (none) or a number of tokens, not " +
                std::to_string(std::min(limits.firstSentenceTokens, limits.otherSentenceTokens)));
  }
  DemoTexts dt;
  for (size_t d = 0; d < demoCount; ++d) {
    const DemoInput& in = (*demoInputs)[d];
    if (in.fields.size() != columns_.size()) {
      throw Error("demonstration '" + in.id + "' has " + std::to_string(in.fields.size()) +
                  " text field(s) but the data set has " + std::to_string(columns_.size()) +
                  " text column(s)");
    }
    if (in.labelWord.find_first_not_of(" \t\r\n") == std::string::npos) {
      throw Error("demonstration '" + in.id +
                  "' has no label word — the verbalizer must give a word for its label ([LABEL] shows it)");
    }
    dt.fields.emplace_back(n);
    for (size_t k = 0; k < n; ++k) {
      if (fieldColumn_[k] >= 0 && tmpl_.inDemoBlock(static_cast<int>(k)))
        dt.fields[d][k] = applyFieldModifiers(in.fields[fieldColumn_[k]], els[k].modifiers);
    }
    dt.labels.push_back(in.labelWord);
  }
  const DemoTexts* demos = withDemos ? &dt : nullptr;
  std::vector<std::string> texts(n);
  for (size_t k = 0; k < n; ++k) {
    if (fieldColumn_[k] >= 0 && !tmpl_.inDemoBlock(static_cast<int>(k)))
      texts[k] = applyFieldModifiers(fields[fieldColumn_[k]], els[k].modifiers);
  }
  RenderedPrompt r = layout(texts, masksPerSlot, demos);

  // Tokens per field occurrence: slot (demo + 1) * n + element, the query being demo -1.
  auto isField = [&](const RenderedPart& part) {
    return part.element >= 0 && els[part.element].kind == ElementKind::Field;
  };
  auto slotOf = [&](const RenderedPart& part) {
    return static_cast<size_t>(part.demo + 1) * n + part.element;
  };
  auto countFields = [&](const RenderedPrompt& p) {
    std::vector<int> counts((demoCount + 1) * n, 0);
    for (const auto& part : p.parts) {
      if (isField(part)) counts[slotOf(part)] += part.tokenCount;
    }
    return counts;
  };
  auto textOf = [&](const RenderedPart& part) -> std::string& {
    return part.demo < 0 ? texts[part.element] : dt.fields[part.demo][part.element];
  };
  // Keeps the first `keep` tokens of a field, re-rendered afterwards; at least one character goes so that
  // every round makes progress. The query's fields are cut as always (up to where token `keep` begins,
  // spaces trimmed); sentence limits and demonstrations up to where the last kept token ends, which also
  // keeps a lone BPE space token (Ġ) there, as LM-BFF's new_tokens[:limit] does.
  auto cutTo = [&](const RenderedPrompt& p, const RenderedPart& part, int keep, bool atTokenEnd) {
    std::string& text = textOf(part);
    int cut = keep <= 0    ? 0
              : atTokenEnd ? p.origins[part.firstToken + keep - 1].end - part.begin
                           : p.origins[part.firstToken + keep].begin - part.begin;
    cut = std::clamp(cut, 0, static_cast<int>(text.size()));
    std::string shortened = atTokenEnd ? text.substr(0, cut) : rtrim(text.substr(0, cut));
    if (shortened.size() >= text.size()) shortened = withoutLastCharacter(rtrim(text));
    const bool changed = shortened != text;
    text = std::move(shortened);
    return changed;
  };
  const std::vector<int> before = countFields(r);

  // 1. LM-BFF's sentence limits (tokenize_multipart_input: new_tokens[:first_sent_limit] for *sent_0*,
  // [:other_sent_limit] for every other sentence), applied to the field's tokens in the rendered prompt.
  if (limits.any()) {
    for (int round = 0; round < kMaxTruncationRounds; ++round) {
      bool changed = false;
      for (const auto& part : r.parts) {
        if (!isField(part)) continue;
        const bool first = part.demo < 0 && part.column == 0;
        const int limit = first ? limits.firstSentenceTokens : limits.otherSentenceTokens;
        if (limit > 0 && part.tokenCount > limit) changed = cutTo(r, part, limit, true) || changed;
      }
      if (!changed) break;
      r = layout(texts, masksPerSlot, demos);
    }
  }
  const std::vector<int> afterLimit = countFields(r);

  // 2. Too long: the demonstrations' fields are shortened first, longest first, down to nothing if need be
  // (their template text and label words stay). LM-BFF instead cuts the whole input's tail (or head with
  // --truncate_head), which drops the last demonstrations and may cut the query's mask in head mode.
  for (int round = 0; demoCount > 0 && round<kMaxTruncationRounds&& static_cast<int>(r.size())> maxLength_;
       ++round) {
    const std::vector<int> counts = countFields(r);
    int available = 0;
    for (size_t slot = n; slot < counts.size(); ++slot) available += counts[slot];
    if (available == 0) break;
    std::vector<int> remove(counts.size(), 0);
    for (int excess = std::min(static_cast<int>(r.size()) - maxLength_, available); excess > 0; --excess) {
      size_t pick = 0;
      for (size_t slot = n; slot < counts.size(); ++slot) {
        if (counts[slot] - remove[slot] <= 0) continue;
        if (pick == 0 || counts[slot] - remove[slot] >= counts[pick] - remove[pick]) pick = slot;
      }
      ++remove[pick];
    }
    bool changed = false;
    for (const auto& part : r.parts) {
      if (!isField(part) || part.demo < 0 || remove[slotOf(part)] == 0) continue;
      changed = cutTo(r, part, part.tokenCount - remove[slotOf(part)], true) || changed;
    }
    if (!changed) break;
    r = layout(texts, masksPerSlot, demos);
  }

  // 3. Still too long: the query's shortenable fields (TEMPLATES.md, Truncation).
  const std::string demoNote = demoCount > 0 ? " even with every demonstration's text cut" : "";
  auto describeFixed = [&]() {
    std::string names;
    for (size_t k = 0; k < n; ++k) {
      if (fieldColumn_[k] >= 0 && shortenable_[k]) names += (names.empty() ? "{" : ", {") + els[k].text + "}";
    }
    return names;
  };
  for (int round = 0; round<kMaxTruncationRounds&& static_cast<int>(r.size())> maxLength_; ++round) {
    const std::vector<int> counts = countFields(r);
    int available = 0;
    for (size_t k = 0; k < n; ++k) available += shortenable_[k] ? counts[k] : 0;
    const int fixed = static_cast<int>(r.size()) - available;
    if (describeFixed().empty()) {
      throw Error("the prompt takes " + std::to_string(r.size()) + " tokens" + demoNote +
                  ", more than the maximum length " + std::to_string(maxLength_) +
                  ", and has no data field that could be shortened");
    }
    if (fixed > maxLength_ || available == 0) {
      throw Error("the prompt cannot fit in " + std::to_string(maxLength_) + " tokens" + demoNote +
                  ": without the text of " + describeFixed() + " it still takes " + std::to_string(fixed) +
                  " tokens (template text, masks, soft slots, special tokens and the fields not marked "
                  "|shorten" +
                  (demoCount > 0 ? ", demonstrations' template text, label words and separators" : "") + ")");
    }
    // Longest first: take one token at a time from the field that currently has the most (HF's
    // longest_first strategy; on a tie the later field, as HF shortens the second text first).
    std::vector<int> remove(n, 0);
    for (int excess = static_cast<int>(r.size()) - maxLength_; excess > 0; --excess) {
      int pick = -1;
      for (size_t k = 0; k < n; ++k) {
        if (!shortenable_[k] || counts[k] - remove[k] <= 0) continue;
        if (pick < 0 || counts[k] - remove[k] >= counts[pick] - remove[pick]) pick = static_cast<int>(k);
      }
      ++remove[pick];
    }
    bool changed = false;
    for (const auto& part : r.parts) {
      if (!isField(part) || part.demo >= 0 || remove[part.element] == 0) continue;
      changed = cutTo(r, part, part.tokenCount - remove[part.element], false) || changed;
    }
    if (!changed) break;
    r = layout(texts, masksPerSlot, demos);
  }
  if (static_cast<int>(r.size()) > maxLength_) {
    throw Error("the prompt still takes " + std::to_string(r.size()) + " tokens after shortening " +
                describeFixed() + demoNote + ", more than the maximum length " + std::to_string(maxLength_));
  }

  // A field's token count can also change without it being cut: byte-level BPE merges across the boundary
  // with a neighbouring field that was cut (seen with invalid UTF-8, found by fuzz_demo_template), so one
  // that was not cut could read "-1 tokens removed". Only fields with fewer tokens are reported, and each
  // step's count is at least 0.
  auto removed = [](int from, int to) { return std::max(0, from - to); };
  const std::vector<int> after = countFields(r);
  for (size_t k = 0; k < n; ++k) {
    if (fieldColumn_[k] < 0 || tmpl_.inDemoBlock(static_cast<int>(k)) || after[k] >= before[k]) continue;
    r.truncation.push_back(FieldTruncation{els[k].text, static_cast<int>(k), fieldColumn_[k], before[k],
                                           before[k] - after[k], removed(before[k], afterLimit[k])});
  }
  for (size_t d = 0; d < demoCount; ++d) {
    r.demoIds.push_back((*demoInputs)[d].id);
    for (size_t k = 0; k < n; ++k) {
      const size_t slot = (d + 1) * n + k;
      if (fieldColumn_[k] < 0 || !tmpl_.inDemoBlock(static_cast<int>(k)) || after[slot] >= before[slot])
        continue;
      r.demoTruncation.push_back(DemoTruncation{
          static_cast<int>(d), (*demoInputs)[d].id, els[k].text, static_cast<int>(k), fieldColumn_[k],
          before[slot], removed(before[slot], afterLimit[slot]), removed(afterLimit[slot], after[slot])});
    }
  }
  return r;
}

int PromptRenderer::templateTokens() const {
  const std::vector<std::string> texts(tmpl_.elements().size());
  return static_cast<int>(layout(texts, {}).size());
}

bool PromptRenderer::maskFollowsSpace(int maskIndex) const {
  const auto& els = tmpl_.elements();
  int ordinal = 0;
  for (size_t k = 0; k < els.size(); ++k) {
    if (els[k].kind != ElementKind::Mask) continue;
    if (ordinal++ != maskIndex) continue;
    for (int j = static_cast<int>(k) - 1; j >= 0; --j) {
      const auto& e = els[j];
      if (e.kind == ElementKind::Text) {
        if (literal_[j].empty()) continue;  // layout spaces next to a slot: look further back
        const char last = literal_[j].back();
        return last == ' ' || last == '\t' || last == '\n' || last == '\r';
      }
      return false;  // a field, another mask, a slot, a separator or [CLS]: no space before the mask
    }
    return false;
  }
  throw Error("the template has no [MASK] number " + std::to_string(maskIndex + 1));
}

}  // namespace pwb::prompt
