// pwb choice: multiple choice scored by the option text — each option of an mc-jsonl row put at the
// template's [MASK] as one mask per word piece, PET's sequential score, accuracy of the argmax.
#include <iostream>
#include <nlohmann/json.hpp>

#include "choice/choice_format.h"
#include "choice/choice_run.h"
#include "choice/option_scoring.h"
#include "cli_args.h"
#include "command_registry.h"
#include "common/error.h"
#include "common/paths.h"
#include "data/dataset_import.h"
#include "eval/eval_session.h"
#include "eval_options.h"
#include "probe/probe_format.h"
#include "store/run_store.h"

namespace {

const char* kUsage = R"(Usage:
  pwb choice --data FILE --template T [--model DIR] [options]

Multiple choice scored by the option text. FILE is a multiple-choice JSONL file (ARC
{"question": {"stem", "choices": [{"text", "label"}]}, "answerKey"}, ARC flat {"question", "choices":
{"text": [..], "label": [..]}, "answerKey"}, or COPA {"premise", "choice1", "choice2", "question",
"label"}): its options are the fields option_A, option_B, ... (by position) and the answer is a letter.
Every option's text is put at the template's one [MASK] as one mask per word piece and scored with PET's
sequential rule (the most probable piece first, the model run again after each); the best-scoring option
is the prediction. Prints the accuracy. Letters as label words need no special command: `pwb eval
--data-format mc-jsonl` with a template naming the options and a verbalizer such as "A=a;B=b;C=c;D=d".

  --model DIR          Hugging Face model folder (default: the bundled demo-bert-mini)
  --data FILE          multiple-choice JSONL (format mc-jsonl; ARC is recognised, COPA needs no flag here)
  --template T         e.g. "Question: {question} Answer: [MASK] ." (one [MASK], no [SOFT]/[P]/[DEMOS])
  --score MODE         sum (PET: the sum of the pieces' log-probs, default; favours short options) | mean
                       (the sum divided by the pieces: length-normalised)
  --limit N            score the first N rows only
  --max-length N       tokens per prompt (default: the model's maximum)
  --threads N          CPU threads (default: all cores)
  --device D           auto (default: CUDA when available, else CPU) | cpu | cuda | cuda:N
  --bf16               bf16 inference (scores may differ slightly from fp32)
  --stop-on-error      stop at the first bad row instead of skipping it
  --json               print the result as JSON: {"data": {"path", "rows", "problems"}, "result":
                       {"metrics": {"accuracy", "correct", "count", "scored"}, "score", "skipped", ...}}
  --examples           per-row scores of every option (text: every row; JSON: "examples")
  --db FILE            also store the evaluation as a run (method "zero-shot", task multiple-choice: test
                       accuracy, each row's gold and predicted option) in this project file, listed by
                       `pwb runs` and the Runs view
)";

int run(const std::vector<std::string>& argv) {
  const pwb::cli::Args a(
      argv, {"model", "data", "template", "score", "limit", "max-length", "threads", "device", "db"},
      {"bf16", "stop-on-error", "json", "examples"});
  if (a.help()) {
    std::cout << kUsage;
    return 0;
  }
  if (!a.positionals().empty())
    throw pwb::cli::UsageError("unexpected argument '" + a.positionals()[0] + "' (see --help)");
  pwb::data::ImportOptions io;
  io.format = "mc-jsonl";
  if (a.has("stop-on-error")) io.onBadRow = pwb::data::OnBadRow::Stop;
  pwb::choice::OptionScoreRequest req;
  req.templateText = a.require("template");
  req.score = pwb::choice::parseOptionScore(a.get("score", "sum"));
  req.limit = pwb::cli::limitFrom(a);
  req.maxLength = a.getInt("max-length", 0);
  if (req.maxLength < 0) throw pwb::Error("--max-length must not be negative");
  req.data = pwb::data::importDataset(a.require("data"), io);
  pwb::eval::EvalSession session(a.get("model", pwb::demoModelDir()), pwb::cli::sessionOptionsFrom(a));
  const auto result = pwb::choice::runOptionScoring(session, req);
  int64_t runId = 0;
  if (a.has("db")) {
    pwb::store::RunStore store(a.get("db"));
    runId = pwb::choice::saveChoiceRun(store, result, req.data.path, session.modelDir(),
                                       pwb::cli::sessionOptionsFrom(a).device);
  }
  if (a.has("json")) {
    nlohmann::json problems = nlohmann::json::array();
    for (const auto& p : req.data.problems) problems.push_back({{"line", p.line}, {"message", p.message}});
    nlohmann::json out = {
        {"data", {{"path", req.data.path}, {"rows", req.data.examples.size()}, {"problems", problems}}},
        {"result", pwb::choice::optionScoreJson(result, a.has("examples"))}};
    if (runId > 0) out["run_id"] = runId;
    std::cout << out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    return 0;
  }
  std::cout << "data:       " << req.data.summary() << "\n" << pwb::probe::problemsReport(req.data);
  std::cout << pwb::choice::optionScoreReport(result, a.has("examples") ? result.examples.size() : 0);
  if (runId > 0) std::cout << "stored as run " << runId << " in " << a.get("db") << "\n";
  return 0;
}

pwb::cli::CommandRegistrar reg{
    {"choice", "multiple choice scored by the option text (PET's multi-token score), accuracy", kUsage, run}};

}  // namespace
