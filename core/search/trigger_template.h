#pragma once
// Templates with trigger slots for AutoPrompt: `{s} [T] [T] [T] [MASK] .`, `{s} [T*3] [MASK] .` (SEARCH.md).
// The slots are parsed here, on top of core/prompt's template language, and never reach core/prompt: for the
// search each trigger token is rendered as a mask token (AutoPrompt's initial trigger) whose id is then
// replaced; the result is written back as an ordinary hard template with the chosen tokens as text.
#include <string>
#include <vector>

#include "prompt/template.h"

namespace pwb::tokenize {
class Tokenizer;
}

namespace pwb::search {

constexpr int kMaxTriggerCount = 32;  // tokens in one [T*n]

struct TriggerSlot {
  int count = 1;              // trigger tokens in the slot ([T] = 1, [T*n] = n)
  prompt::SourcePos pos;      // of its '[' in the source
  size_t begin = 0, end = 0;  // byte range of `[T...]` in the source
};

struct TriggerTemplate {
  std::string source;                 // as written, with trigger slots
  std::string sourceName;             // for error locations
  std::vector<TriggerSlot> triggers;  // the slots, in order (not `slots`: a Qt keyword)
  // The core/prompt template the search renders: every trigger token as one [MASK].
  std::string maskedText;
  prompt::Template masked;
  // Per [MASK] element of `masked`, in order: the trigger token it stands for (0-based over all slots), or
  // -1 for a mask of the template itself.
  std::vector<int> maskTrigger;
  int labelMask =
      -1;  // index of the first [MASK] element that is not a trigger: the label word is scored there

  int triggerCount() const;  // trigger tokens over all slots
  // The hard template with trigger token i written as `tokenTexts[i]` (one string per trigger token, in
  // order, as triggerTokenText gives them): the source with each slot replaced by its tokens' texts.
  std::string fill(const std::vector<std::string>& tokenTexts) const;
};

// Parses `text`. Throws pwb::Error at "<sourceName>:<line>:<column>" for a bad slot (`[T*0]`, `[T*x]`,
// `[T x]`), for any core/prompt template error (columns refer to `text` as written), and when the template
// has no trigger slot or no [MASK] of its own.
TriggerTemplate parseTriggerTemplate(const std::string& text, const std::string& sourceName = "template");

// How one trigger token is written back as template text: escaped for the template language. Whole-word
// tokens (WordPiece without "##", BPE with the leading-space mark Ġ) start with a space; word pieces
// ("##ing", BPE pieces without Ġ) do not, so they join the word before them as the tokenizer would split it.
std::string triggerTokenText(const tokenize::Tokenizer& tokenizer, int64_t id);

}  // namespace pwb::search
