// pwb probe: knowledge probing (LAMA, P-tuning's fact probing) — a hard template with one [MASK] over a
// data set of (fields, answer word) rows; each answer is ranked over the model's whole vocabulary.
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli_args.h"
#include "command_registry.h"
#include "common/error.h"
#include "common/paths.h"
#include "eval/eval_session.h"
#include "eval_options.h"
#include "probe/probe_eval.h"
#include "probe/probe_format.h"
#include "probe/probe_import.h"
#include "probe/probe_record.h"

namespace {

const char* kUsage = R"(Usage:
  pwb probe --data FILE --template T [--model DIR] [options]

Knowledge probing (LAMA): every row of FILE is a fact, text fields plus an answer word; the template is
rendered with the fields and the model's whole vocabulary is ranked at its one [MASK]. Prints P@1, P@10
and MRR over the scored facts. LAMA's convention: an answer that is not one token of the model's
vocabulary is reported (count and first ids) and skipped, or with --multi-piece first-piece scored by its
first word piece; an answer the vocabulary cannot spell ([UNK]) is always skipped. Rows without an answer
or with an empty field are reported by line and skipped.

  --model DIR          Hugging Face model folder (default: the bundled demo-bert-mini)
  --data FILE          JSONL (LAMA: {"sub_label": "France", "obj_label": "Paris"}) or TSV/CSV with a header
  --data-format F      data format instead of auto-detection (jsonl, tsv, tsv-quoted, csv)
  --answer KEY         the answer's key or column (default: "answer", else LAMA's "obj_label")
  --field KEY          a text field to read (repeatable; default: every string field but the answer)
  --template T         e.g. "The capital of {sub_label} is [MASK] ." (one [MASK], no [SOFT]/[P]/[DEMOS])
  --multi-piece MODE   answers of several word pieces: skip (LAMA, default) | first-piece
  --top-k K            the K most likely tokens kept per fact (default 10; shown with --examples)
  --limit N            probe the first N facts only
  --batch N            sequences per forward pass (default 32)
  --max-length N       tokens per prompt (default: the model's maximum)
  --threads N          CPU threads (default: all cores)
  --device D           auto (default: CUDA when available, else CPU) | cpu | cuda | cuda:N
  --bf16               bf16 inference (ranks may differ slightly from fp32)
  --stop-on-error      stop at the first bad row instead of skipping it
  --json               print the result as JSON: {"data": {..., "problems"}, "result": {"metrics": {"P@1",
                       "P@10", "MRR", "count"}, "multi_piece", "unknown_answers", "notes", ...}}
  --examples           per-fact rank, probability and top-k (text: every fact; JSON: "examples")
  --db FILE            record the probe as a finished run (method "zero-shot", results test_p_at_1,
                       test_p_at_10, test_mrr; each fact's answer and top-1 token as its predictions),
                       beside the trained probe runs of `pwb train --task probe`
)";

int run(const std::vector<std::string>& argv) {
  const pwb::cli::Args a(argv,
                         {"model", "data", "data-format", "answer", "field", "template", "multi-piece",
                          "top-k", "limit", "batch", "max-length", "threads", "device", "db"},
                         {"bf16", "stop-on-error", "json", "examples"});
  if (a.help()) {
    std::cout << kUsage;
    return 0;
  }
  if (!a.positionals().empty())
    throw pwb::cli::UsageError("unexpected argument '" + a.positionals()[0] + "' (see --help)");
  pwb::probe::ProbeImportOptions io;
  io.format = a.get("data-format", "auto");
  io.answerColumn = a.get("answer");
  io.fields = a.all("field");
  if (a.has("stop-on-error")) io.onBadRow = pwb::data::OnBadRow::Stop;
  const std::string dataPath = a.require("data");
  pwb::probe::ProbeRequest req;
  req.templateText = a.require("template");
  req.multiPiece = pwb::probe::parseMultiPieceAnswers(a.get("multi-piece", "skip"));
  req.topK = a.getInt("top-k", 10);
  if (req.topK < 0 || req.topK > 1000) throw pwb::Error("--top-k must be between 0 and 1000");
  req.limit = pwb::cli::limitFrom(a);
  req.batchSize = a.getInt("batch", 32);
  if (req.batchSize < 1 || req.batchSize > 4096) throw pwb::Error("--batch must be between 1 and 4096");
  req.maxLength = a.getInt("max-length", 0);
  if (req.maxLength < 0) throw pwb::Error("--max-length must not be negative");
  const auto set = pwb::probe::importProbeSet(dataPath, io);
  req.data = set.data;
  pwb::eval::EvalSession session(a.get("model", pwb::demoModelDir()), pwb::cli::sessionOptionsFrom(a));
  const auto result = pwb::probe::runProbe(session, req);
  const int64_t runId = a.has("db") ? pwb::probe::recordProbeRun(a.get("db"), result, set) : 0;
  if (a.has("json")) {
    nlohmann::json out = {{"data", pwb::probe::probeSetJson(set)},
                          {"result", pwb::probe::probeJson(result, a.has("examples"))}};
    if (runId > 0) out["run_id"] = runId;
    std::cout << out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    return 0;
  }
  std::cout << "data:       " << set.summary() << "\n" << pwb::probe::problemsReport(set.data);
  std::cout << pwb::probe::probeReport(result, a.has("examples") ? result.examples.size() : 0);
  if (runId > 0) std::cout << "recorded as run " << runId << " in " << a.get("db") << "\n";
  return 0;
}

pwb::cli::CommandRegistrar reg{
    {"probe", "knowledge probing: P@1, P@10, MRR of answer words over the whole vocabulary", kUsage, run}};

}  // namespace
