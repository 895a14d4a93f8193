// pwb compare: the templates x verbalizers accuracy table of the PET / LM-BFF papers for a model and a data
// file, as Markdown, CSV or JSON. Each template is encoded once; every verbalizer reuses that encoding.
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli_args.h"
#include "command_registry.h"
#include "common/error.h"
#include "common/paths.h"
#include "data/dataset_import.h"
#include "data/kshot_sampler.h"
#include "demo_cli.h"
#include "eval/eval_session.h"
#include "eval/result_format.h"
#include "eval_options.h"
#include "output_format.h"

namespace {

const char* kUsage = R"(Usage:
  pwb compare --data FILE --template T1 [--template T2 ...] --verbalizer V1 [--verbalizer V2 ...]
              [--model DIR] [--output-format md|csv|json | --json] [options]

Evaluates every template with every verbalizer on FILE and prints the accuracy table (rows templates,
columns verbalizers). Each template costs one forward pass per example; the verbalizers of a template
reuse it.

  --model DIR          Hugging Face model folder (default: the bundled demo-bert-mini)
  --data FILE          data file (format auto-detected)
  --data-format F      data format instead of auto-detection (tsv, csv, label-space, fasttext, jsonl, ...)
  --template T         repeatable, e.g. "{s} it was [MASK] ."
  --verbalizer V       repeatable, e.g. "1=great;0=terrible"
  --output-format F    md (Markdown, default) | csv | json
  --json               same as --output-format json
  --examples           with JSON output: include per-example predictions
  --k K                instead of FILE as a whole, evaluate on the K-shot split of each seed (LM-BFF
                       protocol, sampled from FILE) and report mean (std) and median over the seeds
  --seeds LIST         with --k: comma-separated seeds (default 13,21,42,87,100)
  --split S            with --k: dev (default) or train
  --device D           auto (default: CUDA when available, else CPU) | cpu | cuda | cuda:N
  --bf16               bf16 inference (as for pwb eval)
  --top-k K            with JSON output and --examples: the K most likely tokens at the mask per example
  --calibrate, --calibration MODE, --multi-token MODE, --aggregate MODE, --batch N, --threads N,
  --max-length N, --limit N: as for pwb eval

Demonstrations are an option of the whole grid (every cell uses them), not an axis: compare in-context
against zero-shot by running the grid twice. With demonstrations, a template is encoded once per distinct
set of first label words of its verbalizers (the words the demonstrations show).
)";

std::string usage() {
  return std::string(kUsage) + pwb::cli::demoUsage() + pwb::cli::demoSourceUsage(true);
}

std::vector<uint64_t> parseSeeds(const std::string& text) {
  std::vector<uint64_t> seeds;
  std::stringstream ss(text);
  std::string item;
  while (std::getline(ss, item, ',')) {
    try {
      size_t used = 0;
      const unsigned long long v = std::stoull(item, &used);
      if (used != item.size()) throw std::invalid_argument(item);
      seeds.push_back(v);
    } catch (const std::exception&) {
      throw pwb::Error("--seeds: '" + item + "' is not a seed (expected e.g. 13,21,42)");
    }
  }
  if (seeds.empty()) throw pwb::Error("--seeds: no seed given");
  return seeds;
}

