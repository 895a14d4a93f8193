#pragma once
// What a knowledge probe is asked to do and what it returns. Torch-free plain structs: the CLI and the GUI
// fill requests and show results without including torch.
//
// The convention (LAMA, Petroni et al. 2019; P-tuning's LAMA table): the template has one [MASK]; the
// model's full-vocabulary distribution there ranks every token; an example's rank is 1 + the number of
// tokens with a strictly higher logit than the answer's token (ties rank the answer first). P@k is the share
// of scored examples with rank <= k, MRR the mean of 1/rank. An answer that is not ONE token of the model's
// vocabulary (as the word appears at the mask: "##"-free WordPiece, or BPE's leading-space form after a
// space) cannot be produced by one mask: by default it is reported (count and first ids) and skipped, as
// LAMA filters such facts; with MultiPieceAnswers::FirstPiece it is scored by its first piece instead
// (an easier, optimistic target, noted in the result). An answer containing the unknown token is always
// skipped: the model cannot name it.
// Differences from LAMA, on purpose: the rank is over the model's whole vocabulary (special tokens and
// "##" pieces included), not LAMA's common vocabulary of all compared models; and LAMA ranks by sorted
// log-probabilities (ties broken by position), here ties favour the answer.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "data/dataset.h"
#include "eval/eval_types.h"

namespace pwb::probe {

enum class MultiPieceAnswers {
  Skip,        // LAMA: reported and left out of P@k / MRR (default)
  FirstPiece,  // scored by the answer's first word piece
};

// "skip" | "first-piece"; throws pwb::Error naming the accepted values.
MultiPieceAnswers parseMultiPieceAnswers(const std::string& text);
const char* multiPieceAnswersName(MultiPieceAnswers mode);

struct ProbeRequest {
  data::Dataset data;  // Example::label is the answer word (see probe_import.h)
  std::string templateText;
  MultiPieceAnswers multiPiece = MultiPieceAnswers::Skip;
  int topK = 10;       // per example: the k most likely tokens kept for the report (>= 0)
  size_t limit = 0;    // 0 = every example
  int batchSize = 32;  // sequences per forward pass
  int maxLength = 0;   // tokens per rendered prompt; 0 = the model's maximum
  bool keepExamples = true;
};

// Precision at 1 and 10 and the mean reciprocal rank over the scored examples.
struct ProbeMetrics {
  size_t count = 0;  // scored examples
  double p1 = 0;
  double p10 = 0;
  double mrr = 0;
};

// An answer that could not be scored as one token, where it came from and how the tokenizer split it.
struct AnswerIssue {
  std::string id;  // example id ("L<line>")
  int line = 0;
  std::string answer;
  std::vector<std::string> pieces;
  std::string reason;  // "2 word pieces", "contains the unknown token [UNK]"
};

struct ProbeExample {
  std::string id;
  int line = 0;
  std::string answer;
  int64_t answerId = -1;             // the token ranked (the first piece when scored that way)
  std::string answerToken;           // its vocabulary spelling
  bool firstPiece = false;           // scored by the first of several pieces
  int64_t rank = 0;                  // 1-based rank over the whole vocabulary
  double answerProb = 0;             // its probability at the mask
  std::vector<eval::TokenProb> top;  // the k most likely tokens
};

struct ProbeResult {
  std::string templateText;
  std::string modelDir;
  MultiPieceAnswers multiPiece = MultiPieceAnswers::Skip;
  int64_t vocabSize = 0;
  size_t total = 0;  // examples considered (after --limit)
  ProbeMetrics metrics;
  std::vector<AnswerIssue> multiPieceAnswers;  // skipped (Skip) or scored by the first piece (FirstPiece)
  std::vector<AnswerIssue> unknownAnswers;     // always skipped
  std::vector<ProbeExample> examples;          // scored examples, when keepExamples
  std::vector<std::string> notes;              // the convention and what was skipped, for people
  double seconds = 0;
};

}  // namespace pwb::probe
