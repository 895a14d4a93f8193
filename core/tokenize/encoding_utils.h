#pragma once
// Building Encodings: the models append text tokens, the post-processor adds specials and segment data.
#include <string>

#include "tokenize/tokenizer.h"

namespace pwb::tokenize {

// Appends one token to the ids/tokens/offsets of an Encoding (the other fields are filled later).
inline void appendToken(Encoding& out, int64_t id, const std::string& token, int begin, int end) {
  out.ids.push_back(id);
  out.tokens.push_back(token);
  out.offsets.emplace_back(begin, end);
}

}  // namespace pwb::tokenize
