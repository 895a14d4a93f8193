#include "tokenize/pipeline_tokenizer.h"

#include "common/error.h"
#include "tokenize/encoding_utils.h"

namespace pwb::tokenize {
namespace {

// Per-thread buffers: encoding reuses them, so steady-state calls allocate only for the result.
struct Work {
  std::vector<char32_t> cps;
  NormalizedText norm;
  NormalizedText prefixed;
  std::vector<AddedMatch> rawMatches, normMatches;
};

Work& work() {
  thread_local Work w;
  return w;
}

void decodeText(const std::string& text, std::vector<char32_t>& cps) {
  cps.clear();
  char32_t cp;
  for (size_t pos = 0; pos < text.size();) {
    pos += unicode::decodeUtf8(text, pos, cp);
    cps.push_back(cp);
  }
}

// Gives the tokens appended since the last call their segment data (text tokens, not special).
void fillSequence(Encoding& e, int typeId, int sequence) {
  e.typeIds.resize(e.ids.size(), typeId);
  e.specialMask.resize(e.ids.size(), 0);
  e.sequenceIds.resize(e.ids.size(), sequence);
}

void replaceAll(std::string& s, const std::string& from, const std::string& to) {
  for (size_t pos = s.find(from); pos != std::string::npos; pos = s.find(from, pos + to.size()))
    s.replace(pos, from.size(), to);
}

}  // namespace

PipelineTokenizer::PipelineTokenizer(TokenizerSpec spec) : spec_(std::move(spec)) {
  for (const AddedToken& t : spec_.addedTokens) spec_.vocab.add(t.content, t.id);
  if (spec_.model == TokenizerSpec::Model::WordPiece) {
    const int64_t unk = spec_.vocab.find(spec_.unkToken);
    if (unk < 0)
      throw keyError(spec_.source, "model.unk_token",
                     "the unknown token '" + spec_.unkToken + "' is not in the vocabulary");
    wordPiece_.emplace(spec_.vocab, unk, spec_.subwordPrefix, spec_.maxInputCharsPerWord);
  } else {
    const int64_t unk = spec_.unkToken.empty() ? -1 : spec_.vocab.find(spec_.unkToken);
    bpe_.emplace(spec_.vocab, spec_.merges, unk, spec_.trimOffsets, spec_.source);
  }
  std::vector<const AddedToken*> raw, normalized;
  for (const AddedToken& t : spec_.addedTokens) {
    if (t.id < 0) continue;
    (t.normalized && spec_.normalizer.bert ? normalized : raw).push_back(&t);
  }
  rawMatcher_ = AddedTokenMatcher(raw);
  normalizedMatcher_ = AddedTokenMatcher(normalized, &spec_.normalizer);
  SpecialTokens& s = spec_.special;
  auto resolve = [&](const std::string& name) { return name.empty() ? int64_t(-1) : spec_.vocab.find(name); };
  s.clsId = resolve(s.cls);
  s.sepId = resolve(s.sep);
  s.padId = resolve(s.pad);
  s.unkId = resolve(s.unk);
  s.maskId = resolve(s.mask);
}

void PipelineTokenizer::appendAdded(const AddedMatch& m, const std::vector<int32_t>* orig,
                                    const char32_t* cps, Encoding& out) const {
  size_t b = m.begin, e = m.end;
  if (isBpe() && spec_.trimOffsets) {
    // ByteLevel trim_offsets also applies to added tokens: whitespace taken by lstrip/rstrip is not
    // part of the token's offsets.
    while (b < e && (unicode::flags(cps[b]) & unicode::kWhitespace)) ++b;
    while (e > b && (unicode::flags(cps[e - 1]) & unicode::kWhitespace)) --e;
  }
  int ob, oe;
  if (b == e) {
    ob = oe = orig ? (*orig)[b < m.end ? b : m.end - 1] : static_cast<int>(b);
  } else {
    ob = orig ? (*orig)[b] : static_cast<int>(b);
    oe = (orig ? (*orig)[e - 1] : static_cast<int>(e - 1)) + 1;
  }
  appendToken(out, m.token->id, m.token->content, ob, oe);
}

void PipelineTokenizer::encodeNormalizedSegment(const NormalizedText& t, size_t begin, size_t end,
                                                bool prefixSpace, Encoding& out) const {
  if (begin >= end) return;
  if (wordPiece_) return wordPiece_->encode(t, begin, end, out);
  if (prefixSpace && t.cps[begin] != ' ') {
    // add_prefix_space: the segment is read as if it started with a space (mapped to its first character).
    NormalizedText& p = work().prefixed;
    p.clear();
    p.push(' ', t.orig[begin]);
    for (size_t k = begin; k < end; ++k) p.push(t.cps[k], t.orig[k]);
    p.finish();
    return bpe_->encode(p, 0, p.size(), true, out);
  }
  bpe_->encode(t, begin, end, false, out);
}

void PipelineTokenizer::encodeText(const std::string& text, Encoding& out) const {
  Work& w = work();
  decodeText(text, w.cps);
  w.rawMatches.clear();
  rawMatcher_.find(w.cps.data(), 0, w.cps.size(), w.rawMatches);
  const bool prefix = isBpe() && spec_.addPrefixSpace;

  auto segment = [&](size_t begin, size_t end) {
    if (begin >= end) return;
    NormalizedText& n = w.norm;
    n.clear();
    normalizeText(spec_.normalizer, w.cps.data(), begin, end, n);
    n.finish();
    if (normalizedMatcher_.empty()) return encodeNormalizedSegment(n, 0, n.size(), prefix, out);
    w.normMatches.clear();
    normalizedMatcher_.find(n.cps.data(), 0, n.size(), w.normMatches);
    size_t pos = 0;
    for (const AddedMatch& m : w.normMatches) {
      encodeNormalizedSegment(n, pos, m.begin, prefix, out);
      appendAdded(m, &n.orig, n.cps.data(), out);
      pos = m.end;
    }
    encodeNormalizedSegment(n, pos, n.size(), prefix, out);
  };

  // Raw text between added tokens is normalized and tokenized; segment() never touches rawMatches.
  size_t pos = 0;
  for (const AddedMatch& m : w.rawMatches) {
    segment(pos, m.begin);
    appendAdded(m, nullptr, w.cps.data(), out);
    pos = m.end;
  }
  segment(pos, w.cps.size());
}

Encoding PipelineTokenizer::encodeRaw(const std::string& text) const {
  Encoding e;
  encodeText(text, e);
  fillSequence(e, 0, 0);
  return e;
}

Encoding PipelineTokenizer::applyTemplate(const std::vector<TemplatePiece>& tpl, const std::string* a,
                                          const std::string* b) const {
  // Texts are encoded straight into the result, in template order: no intermediate Encodings to copy.
  Encoding r;
  const size_t guess = (a->size() + (b ? b->size() : 0)) / 3 + 8;  // ~4 bytes per token in English
  r.ids.reserve(guess);
  r.tokens.reserve(guess);
  r.offsets.reserve(guess);
  r.typeIds.reserve(guess);
  r.specialMask.reserve(guess);
  r.sequenceIds.reserve(guess);
  auto appendText = [&](const std::string& text, int typeId, int sequence) {
    encodeText(text, r);
    fillSequence(r, typeId, sequence);
  };
  if (tpl.empty()) {
    appendText(*a, 0, 0);
    if (b) appendText(*b, 1, 1);
    return r;
  }
  for (const TemplatePiece& p : tpl) {
    if (p.isSequence) {
      const std::string* text = p.sequence == 0 ? a : b;
      if (text) appendText(*text, p.typeId, p.sequence);
      continue;
    }
    for (size_t i = 0; i < p.ids.size(); ++i) {
      r.ids.push_back(p.ids[i]);
      r.tokens.push_back(i < p.tokens.size() ? p.tokens[i] : spec_.vocab.token(p.ids[i]));
      r.offsets.emplace_back(0, 0);
      r.typeIds.push_back(p.typeId);
      r.specialMask.push_back(1);
      r.sequenceIds.push_back(-1);
    }
  }
  return r;
}

Encoding PipelineTokenizer::encode(const std::string& text) const {
  return applyTemplate(spec_.single, &text, nullptr);
}

Encoding PipelineTokenizer::encodePair(const std::string& a, const std::string& b) const {
  return applyTemplate(spec_.pair, &a, &b);
}

int64_t PipelineTokenizer::tokenToId(const std::string& token) const {
  return spec_.vocab.find(token);
}

std::string PipelineTokenizer::idToToken(int64_t id) const {
  return spec_.vocab.token(id);
}

std::vector<int64_t> PipelineTokenizer::wordInContext(const std::string& word) const {
  Encoding e;
  encodeText(isBpe() ? " " + word : word, e);
  return e.ids;
}

std::string PipelineTokenizer::decode(const std::vector<int64_t>& ids) const {
  std::string out;
  if (isBpe()) {
    for (int64_t id : ids)
      if (id != spec_.special.padId) ByteLevelBpe::appendTokenBytes(spec_.vocab.token(id), out);
    return out;
  }
  const std::string& prefix = spec_.subwordPrefix;
  for (int64_t id : ids) {
    if (id == spec_.special.padId) continue;
    const std::string& tok = spec_.vocab.token(id);
    if (!out.empty() && !prefix.empty() && tok.compare(0, prefix.size(), prefix) == 0) {
      out.append(tok, prefix.size(), std::string::npos);
    } else {
      if (!out.empty()) out.push_back(' ');
      out.append(tok.compare(0, prefix.size(), prefix) == 0 ? tok.substr(prefix.size()) : tok);
    }
  }
  // The WordPiece decoder's clean-up of spaces before punctuation and English contractions.
  for (const char* p : {" .", " ?", " !", " ,"}) replaceAll(out, p, std::string(p + 1));
  replaceAll(out, " ' ", "'");
  for (const char* p : {" n't", " 'm", " 's", " 've", " 're"}) replaceAll(out, p, std::string(p + 1));
  return out;
}

}  // namespace pwb::tokenize
