// pwb predict: a zero-shot PVP, a finished run, a bundle or a PEFT adapter applied to a file without labels,
// written as CSV or JSONL with the predicted label and every class probability, a chunk at a time
// (core/export/predict_stream.h; the GUI's Predict on File… calls the same function).
#include <iostream>

#include "cli_args.h"
#include "command_registry.h"
#include "common/error.h"
#include "common/paths.h"
#include "eval_options.h"
#include "export/predict_stream.h"

namespace {

const char* kUsage = R"(Usage:
  pwb predict --input FILE --out FILE --template T --verbalizer V [--model DIR] [options]
  pwb predict --input FILE --out FILE --db PROJECT --run ID [options]
  pwb predict --input FILE --out FILE --prompt DIR [--model DIR] [options]

Classifies every row of FILE — a file of texts, no label column needed — and writes one output row per
input row: row (0-based, counting skipped rows too), line, id (the input's id column or key when it has
one), label (the predicted class) and one probability column per class (p_<label>; JSONL: an object
"probabilities"). The file is read, scored and written a chunk of rows at a time, so its size does not
matter. A regression run or bundle (`pwb train --task regression`) writes row, line, id, prediction (LM-BFF's
expectation between its two poles, over the range training used) and p_upper instead of label and
probabilities. Rows that cannot be read (wrong column count, invalid JSON, no text, invalid UTF-8) are skipped
and reported by line on standard error. A file that has labels is read for its text only (a notice says
so).

The classifier, one of:
  --template T --verbalizer V   a zero-shot PVP on --model, scored as `pwb eval` scores it
  --db PROJECT --run ID         a finished training run: its saved state (a prompt-only run's is kept in the
                                project file; other methods need the output folder that
                                `pwb train` saved it to), predicting as at the end of training with
                                its own template and verbalizer; --model only when the model moved
  --prompt DIR                  a bundle from `pwb export` or a training state folder (as a run), or a PEFT
                                adapter (its vectors applied as PEFT does; template and verbalizer from its
                                prompt_workbench.json or from --template/--verbalizer)

  --input FILE         the texts: plain lines, TSV, CSV or JSONL (format detected)
  --input-format F     auto (default) | lines | tsv | csv | jsonl
  --text-field NAME    a text column (header name or 1-based number) or JSONL key; repeat for sentence
                       pairs (template fields are named after them); default: every column / string key
                       that is not a label or an id
  --id-field NAME      the id column or key (default: one named id, idx, guid or index)
  --out FILE           where the predictions go (overwritten)
  --output-format F    csv | jsonl (default: from the --out extension, .jsonl/.json -> jsonl, else csv)
  --model DIR          Hugging Face model folder (default: the bundled demo-bert-mini; for --run the one the
                       run recorded)
  --chunk N            rows read, scored and written at a time (default 512)
  --batch N            sequences per forward pass (default 32)
  --calibration MODE   zero-shot / PEFT: none | content-free | template-only
  --multi-token MODE   zero-shot / PEFT: mean | pet | pet-sequential | first (see `pwb eval --help`)
  --aggregate MODE     zero-shot / PEFT: mean | max | logsumexp
  --max-length N       zero-shot / PEFT: tokens per prompt (default: the model's maximum)
  --threads N          CPU threads (default: all cores)
  --device D           auto (default) | cpu | cuda | cuda:N
  --quiet              no progress or summary on standard error (bad rows are still reported)
)";

int run(const std::vector<std::string>& argv) {
  const pwb::cli::Args a(
      argv, {"input",       "input-format", "text-field", "id-field",   "out",     "output-format", "model",
             "template",    "verbalizer",   "db",         "run",        "prompt",  "chunk",         "batch",
             "calibration", "multi-token",  "aggregate",  "max-length", "threads", "device"},
      {"quiet"});
  if (a.help()) {
    std::cout << kUsage;
    return 0;
  }
  if (!a.positionals().empty())
    throw pwb::cli::UsageError("unexpected argument '" + a.positionals()[0] + "' (see --help)");
  pwb::exporting::PredictRequest r;
  const int sources = (a.has("run") || a.has("db") ? 1 : 0) + (a.has("prompt") ? 1 : 0);
  if (sources > 1) throw pwb::cli::UsageError("give one classifier: --db/--run or --prompt (see --help)");
  if (a.has("run") || a.has("db")) {
    r.source = pwb::exporting::PredictSourceKind::Run;
    r.dbPath = a.require("db");
    r.runId = a.getInt("run", 0);
    if (r.runId <= 0)
      throw pwb::cli::UsageError("--run expects a run id (a positive integer; see `pwb runs`)");
    r.modelDir = a.get("model");
  } else if (a.has("prompt")) {
    r.source = pwb::exporting::PredictSourceKind::Prompt;
    r.promptDir = a.get("prompt");
    r.modelDir = a.get("model", pwb::demoModelDir());
  } else {
    r.source = pwb::exporting::PredictSourceKind::ZeroShot;
    r.modelDir = a.get("model", pwb::demoModelDir());
    a.require("template");
    a.require("verbalizer");
  }
  r.templateText = a.get("template");
  r.verbalizer = a.get("verbalizer");
  r.inputPath = a.require("input");
  r.input.format = a.get("input-format", "auto");
  r.input.textFields = a.all("text-field");
  r.input.idField = a.get("id-field");
  r.outputPath = a.require("out");
  r.outputFormat = a.get("output-format");
  const int chunk = a.getInt("chunk", 512);
  if (chunk < 1 || chunk > 1000000) throw pwb::cli::UsageError("--chunk must be between 1 and 1000000");
  r.chunkRows = static_cast<size_t>(chunk);
  r.options = pwb::cli::scoringOptionsFrom(a);
  const auto session = pwb::cli::sessionOptionsFrom(a);
  r.device = session.device;
  r.threads = session.threads;
  const bool quiet = a.has("quiet");
  auto progress = [&](const pwb::exporting::PredictProgress& p) {
    if (quiet || p.totalBytes == 0) return;
    std::cerr << "\r" << p.rowsWritten << " rows written ("
              << static_cast<int>(100.0 * static_cast<double>(p.bytesRead) /
                                  static_cast<double>(p.totalBytes))
              << " % of the input)" << std::flush;
  };
  const auto sum = pwb::exporting::predictFile(r, progress);
  if (!quiet) std::cerr << "\n";
  for (const auto& n : sum.notices) std::cerr << "notice: " << n << "\n";
  for (const auto& p : sum.problems) std::cerr << "skipped " << p.text() << "\n";
  if (sum.badRows > static_cast<int64_t>(sum.problems.size()))
    std::cerr << "skipped " << (sum.badRows - static_cast<int64_t>(sum.problems.size()))
              << " more bad rows\n";
  if (!quiet) {
    std::cerr << "predicted " << sum.rowsWritten << " rows with " << sum.sourceText << " into "
              << r.outputPath << " (" << sum.outputFormat << ")";
    if (sum.task == "regression") {
      std::cerr << ": regression, the expectation between the poles " << sum.poles;
    } else {
      for (size_t c = 0; c < sum.labels.size(); ++c)
        std::cerr << (c ? ", " : ": ") << sum.labels[c] << " " << sum.perClass[c];
    }
    std::cerr << "; " << sum.badRows << " bad rows skipped\n";
  }
  return 0;
}

pwb::cli::CommandRegistrar reg{
    {"predict", "classify a file without labels (zero-shot PVP, run, bundle or adapter) into CSV/JSONL",
     kUsage, run}};

}  // namespace
