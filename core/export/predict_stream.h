#pragma once
// Predictions on unlabeled data (`pwb predict`, the GUI's Predict on File…): a classifier applied to a
// file of texts, written as CSV or JSONL with the predicted label and every class probability. Streaming:
// the file is read, scored and written a chunk of rows at a time (data/unlabeled_reader.h), so memory does
// not grow with the file. The classifier is one of
//   a zero-shot PVP        the model with a template and a verbalizer, scored as `pwb eval` scores it;
//   a finished run         its saved training state (store "train-state" artifact: the output folder, or
//                          the copy a prompt-only run keeps in the project file), its training method
//                          rebuilt and predicting as at the end of training;
//   a bundle               likewise, from `pwb export`'s bundle folder;
//   a PEFT adapter         its vectors applied as PEFT applies them, the label words scored at [MASK] as
//                          `pwb eval --prompt` scores an adapter with --template/--verbalizer (the sidecar's
//                          when present).
// Torch-free header: the CLI and the GUI's worker call predictFile.
#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "data/dataset.h"
#include "data/unlabeled_reader.h"
#include "eval/eval_types.h"

namespace pwb::exporting {

enum class PredictSourceKind { ZeroShot, Run, Prompt };

struct PredictRequest {
  PredictSourceKind source = PredictSourceKind::ZeroShot;
  // Zero-shot: the model (required). Run: "" = the model folder the run recorded. Prompt: the base model
  // (required; a bundle is checked against it).
  std::string modelDir;
  std::string templateText;  // zero-shot (required); PEFT adapter ("" = its sidecar's)
  std::string verbalizer;    // likewise
  std::string dbPath;        // run: the project file
  int64_t runId = 0;         // run: its id
  std::string promptDir;     // prompt: a bundle or a PEFT adapter folder

  std::string inputPath;
  data::UnlabeledOptions input;
  std::string outputPath;
  std::string outputFormat;  // "csv" | "jsonl"; "" = from the output file's extension (csv otherwise)
  size_t chunkRows = 512;    // rows read, scored and written at a time
  // Zero-shot and PEFT adapters: every scoring option of `pwb eval`. Runs and bundles predict with their
  // training method's own path, so only batchSize applies (any other non-default field is refused).
  eval::ScoringOptions options;
  std::string device = "cpu";
  int threads = 0;
};

struct PredictProgress {
  int64_t rowsWritten = 0;
  int64_t badRows = 0;
  uint64_t bytesRead = 0;
  uint64_t totalBytes = 0;
};

struct PredictSummary {
  std::string sourceText;            // what classified, for people ("run 4 (prompt-ft seed 13)")
  std::vector<std::string> labels;   // class order of the probability columns
  std::vector<std::string> columns;  // the text fields read (template field names)
  std::string inputFormat;           // as read: lines | tsv | csv | jsonl
  std::string outputFormat;          // csv | jsonl
  int64_t rowsWritten = 0;
  std::vector<int64_t> perClass;  // predicted rows per class (classification)
  // "regression" when a regression run / bundle predicted: every row is the expectation between the poles
  // (columns prediction, p_upper), `poles` the spec with the range it used; "classification" otherwise.
  std::string task = "classification";
  std::string poles;
  int64_t badRows = 0;
  std::vector<data::Problem> problems;  // the first bad rows, with their line
  std::vector<std::string> notices;     // a labelled input read as text, ...
  size_t largestChunk = 0;              // most rows held at once (<= chunkRows)
  bool cancelled = false;               // the output holds the rows written before the cancel
};

// Throws pwb::Error naming the file / run / option: an unreadable input or unwritable output, a source
// that cannot be loaded (no saved state, wrong model, bad files), options the source cannot honour. Bad
// rows are not errors: they are counted and reported in the summary. `progress` is called after every
// chunk written (from the calling thread).
PredictSummary predictFile(const PredictRequest& request,
                           const std::function<void(const PredictProgress&)>& progress = {},
                           const std::atomic<bool>* cancel = nullptr);

// "csv" or "jsonl" for an output path (by extension: .jsonl / .json -> jsonl, else csv).
std::string predictFormatFor(const std::string& outputPath);

}  // namespace pwb::exporting
