#pragma once
// Template generation with the masked LM itself (LM-BFF's auto-T, Gao et al. 2021,
// tools/generate_template.py, without T5). For every K-shot training example a run of n masks is put next to
// the example's label word, the masks are decoded jointly for all examples at once (one beam shared by every
// example of every class, a span's score = the sum over all examples of its log-probability), and the best
// spans become hard templates with the label word replaced by [MASK]. Forms (n = GenerateOptions::maskRun):
//   s-masks-label   {s} [MASK]*n <label word> .                ->  {text_a} <span> [MASK] .
//   label-masks-s   <label word> [MASK]*n {s}                  ->   [MASK] <span> {text_a}
//   pair            {s1} [MASK]*n <label word> [MASK]*n {s2}    ->  {text_a|no_final_punct} <span1> [MASK]
//   <span2> {text_b|lower_first}
// Decode order (a masked LM has no left-to-right factorisation of its own): left to right; step i re-runs
// the model on every example with the first i span positions filled by the hypothesis' tokens and the rest
// still [MASK], and scores the token at position i. Details and the differences from LM-BFF: the .cpp.
// Torch-free header.
#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

#include "data/kshot_sampler.h"
#include "search/search_types.h"

namespace pwb::eval {
class EvalSession;
}
namespace pwb::tokenize {
class Tokenizer;
}

namespace pwb::search {

// "s-masks-label", "label-masks-s", "pair".
const std::vector<std::string>& generationFormNames();

// The forms GenerateOptions::forms asks for on data with these text columns (empty = every form the data
// allows: the two single-sentence forms for one column, "pair" for two). Throws pwb::Error for an unknown
// name, a pair form on one-column data, a single-sentence form on pair data, or more than two columns.
std::vector<std::string> resolveGenerationForms(const std::vector<std::string>& forms, size_t columns);

// The vocabulary a span may use: tokens whose text, tokenized alone, gives back exactly that token (so the
// generated template renders to the ids that were scored; this drops WordPiece '##' pieces), minus special
// tokens ([CLS], <s>, [unused3], <mask> ...) and text with control characters; for byte-level BPE a token
// without the leading-space mark Ġ is kept only when it is punctuation (else it would glue onto the word
// before it). Sorted ids.
std::vector<int64_t> spanVocabulary(const tokenize::Tokenizer& tokenizer);

// Generates templates from split.train (the label words are the first word of each class in
// request.verbalizerText), up to request.generate.keep of them, shared out over the forms; best beam score
// first. searchScore = the span's summed log-probability over all training examples; origin =
// "generated <form> seed <seed>". A raised cancel flag returns the templates of the forms finished so far.
// Throws pwb::Error naming the option for bad settings (maskRun, beam, keep < 1; unknown form; no
// verbalizer).
std::vector<TemplateCandidate> generateTemplates(eval::EvalSession& session, const SearchRequest& request,
                                                 const data::KShotSplit& split,
                                                 const SearchCallback& callback = {},
                                                 const std::atomic<bool>* cancel = nullptr);

}  // namespace pwb::search
