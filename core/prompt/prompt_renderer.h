#pragma once
// Template + one example's fields + tokenizer -> the model input, with everything the GUI needs to show
// where each token came from and what truncation did.
//
// Faithful to the reference stacks: each text segment of the prompt is built as one string (literal
// text, modified field texts, the tokenizer's own mask spelling) and tokenized once, exactly as
// `tokenizer.encode(sentence + " it was [MASK] .")`; tokens are mapped back to template elements by their
// character offsets. [SOFT]/[P] vectors are not text: they split a segment into chunks that are tokenized
// separately, and a slot is spliced in between (spaces next to them are layout, see TEMPLATES.md).
#include <cstdint>
#include <initializer_list>
#include <string>
#include <vector>

#include "prompt/demonstration.h"
#include "prompt/template.h"
#include "tokenize/tokenizer.h"

namespace pwb::prompt {

enum class TokenSource {
  Special,    // [CLS]/[SEP]/<s>/</s> added by the tokenizer's pair/single layout, or a template [SEP]
  Text,       // literal template text
  Field,      // a data field
  Mask,       // a [MASK] slot
  Soft,       // a [SOFT] vector slot
  Pseudo,     // a [P] vector slot
  Demo,       // a demonstration's text: its fields and the block's literal text
  DemoLabel,  // a demonstration's label word ([LABEL])
};
// "special", "text", "field", "mask", "soft", "pseudo", "demo", "demo-label"
const char* tokenSourceName(TokenSource s);

struct TokenOrigin {
  TokenSource source = TokenSource::Special;
  int element = -1;  // index into Template::elements(); -1 for a special token the tokenizer adds
  int begin = 0;     // byte range [begin, end) in RenderedPrompt::text; empty for slots and specials
  int end = 0;
  // The demonstration (index into the demonstrations given) the token renders, or the one a separator
  // token of the block comes before; -1 for the query.
  int demo = -1;
};

// A trainable-vector position: the id there is a placeholder (the tokenizer's unk id, or the init token
// of [SOFT:text]); training replaces its input embedding.
struct SoftSlot {
  int position = 0;     // token index
  bool pseudo = false;  // [P] (P-tuning v1 prompt encoder) rather than [SOFT] (prompt tuning)
  int index = 0;        // 0-based among the template's [SOFT] vectors (or among its [P] vectors)
  int element = -1;     // template element
  int64_t initId = -1;  // [SOFT:text]: the vocabulary token this vector is initialised from; else -1
};

// One rendered template element (literal, field, mask, separator) in the rendered text.
struct RenderedPart {
  int element = -1;
  TokenSource source = TokenSource::Text;
  std::string field;  // Field: the name as written in the template
  int column = -1;    // Field: the data column it reads
  int begin = 0;      // byte range in RenderedPrompt::text
  int end = 0;
  int firstToken = 0;  // tokens attributed to this part: [firstToken, firstToken + tokenCount)
  int tokenCount = 0;
  int demo = -1;  // the demonstration this part renders (its element is inside the block); -1: the query
};

struct FieldTruncation {
  std::string field;  // as written in the template
  int element = -1;
  int column = -1;
  int tokensBefore = 0;    // tokens of the field in the full prompt
  int tokensRemoved = 0;   // removed from the field's end: to fit maxLength, plus removedByLimit
  int removedByLimit = 0;  // of tokensRemoved: by LM-BFF's sentence limit (DemoLimits)
};

// What was cut from one field of one demonstration.
struct DemoTruncation {
  int demo = -1;      // index into the demonstrations given
  std::string id;     // the demonstration's example id
  std::string field;  // as written in the block
  int element = -1;
  int column = -1;
  int tokensBefore = 0;      // tokens of the field as first rendered
  int removedByLimit = 0;    // by DemoLimits::otherSentenceTokens
  int removedForLength = 0;  // then to fit maxLength (demonstrations are shortened before the query)
};

struct RenderedPrompt {
  // What the tokenizer saw; a pair is shown as "<segment 1> [SEP] <segment 2>" with the tokenizer's
  // separator spelling.
  std::string text;
  std::vector<int64_t> ids;
  std::vector<int64_t> typeIds;
  std::vector<uint8_t> attention;              // 1 for every token (no padding here)
  std::vector<int> maskPositions;              // every mask token, in order
  std::vector<std::vector<int>> maskSlots;     // per [MASK] element: its mask tokens (several for PET)
  std::vector<SoftSlot> softSlots;             // [SOFT] and [P] positions, in order
  std::vector<TokenOrigin> origins;            // one per token
  std::vector<RenderedPart> parts;             // in template order
  std::vector<FieldTruncation> truncation;     // only the query's fields that were shortened
  int segments = 1;                            // 2 for a [SEP] pair template
  std::vector<std::string> demoIds;            // the demonstrations rendered, in placement order
  std::vector<DemoTruncation> demoTruncation;  // only the demonstration fields that were shortened

