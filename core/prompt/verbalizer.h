#pragma once
// A verbalizer maps each label of the data set to one or several label words ("0=terrible;1=great,good"),
// and says how the words' scores become a class score. Resolution turns the words into token ids for a
// given tokenizer and template (BPE leading-space forms such as Ġgreat are chosen here, not by the user).
// Scoring itself is core/eval's job; this records the choices and gives the GUI each word's pieces.
#include <cstdint>
#include <string>
#include <vector>

#include "tokenize/tokenizer.h"

namespace pwb::prompt {

// How the log-probabilities of a class's label words become its score.
enum class WordAggregation {
  MeanLogProb,  // mean of the words' log-probs (PET / LM-BFF; default)
  MaxLogProb,   // the best word's log-prob
  LogSumProb,   // log of the sum of the words' probabilities
};

// How a label word that the tokenizer splits into several tokens is scored.
enum class MultiTokenMode {
  SubtokenMean,   // at the one [MASK]: mean of the sub-tokens' log-probs (default)
  FirstSubtoken,  // at the one [MASK]: the first sub-token only
  MultiMask,      // PET: the [MASK] is rendered as N masks for an N-token word, log-probs summed over them
  // PET's evaluation of multi-token answers (MultiMaskTaskHelper): the N masks are filled one at a time,
  // the piece the model is most confident about first, the model run again after each fill; the score is
  // the sum of the chosen pieces' log-probs (eval::scoreFills). N - 1 extra forward passes per word.
  PetSequential,
};

const char* aggregationName(WordAggregation a);  // "mean", "max", "sum"
// "subtoken_mean", "first_subtoken", "multi_mask", "pet_sequential"
const char* multiTokenName(MultiTokenMode m);
// Parse the names above; a pwb::Error lists the valid ones.
WordAggregation parseAggregation(const std::string& name);
MultiTokenMode parseMultiTokenMode(const std::string& name);

struct VerbalizerClass {
  std::string label;               // the data set's label string ("0", "entailment")
  std::vector<std::string> words;  // as written, at least one
};

struct Verbalizer {
  std::vector<VerbalizerClass> classes;  // in the order written
  WordAggregation aggregation = WordAggregation::MeanLogProb;
  MultiTokenMode multiToken = MultiTokenMode::SubtokenMean;
  std::string sourceName = "verbalizer";

  const VerbalizerClass* find(const std::string& label) const;  // nullptr when absent
  // Throws pwb::Error when a data set label has no words or a verbalizer label is not a data set label.
  void validateLabels(const std::vector<std::string>& labels) const;
  // "0=terrible;1=great,good" (escapes added where needed); parseVerbalizer reads it back.
  std::string toString() const;
};

// Text form: LABEL=word[,word];LABEL=word — spaces around names are ignored, `\` escapes ; , = and \.
// JSON form: {"0": "terrible", "1": ["great", "good"]} or
//            {"labels": {...}, "aggregation": "mean", "multi_token": "multi_mask"}.
// Errors are pwb::Error at "<sourceName>:<line>:<column>" saying what was expected.
Verbalizer parseVerbalizer(const std::string& spec, const std::string& sourceName = "verbalizer");

enum class WordStatus {
  Single,   // one vocabulary token: scored exactly at one mask
  Multi,    // several tokens: scored with Verbalizer::multiToken
  Unknown,  // contains the unknown token: the model cannot predict this word
};
const char* wordStatusName(WordStatus s);  // "single", "multi", "unknown"

struct ResolvedWord {
  std::string label;
  std::string word;                 // as the user wrote it
  std::vector<int64_t> ids;         // token ids in the form used at the mask
  std::vector<std::string> pieces;  // their vocabulary spellings ("great", "Ġgreat", "un", "##believ")
  WordStatus status = WordStatus::Single;
  bool leadingSpace = false;  // the BPE in-sentence form (Ġ...) was used
};

struct ResolvedClass {
  std::string label;
  std::vector<ResolvedWord> words;
};

struct ResolvedVerbalizer {
  std::vector<ResolvedClass> classes;  // in the order of the labels given to resolveVerbalizer
  WordAggregation aggregation = WordAggregation::MeanLogProb;
  MultiTokenMode multiToken = MultiTokenMode::SubtokenMean;
  std::vector<std::string> notes;  // for the user: multi-token and unknown words, and how they are scored

  bool hasMultiToken() const;
  bool hasUnknown() const;
  int maxPieces() const;  // the most tokens of any word (masks needed per slot for MultiMask)
  std::vector<std::string> labels() const;
};

// One word as the model sees it at the mask. BPE: the leading-space form (Tokenizer::wordInContext) when
// the mask follows a space in the template (PromptRenderer::maskFollowsSpace), else the bare form;
// WordPiece has a single form. Throws pwb::Error when the word gives no token at all.
ResolvedWord resolveWord(const std::string& word, const tokenize::Tokenizer& tokenizer,
                         bool maskFollowsSpace);

// Validates the labels (when `labels` is not empty) and resolves every word; classes follow `labels`
// (the data set's label order; the verbalizer's order when `labels` is empty).
ResolvedVerbalizer resolveVerbalizer(const Verbalizer& verbalizer, const std::vector<std::string>& labels,
                                     const tokenize::Tokenizer& tokenizer, bool maskFollowsSpace);

}  // namespace pwb::prompt
