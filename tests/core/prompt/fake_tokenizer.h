#pragma once
// A tiny BERT-like tokenizer for renderer tests that must not depend on vocabulary files: lower-cases
// ASCII, splits on spaces and punctuation, greedy WordPiece (##) over a fixed word list, matches
// [MASK] as a special token, [CLS] A [SEP] B [SEP] with type ids 0/1. Offsets are code points.
#include <cctype>
#include <map>
#include <string>
#include <vector>

#include "tokenize/tokenizer.h"

namespace pwb::test {

class FakeTokenizer : public tokenize::Tokenizer {
 public:
  FakeTokenizer() {
    for (const char* t : {"[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"}) add(t);
    for (const char* t :
         {"a",      "great", "film", "it",       "was", "good", "bad", "movie", "the",  ".",  ",",
          "?",      "!",     "all",  "in",       "not", "very", "and", "plot",  "is",   "un", "##believ",
          "##able", "été",   "##s",  "terrible", "cat", "dog",  "yes", "no",    "maybe"}) {
      add(t);
    }
    sp_.pad = "[PAD]";
    sp_.unk = "[UNK]";
    sp_.cls = "[CLS]";
    sp_.sep = "[SEP]";
    sp_.mask = "[MASK]";
    sp_.padId = 0;
    sp_.unkId = 1;
    sp_.clsId = 2;
    sp_.sepId = 3;
    sp_.maskId = 4;
  }

  tokenize::Encoding encodeRaw(const std::string& text) const override {
    tokenize::Encoding e;
    // Code points with their byte starts.
    std::vector<size_t> starts;
    for (size_t i = 0; i < text.size(); ++i) {
      if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) starts.push_back(i);
    }
    const int n = static_cast<int>(starts.size());
    auto byteOf = [&](int cp) { return cp < n ? starts[cp] : text.size(); };
    auto isWordChar = [&](int cp) {
      const auto c = static_cast<unsigned char>(text[starts[cp]]);
      return c >= 0x80 || std::isalnum(c);
    };
    int i = 0;
    while (i < n) {
      const char c = text[starts[i]];
      if (c == ' ' || c == '\t' || c == '\n') {
        ++i;
        continue;
      }
      if (text.compare(starts[i], 6, "[MASK]") == 0) {
        push(e, 4, "[MASK]", i, i + 6);
        i += 6;
        continue;
      }
      if (!isWordChar(i)) {
        const std::string t(1, c);
        push(e, idOf(t), vocab_.count(t) ? t : "[UNK]", i, i + 1);
        ++i;
        continue;
      }
      int j = i;
      while (j < n && isWordChar(j)) ++j;
      std::string word = text.substr(byteOf(i), byteOf(j) - byteOf(i));
      for (char& ch : word) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      wordPieces(e, word, i);
      i = j;
    }
    return e;
  }

  tokenize::Encoding encode(const std::string& text) const override {
    tokenize::Encoding raw = encodeRaw(text);
    tokenize::Encoding e;
    push(e, 2, "[CLS]", 0, 0, -1);
    append(e, raw, 0, 0);
    push(e, 3, "[SEP]", 0, 0, -1);
    return e;
  }

  tokenize::Encoding encodePair(const std::string& a, const std::string& b) const override {
    tokenize::Encoding e;
    push(e, 2, "[CLS]", 0, 0, -1);
    append(e, encodeRaw(a), 0, 0);
    push(e, 3, "[SEP]", 0, 0, -1);
    append(e, encodeRaw(b), 1, 1);
    push(e, 3, "[SEP]", 0, 0, -1, 1);
    return e;
  }

  int64_t tokenToId(const std::string& token) const override {
    auto it = vocab_.find(token);
    return it == vocab_.end() ? -1 : it->second;
  }
  std::string idToToken(int64_t id) const override {
    return id >= 0 && id < static_cast<int64_t>(tokens_.size()) ? tokens_[id] : "";
  }
  int64_t vocabSize() const override { return static_cast<int64_t>(tokens_.size()); }
  const tokenize::SpecialTokens& special() const override { return sp_; }
  std::string kind() const override { return "wordpiece"; }
  std::vector<int64_t> wordInContext(const std::string& word) const override { return encodeRaw(word).ids; }
  std::string decode(const std::vector<int64_t>& ids) const override {
    std::string out;
    for (int64_t id : ids) out += (out.empty() ? "" : " ") + idToToken(id);
    return out;
  }

 private:
  std::map<std::string, int64_t> vocab_;
  std::vector<std::string> tokens_;
  tokenize::SpecialTokens sp_;

  void add(const std::string& t) {
    vocab_[t] = static_cast<int64_t>(tokens_.size());
    tokens_.push_back(t);
  }
  int64_t idOf(const std::string& t) const {
    auto it = vocab_.find(t);
    return it == vocab_.end() ? 1 : it->second;
  }
  static void push(tokenize::Encoding& e, int64_t id, const std::string& tok, int b, int end, int seq = 0,
                   int64_t type = 0) {
    e.ids.push_back(id);
    e.tokens.push_back(tok);
    e.offsets.emplace_back(b, end);
    e.typeIds.push_back(type);
    e.specialMask.push_back(seq < 0 ? 1 : 0);
    e.sequenceIds.push_back(seq);
  }
  static void append(tokenize::Encoding& e, const tokenize::Encoding& raw, int seq, int64_t type) {
    for (size_t i = 0; i < raw.size(); ++i) {
      push(e, raw.ids[i], raw.tokens[i], raw.offsets[i].first, raw.offsets[i].second, seq, type);
    }
  }
  // Greedy longest-prefix WordPiece; offsets count code points of `word` from `cpStart`.
  void wordPieces(tokenize::Encoding& e, const std::string& word, int cpStart) const {
    std::vector<size_t> starts;
    for (size_t i = 0; i < word.size(); ++i) {
      if ((static_cast<unsigned char>(word[i]) & 0xC0) != 0x80) starts.push_back(i);
    }
    starts.push_back(word.size());
    const int n = static_cast<int>(starts.size()) - 1;
    tokenize::Encoding pieces;
    int i = 0;
    while (i < n) {
      int j = n;
      for (; j > i; --j) {
        const std::string sub = (i > 0 ? "##" : "") + word.substr(starts[i], starts[j] - starts[i]);
        if (vocab_.count(sub)) {
          push(pieces, vocab_.at(sub), sub, cpStart + i, cpStart + j);
          break;
        }
      }
      if (j == i) {  // no piece: the whole word is unknown
        push(e, 1, "[UNK]", cpStart, cpStart + n);
        return;
      }
      i = j;
    }
    append(e, pieces, 0, 0);
  }
};

}  // namespace pwb::test