int runCompare(const std::vector<std::string>& argv) {
  using pwb::cli::withOptions;
  const pwb::cli::Args a(
      argv,
      withOptions(withOptions({"model", "data", "data-format", "template", "verbalizer", "output-format", "k",
                               "seeds", "split", "calibration", "multi-token", "aggregate", "batch",
                               "threads", "device", "max-length", "limit", "top-k"},
                              pwb::cli::demoOptionNames()),
                  pwb::cli::demoSourceOptionNames()),
      {"calibrate", "examples", "json", "bf16"}, {{"format", "output-format"}, {"kshot", "k"}});
  if (a.help()) {
    std::cout << usage();
    return 0;
  }
  if (!a.positionals().empty())
    throw pwb::cli::UsageError("unexpected argument '" + a.positionals()[0] + "' (see --help)");
  const std::string format = pwb::cli::outputFormatFrom(a, {"md", "csv", "json"});
  pwb::eval::GridRequest req;
  req.templates = a.all("template");
  req.verbalizers = a.all("verbalizer");
  if (req.templates.empty()) throw pwb::cli::UsageError("missing required option --template (see --help)");
  if (req.verbalizers.empty())
    throw pwb::cli::UsageError("missing required option --verbalizer (see --help)");
  req.options = pwb::cli::scoringOptionsFrom(a);
  req.limit = pwb::cli::limitFrom(a);
  req.keepExamples = format == "json" && a.has("examples");
  req.demos = pwb::cli::demoOptionsFrom(a);
  const auto source = pwb::cli::demoSourceFrom(a, req.demos, true);
  pwb::data::ImportOptions io;
  io.format = a.get("data-format", "auto");
  const auto data = pwb::data::importDataset(a.require("data"), io);
  pwb::data::Dataset demoFile;
  if (!source.trainPath.empty()) {
    pwb::data::ImportOptions dio;
    dio.format = source.format;
    demoFile = pwb::data::importDataset(source.trainPath, dio);
  }
  if (a.has("k")) {
    const int k = a.getInt("k", 16);
    if (k < 1) throw pwb::Error(a.spelling("k") + " must be at least 1");
    const std::string split = a.get("split", "dev");
    if (split != "dev" && split != "train")
      throw pwb::Error("--split must be dev or train, got '" + split + "'");
    const auto seeds = a.has("seeds") ? parseSeeds(a.get("seeds")) : pwb::data::lmBffSeeds();
    if (source.seedGiven) throw pwb::cli::UsageError("--demo-seed: with --k the seeds are --seeds");
    for (uint64_t seed : seeds) {
      auto s = pwb::data::sampleKShot(data, k, seed);
      pwb::eval::EvalRun run{"seed " + std::to_string(seed), split == "dev" ? s.dev : s.train};
      if (req.demos.enabled()) {
        // LM-BFF: the seed's own K-shot train split, or that of --demo-train with the same seed.
        run.demoPool = source.trainPath.empty() ? s.train : pwb::cli::demoPool(source, demoFile, seed);
        run.demoSeed = seed;
        run.demoSplit = split;
      }
      req.runs.push_back(std::move(run));
    }
  } else {
    if (a.has("seeds") || a.has("split")) throw pwb::Error("--seeds and --split need --k");
    if (!req.demos.enabled()) {
      req.runs.push_back({"", data});
    } else {
      if (source.trainPath.empty()) {
        throw pwb::cli::UsageError(
            "--demos needs --demo-train FILE (or --k, to draw from each seed's train split of --data)");
      }
      // One run per demonstration seed: the seed's split of --demo-train and its draws.
      for (uint64_t seed : source.seeds) {
        pwb::eval::EvalRun run{source.seeds.size() > 1 ? "seed " + std::to_string(seed) : "", data};
        run.demoPool = pwb::cli::demoPool(source, demoFile, seed);
        run.demoSeed = seed;
        req.runs.push_back(std::move(run));
      }
    }
  }
  pwb::eval::EvalSession session(a.get("model", pwb::demoModelDir()), pwb::cli::sessionOptionsFrom(a));
  const auto grid = session.runGrid(req);
  if (format == "json") {
    std::cout << pwb::eval::gridJson(grid, req.keepExamples).dump(2) << "\n";
  } else if (format == "csv") {
    std::cout << pwb::eval::gridCsv(grid);
  } else {
    std::cout << pwb::eval::gridMarkdown(grid);
  }
  return 0;
}

pwb::cli::CommandRegistrar reg{
    {"compare", "templates x verbalizers accuracy table (Markdown, CSV, JSON)", usage(), runCompare}};

}  // namespace
