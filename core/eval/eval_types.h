#pragma once
// What an evaluation is asked to do and what it returns. Torch-free plain structs: the GUI fills requests
// and shows results without including torch.
#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "common/error.h"
#include "data/dataset.h"
#include "data/demo_options.h"
#include "eval/metrics.h"
#include "prompt/verbalizer.h"

namespace pwb::eval {

// How a class's label-word log-probs become its score, and how a word of several tokens is scored: the
// choices core/prompt's Verbalizer records (MeanLogProb / MaxLogProb / LogSumProb; SubtokenMean = mean of
// the sub-tokens at the one mask, FirstSubtoken, MultiMask = PET, the mask slot rendered as N masks and
// the N log-probs summed).
using WordAggregation = prompt::WordAggregation;
using MultiTokenMode = prompt::MultiTokenMode;

// Calibration divides each class probability by a prior and renormalises (Zhao et al. 2021).
enum class Calibration {
  None,
  ContentFree,   // prior = mean of the class probs for the template with every field "N/A" and every field ""
  TemplateOnly,  // prior = class probs for the template text alone (every field "")
};

struct ScoringOptions {
  WordAggregation aggregation = WordAggregation::MeanLogProb;
  MultiTokenMode multiToken = MultiTokenMode::SubtokenMean;
  Calibration calibration = Calibration::None;
  int batchSize = 32;  // sequences per forward pass (length-bucketed)
  int topK = 0;        // > 0: the k most likely vocabulary tokens at the first mask, per example
  int maxLength = 0;   // tokens per rendered example; 0 = the model's maximum
};

// Called from the worker thread: done out of total units (forward-pass examples).
using Progress = std::function<void(int64_t done, int64_t total)>;

// Thrown when the cancel flag was raised; the message says so.
class Cancelled : public Error {
 public:
  Cancelled() : Error("evaluation cancelled") {}
};

struct TokenProb {
  int64_t id = -1;
  std::string token;  // vocabulary spelling ("great", "##ly", "Ġgreat")
  double prob = 0;    // softmax over the full vocabulary at the mask
};

// One resolved label word: how the tokenizer splits it.
struct LabelWord {
  std::string label;                // data set label it stands for
  std::string word;                 // as the user wrote it
  std::vector<int64_t> ids;         // token ids (leading-space form for BPE)
  std::vector<std::string> tokens;  // their vocabulary spelling
  bool multiToken() const { return ids.size() > 1; }
};

struct ExamplePrediction {
  std::string id;                  // Example::id
  int gold = -1;                   // class index (labels order); -1 when unlabeled or the label is unknown
  int pred = -1;                   // argmax of probs
  std::vector<double> scores;      // class scores (aggregated label-word log-probs), before calibration
  std::vector<double> probs;       // softmax over the class scores, calibrated when asked
  std::vector<TokenProb> maskTop;  // ScoringOptions::topK tokens at the first mask (empty when 0); with
                                   // demonstrations: of the first demonstration set
  // With demonstrations: per demonstration set, the pool example ids placed in the input (placement
  // order). scores are then the mean of the sets' class scores and probs their softmax (LM-BFF's rule).
  std::vector<std::vector<std::string>> demos;
};

// The result of one template x verbalizer on one data set.
struct CellResult {
  std::string templateText;
  std::string verbalizerText;
  std::vector<std::string> labels;          // class order of every vector below (the data set's labels)
  std::vector<LabelWord> words;             // resolved label words, grouped by class in labels order
  Metrics metrics;                          // over the examples with a known gold label
  std::vector<ExamplePrediction> examples;  // in data set order
  std::vector<double> prior;                // calibration prior (labels order); empty when not calibrated
  std::vector<std::string> notes;  // for the user, e.g. multi-token label words and how they were scored
  // Examples whose class scores hold NaN or an infinity (a damaged model, an overflow): they get no
  // prediction (pred -1), count as wrong, and a note names how many and the first one.
  int nonFinite = 0;
  std::string firstNonFiniteId;
};

// One evaluation (pwb eval).
struct EvalRequest {
  data::Dataset data;
  std::string templateText;
  std::string verbalizerText;
  ScoringOptions options;
  size_t limit = 0;  // evaluate the first `limit` examples only; 0 = all
  // In-context demonstrations (GPT-3 style, no training): drawn from demoPool (a K-shot train split) with
  // demoSeed, `demos.sets` sets per example, class probabilities averaged over the sets.
  data::DemoOptions demos;
  data::Dataset demoPool;
  uint64_t demoSeed = 13;
  std::string demoSplit = "test";  // as EvalRun::demoSplit
};

// One data set a grid is run on; several runs (e.g. the K-shot dev split of each seed, or the test set
// scored with each seed's trained prompt) give each cell a mean, both stds and a median.
struct EvalRun {
  std::string name;  // "seed 13", "" for a single run
  data::Dataset data;
  // With GridRequest::demos enabled: where this run's demonstrations come from (the K-shot train split of
  // its seed) and the seed of the draws.
  data::Dataset demoPool;
  uint64_t demoSeed = 13;
  // The key space of the draws: example id "L12" of split "dev" draws with key "dev:L12" (as training's
  // evaluations key their draws), so a test example gets the same demonstrations in `pwb eval` and in a
  // trained run's test evaluation of the same seed and pool.
  std::string demoSplit = "test";
};

// Templates x verbalizers (pwb compare, the GUI's grid view).
struct GridRequest {
  std::string modelDir;  // for runGrid(); an EvalSession uses its own model
  std::vector<EvalRun> runs;
  std::vector<std::string> templates;
  std::vector<std::string> verbalizers;
  ScoringOptions options;
  // Demonstrations for every cell (an option of the grid, not an axis): each run's demoPool. With them a
  // template is encoded once per distinct set of its verbalizers' demonstration label words.
  data::DemoOptions demos;
  size_t limit = 0;            // per run; 0 = all
  bool keepExamples = true;    // false: drop per-example predictions (large grids)
  std::string device = "cpu";  // runGrid() only: "cpu" | "cuda" | "auto"
  int threads = 0;             // runGrid() only: intra-op threads; 0 = all cores
  bool bf16 = false;           // runGrid() only: bf16 inference (SessionOptions::bf16)
};

struct GridCell {
  std::vector<CellResult> runs;  // one per GridRequest::runs
  RunSummary accuracy;           // over the runs (population and sample std both given)
  RunSummary macroF1;
};

struct GridTiming {
  double encodeSeconds = 0;     // encoder forward passes (once per template and run)
  double scoreSeconds = 0;      // label-word scoring (once per cell)
  int64_t encodedExamples = 0;  // forward passes done
  int64_t scoredCells = 0;      // example x cell scorings done
};

struct GridResult {
  std::vector<std::string> templates;
  std::vector<std::string> verbalizers;
  std::vector<std::vector<GridCell>> cells;  // cells[template][verbalizer]
  GridTiming timing;
};

}  // namespace pwb::eval
