// pwb eval: one template x verbalizer on a data file — accuracy, macro-F1, per-class table, confusion matrix.
#include <atomic>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli_args.h"
#include "command_registry.h"
#include "common/error.h"
#include "common/paths.h"
#include "data/dataset_import.h"
#include "demo_cli.h"
#include "eval/eval_session.h"
#include "eval/result_format.h"
#include "eval_options.h"
#include "eval_regression.h"
#include "export/bundle.h"
#include "export/prompt_eval.h"

namespace {

const char* kUsage = R"(Usage:
  pwb eval --data FILE --template T --verbalizer V [--model DIR] [options]
  pwb eval --task regression --data FILE --target KEY --template T --poles POLES [options]

Scores every example of FILE with the masked-LM: the template is rendered with the example, and the
label words of each class are scored at [MASK]. Prints accuracy, macro-F1, per-class precision/recall/F1
and the confusion matrix (rows gold, columns predicted).

With --task regression (LM-BFF's STS-B form) every row has a numeric target instead of a label; two label
words are the poles of a range [VL, VU], p_upper is the softmax over the two words' scores at [MASK] and
the prediction is VL + (VU - VL) * p_upper. Prints Pearson, Spearman and the MSE; rows whose target is not
a finite number are reported by line and skipped.

  --model DIR          Hugging Face model folder (default: the bundled demo-bert-mini)
  --data FILE          data file (format auto-detected)
  --data-format F      data format instead of auto-detection (tsv, csv, label-space, fasttext, jsonl,
                       mc-jsonl for multiple choice, ...)
  --template T         e.g. "{s} it was [MASK] ."
  --verbalizer V       label words per data set label, e.g. "1=great;0=terrible" or "1=great,good;0=bad"
                       or JSON: {"labels": {"1": ["great", "good"], "0": "bad"}, "multi_token": "multi_mask"}
  --calibrate          calibrate with the content-free prior ("N/A" and "" as fields; Zhao et al. 2021)
  --calibration MODE   none | content-free | template-only (template text alone, fields empty)
  --multi-token MODE   how a label word of several tokens is scored: mean (mean of its sub-token
                       log-probs at the one mask, default) | pet (the mask rendered as one mask per token,
                       sum of log-probs; PET's training score) | pet-sequential (the same masks filled one
                       at a time, most confident piece first, the model run again after each: PET's
                       evaluation score) | first (the first sub-token's log-prob)
  --aggregate MODE     several words per label: mean (of log-probs, default) | max | logsumexp
  --batch N            sequences per forward pass (default 32)
  --threads N          CPU threads (default: all cores)
  --device D           auto (default: CUDA when available, else CPU) | cpu | cuda | cuda:N
  --bf16               bf16 inference: faster on GPUs and CPUs with AMX, slower on CPUs without it; the
                       accuracy may differ slightly from fp32 (see the README)
  --task TASK          classification (default) | regression
  --poles POLES        regression: the two pole words, "LOWER;UPPER" (range from the data's min and max)
                       or with their values "VL=LOWER;VU=UPPER", e.g. "0=No;5=Yes"
  --target KEY         regression: the target's column / JSON key (default: "label", or the last column)
  --max-length N       tokens per prompt (default: the model's maximum); fields marked |shorten are cut
  --limit N            evaluate the first N examples only
  --top-k K            with --json --examples: the K most likely tokens at the mask per example
  --json               print the result as JSON
  --examples           with --json: include per-example scores and class probabilities
  --prompt DIR         apply a trained prompt: a bundle from `pwb export` (its own template, verbalizer and
                       method; reproduces the run's predictions; refused on another model) or a PEFT adapter
                       folder (vectors before [CLS] or per-layer prefixes; template and verbalizer from its
                       prompt_workbench.json or from --template/--verbalizer). A PEFT adapter is scored
                       like any prompt, with every option above; a bundle predicts with its training
                       method, so --calibrate, --calibration, --multi-token, --aggregate, --top-k,
                       --max-length and --bf16 are refused with it
)";

std::string usage() {
  return std::string(kUsage) + pwb::cli::demoUsage() + pwb::cli::demoSourceUsage(false);
}

}  // namespace

namespace {

// What a bundle cannot honour: it predicts through its training method (export/prompt_eval.h).
const char* const kNotForBundles[] = {"calibrate", "calibration", "multi-token", "aggregate",
                                      "top-k",     "max-length",  "bf16"};

// --prompt DIR: core/export applies the bundle / PEFT adapter (see export/prompt_eval.h).
int evalWithPrompt(const pwb::cli::Args& a) {
  pwb::exporting::PromptEvalRequest r;
  r.promptDir = a.require("prompt");
  if (pwb::exporting::isBundleDir(r.promptDir)) {
    std::string given;
    for (const char* name : kNotForBundles)
      if (a.has(name)) given += (given.empty() ? "" : ", ") + a.spelling(name);
    if (!given.empty()) {
      throw pwb::cli::UsageError(given + ": not applicable to a bundle (" + r.promptDir +
                                 "), which predicts with its training method's own scoring; drop " +
                                 (given.find(',') == std::string::npos ? "it" : "them"));
    }
  }
  r.modelDir = a.get("model", pwb::demoModelDir());
  r.dataPath = a.require("data");
  r.dataFormat = a.get("data-format", "auto");
  r.templateText = a.get("template");
  r.verbalizer = a.get("verbalizer");
  r.limit = pwb::cli::limitFrom(a);
  r.options = pwb::cli::scoringOptionsFrom(a);
  const auto session = pwb::cli::sessionOptionsFrom(a);
  r.device = session.device;
  r.threads = session.threads;
  r.bf16 = session.bf16;
  const auto cell = pwb::exporting::evaluateWithPrompt(r);
  if (a.has("json")) {
    std::cout << pwb::eval::cellJson(cell, a.has("examples")).dump(2) << "\n";
  } else {
    std::cout << "prompt:     " << r.promptDir << "\n" << pwb::eval::cellReport(cell);
  }
  return 0;
}

int runEval(const std::vector<std::string>& argv) {
  using pwb::cli::withOptions;
  const pwb::cli::Args a(
      argv,
      withOptions(withOptions(withOptions({"model", "data", "data-format", "template", "verbalizer",
                                           "calibration", "multi-token", "aggregate", "batch", "threads",
                                           "device", "max-length", "limit", "top-k", "prompt"},
                                          pwb::cli::regressionOptionNames()),
                              pwb::cli::demoOptionNames()),
                  pwb::cli::demoSourceOptionNames()),
      {"calibrate", "json", "examples", "bf16"}, {{"format", "data-format"}});
  if (a.help()) {
    std::cout << usage();
    return 0;
  }
  if (!a.positionals().empty())
    throw pwb::cli::UsageError("unexpected argument '" + a.positionals()[0] + "' (see --help)");
  const auto demos = pwb::cli::demoOptionsFrom(a);
  const auto source = pwb::cli::demoSourceFrom(a, demos, false);
  if (pwb::cli::isRegressionTask(a)) return pwb::cli::evalRegression(a);
  for (const char* name : {"poles", "target"})
    if (a.has(name)) throw pwb::cli::UsageError(a.spelling(name) + " needs --task regression");
  if (a.has("prompt")) {
    // A bundle or adapter predicts through export/prompt_eval, which places no demonstrations.
    if (demos.enabled()) throw pwb::cli::UsageError("--demos: not available with --prompt");
    return evalWithPrompt(a);
  }
  pwb::data::ImportOptions io;
  io.format = a.get("data-format", "auto");
  pwb::eval::EvalRequest req;
  req.data = pwb::data::importDataset(a.require("data"), io);
  req.templateText = a.require("template");
  req.verbalizerText = a.require("verbalizer");
  req.options = pwb::cli::scoringOptionsFrom(a);
  req.limit = pwb::cli::limitFrom(a);
  req.demos = demos;
  if (demos.enabled()) {
    if (source.trainPath.empty())
      throw pwb::cli::UsageError("--demos needs --demo-train FILE: the training examples to draw them from");
    pwb::data::ImportOptions dio;
    dio.format = source.format;
    req.demoSeed = source.seeds.front();
    req.demoPool = pwb::cli::demoPool(source, pwb::data::importDataset(source.trainPath, dio), req.demoSeed);
  }
  pwb::eval::EvalSession session(a.get("model", pwb::demoModelDir()), pwb::cli::sessionOptionsFrom(a));
  const auto cell = session.evaluate(req);
  if (a.has("json")) {
    std::cout << pwb::eval::cellJson(cell, a.has("examples")).dump(2) << "\n";
  } else {
    std::cout << "data:       " << req.data.summary() << "\n";
    if (demos.enabled()) std::cout << pwb::cli::demoSummary(demos, req.demoPool, req.demoSeed) << "\n";
    std::cout << pwb::eval::cellReport(cell);
  }
  return 0;
}

pwb::cli::CommandRegistrar reg{
    {"eval", "score one template x verbalizer on a data file (accuracy, F1, confusion)", usage(), runEval}};

}  // namespace
