#include "tokenize/added_tokens.h"

#include <algorithm>
#include <string_view>

#include "tokenize/unicode_utils.h"

namespace pwb::tokenize {
namespace {

bool isWordChar(char32_t c) {
  return c == '_' || (unicode::flags(c) & (unicode::kLetter | unicode::kNumber));
}
bool isSpace(char32_t c) {
  return unicode::flags(c) & unicode::kWhitespace;
}

}  // namespace

AddedTokenMatcher::AddedTokenMatcher(const std::vector<const AddedToken*>& tokens,
                                     const NormalizerOptions* normalizer) {
  for (const AddedToken* t : tokens) {
    Entry e{{}, t};
    const std::string_view s = t->content;
    char32_t cp;
    for (size_t pos = 0; pos < s.size();) {
      pos += unicode::decodeUtf8(s, pos, cp);
      e.cps.push_back(cp);
    }
    if (normalizer) {
      NormalizedText n;
      normalizeText(*normalizer, e.cps.data(), 0, e.cps.size(), n);
      e.cps.assign(n.cps.begin(), n.cps.end());
    }
    if (e.cps.empty()) continue;  // an empty token would match everywhere
    const char32_t first = e.cps[0];
    if (first < 128) {
      asciiFirst_[first >> 6] |= uint64_t(1) << (first & 63);
    } else if (otherFirst_.find(first) == std::u32string::npos) {
      otherFirst_.push_back(first);
    }
    entries_.push_back(std::move(e));
  }
  std::stable_sort(entries_.begin(), entries_.end(),
                   [](const Entry& a, const Entry& b) { return a.cps.size() > b.cps.size(); });
}

void AddedTokenMatcher::find(const char32_t* cps, size_t begin, size_t end,
                             std::vector<AddedMatch>& out) const {
  if (entries_.empty()) return;
  size_t floor = begin;  // lstrip must not reach into the previous match
  for (size_t p = begin; p < end;) {
    if (!mayStart(cps[p])) {
      ++p;
      continue;
    }
    const Entry* hit = nullptr;
    for (const Entry& e : entries_) {
      const size_t n = e.cps.size();
      if (e.cps[0] != cps[p] || n > end - p) continue;
      if (!std::equal(e.cps.begin(), e.cps.end(), cps + p)) continue;
      if (e.token->singleWord) {
        const bool leftOk = p == begin || !isWordChar(cps[p - 1]);
        const bool rightOk = p + n == end || !isWordChar(cps[p + n]);
        if (!leftOk || !rightOk) continue;
      }
      hit = &e;
      break;
    }
    if (!hit) {
      ++p;
      continue;
    }
    AddedMatch m{p, p + hit->cps.size(), hit->token};
    if (hit->token->lstrip)
      while (m.begin > floor && isSpace(cps[m.begin - 1])) --m.begin;
    if (hit->token->rstrip)
      while (m.end < end && isSpace(cps[m.end])) ++m.end;
    out.push_back(m);
    floor = m.end;
    p = m.end;
  }
}

}  // namespace pwb::tokenize
