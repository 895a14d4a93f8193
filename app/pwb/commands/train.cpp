// pwb train: K-shot training of one or several methods over seeds, printing per-seed test accuracy and the
// summary mean (std) median. Several methods (--method a,b) run one after another as a sweep.
#include <cmath>
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli_args.h"
#include "command_registry.h"
#include "common/error.h"
#include "common/paths.h"
#include "data/kshot_sampler.h"
#include "demo_cli.h"
#include "train/method_registry.h"
#include "train/sweep.h"
#include "train/train_request.h"

namespace {

const char* kUsage = R"(Usage:
  pwb train --train FILE --test FILE [--model DIR] [--method M[,M...]] [--template T] [--verbalizer V]
            [--k 16] [--seeds 13,21,42,87,100] [--steps N] [--batch N] [--lr X] [--eval-every N]
            [--preset demo|lmbff|lester|ptv2] [--device auto|cpu|cuda] [--threads N] [--db runs.sqlite]
            [--json] [options]
  pwb train --task probe --train FILE --dev FILE --test FILE --template T
            [--method prompt-ft|prompt-tuning|p-tuning] [options]

Trains on the K-shot split of FILE (K per class for train, K per class for dev; LM-BFF protocol) for each
seed, keeps the checkpoint with the best dev accuracy, and reports accuracy on the test file.

