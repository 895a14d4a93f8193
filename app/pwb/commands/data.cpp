// pwb data inspect|sample: look at a data file the way the importers see it, and draw LM-BFF K-shot splits.
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli_args.h"
#include "command_registry.h"
#include "common/error.h"
#include "common/text_file.h"
#include "data/dataset_import.h"
#include "data/format_detect.h"
#include "data/kshot_sampler.h"
#include "data/lmbff_split_files.h"
#include "data/md5.h"

namespace {

const char* kUsage = R"(Usage:
  pwb data inspect FILE [import options] [--json]
  pwb data sample FILE --k K [--seed S | --all-seeds] [--sampler splitmix64|lmbff]
                  [--out MANIFEST.json] [import options] [--json]
  pwb data sample TRAIN_FILE --sampler lmbff --lmbff-task TASK --write-dir DIR [--k K]
                  [--seed S | --all-seeds] [--test EVAL_FILE]...

inspect: prints the detected format, encoding, row count, label counts, warnings and skipped rows
         (file:line and why).
sample:  draws an LM-BFF K-shot split from a training file: K examples per class for train and another
         K per class for dev, with seed S (default 13; --all-seeds: 13 21 42 87 100). Prints the
         manifest (seed, K, sampled ids, checksums of the file and of the id lists) as JSON with --json
         or --out, a summary otherwise.
         --sampler splitmix64 (default): our portable generator. --sampler lmbff: NumPy's legacy
         MT19937 (np.random.seed + np.random.shuffle) as LM-BFF's tools/generate_k_shot_data.py, classes
         in order of first occurrence; the same rows as LM-BFF when the import skipped no row.
         With --write-dir (needs --sampler lmbff and --lmbff-task): writes LM-BFF's split files byte for
         byte as the script does from the same original file: DIR/<K>-<seed>/train.tsv + dev.tsv for the
         GLUE tasks (SST-2 CoLA MNLI MRPC QNLI QQP RTE SNLI STS-B WNLI: header kept, label field as
         LM-BFF reads it), train.csv + dev.csv for the others (sst-5 mr cr mpqa subj trec: headerless
         CSV, label first, written back as pandas does). --test copies an original evaluation file in
         as LM-BFF does (GLUE: dev.tsv -> test.tsv; CSV: test.csv), so that LM-BFF's checksum list
         (data/k-shot/checksum) can be checked with md5sum -c. K defaults to 16.

Import options:
  --data-format F     auto (default), tsv, tsv-quoted, tsv-noheader, csv, csv-noheader, label-space,
                      lines, fasttext, jsonl, ptb, mc-jsonl (multiple choice: ARC / COPA rows, the
                      options as fields option_A, option_B, ... and the answer's letter as label)
  --text-column C     text column by header name or 1-based number (repeat for sentence pairs)
  --label-column C    label column by header name or 1-based number (JSONL: key)
  --label L           label for every row of a plain one-text-per-line file
  --label-map MAP     rename labels, e.g. "0=negative,1=positive"
  --stop-on-error     stop at the first bad row instead of skipping it
  --limit N           read at most N examples
)";

pwb::data::ImportOptions importOptions(const pwb::cli::Args& a) {
  pwb::data::ImportOptions o;
  o.format = a.get("data-format", "auto");
  o.textColumns = a.all("text-column");
  o.labelColumn = a.get("label-column");
  o.fixedLabel = a.get("label");
  const std::string map = a.get("label-map");
  size_t start = 0;
  while (start < map.size()) {
    size_t end = map.find(',', start);
    if (end == std::string::npos) end = map.size();
    const std::string item = map.substr(start, end - start);
    const size_t eq = item.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == item.size())
      throw pwb::Error("--label-map: expected FROM=TO pairs separated by commas, got '" + item + "'");
    o.labelNames[item.substr(0, eq)] = item.substr(eq + 1);
    start = end + 1;
  }
  if (a.has("stop-on-error")) o.onBadRow = pwb::data::OnBadRow::Stop;
  const int limit = a.getInt("limit", 0);
  if (limit < 0) throw pwb::Error(a.spelling("limit") + " must not be negative");
  o.maxRows = static_cast<size_t>(limit);
  return o;
}

