#pragma once
// Generation by infilling: fills every [MASK] of one encoded text jointly, each fill conditioned on the
// fills made before it (the model is run again after every step). Three orders:
//   left-to-right    the leftmost open mask gets its most likely token, then the model runs again;
//   confident-first  the open mask whose most likely token has the highest probability is filled first
//                    (PET's order for multi-token label words);
//   beam             beam search over the masks in left-to-right order: every step extends each of the
//                    B hypotheses by every token and keeps the B best by the sum of the chosen tokens'
//                    log-probabilities (PET's score for several masks). All hypotheses of a step run in
//                    one batched forward pass.
// A log-probability is the model's log-softmax over the full vocabulary at that mask. The special tokens
// ([CLS] [SEP] [PAD] [UNK] [MASK] / <s> </s> <pad> <unk> <mask>) are never chosen (a filled mask must be
// text); they keep their share of the normalisation, so the numbers are the model's own log-probs.
// Torch-free header: the GUI reaches this through EvalSession::fillMasks.
#include <cstdint>
#include <string>
#include <vector>

#include "eval/infill_types.h"

namespace pwb::model {
class MaskedLM;
}
namespace pwb::tokenize {
class Tokenizer;
}

namespace pwb::eval {

// Fills the masks (tokenizer.special().maskId) of one encoding (ids with special tokens, typeIds of the
// same length). Returns the hypotheses best first: one for left-to-right and confident-first, up to topN
// for beam. Throws pwb::Error for no mask, more than kMaxInfillMasks masks, a text longer than the model
// accepts, mismatched typeIds, a bad beam width / topN, or the Independent order.
std::vector<InfillHypothesis> fillMasks(model::MaskedLM& model, const tokenize::Tokenizer& tokenizer,
                                        const std::vector<int64_t>& ids, const std::vector<int64_t>& typeIds,
                                        const InfillOptions& options);

// PET's score of a multi-token answer (MultiMaskTaskHelper's evaluation, e.g. COPA, WSC): the masks of
// `ids` are to hold `targets` (one token per mask, text order); at each step the open mask whose target
// has the highest probability is filled with its target and the model runs again; the score is the sum of
// those log-probs. The special tokens are allowed here (the targets are given). core/eval's class scoring
// (MultiTokenMode::MultiMask) instead scores every piece in one forward pass, as PET's training does.
// Throws pwb::Error as fillMasks, and when targets and masks differ in number or a target is out of range.
InfillHypothesis scoreFills(model::MaskedLM& model, const tokenize::Tokenizer& tokenizer,
                            const std::vector<int64_t>& ids, const std::vector<int64_t>& typeIds,
                            const std::vector<int64_t>& targets);

}  // namespace pwb::eval
