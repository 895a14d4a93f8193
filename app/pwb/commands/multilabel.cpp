// pwb multilabel: multi-label classification — one [MASK], one label word per label, a label predicted when
// its probability (softmax over the label words) reaches the threshold; micro-F1, macro-F1, subset accuracy.
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli_args.h"
#include "command_registry.h"
#include "common/error.h"
#include "common/paths.h"
#include "eval/eval_session.h"
#include "eval_options.h"
#include "multilabel/multilabel_eval.h"
#include "multilabel/multilabel_format.h"
#include "multilabel/multilabel_import.h"
#include "multilabel/multilabel_run.h"
#include "probe/probe_format.h"
#include "store/run_store.h"

namespace {

const char* kUsage = R"(Usage:
  pwb multilabel --data FILE --template T --verbalizer V [--model DIR] [options]

Multi-label classification: every row of FILE has one or more labels (JSONL {"text": "..", "labels":
["a", "c"]}, or TSV/CSV with a header whose label column joins them: "a,c"). Scheme label-words
(default): every label's word is scored at the template's one [MASK]; the softmax over the label words
gives each label a probability, and a label is predicted when it is >= the threshold (default 1 /
number of labels), so a row gets any number of labels. Scheme yes-no (PET-style, one binary cloze per
label): the template names the label with the field {label}, e.g. "{text} Is it about {label}? [MASK] .",
every row is scored once per label, and the label is predicted when P(yes) (softmax over the yes and no
words) is >= the threshold (default 0.5). Prints micro-F1, macro-F1 (over the labels that occur in the gold sets or the
predictions) and subset accuracy (predicted set equal to the gold set), and a per-label table. Rows
with a label outside the declared set (--labels), an empty label or no label are reported by line.

