#include "tokenize/wordpiece.h"

#include "tokenize/encoding_utils.h"

namespace pwb::tokenize {

WordPiece::WordPiece(const Vocab& vocab, int64_t unkId, std::string prefix, int maxInputCharsPerWord)
    : vocab_(vocab),
      unkId_(unkId),
      prefix_(std::move(prefix)),
      maxChars_(maxInputCharsPerWord > 0 ? static_cast<size_t>(maxInputCharsPerWord) : 100) {}

void WordPiece::encode(const NormalizedText& text, size_t begin, size_t end, Encoding& out) const {
  size_t word = begin;  // start of the current word
  for (size_t k = begin; k < end; ++k) {
    const uint8_t f = unicode::flags(text.cps[k]);
    if (f & unicode::kWhitespace) {
      if (word < k) encodeWord(text, word, k, out);
      word = k + 1;
    } else if (f & unicode::kPunct) {
      if (word < k) encodeWord(text, word, k, out);
      encodeWord(text, k, k + 1, out);
      word = k + 1;
    }
  }
  if (word < end) encodeWord(text, word, end, out);
}

void WordPiece::encodeWord(const NormalizedText& text, size_t begin, size_t end, Encoding& out) const {
  const int wordBegin = text.orig[begin];
  const int wordEnd = text.orig[end - 1] + 1;
  auto unknown = [&] { appendToken(out, unkId_, vocab_.token(unkId_), wordBegin, wordEnd); };
  if (end - begin > maxChars_) return unknown();

  thread_local std::string piece;  // prefix + candidate, reused so lookups do not allocate
  const size_t firstToken = out.ids.size();
  const size_t maxBytes = vocab_.maxTokenBytes();
  for (size_t start = begin; start < end;) {
    const size_t extra = start > begin ? prefix_.size() : 0;
    size_t stop = end;
    // Skip candidates longer than the longest vocabulary entry: they cannot match.
    while (stop > start && text.byteStart[stop] - text.byteStart[start] + extra > maxBytes) --stop;
    int64_t id = -1;
    for (; stop > start; --stop) {
      const std::string_view sub = text.view(start, stop);
      if (extra == 0) {
        id = vocab_.find(sub);
      } else {
        piece.assign(prefix_);
        piece.append(sub);
        id = vocab_.find(piece);
      }
      if (id >= 0) break;
    }
    if (id < 0) {
      out.ids.resize(firstToken);
      out.tokens.resize(firstToken);
      out.offsets.resize(firstToken);
      return unknown();
    }
    appendToken(out, id, vocab_.token(id), text.orig[start], text.orig[stop - 1] + 1);
    start = stop;
  }
}

}  // namespace pwb::tokenize