nlohmann::json datasetJson(const pwb::data::Dataset& ds) {
  nlohmann::json problems = nlohmann::json::array();
  for (const auto& p : ds.problems) problems.push_back({{"line", p.line}, {"message", p.message}});
  return {{"path", ds.path},           {"format", ds.format},          {"encoding", ds.encoding},
          {"columns", ds.columns},     {"rows", ds.examples.size()},   {"labels", ds.labelCounts()},
          {"unlabeled", ds.unlabeled}, {"checksum", ds.checksumHex()}, {"warnings", ds.warnings},
          {"problems", problems}};
}

int inspect(const pwb::cli::Args& a, const std::string& file) {
  const auto ds = pwb::data::importDataset(file, importOptions(a));
  if (a.has("json")) {
    std::cout << datasetJson(ds).dump(2) << "\n";
    return 0;
  }
  std::cout << "file:     " << ds.path << "\nformat:   " << ds.format << "\nencoding: " << ds.encoding
            << "\ncolumns: ";
  for (const auto& c : ds.columns) std::cout << " {" << c << "}";
  std::cout << "\nrows:     " << ds.examples.size() << "\nchecksum: " << ds.checksumHex() << "\nlabels:  ";
  if (ds.unlabeled) std::cout << " (unlabeled set)";
  for (const auto& [label, n] : ds.labelCounts()) std::cout << " " << label << "=" << n;
  std::cout << "\n";
  for (const auto& w : ds.warnings) std::cout << "warning:  " << w << "\n";
  std::cout << "skipped:  " << ds.problems.size() << " row(s)\n";
  const size_t shown = std::min<size_t>(ds.problems.size(), 20);
  for (size_t i = 0; i < shown; ++i) std::cout << "  " << ds.problems[i].text() << "\n";
  if (shown < ds.problems.size()) std::cout << "  ... " << ds.problems.size() - shown << " more\n";
  return 0;
}

void printIds(const char* what, const std::vector<std::string>& ids, const std::string& checksum) {
  std::cout << "  " << what << " (" << ids.size() << " ids, checksum " << checksum << "):";
  for (size_t i = 0; i < ids.size(); ++i) std::cout << (i % 12 == 0 ? "\n    " : " ") << ids[i];
  std::cout << "\n";
}

void printManifest(const pwb::data::KShotSplit& split) {
  const auto& m = split.manifest;
  std::cout << "seed " << m.seed << ", K=" << m.k << " per class (" << m.protocol << ", " << m.rng << ")\n"
            << "  source " << m.sourcePath << " (" << m.sourceRows << " rows, checksum " << m.sourceChecksum
            << ")\n"
            << "  train: " << split.train.summary() << "\n  dev:   " << split.dev.summary() << "\n";
  printIds("train ids", m.trainIds, m.trainChecksum);
  printIds("dev ids", m.devIds, m.devChecksum);
}

std::vector<uint64_t> seedsOf(const pwb::cli::Args& a) {
  if (a.has("all-seeds")) return pwb::data::lmBffSeeds();
  const int seed = a.getInt("seed", 13);
  if (seed < 0) throw pwb::Error("--seed must not be negative");
  return {static_cast<uint64_t>(seed)};
}

void writeFile(const std::string& path, const std::string& content) {
  std::ofstream f(path, std::ios::binary);
  if (!(f << content) || !f.flush()) throw pwb::fileError(path, "cannot write the file");
}