  --model DIR          Hugging Face model folder (default: the bundled demo-bert-mini)
  --data FILE          JSONL or TSV/CSV with a header
  --data-format F      data format instead of auto-detection (jsonl, tsv, tsv-quoted, csv)
  --label-column KEY   the labels' key or column (default "labels")
  --field KEY          a text field to read (repeatable; default: every string field but the labels)
  --separator S        what joins the labels of a row in a TSV/CSV column (default ",")
  --labels L           the declared label set, joined by the separator (default: every label seen)
  --scheme S           label-words (default) | yes-no
  --template T         e.g. "{text} This is about [MASK] ." (one [MASK]; yes-no: also {label})
  --verbalizer V       label-words: one or more words per label, e.g. "sports=sports;news=news,report"
  --yes-no V           yes-no: the words of the classes yes and no (default "yes=yes;no=no")
  --threshold X        predict a label when its probability is >= X (0 < X <= 1; default 1 / labels,
                       yes-no: 0.5)
  --limit N            evaluate the first N rows only
  --batch N            sequences per forward pass (default 32)
  --max-length N       tokens per prompt (default: the model's maximum)
  --threads N          CPU threads (default: all cores)
  --device D           auto (default: CUDA when available, else CPU) | cpu | cuda | cuda:N
  --bf16               bf16 inference (probabilities may differ slightly from fp32)
  --stop-on-error      stop at the first bad row instead of skipping it
  --json               print the result as JSON: {"data": {"labels", "declared", "problems", ...},
                       "result": {"metrics": {"micro_f1", "macro_f1", "subset_accuracy", "per_label"}, ...}}
  --examples           per-row gold and predicted labels and probabilities (text: every row; JSON: "examples")
  --db FILE            also store the evaluation as a run (method "zero-shot", task multilabel: test
                       micro-F1, macro-F1, subset accuracy, each row's label sets) in this project file,
                       listed by `pwb runs` and the Runs view
)";

int run(const std::vector<std::string>& argv) {
  const pwb::cli::Args a(argv,
                         {"model", "data", "data-format", "label-column", "field", "separator", "labels",
                          "template", "verbalizer", "threshold", "scheme", "yes-no", "limit", "batch",
                          "max-length", "threads", "device", "db"},
                         {"bf16", "stop-on-error", "json", "examples"});
  if (a.help()) {
    std::cout << kUsage;
    return 0;
  }
  if (!a.positionals().empty())
    throw pwb::cli::UsageError("unexpected argument '" + a.positionals()[0] + "' (see --help)");
  pwb::multilabel::MultiLabelImportOptions io;
  io.format = a.get("data-format", "auto");
  io.labelColumn = a.get("label-column");
  io.fields = a.all("field");
  io.separator = a.get("separator", ",");
  if (io.separator.empty()) throw pwb::cli::UsageError("--separator must not be empty");
  if (a.has("labels")) io.declaredLabels = pwb::multilabel::splitLabels(a.get("labels"), io.separator);
  if (a.has("stop-on-error")) io.onBadRow = pwb::data::OnBadRow::Stop;
  pwb::multilabel::MultiLabelRequest req;
  req.scheme = pwb::multilabel::parseMultiLabelScheme(a.get("scheme", "label-words"));
  req.templateText = a.require("template");
  if (req.scheme == pwb::multilabel::MultiLabelScheme::LabelWords) {
    req.verbalizerText = a.require("verbalizer");
    if (a.has("yes-no")) throw pwb::cli::UsageError("--yes-no: only with --scheme yes-no");
  } else {
    if (a.has("verbalizer"))
      throw pwb::cli::UsageError("--verbalizer: not used by --scheme yes-no (see --yes-no)");
    req.yesNoWords = a.get("yes-no", "yes=yes;no=no");
  }
  if (a.has("threshold")) {
    const std::string t = a.get("threshold");
    try {
      size_t used = 0;
      req.threshold = std::stod(t, &used);
      if (used != t.size()) throw std::invalid_argument(t);
    } catch (const std::exception&) {
      throw pwb::cli::UsageError("--threshold: '" + t + "' is not a number");
    }
    if (!(req.threshold > 0 && req.threshold <= 1))
      throw pwb::cli::UsageError("--threshold must be above 0 and at most 1");
  }
  req.limit = pwb::cli::limitFrom(a);
  req.scoring.batchSize = a.getInt("batch", 32);
  if (req.scoring.batchSize < 1 || req.scoring.batchSize > 4096)
    throw pwb::Error("--batch must be between 1 and 4096");
  req.scoring.maxLength = a.getInt("max-length", 0);
  if (req.scoring.maxLength < 0) throw pwb::Error("--max-length must not be negative");
  req.set = pwb::multilabel::importMultiLabelSet(a.require("data"), io);
  pwb::eval::EvalSession session(a.get("model", pwb::demoModelDir()), pwb::cli::sessionOptionsFrom(a));
  const auto result = pwb::multilabel::runMultiLabel(session, req);
  int64_t runId = 0;
  if (a.has("db")) {
    pwb::store::RunStore store(a.get("db"));
    runId = pwb::multilabel::saveMultiLabelRun(store, result, req.set, session.modelDir(),
                                               pwb::cli::sessionOptionsFrom(a).device);
  }
  if (a.has("json")) {
    nlohmann::json out = {{"data", pwb::multilabel::multiLabelSetJson(req.set)},
                          {"result", pwb::multilabel::multiLabelJson(result, a.has("examples"))}};
    if (runId > 0) out["run_id"] = runId;
    std::cout << out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    return 0;
  }
  std::cout << "data:       " << req.set.summary() << "\n" << pwb::probe::problemsReport(req.set.data);
  std::cout << pwb::multilabel::multiLabelReport(result, a.has("examples") ? result.examples.size() : 0);
  if (runId > 0) std::cout << "stored as run " << runId << " in " << a.get("db") << "\n";
  return 0;
}

pwb::cli::CommandRegistrar reg{
    {"multilabel", "multi-label classification: label words with a threshold, micro/macro-F1", kUsage, run}};

}  // namespace
