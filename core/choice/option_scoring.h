#pragma once
// Multiple choice scored by the option TEXT (issue 17): instead of a label word per option letter, each
// option's text is put at the template's [MASK] as N masks (N = its word pieces) and scored with PET's
// sequential multi-token score (eval::scoreFills: the open mask whose target is most probable is filled
// first, the model runs again, the score is the sum of the targets' log-probs). The prediction is the
// option with the highest score; accuracy over the rows with an answer. The data set is a multiple-choice
// set (data format "mc-jsonl": fields option_A, option_B, ... and the answer's letter as label).
//
// Length: a sum of log-probs favours short options (every piece costs probability). OptionScore::Sum is
// PET's score, as its MultiMaskTaskHelper ranks COPA's choices; OptionScore::Mean divides by the number
// of pieces (length-normalised, as e.g. lm-eval-harness's acc_norm normalises by length) — not in PET.
// Torch-free header: the CLI and the GUI call runOptionScoring.
#include <atomic>
#include <cstddef>
#include <string>
#include <vector>

#include "data/dataset.h"
#include "eval/eval_session.h"

namespace pwb::choice {

enum class OptionScore { Sum, Mean };
// "sum" | "mean"; throws pwb::Error naming them.
OptionScore parseOptionScore(const std::string& text);
const char* optionScoreName(OptionScore s);

struct OptionScoreRequest {
  data::Dataset data;        // a multiple-choice set: labels A, B, ... with fields option_A, option_B, ...
  std::string templateText;  // one [MASK] where the option text goes, hard template
  OptionScore score = OptionScore::Sum;
  size_t limit = 0;   // 0 = every row
  int maxLength = 0;  // tokens per rendered prompt; 0 = the model's maximum
};

struct OptionScoreExample {
  std::string id;
  int line = 0;
  int gold = -1;  // option index (labels order), -1 without an answer
  int pred = -1;
  std::vector<double> scores;  // per option: sum or mean of the pieces' log-probs
  std::vector<int> pieces;     // per option: word pieces (= masks) of its text
};

struct OptionScoreResult {
  std::string templateText;
  OptionScore score = OptionScore::Sum;
  std::vector<std::string> labels;  // option letters
  size_t scored = 0;                // rows scored
  size_t withAnswer = 0;            // of them, rows with an answer
  size_t correct = 0;
  double accuracy = 0;  // correct / withAnswer (0 when none)
  // Rows left out, with why (an option of more than eval::kMaxInfillMasks pieces, or one with [UNK]):
  // "L12: option C has 20 word pieces (at most 16 masks)".
  std::vector<std::string> skipped;
  std::vector<OptionScoreExample> examples;
  std::vector<std::string> notes;
  double seconds = 0;
};

// Throws pwb::Error for a template that is not a hard one-mask template of the data set's fields, a data
// set without option fields, and eval::Cancelled when *cancel is raised (checked between rows). Runs torch
// on the calling thread; progress counts rows.
OptionScoreResult runOptionScoring(eval::EvalSession& session, const OptionScoreRequest& request,
                                   const eval::Progress& progress = {},
                                   const std::atomic<bool>* cancel = nullptr);

}  // namespace pwb::choice