// LM-BFF's split files, one folder per seed: DIR/<K>-<seed>/.
int writeLmBffFiles(const pwb::cli::Args& a, const std::string& file) {
  if (a.get("sampler") != "lmbff")
    throw pwb::Error("--write-dir writes LM-BFF's files and needs --sampler lmbff");
  if (!a.has("lmbff-task"))
    throw pwb::Error("--write-dir needs --lmbff-task (LM-BFF's task folder name: SST-2, sst-5, mr, ...)");
  for (const char* o : {"data-format", "text-column", "label-column", "label", "label-map", "limit", "out",
                        "json", "stop-on-error"})
    if (a.has(o))
      throw pwb::Error("--" + std::string(o) +
                       " does not apply with --write-dir: the file is read as LM-BFF's script reads it");
  const auto task = pwb::data::lmBffTask(a.get("lmbff-task"));
  const int k = a.getInt("k", 16);
  const std::string bytes = pwb::readFileBytes(file);
  std::vector<pwb::data::LmBffTestFile> tests;
  for (const auto& t : a.all("test"))
    tests.push_back(pwb::data::makeLmBffTestFile(pwb::readFileBytes(t), t, task));
  for (uint64_t seed : seedsOf(a)) {
    const auto split = pwb::data::makeLmBffSplit(bytes, file, task, k, seed);
    const std::filesystem::path dir =
        std::filesystem::path(a.get("write-dir")) / (std::to_string(k) + "-" + std::to_string(seed));
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) throw pwb::fileError(dir.string(), "cannot create the folder: " + ec.message());
    writeFile((dir / split.trainName).string(), split.train);
    writeFile((dir / split.devName).string(), split.dev);
    for (const auto& t : tests) writeFile((dir / t.name).string(), t.content);
    // md5 as md5sum prints it, to compare with LM-BFF's data/k-shot/checksum by eye or with md5sum -c.
    std::cout << "wrote " << dir.string() << " (classes in written order:";
    for (const auto& l : split.labels) std::cout << " '" << l << "'";
    std::cout << ")\n  " << pwb::data::md5Hex(split.train) << "  " << split.trainName << " ("
              << split.trainLines.size() << " rows)\n  " << pwb::data::md5Hex(split.dev) << "  "
              << split.devName << " (" << split.devLines.size() << " rows)\n";
    for (const auto& t : tests) std::cout << "  " << pwb::data::md5Hex(t.content) << "  " << t.name << "\n";
    for (const auto& c : split.shortClasses)
      std::cout << "warning: class " << c << " has fewer than 2K=" << 2 * k
                << " rows; like LM-BFF's script, the split takes what there is\n";
  }
  return 0;
}

int sample(const pwb::cli::Args& a, const std::string& file) {
  if (a.has("write-dir")) return writeLmBffFiles(a, file);
  if (a.has("lmbff-task") || a.has("test"))
    throw pwb::Error("--lmbff-task and --test only apply with --write-dir");
  const int k = a.getInt("k", 16);
  const auto sampler = pwb::data::parseSampler(a.get("sampler", "splitmix64"));
  const auto ds = pwb::data::importDataset(file, importOptions(a));
  if (sampler == pwb::data::Sampler::LmBff && !ds.problems.empty())
    std::cerr << "warning: " << ds.problems.size()
              << " row(s) were skipped on import; LM-BFF's script shuffles every row, so this split "
                 "differs from LM-BFF's (use --write-dir for its files)\n";
  nlohmann::json manifests = nlohmann::json::array();
  for (uint64_t s : seedsOf(a)) {
    const auto split = pwb::data::sampleKShot(ds, k, s, sampler);
    manifests.push_back(split.manifest.toJson());
    if (!a.has("json") && !a.has("out")) printManifest(split);
  }
  const nlohmann::json out = manifests.size() == 1 ? manifests[0] : manifests;
  if (a.has("out")) {
    const std::string path = a.get("out");
    std::ofstream f(path);
    if (!(f << out.dump(2) << "\n")) throw pwb::fileError(path, "cannot write the manifest");
    std::cout << "wrote " << path << "\n";
  }
  if (a.has("json")) std::cout << out.dump(2) << "\n";
  return 0;
}

int run(const std::vector<std::string>& argv) {
  pwb::cli::Args a(argv,
                   {"data-format", "text-column", "label-column", "label", "label-map", "limit", "k", "seed",
                    "out", "sampler", "lmbff-task", "write-dir", "test"},
                   {"json", "stop-on-error", "all-seeds"},
                   {{"format", "data-format"}, {"max-rows", "limit"}});
  if (a.help()) {
    std::cout << kUsage;
    return 0;
  }
  const auto& pos = a.positionals();
  if (pos.size() != 2 || (pos[0] != "inspect" && pos[0] != "sample")) {
    std::cerr << kUsage;
    return 2;
  }
  return pos[0] == "inspect" ? inspect(a, pos[1]) : sample(a, pos[1]);
}

pwb::cli::CommandRegistrar reg{
    {"data", "inspect a data file (format, encoding, labels, bad rows); draw K-shot splits", kUsage, run}};

}  // namespace
