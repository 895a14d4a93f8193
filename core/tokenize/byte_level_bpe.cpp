#include "tokenize/byte_level_bpe.h"

#include <algorithm>
#include <functional>

#include "common/error.h"
#include "tokenize/encoding_utils.h"

namespace pwb::tokenize {
namespace {

using namespace unicode;

bool isL(char32_t c) {
  return flags(c) & kLetter;
}
bool isN(char32_t c) {
  return flags(c) & kNumber;
}
bool isS(char32_t c) {
  return flags(c) & kWhitespace;
}
bool isOther(char32_t c) {
  return !(flags(c) & (kLetter | kNumber | kWhitespace));
}

// Length of the GPT-2 pre-tokenization match at cps[p] (p < end):
//   's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+
size_t gpt2Match(const char32_t* cps, size_t p, size_t end) {
  const char32_t c = cps[p];
  if (c == '\'' && p + 1 < end) {
    const char32_t a = cps[p + 1];
    if (a == 's' || a == 't' || a == 'm' || a == 'd') return 2;
    if (p + 2 < end) {
      const char32_t b = cps[p + 2];
      if ((a == 'r' && b == 'e') || (a == 'v' && b == 'e') || (a == 'l' && b == 'l')) return 3;
    }
  }
  size_t q = p;
  if (c == ' ' && p + 1 < end && !isS(cps[p + 1])) q = p + 1;  // the optional leading space
  if (q < end && !isS(cps[q])) {
    size_t r = q + 1;
    if (isL(cps[q])) {
      while (r < end && isL(cps[r])) ++r;
    } else if (isN(cps[q])) {
      while (r < end && isN(cps[r])) ++r;
    } else {
      while (r < end && isOther(cps[r])) ++r;
    }
    return r - p;
  }
  // Whitespace run: \s+(?!\S) leaves the last whitespace for the next word; \s+ takes a lone one.
  size_t r = p + 1;
  while (r < end && isS(cps[r])) ++r;
  if (r == end || r - p == 1) return r - p;
  return r - p - 1;
}

struct Symbol {
  int32_t id;
  int32_t prev, next;
  uint32_t byteBegin, byteLen;  // bytes of the piece this symbol covers (byteLen 0 = merged away)
};

struct Candidate {
  int32_t rank;
  int32_t pos;
  int32_t newId;
  bool operator>(const Candidate& o) const { return rank != o.rank ? rank > o.rank : pos > o.pos; }
};

}  // namespace

const std::array<std::string, 256>& ByteLevelBpe::byteToUnicode() {
  static const std::array<std::string, 256> table = [] {
    std::array<std::string, 256> t;
    int n = 0;
    for (int b = 0; b < 256; ++b) {
      const bool printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
      const char32_t cp = printable ? char32_t(b) : char32_t(256 + n++);
      appendUtf8(t[b], cp);
    }
    return t;
  }();
  return table;
}

void ByteLevelBpe::appendTokenBytes(const std::string& token, std::string& out) {
  static const std::array<int, 512> inverse = [] {
    std::array<int, 512> inv;
    inv.fill(-1);
    const auto& fwd = byteToUnicode();
    for (int b = 0; b < 256; ++b) {
      char32_t cp;
      decodeUtf8(fwd[b], 0, cp);
      inv[cp] = b;
    }
    return inv;
  }();
  char32_t cp;
  for (size_t pos = 0; pos < token.size();) {
    const size_t n = decodeUtf8(token, pos, cp);
    if (cp < 512 && inverse[cp] >= 0) {
      out.push_back(static_cast<char>(inverse[cp]));
    } else {
      out.append(token, pos, n);
    }
    pos += n;
  }
}

ByteLevelBpe::ByteLevelBpe(const Vocab& vocab, const std::vector<std::pair<std::string, std::string>>& merges,
                           int64_t unkId, bool trimOffsets, const std::string& source)
    : vocab_(vocab), unkId_(unkId), trimOffsets_(trimOffsets) {
  const auto& bytes = byteToUnicode();
  for (int b = 0; b < 256; ++b) byteIds_[b] = static_cast<int32_t>(vocab.find(bytes[b]));
  merges_.reserve(merges.size());
  std::string joined;
  for (size_t rank = 0; rank < merges.size(); ++rank) {
    const auto& [a, b] = merges[rank];
    const int64_t ia = vocab.find(a), ib = vocab.find(b);
    joined.assign(a).append(b);
    const int64_t ij = vocab.find(joined);
    if (ia < 0 || ib < 0 || ij < 0) {
      const std::string& missing = ia < 0 ? a : ib < 0 ? b : joined;
      throw Error("merge " + std::to_string(rank + 1) + " ('" + a + " " + b + "') uses '" + missing +
                      "', which is not in the vocabulary",
                  {source, 0, 0, "merges"});
    }
    merges_.insert(static_cast<int32_t>(ia), static_cast<int32_t>(ib),
                   {static_cast<int32_t>(rank), static_cast<int32_t>(ij)});
  }
}

void ByteLevelBpe::encode(const NormalizedText& text, size_t begin, size_t end, bool addedPrefixSpace,
                          Encoding& out) const {
  for (size_t p = begin; p < end;) {
    const size_t n = gpt2Match(text.cps.data(), p, end);
    encodePiece(text, p, p + n, addedPrefixSpace && p == begin, out);
    p += n;
  }
}

void ByteLevelBpe::encodePiece(const NormalizedText& text, size_t begin, size_t end, bool keepFirstSpace,
                               Encoding& out) const {
  thread_local std::vector<Symbol> symbols;
  thread_local std::vector<int32_t> byteOrig;  // original code point of each byte of the piece
  thread_local std::vector<Candidate> queue;   // min-heap via std::push_heap/pop_heap with greater<>
  const std::string_view bytes = text.view(begin, end);
  symbols.clear();
  byteOrig.clear();
  for (size_t k = begin; k < end; ++k)
    for (uint32_t b = text.byteStart[k]; b < text.byteStart[k + 1]; ++b) byteOrig.push_back(text.orig[k]);
  for (size_t i = 0; i < bytes.size(); ++i) {
    const int32_t id = byteIds_[static_cast<unsigned char>(bytes[i])];
    symbols.push_back({id, static_cast<int32_t>(i) - 1,
                       i + 1 < bytes.size() ? static_cast<int32_t>(i + 1) : -1, static_cast<uint32_t>(i), 1});
  }

  // Merge by rank (lowest first, leftmost on ties), the reference implementation's priority queue.
  queue.clear();
  const std::greater<Candidate> later;
  auto consider = [&](int32_t pos) {
    const Symbol& s = symbols[static_cast<size_t>(pos)];
    if (s.next < 0 || s.id < 0) return;
    const int32_t nextId = symbols[static_cast<size_t>(s.next)].id;
    if (nextId < 0) return;
    if (const PairMap::Value* v = merges_.find(s.id, nextId)) {
      queue.push_back({v->rank, pos, v->newId});
      std::push_heap(queue.begin(), queue.end(), later);
    }
  };
  for (size_t i = 0; i + 1 < symbols.size(); ++i) consider(static_cast<int32_t>(i));
  while (!queue.empty()) {
    std::pop_heap(queue.begin(), queue.end(), later);
    const Candidate top = queue.back();
    queue.pop_back();
    Symbol& s = symbols[static_cast<size_t>(top.pos)];
    if (s.byteLen == 0 || s.next < 0) continue;
    const Symbol& nextSym = symbols[static_cast<size_t>(s.next)];
    const PairMap::Value* v = merges_.find(s.id, nextSym.id);
    if (!v || v->newId != top.newId) continue;  // stale: one side changed since this was queued
    const int32_t gone = s.next;
    s.id = top.newId;
    s.byteLen += nextSym.byteLen;
    s.next = nextSym.next;
    symbols[static_cast<size_t>(gone)].byteLen = 0;
    if (s.next >= 0) symbols[static_cast<size_t>(s.next)].prev = top.pos;
    if (s.prev >= 0) consider(s.prev);
    consider(top.pos);
  }

  for (const Symbol& s : symbols) {
    if (s.byteLen == 0) continue;
    int64_t id = s.id;
    if (id < 0) {
      if (unkId_ < 0) continue;  // no unknown token: the byte is dropped, as the reference does
      id = unkId_;
    }
    int b = byteOrig[s.byteBegin];
    int e = byteOrig[s.byteBegin + s.byteLen - 1] + 1;
    if (trimOffsets_) {
      // ByteLevel trim_offsets: spaces at either end of a token are not part of its offsets.
      int lead = 0, trail = 0;
      while (lead < static_cast<int>(s.byteLen) && bytes[s.byteBegin + lead] == ' ') ++lead;
      while (trail < static_cast<int>(s.byteLen) && bytes[s.byteBegin + s.byteLen - 1 - trail] == ' ')
        ++trail;
      if (keepFirstSpace && s.byteBegin == 0 && lead == 1) lead = 0;
      if (lead > 0) b = std::min(b + lead, e);
      if (trail > 0 && e >= trail) e = std::max(e - trail, b);
    }
    appendToken(out, id, vocab_.token(id), b, e);
  }
}

}  // namespace pwb::tokenize