  --model DIR          Hugging Face masked-LM folder (default: the bundled demo-bert-mini)
  --method M           prompt-ft (default) | prompt-tuning | p-tuning | p-tuning-v2 | fine-tune;
                       a comma-separated list runs them one after another
  --template T         default "{s} it was [MASK] ."
  --verbalizer V       default "0=terrible;1=great" (methods that score label words at [MASK])
  --train-format F, --test-format F   data formats instead of auto-detection
  --preset P           demo: 250 steps, batch 8, eval every 50, lr 1e-4 (3e-2 prompt tuning, 3e-3
                       p-tuning, 1e-2 p-tuning-v2); lmbff: 1000 steps, eval 100, lr {1e-5,2e-5,5e-5} x
                       batch {2,4,8} grid; lester: prompt tuning, lr 0.3, 20 tokens, with AdamW
                       standing in for the paper's Adafactor (not in this build); ptv2: lr
                       {5e-3,1e-2}, prefix 16. Options given explicitly override the preset.
  --steps N, --batch N, --lr X, --eval-every N, --warmup RATIO, --weight-decay X, --max-grad-norm X,
  --grad-accum N, --early-stop PATIENCE, --max-length N, --eval-batch N
  --lr-grid X,Y,...  --batch-grid N,M,...   grid per seed, best dev wins
  --sampler S          K-shot sampler: splitmix64 (default) | lmbff (NumPy's legacy shuffle as LM-BFF's
                       generate_k_shot_data.py: the same K-shot rows as LM-BFF's split files)
  --soft-tokens N      prompt tuning / p-tuning vectors (default 8) when the template has no [SOFT]/[P]
  --placement P        prompt tuning / p-tuning: template (default: at the template's [SOFT]/[P], else
                       after [CLS]) | peft (before [CLS], as Hugging Face PEFT: the exported adapter then
                       gives the run's logits in PEFT)
  --init MODE          prompt tuning: random-uniform | vocab-sample (default) | label-words | text
  --init-text TEXT     for --init text
  --encoder lstm|mlp   p-tuning prompt encoder (default lstm);  --joint: also train the model
  --prefix-length N    p-tuning-v2 (default 16);  --reparam: prefix MLP;  --head verbalizer|cls
  --cls-head hf|linear fine-tune and p-tuning-v2 --head cls: hf (default) = the reference code's head:
                       fine-tune as LM-BFF (Hugging Face's sequence-classification head; BERT:
                       pretrained pooler dense+tanh, dropout, linear; RoBERTa: dropout, dense, tanh,
                       dropout, out_proj), p-tuning-v2 as its code (frozen pooler, dropout, linear);
                       linear = dropout + one linear layer on the raw [CLS] state. These methods take
                       their classes from the data and ignore --verbalizer.
  --pet-alpha X        prompt-ft: PET auxiliary MLM loss weight (e.g. 1e-4)
  --device D           auto (default) | cpu | cuda | cuda:N
  --bf16               mixed precision: on CUDA bf16 autocast; on the CPU the encoder's matmuls in
                       bf16 with fp32 accumulation and fp32 weights (about 2x faster with AVX512-BF16
                       or AMX, slower without); accuracy may differ slightly from fp32
  --threads N          CPU threads (default: all cores)
  --db FILE            record every seed as a run in this project file
  --output DIR         save each seed's trained state in DIR/<method>-seed<S>/
  --resume DIR         start from a saved state (--output) or an exported bundle (pwb export); the
                       same --method and method options. From a bundle or a finished run's state:
                       weights only, training restarts AdamW and the schedule from step 1 (with
                       --steps 0: only evaluate it). From the state a --stop-after run saved: weights,
                       AdamW moments, schedule position, batch order and random generators, so the run
                       continues exactly where it stopped (same seed and settings; bit for bit on CPU)
  --stop-after N       stop after step N and save that resumable state in --output (one seed, no grid)
  --task TASK          classification (default) | regression: LM-BFF's STS-B form. Each row of the
                       files has a numeric target (--target); two pole words (--poles) are scored at
                       [MASK], the prediction is VL + (VU - VL) * p_upper, the loss LM-BFF's KL towards
                       [(VU - y) / (VU - VL), (y - VL) / (VU - VL)]. K rows above and K at or below the
                       training targets' median per split, checkpoints by dev Pearson, test Pearson,
                       Spearman and MSE. Methods that score words at [MASK] only (not fine-tune or
                       --head cls), no demonstrations. Rows whose target is not a number are skipped
                       and reported
  --poles POLES        regression: "LOWER;UPPER" (range: the training targets' min and max) or
                       "VL=LOWER;VU=UPPER", e.g. "0=No;5=Yes"; replaces --verbalizer
  --target KEY         regression: the target's column / JSON key (default "label", or the last column);
                       probe: the answer's column / key (default "answer", else LAMA's "obj_label")
  --task multilabel    rows with several labels (JSONL {"text": "..", "labels": ["a", "c"]}, or TSV/CSV
                       whose label column joins them: "a,c"), as `pwb multilabel` reads them. Scheme
                       label-words: one [MASK], one word per label (--verbalizer), trained with binary
                       cross-entropy of sigmoid(label word's logit) against the 0/1 gold labels (our
                       choice: the papers give no multi-label loss); yes-no (PET-style): one cloze per
                       (row, label) with the label's name in {label}, cross-entropy over the yes/no
                       words. Each seed holds out --k rows of the training file as dev (seeded shuffle)
                       and trains on the others (no per-class K-shot sampling). A label is predicted
                       when its probability (sigmoid, or P(yes)) is >= the threshold, chosen per seed on
                       dev (0.05 .. 0.95, best dev micro-F1) unless --threshold fixes it. Checkpoints by
                       dev micro-F1; test micro-F1, macro-F1, subset accuracy. prompt-ft,
                       prompt-tuning, p-tuning, p-tuning-v2 (verbalizer head)
  --labels L           multilabel: the declared label set joined by --separator (default: every label
                       of the training file); test rows with another label are skipped and reported
  --label-column KEY   multilabel: the labels' key or column (default "labels")
  --separator S        multilabel: what joins a row's labels in a TSV/CSV column (default ",")
  --scheme S           multilabel: label-words (default) | yes-no
  --yes-no V           multilabel yes-no: the words of the classes yes and no (default "yes=yes;no=no")
  --threshold X        multilabel: a fixed threshold in (0, 1) instead of the dev-chosen one
  --task probe         knowledge probing (P-tuning's LAMA experiments): --train, --dev and --test are
                       probing files (as `pwb probe --data`: LAMA JSONL with "obj_label", or a TSV/CSV
                       with an "answer" column); the template has one [MASK]; the loss is the
                       cross-entropy over the whole vocabulary at [MASK] (the answer's token is the
                       target). The whole training file is trained on (--k is ignored), the dev file's
                       P@1 picks the checkpoint, the test file gives P@1, P@10 and MRR. prompt-ft,
                       prompt-tuning or p-tuning; no grid, demonstrations or --resume. Rows whose answer
                       is not one token (or out of the vocabulary) are reported by line and skipped
  --dev FILE           probe: the dev file (required with --task probe);  --dev-format F
  --multi-piece MODE   probe: answers of several word pieces: skip (LAMA, default) | first-piece
  --json               print the results as JSON
  --quiet              no progress on stderr
)";

std::string num(double v) {
  if (!std::isfinite(v)) return "n/a";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4f", v);
  return buf;
}

nlohmann::json numberOrNull(double v) {
  return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr);
}

std::string pct(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", 100.0 * v);
  return buf;
}

nlohmann::json toJson(const pwb::train::TrainResult& r, bool probe) {
  nlohmann::json seeds = nlohmann::json::array();
  for (const auto& s : r.seeds) {
    nlohmann::json j = {{"seed", s.seed},
                        {"status", pwb::train::statusName(s.status)},
                        {s.regression   ? "best_dev_pearson"
                         : s.multilabel ? "best_dev_micro_f1"
                         : probe        ? "best_dev_p_at_1"
                                        : "best_dev_accuracy",
                         numberOrNull(s.bestDevAccuracy)},
                        {"best_step", s.bestStep},
                        {"steps_done", s.stepsDone},
                        {"lr", s.lr},
                        {"batch_size", s.batchSize},
                        {"seconds", s.seconds},
                        {"final_loss", s.losses.empty() ? 0.0 : s.losses.back()}};
    if (s.hasTestAccuracy) j[probe ? "test_p_at_1" : "test_accuracy"] = s.testAccuracy;
    if (s.hasTestRegression) {
      j["test_pearson"] = numberOrNull(s.testPearson);
      j["test_spearman"] = numberOrNull(s.testSpearman);
      j["test_mse"] = numberOrNull(s.testMse);
    }
    if (s.hasTestMultiLabel) {
      j["test_micro_f1"] = s.testMicroF1;
      j["test_macro_f1"] = s.testMacroF1;
      j["test_subset_acc"] = s.testSubsetAccuracy;
      j["threshold"] = s.threshold;
    }
    if (!s.message.empty()) j["message"] = s.message;
    if (!s.statePath.empty()) j["state"] = s.statePath;
    if (!s.runId.empty()) j["run_id"] = s.runId;
    seeds.push_back(j);
  }
  const bool regression = !r.seeds.empty() && r.seeds.front().regression;
  const bool multilabel = !r.seeds.empty() && r.seeds.front().multilabel;
  return {{"method", r.method},
          {"task", regression   ? "regression"
                   : multilabel ? "multilabel"
                   : probe      ? "probe"
                                : "classification"},
          {"status", pwb::train::statusName(r.status)},
          {"message", r.message},
          {"device", r.device},
          {"seconds", r.seconds},
          {"seeds", seeds},
          // No summary numbers when no seed gave a test accuracy (null, not zeros). Regression: of test
          // Pearson.
          {"summary", r.summary.runs == 0 ? nlohmann::json(nullptr)
                                          : nlohmann::json{{"metric", regression   ? "test_pearson"
                                                                      : multilabel ? "test_micro_f1"
                                                                      : probe      ? "test_p_at_1"
                                                                                   : "test_accuracy"},
                                                           {"runs", r.summary.runs},
                                                           {"mean", r.summary.mean},
                                                           {"population_std", r.summary.populationStd},
                                                           {"sample_std", r.summary.sampleStd},
                                                           {"median", r.summary.median}}}};
}

int runTrain(const std::vector<std::string>& argv) {
  using pwb::cli::Args;
  const Args args(
      argv,
      pwb::cli::withOptions({"model",         "train",         "test",        "method",     "template",
                             "verbalizer",    "train-format",  "test-format", "k",          "seeds",
                             "steps",         "batch",         "lr",          "eval-every", "preset",
                             "device",        "threads",       "db",          "warmup",     "weight-decay",
                             "max-grad-norm", "grad-accum",    "early-stop",  "max-length", "eval-batch",
                             "lr-grid",       "batch-grid",    "soft-tokens", "init",       "init-text",
                             "encoder",       "prefix-length", "head",        "pet-alpha",  "output",
                             "resume",        "sampler",       "placement",   "cls-head",   "stop-after",
                             "task",          "poles",         "target",      "labels",     "label-column",
                             "separator",     "scheme",        "yes-no",      "threshold",  "dev",
                             "dev-format",    "multi-piece"},
                            pwb::cli::demoOptionNames()),
      {"json", "quiet", "joint", "reparam", "bf16"});
  if (args.help()) {
    // Demonstrations come from each seed's own K-shot training split (never the example itself while
    // training), so train has no --demo-train source options.
    std::cout << kUsage << pwb::cli::demoUsage()
              << "                       Training draws a new set at every step from the seed's K-shot\n"
                 "                       train split; dev and test average --demo-sets sets.\n";
    return 0;
  }
  if (!args.positionals().empty()) throw pwb::Error("unexpected argument '" + args.positionals()[0] + "'");
  pwb::train::TrainRequest base;
  base.modelDir = args.has("model") ? args.get("model") : pwb::demoModelDir();
  base.trainPath = args.require("train");
  base.testPath = args.require("test");
  base.templateText = args.get("template", base.templateText);
  base.verbalizer = args.get("verbalizer", "0=terrible;1=great");
  base.trainFormat = args.get("train-format", base.trainFormat);
  base.testFormat = args.get("test-format", base.testFormat);
  auto& o = base.options;
  o.numSoftTokens = args.getInt("soft-tokens", o.numSoftTokens);
  o.placement = args.get("placement", o.placement);
  o.init = args.get("init", o.init);
  o.initText = args.get("init-text", o.initText);
  o.encoder = args.get("encoder", o.encoder);
  o.jointTuning = args.has("joint");
  o.prefixLength = args.getInt("prefix-length", o.prefixLength);
  o.reparameterize = args.has("reparam");
  o.head = args.get("head", o.head);
  o.clsHead = args.get("cls-head", o.clsHead);
  o.petMlmAlpha = args.getDouble("pet-alpha", o.petMlmAlpha);
  base.demos = pwb::cli::demoOptionsFrom(args);
  base.task = args.get("task", base.task);
  base.poles = args.get("poles");
  base.targetColumn = args.get("target");
  const bool regression = base.task == "regression";
  const bool multilabel = base.task == "multilabel";
  for (const char* name : {"labels", "label-column", "separator", "scheme", "yes-no", "threshold"})
    if (!multilabel && args.has(name))
      throw pwb::cli::UsageError("--" + std::string(name) + ": only with --task multilabel");
  if (multilabel) {
    if (args.has("target")) throw pwb::cli::UsageError("--target: --task multilabel reads --label-column");
    base.targetColumn = args.get("label-column");
    auto& ml = base.multilabel;
    ml.labels = args.get("labels");
    ml.separator = args.get("separator", ml.separator);
    ml.scheme = args.get("scheme", ml.scheme);
    ml.yesNoWords = args.get("yes-no", ml.yesNoWords);
    ml.threshold = args.getDouble("threshold", ml.threshold);
    if (args.has("threshold") && !(ml.threshold > 0 && ml.threshold < 1))
      throw pwb::cli::UsageError("--threshold must be between 0 and 1");
    if (ml.scheme == "yes-no" && args.has("verbalizer"))
      throw pwb::cli::UsageError("--verbalizer: the yes-no scheme scores --yes-no's words");
  }
  if (regression && args.has("verbalizer"))
    throw pwb::cli::UsageError(
        "--verbalizer: not applicable to --task regression (--poles gives the two words)");
  const bool probe = base.task == "probe";
  base.devPath = args.get("dev");
  base.devFormat = args.get("dev-format", base.devFormat);
  base.multiPieceAnswers = args.get("multi-piece", base.multiPieceAnswers);
  if (probe && args.has("verbalizer"))
    throw pwb::cli::UsageError(
        "--verbalizer: not applicable to --task probe (the whole vocabulary is the target)");
  if (!probe && (args.has("dev") || args.has("dev-format") || args.has("multi-piece")))
    throw pwb::cli::UsageError("--dev, --dev-format and --multi-piece are for --task probe");

  std::vector<std::string> methods = pwb::cli::splitList(args.get("method", "prompt-ft"));
  if (methods.empty()) throw pwb::Error("--method: no method given");
  std::vector<pwb::train::TrainRequest> queue;
  for (const auto& m : methods) {
    pwb::train::TrainRequest r = base;
    r.method = m;
    pwb::train::findMethod(m);
    if (args.has("preset")) pwb::train::applyPreset(args.get("preset"), r);
    // Explicit options win over the preset.
    r.k = args.getInt("k", r.k);
    r.sampler = args.get("sampler", r.sampler);
    pwb::data::parseSampler(r.sampler);  // an unknown name is refused before anything runs
    if (args.has("seeds")) r.seeds = pwb::cli::parseList<int64_t>("seeds", args.get("seeds"));
    r.steps = args.getInt("steps", r.steps);
    r.batchSize = args.getInt("batch", r.batchSize);
    if (args.has("lr")) {
      r.lr = args.getDouble("lr", r.lr);
      r.lrGrid.clear();
    }
    if (args.has("batch")) r.batchGrid.clear();
    if (args.has("lr-grid")) r.lrGrid = pwb::cli::parseList<double>("lr-grid", args.get("lr-grid"));
    if (args.has("batch-grid")) r.batchGrid = pwb::cli::parseList<int>("batch-grid", args.get("batch-grid"));
    r.evalEvery = args.getInt("eval-every", r.evalEvery);
    r.warmupRatio = args.getDouble("warmup", r.warmupRatio);
    r.weightDecay = args.getDouble("weight-decay", r.weightDecay);
    r.maxGradNorm = args.getDouble("max-grad-norm", r.maxGradNorm);
    r.gradAccum = args.getInt("grad-accum", r.gradAccum);
    r.earlyStopPatience = args.getInt("early-stop", r.earlyStopPatience);
    r.maxLength = args.getInt("max-length", r.maxLength);
    r.evalBatchSize = args.getInt("eval-batch", r.evalBatchSize);
    if (args.has("soft-tokens")) r.options.numSoftTokens = o.numSoftTokens;
    if (args.has("init")) r.options.init = o.init;
    if (args.has("prefix-length")) r.options.prefixLength = o.prefixLength;
    r.device = args.get("device", r.device);
    r.threads = args.getInt("threads", r.threads);
    r.bf16 = args.has("bf16");
    r.dbPath = args.get("db");
    r.outputDir = args.get("output");
    r.resumeFrom = args.get("resume");
    r.stopAfterStep = args.getInt("stop-after", r.stopAfterStep);
    pwb::train::validateRequest(r);
    queue.push_back(r);
  }

  const bool json = args.has("json"), quiet = args.has("quiet");
  pwb::train::SweepCallbacks cb;
  if (!quiet) {
    cb.run.onLog = [](const std::string& s) { std::cerr << s << "\n"; };
    cb.run.onEval = [regression, multilabel, probe](int step, double acc) {
      if (probe)
        std::cerr << "  step " << step << ": dev P@1 " << pct(acc) << "\n";
      else if (regression)
        std::cerr << "  step " << step << ": dev pearson " << num(acc) << "\n";
      else if (multilabel)
        std::cerr << "  step " << step << ": dev micro-F1 " << pct(acc) << "\n";
      else
        std::cerr << "  step " << step << ": dev accuracy " << pct(acc) << "\n";
    };
    cb.run.onProgress = [](int step, int total, double loss, double lr, double eta) {
      if (step == 1 || step % 10 == 0 || step == total) {
        std::fprintf(stderr, "  step %d/%d  loss %.4f  lr %.2e  eta %.0f s\r", step, total, loss, lr, eta);
        if (step == total) std::fputc('\n', stderr);
      }
    };
  }
  cb.onRunStart = [&](int, const pwb::train::TrainRequest& r) {
    if (!json) std::cout << "method " << r.method << "\n" << std::flush;
  };
  cb.onRunDone = [&](int, const pwb::train::TrainResult& r) {
    if (json) return;
    for (const auto& s : r.seeds) {
      std::cout << "  seed " << s.seed << ": ";
      if (s.hasTestMultiLabel) {
        std::cout << "test micro-F1 " << pct(s.testMicroF1) << "  macro-F1 " << pct(s.testMacroF1)
                  << "  subset accuracy " << pct(s.testSubsetAccuracy) << "  threshold " << num(s.threshold)
                  << "  (best dev micro-F1 " << pct(s.bestDevAccuracy) << " at step " << s.bestStep << ")\n";
      } else if (s.hasTestRegression) {
        std::cout << "test pearson " << num(s.testPearson) << "  spearman " << num(s.testSpearman) << "  mse "
                  << num(s.testMse) << "  (best dev pearson " << num(s.bestDevAccuracy) << " at step "
                  << s.bestStep << ")\n";
      } else if (s.hasTestAccuracy && probe) {
        std::cout << "test P@1 " << pct(s.testAccuracy) << "  (best dev P@1 " << pct(s.bestDevAccuracy)
                  << " at step " << s.bestStep << "; P@10 and MRR in the log and the run store)\n";
      } else if (s.hasTestAccuracy) {
        std::cout << "test accuracy " << pct(s.testAccuracy) << "  (best dev " << pct(s.bestDevAccuracy)
                  << " at step " << s.bestStep << ")\n";
      } else {
        std::cout << pwb::train::statusName(s.status) << ": " << s.message << "\n";
      }
    }
    if (r.seeds.empty() && !r.message.empty()) std::cout << "  failed: " << r.message << "\n";
    int failed = 0;
    for (const auto& s : r.seeds)
      failed += s.hasTestAccuracy || s.hasTestRegression || s.hasTestMultiLabel ? 0 : 1;
    if (r.summary.runs == 0) {
      // No seed gave a test accuracy: a mean of nothing is not a result. The seeds' failures are above.
      std::cout << "  " << r.method
                << (regression   ? ": no pearson to report"
                    : multilabel ? ": no micro-F1 to report"
                    : probe      ? ": no P@1 to report"
                                 : ": no accuracy to report");
      if (!r.seeds.empty()) std::cout << " (" << failed << " of " << r.seeds.size() << " seeds failed)";
      std::cout << "\n" << std::flush;
      return;
    }
    const std::string failures = failed > 0 ? " (" + std::to_string(failed) + " failed)" : std::string();
    char line[200];
    if (regression || multilabel) {
      // Pearson as a number, micro-F1 as percent (a rate, as accuracy).
      const auto show = [regression](double v) { return regression ? num(v) : pct(v); };
      std::snprintf(line, sizeof line, "  %s: test %s %s (%s) median %s over %d seeds%s, %.0f s\n",
                    r.method.c_str(), regression ? "pearson" : "micro-F1", show(r.summary.mean).c_str(),
                    show(r.summary.populationStd).c_str(), show(r.summary.median).c_str(), r.summary.runs,
                    failures.c_str(), r.seconds);
      std::cout << line << std::flush;
      return;
    }
    std::snprintf(line, sizeof line, "  %s: %s%s (%s) median %s over %d seeds%s, %.0f s\n", r.method.c_str(),
                  probe ? "test P@1 " : "", pct(r.summary.mean).c_str(), pct(r.summary.populationStd).c_str(),
                  pct(r.summary.median).c_str(), r.summary.runs, failures.c_str(), r.seconds);
    std::cout << line << std::flush;
  };
  const auto results = pwb::train::runSweep(queue, cb);
  bool ok = true;
  nlohmann::json all = nlohmann::json::array();
  for (const auto& r : results) {
    ok = ok && r.status == pwb::train::RunStatus::Finished;
    all.push_back(toJson(r, probe));
  }
  if (json) std::cout << (all.size() == 1 ? all[0] : all).dump(2) << "\n";
  return ok ? 0 : 1;
}

pwb::cli::CommandRegistrar reg{
    {"train", "train prompt methods (PET/LM-BFF, prompt tuning, P-tuning v1/v2, fine-tuning) K-shot", kUsage,
     runTrain}};

}  // namespace
