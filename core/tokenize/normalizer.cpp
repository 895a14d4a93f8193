#include "tokenize/normalizer.h"

namespace pwb::tokenize {

using namespace unicode;

void normalizeText(const NormalizerOptions& opt, const char32_t* cps, size_t begin, size_t end,
                   NormalizedText& out) {
  if (!opt.bert) {
    for (size_t k = begin; k < end; ++k) out.push(cps[k], static_cast<int32_t>(k));
    return;
  }
  char32_t decomposed[kMaxDecomposition];
  char32_t lowered[kMaxLowercase];
  for (size_t k = begin; k < end; ++k) {
    char32_t cp = cps[k];
    const auto from = static_cast<int32_t>(k);
    const uint8_t f = flags(cp);
    if (opt.cleanText) {
      // Same order as BertNormalizer::do_clean_text: drop controls first (\t \n \r are not controls),
      // then map whitespace to a plain space.
      const bool control = (f & kOther) && cp != '\t' && cp != '\n' && cp != '\r';
      if (cp == 0 || cp == 0xFFFD || control) continue;
      if (f & kWhitespace) cp = ' ';
    }
    if (cp < 0x80) {  // fast path: ASCII has no decomposition and a one-character lowercase
      if (opt.lowercase && cp >= 'A' && cp <= 'Z') cp += 32;
      out.push(cp, from);
      continue;
    }
    // CJK compatibility ideographs have canonical decompositions, so the padded character still goes
    // through NFD/lowercase like any other (BertNormalizer pads first, then strips accents).
    const bool pad = opt.handleChineseChars && (f & kCjk);
    if (pad) out.push(' ', from);
    int n = 1;
    decomposed[0] = cp;
    if (opt.stripAccents) n = decompose(cp, decomposed);
    for (int i = 0; i < n; ++i) {
      const char32_t c = decomposed[i];
      if (opt.stripAccents && (flags(c) & kNonspacing)) continue;
      if (!opt.lowercase) {
        out.push(c, from);
        continue;
      }
      const int m = toLower(c, lowered);
      for (int j = 0; j < m; ++j) out.push(lowered[j], from);
    }
    if (pad) out.push(' ', from);
  }
}

}  // namespace pwb::tokenize
