#pragma once
// The evaluation facade: holds one loaded model + tokenizer between calls, so the GUI and `pwb compare` load
// the model once and then evaluate cells, grids, mask completions and label-word searches. Torch-free header
// (pimpl): ui/ includes it. All calls run torch on the calling thread (set its intra-op threads with
// `threads`); one call at a time per session. Errors are pwb::Error; a raised cancel flag gives Cancelled.
#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "eval/eval_types.h"
#include "eval/infill_types.h"
#include "eval/label_search_types.h"

namespace pwb::tokenize {
class Tokenizer;
}

namespace pwb::eval {

struct SessionOptions {
  std::string device = "cpu";  // "cpu" | "cuda" | "cuda:N" | "auto"
  int threads = 0;             // intra-op threads for the calling thread; 0 = all cores
  bool bf16 = false;           // bf16 inference (faster on recent CPUs/GPUs; numbers differ slightly)
};

class EvalSession {
 public:
  // Loads the model folder (weights, config, tokenizer) once. Throws pwb::Error naming the bad file.
  explicit EvalSession(const std::string& modelDir, const SessionOptions& options = {});
  ~EvalSession();
  EvalSession(const EvalSession&) = delete;
  EvalSession& operator=(const EvalSession&) = delete;

  const std::string& modelDir() const;
  const tokenize::Tokenizer& tokenizer() const;
  void setThreads(int threads);  // applies to the following calls

  // Resolves a verbalizer against the data set labels without running the model: the label words, their
  // tokens (multi-token words flagged) — for the GUI's verbalizer editor. With a template (and the data
  // set's columns), BPE words take the form the template's mask needs (Ġgreat after a space). Throws
  // pwb::Error naming the unknown label / missing label / empty word / bad template.
  std::vector<LabelWord> resolveVerbalizer(const std::string& verbalizerText,
                                           const std::vector<std::string>& labels,
                                           const std::string& templateText = "",
                                           const std::vector<std::string>& columns = {}) const;

  // One template x verbalizer on one data set.
  CellResult evaluate(const EvalRequest& request, const Progress& progress = {},
                      const std::atomic<bool>* cancel = nullptr);

  // Templates x verbalizers x runs. Each template is encoded once per run (one forward pass per example);
  // every verbalizer of that template reuses the hidden states at the mask.
  GridResult runGrid(const GridRequest& request, const Progress& progress = {},
                     const std::atomic<bool>* cancel = nullptr);

  // The k most likely vocabulary tokens at each [MASK] of the template rendered with `example`
  // (fields in `columns` order, e.g. {"sentence"}). result[mask][rank].
  std::vector<std::vector<TokenProb>> maskTopK(const std::string& templateText,
                                               const std::vector<std::string>& columns,
                                               const std::vector<std::string>& fields, int k);

  // Every [MASK] of the template rendered with `example` filled jointly (see mask_infill.h): the
  // hypotheses best first. Throws pwb::Error for no mask, too many masks or bad options.
  std::vector<InfillHypothesis> fillMasks(const std::string& templateText,
                                          const std::vector<std::string>& columns,
                                          const std::vector<std::string>& fields,
                                          const InfillOptions& options);

  // LM-BFF-style label-word suggestions, see label_search_types.h.
  LabelSearchResult suggestLabelWords(const LabelSearchRequest& request, const Progress& progress = {},
                                      const std::atomic<bool>* cancel = nullptr);

  struct Impl;
  // The loaded model and settings, for core code that includes the internal eval/session_impl.h (trained
  // prompts set Impl::encoder there). Opaque to everyone else.
  Impl& internals() { return *impl_; }

 private:
  std::unique_ptr<Impl> impl_;
};

// Convenience for one-shot use (CLI, scripts): loads request.modelDir, runs the grid.
GridResult runGrid(const GridRequest& request, const Progress& progress = {},
                   const std::atomic<bool>* cancel = nullptr);

}  // namespace pwb::eval
