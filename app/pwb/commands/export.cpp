// pwb export: a trained run's prompt as our resumable bundle or as a Hugging Face PEFT adapter; the runs of
// a project as a CSV / Markdown / LaTeX table.
#include <iostream>

#include "cli_args.h"
#include "command_registry.h"
#include "common/error.h"
#include "export/bundle.h"
#include "export/peft_export.h"
#include "export/prompt_inspect.h"
#include "export/run_export.h"
#include "export/runs_table.h"
#include "export/table_export.h"
#include "store/run_store.h"

namespace {

const char* kUsage = R"(Usage:
  pwb export --db FILE --run ID --output-format bundle|peft --out DIR [--model DIR] [--nearest N]
  pwb export --state DIR --output-format bundle|peft --out DIR [--model DIR] [--nearest N]
  pwb export --db FILE --runs-table OUT.csv|OUT.md|OUT.tex [--method M]

Exports the prompt a training run saved. `pwb train --db` keeps the trained prompt of prompt tuning,
P-tuning and P-tuning v2 in the project file; methods that train the model's weights (prompt-ft,
fine-tune, P-tuning trained jointly with the model) keep their state only with `pwb train --output DIR`.
  bundle   prompt.json (template, verbalizer, method and hyper-parameters, model identity, metrics,
           program version) + prompt.safetensors (every trainable tensor; model.safetensors too for
           methods that train the model). `pwb eval --prompt DIR` reproduces the run's predictions; it is
           refused on any other model.
  peft     adapter_config.json + adapter_model.safetensors as Hugging Face PEFT writes them
           (prompt-tuning -> PROMPT_TUNING, p-tuning -> P_TUNING with the encoder's output vectors,
           p-tuning-v2 -> PREFIX_TUNING) + prompt_workbench.json (template, verbalizer). Refused for
           methods that train the model's weights or a [CLS] head, and for templates PEFT cannot express
           (soft tokens in several places or not at the start, anchor text between [P] tokens).

  --db FILE          the project file (run store)
  --run ID           the run to export (see `pwb runs`)
  --state DIR        a training state folder instead of a run (method.json + method.safetensors)
  --output-format F  bundle (default) | peft
  --out DIR          output folder (created when missing)
  --model DIR        the base model when it is no longer where the run recorded it
  --nearest N        afterwards, print the N vocabulary tokens nearest to each soft vector
  --runs-table OUT   write the project's runs (id, name, method, seed, status, accuracies in percent)
                     as a table; the format follows the extension
  --method M         with --runs-table: only runs of this method
)";

int writeRunsTable(const pwb::cli::Args& a) {
  pwb::store::StoreOptions so;
  so.mode = pwb::store::OpenMode::ReadOnly;
  so.recoverInterrupted = false;
  pwb::store::RunStore st(a.require("db"), so);
  pwb::store::RunFilter f;
  f.method = a.get("method");
  const auto t = pwb::exporting::runsTable(st.listRuns(f));
  const std::string out = a.require("runs-table");
  pwb::exporting::writeTableFile(out, t);
  std::cout << "wrote " << t.rows.size() << " runs to " << out << "\n";
  return 0;
}

int runExport(const std::vector<std::string>& argv) {
  const pwb::cli::Args a(
      argv, {"db", "run", "state", "output-format", "out", "model", "nearest", "runs-table", "method"}, {},
      {{"format", "output-format"}});
  if (a.help()) {
    std::cout << kUsage;
    return 0;
  }
  if (!a.positionals().empty())
    throw pwb::cli::UsageError("unexpected argument '" + a.positionals()[0] + "' (see --help)");
  if (a.has("runs-table")) return writeRunsTable(a);
  const std::string format = a.get("output-format", "bundle");
  const std::string out = a.require("out");
  pwb::exporting::ExportResult res;
  std::string modelDir = a.get("model");
  if (a.has("state") == a.has("run"))
    throw pwb::cli::UsageError("give either --db FILE --run ID or --state DIR (see --help)");
  if (a.has("run")) {
    pwb::exporting::RunExportRequest r;
    r.dbPath = a.require("db");
    r.runId = a.getInt("run", 0);
    r.format = format;
    r.outDir = out;
    r.modelDir = modelDir;
    res = pwb::exporting::exportRun(r);
  } else if (format == "peft") {
    pwb::exporting::PeftExportOptions o;
    o.modelDir = modelDir;
    res = pwb::exporting::exportPeft(a.require("state"), out, o);
  } else if (format == "bundle") {
    pwb::exporting::BundleRequest b;
    b.stateDir = a.require("state");
    b.modelDir = modelDir;
    pwb::exporting::writeBundle(b, out);
    res.dir = out;
    res.files = {pwb::exporting::kBundleInfoFile, pwb::exporting::kBundleTensorsFile};
  } else {
    throw pwb::Error("unknown export format '" + format + "' (bundle or peft)");
  }
  std::cout << "exported " << format << " to " << res.dir << ":";
  for (const auto& f : res.files) std::cout << " " << f;
  std::cout << "\n";
  for (const auto& n : res.notes) std::cout << "note: " << n << "\n";
  if (a.has("nearest")) {
    if (modelDir.empty()) modelDir = pwb::exporting::recordedModelDir(out);
    if (modelDir.empty())
      throw pwb::Error("--nearest: the model the prompt was trained on is gone; pass --model DIR");
    std::cout << "\n"
              << pwb::exporting::inspectionReport(
                     pwb::exporting::inspectPrompt(out, modelDir, a.getInt("nearest", 5)));
  }
  return 0;
}

pwb::cli::CommandRegistrar reg{
    {"export", "export a trained prompt (bundle or PEFT adapter) or the runs table", kUsage, runExport}};

}  // namespace
