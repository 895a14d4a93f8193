#pragma once
// Internal: the bridge from core/prompt to scoring — templates rendered into token ids with mask positions,
// and verbalizer text resolved into label-word token ids.
#include <cstdint>
#include <string>
#include <vector>

#include "data/dataset.h"
#include "eval/class_scorer.h"
#include "eval/mask_states.h"

namespace pwb::prompt {
class Template;
}
namespace pwb::tokenize {
class Tokenizer;
}

namespace pwb::eval {

// Renders examples [0, count) of `examples` with the template for a model of maxLength tokens (shortenable
// fields are shortened, masks and template text kept), the first [MASK] as firstSlotMasks mask tokens (PET
// multi-mask scoring; 1 = as written). Throws pwb::Error naming the example on failure.
std::vector<RenderedInput> renderExamples(const prompt::Template& tpl, const tokenize::Tokenizer& tokenizer,
                                          const std::vector<std::string>& columns,
                                          const std::vector<data::Example>& examples, size_t count,
                                          int maxLength, int firstSlotMasks = 1);

// Parses the verbalizer (core/prompt syntax: "1=great,good;0=terrible" or its JSON form) and resolves its
// words against the tokenizer: the BPE leading-space form when the template's first mask follows a space.
// Classes come in `labels` order; every label needs at least one word and every verbalizer label must be
// one of `labels`. With `labels` empty (an unlabeled data set) the classes are the verbalizer's labels in
// the order written. A word containing the unknown token is an error (the model cannot predict it).
ResolvedVerbalizer resolveVerbalizerText(const std::string& text, const std::vector<std::string>& labels,
                                         const tokenize::Tokenizer& tokenizer, bool maskFollowsSpace = true);

// Whether the template's first mask follows a space once rendered (for BPE label-word forms).
bool firstMaskFollowsSpace(const prompt::Template& tpl, const std::vector<std::string>& columns,
                           const tokenize::Tokenizer& tokenizer, int maxLength);

}  // namespace pwb::eval