  size_t size() const { return ids.size(); }
  bool truncated() const { return !truncation.empty() || !demoTruncation.empty(); }
};

class PromptRenderer {
 public:
  // `columns`: the data set's text columns in order (Dataset::columns); field names and aliases are
  // resolved against them (Template::validate errors). The tokenizer must outlive the renderer and have
  // a mask token when the template has a [MASK]. maxLength counts every token, specials and slots included.
  PromptRenderer(Template tmpl, std::vector<std::string> columns, const tokenize::Tokenizer& tokenizer,
                 int maxLength);

  // `fields`: one example's text fields in `columns` order (data::Example::fields).
  RenderedPrompt render(const std::vector<std::string>& fields) const;
  // PET scoring of multi-token label words: [MASK] element i is rendered as masksPerSlot[i] mask tokens
  // (one count per [MASK] element of the template; 0 is not allowed).
  RenderedPrompt render(const std::vector<std::string>& fields, const std::vector<int>& masksPerSlot) const;
  // Keeps `render(fields, {2})` and `render(fields, {})` meaning mask counts next to the overload below
  // (a braced list of ints is an exact match here, a user-defined conversion for both vectors).
  RenderedPrompt render(const std::vector<std::string>& fields,
                        std::initializer_list<int> masksPerSlot) const {
    return render(fields, std::vector<int>(masksPerSlot));
  }
  // A query with its demonstrations (TEMPLATES.md, Demonstrations): the template's demonstration block is
  // rendered once per entry of `demos`, in that order. `limits`: LM-BFF's per-sentence token limits.
  // Throws pwb::Error when the template has demonstrations and `demos` is empty, when a demonstration has
  // the wrong number of fields or no label word, and when the input cannot fit even with every
  // demonstration's text cut. A template without demonstrations ignores `demos` only when it is empty.
  RenderedPrompt render(const std::vector<std::string>& fields, const std::vector<DemoInput>& demos,
                        const DemoLimits& limits = {}) const;

  const Template& tmpl() const { return tmpl_; }
  const std::vector<std::string>& columns() const { return columns_; }
  int maxLength() const { return maxLength_; }
  // Tokens the prompt takes when every field is empty (template text, masks, slots and specials).
  int templateTokens() const;
  // Whether the token predicted at [MASK] element `maskIndex` follows a space in the rendered text: BPE
  // label words then take their leading-space form (Ġgreat). False at the start of a segment, right
  // after a field (`{s}[MASK]`) or after text without a trailing space.
  bool maskFollowsSpace(int maskIndex = 0) const;

  // Implementation details shared by the render steps (prompt_renderer.cpp).
  struct SpecialLayout {
    std::vector<int64_t> prefix, middle, suffix;  // ids around segment A (and B for a pair)
    std::vector<int64_t> prefixTypes, middleTypes, suffixTypes;
    int64_t typeA = 0, typeB = 0;  // type id of the text tokens of each segment
  };
  struct DemoTexts {
    std::vector<std::vector<std::string>> fields;  // per demonstration, per element: the field's text
    std::vector<std::string> labels;               // per demonstration: its label word as rendered
  };

 private:
  Template tmpl_;
  std::vector<std::string> columns_;
  const tokenize::Tokenizer& tok_;
  int maxLength_;
  std::vector<int> fieldColumn_;                // per element, -1 when not a field
  std::vector<std::string> literal_;            // per element: Text after layout trimming
  std::vector<bool> shortenable_;               // per element
  std::vector<std::vector<int64_t>> softInit_;  // per element: [SOFT:text] init ids
  std::vector<int> segmentOf_;                  // per element: 0, 1; -1 for Cls/final Sep
  SpecialLayout single_, pair_;
  bool demoSepBefore_ = false;  // query content before the block in its segment: a separator first
  bool demoSepAfter_ = false;   // query content after the block in its segment: a separator after
  bool labelSpace_ = true;      // label words take the leading-space form the [MASK] predicts

  RenderedPrompt layout(const std::vector<std::string>& fieldTexts, const std::vector<int>& masksPerSlot,
                        const DemoTexts* demos = nullptr) const;
  RenderedPrompt renderImpl(const std::vector<std::string>& fields, const std::vector<int>& masksPerSlot,
                            const std::vector<DemoInput>* demos, const DemoLimits& limits) const;
};

}  // namespace pwb::prompt
