#pragma once
// Knowledge probing as a training task (TrainRequest::task "probe"; issue 17): P-tuning's LAMA experiments
// train a prompt so that the model names a fact's answer at the one [MASK], with the cross-entropy over the
// model's WHOLE vocabulary as the loss (the answer's token id is the target). Here prompt-ft, prompt-tuning
// and p-tuning (v1) train that way: the task gives them no label words, so train::labelWordLogits returns
// the full [B, V] MLM logits and the class index of an example is its answer's token id.
//
// Data: three probing files (core/probe, probe_import.h: LAMA JSONL or a TSV/CSV with a header; the answer
// from TrainRequest::targetColumn, else "answer", else LAMA's "obj_label") for training, dev and test, used
// as they are: the whole training file is trained on (no K-shot sampling: P-tuning's LAMA splits are fixed
// files too; TrainRequest::k is ignored), the dev file's P@1 picks the checkpoint (P-tuning selects by dev),
// the test file gives P@1, P@10 and MRR. Answers follow the evaluation's convention (probe_types.h): an
// answer that is several word pieces is reported and skipped (LAMA) or, with multiPieceAnswers "first-piece",
// trained and scored on its first piece; an answer with the unknown token is always skipped. Every skipped
// row is counted and named by line in notes(). Rows the importer refused (no answer, an empty field) are
// reported by file:line too.
//
// Torch-free: the encoded examples are plain ids (train/encoded_example.h).
#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "data/dataset.h"
#include "prompt/prompt_renderer.h"
#include "tokenize/tokenizer.h"
#include "train/encoded_example.h"
#include "train/train_request.h"

namespace pwb::train {

// Refuses what the probe task does not support (method, grids, demonstrations, resume, ...): pwb::Error
// naming the option. Called by validateRequest for task "probe".
void validateProbeRequest(const TrainRequest& request);

// One split of a probing task: the examples that can be scored, encoded, with their ids and answers.
struct ProbeSplit {
  std::string path;
  std::vector<TaskExample> examples;  // label = the answer's token id
  std::vector<std::string> ids;       // "L<line>"
  std::vector<std::string> answers;   // the answer words as written
  std::vector<bool> firstPiece;       // scored by the first of several pieces
  size_t rows = 0;                    // rows the importer read (before skipping answers)
  data::Dataset source;               // as imported (problems included)
};

class ProbeTask {
 public:
  // slotKind and positionLimit as TaskBuilder's. Throws pwb::Error naming the file for a missing file, a
  // template that is not a one-[MASK] template of the training file's fields, or a split with no answer
  // that can be scored.
  ProbeTask(const TrainRequest& request, const tokenize::Tokenizer& tokenizer, const std::string& slotKind,
            int positionLimit);

  const ProbeSplit& train() const { return train_; }
  const ProbeSplit& dev() const { return dev_; }
  const ProbeSplit& test() const { return test_; }
  // Number of trainable-vector slots the template itself has (0 when none) and their [SOFT:text] inits.
  int templateSlots() const { return templateSlots_; }
  const std::vector<int64_t>& slotInitIds() const { return slotInitIds_; }
  // Import problems, skipped answers (by line) and the convention, for the log.
  const std::vector<std::string>& notes() const { return notes_; }

 private:
  ProbeSplit load(const std::string& path, const std::string& format, const std::string& what);
  TrainRequest request_;
  const tokenize::Tokenizer& tok_;
  std::string slotKind_;
  std::vector<std::string> columns_;  // the training file's text fields: every split renders them
  std::unique_ptr<prompt::PromptRenderer> renderer_;
  int templateSlots_ = 0;
  std::vector<int64_t> slotInitIds_;
  std::vector<std::string> notes_;
  ProbeSplit train_, dev_, test_;
};

// The test numbers of a probe run: per scored example its 1-based rank over the whole vocabulary (ties rank
// the answer first, as core/probe) and its top-1 token; rows whose logits were not finite get rank V (the
// last) and count in nonFinite.
struct ProbeScores {
  std::vector<int64_t> ranks;
  std::vector<int64_t> topIds;
  std::vector<std::string> topTokens;
  double p1 = 0, p10 = 0, mrr = 0;
  int nonFinite = 0;
};

}  // namespace pwb::train
