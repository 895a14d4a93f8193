// pwb pet: PET / iPET (Schick & Schütze 2021) — one prompt-based fine-tuning run per pattern-verbalizer pair,
// their ensemble's soft labels on an unlabeled pool, and a [CLS] classifier distilled from them; per seed,
// with the members, the ensembles and the classifier reported and stored as linked runs.
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli_args.h"
#include "command_registry.h"
#include "common/error.h"
#include "common/paths.h"
#include "eval/metrics.h"
#include "train/pet/pet_pipeline.h"
#include "train/train_request.h"

namespace {

const char* kUsage = R"(Usage:
  pwb pet --train FILE --test FILE --db FILE --output DIR [--model DIR] [--template T]... [--verbalizer V]...
          [--k 16] [--seeds 13,21,42,87,100] [--preset demo|lmbff] [--pool FILE] [--pool-size N]
          [--temperature 2] [--weighting uniform|pet] [--ipet-generations G] [--ipet-growth D]
          [--json] [options]

PET (Schick & Schuetze 2021, "Exploiting Cloze Questions for Few Shot Text Classification and Natural
Language Inference"), per seed: every pattern-verbalizer pair (each --template with each --verbalizer) is
trained with prompt-based fine-tuning on the K-shot split (a stored run each); each trained member scores the
unlabeled pool and the test set and is released before the next one is trained; the members' ensemble
(uniform, or PET's weights: each member's accuracy on the K-shot training set before training) gives soft
labels softmax(logits / T) on the pool; a sequence classifier ([CLS] head, the fine-tune method) is trained
on them with PET's distillation loss (T^2 * KL). With --ipet-generations G > 1, iPET: generation j trains
each pair on the K-shot set plus |T| * D^j - |T| pool examples labelled by a random quarter of the other
members of generation j-1 (class-balanced, drawn by confidence), and the last generation is distilled.
PET's auxiliary language-modelling loss is not used.

  --model DIR          Hugging Face masked-LM folder (default: the bundled demo-bert-mini)
  --train FILE, --test FILE, --train-format F, --test-format F   as in pwb train
  --template T         a pattern (repeatable; default "{s} it was [MASK] .")
  --verbalizer V       a verbalizer (repeatable; default "0=terrible;1=great"); all must have the same labels
  --k N, --seeds LIST, --sampler S   the K-shot split, as in pwb train
  --preset P           the training protocol of pwb train (demo: 250 steps, batch 8, eval every 50, lr 1e-4)
  --steps N, --batch N, --lr X, --eval-every N, --max-length N, --eval-batch N   override the preset
  --pool FILE          unlabeled pool (labels in it are ignored; default: the training file without the
                       seed's K-shot train and dev examples);  --pool-format F
  --pool-size N        rows of the pool, shuffled with the seed (default 10000; 0 = all)
  --temperature T      soft-label and distillation temperature (default 2, as PET)
  --weighting W        pet (default: members weighted by their training-set accuracy before training) |
                       uniform
  --ipet-generations G generations of members, 1 = PET (default 1)
  --ipet-growth D      iPET growth factor per generation (default 5, as PET)
  --ipet-lambda X      share of the other members that label a member's set (default 0.25, as PET)
  --distill-steps N, --distill-lr X, --distill-batch N   the distillation's protocol (default: as the
                       members')
  --no-distill         stop after the ensembles (no final classifier)
  --keep-members       also save every member's trained weights in its work folder
  --db FILE            project file: every member and the distilled classifier are stored runs, linked
                       (role "teacher") to the runs whose labels they learnt
  --output DIR         work folder: the members' logits and markers, the iPET sets, the soft labels and
                       the distilled classifier's state. Run the same command again after a crash or a
                       cancel: finished members are reused, not trained again
  --device D           auto (default) | cpu | cuda | cuda:N
  --threads N          CPU threads (default: all cores)
  --json               print the results as JSON
  --quiet              no progress on stderr
)";

std::string pct(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", 100.0 * v);
  return buf;
}

nlohmann::json toJson(const pwb::train::pet::PetResult& r) {
  using pwb::train::statusName;
  nlohmann::json seeds = nlohmann::json::array();
  for (const auto& s : r.seeds) {
    nlohmann::json gens = nlohmann::json::array();
    for (const auto& g : s.generations) {
      nlohmann::json members = nlohmann::json::array();
      for (const auto& m : g.members) {
        members.push_back(
            {{"pvp", m.pvp},
             {"template", m.templateText},
             {"verbalizer", m.verbalizer},
             {"run_id", m.runId},
             {"test_accuracy", m.testAccuracy},
             {"train_accuracy_before",
              m.trainAccuracyBefore >= 0.0 ? nlohmann::json(m.trainAccuracyBefore) : nlohmann::json()},
             {"added_examples", m.addedExamples},
             {"labeller_run_ids", m.labellerRunIds},
             {"reused", m.reused},
             {"train_seconds", m.trainSeconds},
             {"score_seconds", m.scoreSeconds}});
      }
      gens.push_back({{"generation", g.generation},
                      {"members", members},
                      {"ensemble_uniform_test_accuracy", g.uniformAccuracy},
                      {"ensemble_pet_test_accuracy",
                       g.weightedAccuracy >= 0.0 ? nlohmann::json(g.weightedAccuracy) : nlohmann::json()},
                      {"seconds", g.seconds}});
    }
    nlohmann::json j = {
        {"seed", s.seed}, {"status", statusName(s.status)}, {"pool_rows", s.poolRows}, {"generations", gens}};
    if (!s.message.empty()) j["message"] = s.message;
    if (s.hasDistilled) {
      j["distilled"] = {{"run_id", s.distilledRunId},
                        {"test_accuracy", s.distilledAccuracy},
                        {"seconds", s.distillSeconds},
                        {"soft_labels", s.softLabelsPath}};
    }
    seeds.push_back(j);
  }
  return {{"status", statusName(r.status)}, {"message", r.message}, {"seconds", r.seconds}, {"seeds", seeds}};
}

void printSummary(const pwb::train::pet::PetResult& r) {
  if (r.seeds.empty()) return;
  // Rows: each PVP of generation 0, the ensembles and the classifier; mean (population std) over seeds.
  auto row = [](const std::string& name, const std::vector<double>& accs) {
    if (accs.empty()) return;
    const auto s = pwb::eval::summarizeRuns(accs);
    std::printf("  %-52s %s (%s) over %d seeds\n", name.c_str(), pct(s.mean).c_str(),
                pct(s.populationStd).c_str(), s.runs);
  };
  const auto& first = r.seeds.front();
  if (first.generations.empty()) return;
  const size_t gens = first.generations.size();
  for (size_t g = 0; g < gens; ++g) {
    const std::string prefix = gens > 1 ? "g" + std::to_string(g) + " " : "";
    for (size_t p = 0; p < first.generations[g].members.size(); ++p) {
      std::vector<double> accs;
      for (const auto& s : r.seeds)
        if (s.generations.size() > g && s.generations[g].members.size() > p)
          accs.push_back(s.generations[g].members[p].testAccuracy);
      const auto& m = first.generations[g].members[p];
      row(prefix + "\"" + m.templateText + "\" " + m.verbalizer, accs);
    }
    std::vector<double> uni, wei;
    for (const auto& s : r.seeds) {
      if (s.generations.size() <= g) continue;
      uni.push_back(s.generations[g].uniformAccuracy);
      if (s.generations[g].weightedAccuracy >= 0.0) wei.push_back(s.generations[g].weightedAccuracy);
    }
    row(prefix + "ensemble, uniform weights", uni);
    row(prefix + "ensemble, PET weights", wei);
  }
  std::vector<double> dist;
  for (const auto& s : r.seeds)
    if (s.hasDistilled) dist.push_back(s.distilledAccuracy);
  row("distilled classifier", dist);
}

int runPetCommand(const std::vector<std::string>& argv) {
  using pwb::cli::Args;
  const Args args(argv,
                  {"model",
                   "train",
                   "test",
                   "train-format",
                   "test-format",
                   "template",
                   "verbalizer",
                   "k",
                   "seeds",
                   "sampler",
                   "preset",
                   "steps",
                   "batch",
                   "lr",
                   "eval-every",
                   "max-length",
                   "eval-batch",
                   "pool",
                   "pool-format",
                   "pool-size",
                   "temperature",
                   "weighting",
                   "ipet-generations",
                   "ipet-growth",
                   "ipet-lambda",
                   "distill-steps",
                   "distill-lr",
                   "distill-batch",
                   "db",
                   "output",
                   "device",
                   "threads"},
                  {"json", "quiet", "no-distill", "keep-members"});
  if (args.help()) {
    std::cout << kUsage;
    return 0;
  }
  if (!args.positionals().empty()) throw pwb::Error("unexpected argument '" + args.positionals()[0] + "'");
  pwb::train::pet::PetRequest req;
  auto& b = req.base;
  b.method = "prompt-ft";
  b.modelDir = args.has("model") ? args.get("model") : pwb::demoModelDir();
  b.trainPath = args.require("train");
  b.testPath = args.require("test");
  b.trainFormat = args.get("train-format", b.trainFormat);
  b.testFormat = args.get("test-format", b.testFormat);
  if (args.has("preset")) pwb::train::applyPreset(args.get("preset"), b);
  b.k = args.getInt("k", b.k);
  b.sampler = args.get("sampler", b.sampler);
  if (args.has("seeds")) b.seeds = pwb::cli::parseList<int64_t>("seeds", args.get("seeds"));
  b.steps = args.getInt("steps", b.steps);
  if (args.has("batch")) {
    b.batchSize = args.getInt("batch", b.batchSize);
    b.batchGrid.clear();
  }
  if (args.has("lr")) {
    b.lr = args.getDouble("lr", b.lr);
    b.lrGrid.clear();
  }
  b.evalEvery = args.getInt("eval-every", b.evalEvery);
  b.maxLength = args.getInt("max-length", b.maxLength);
  b.evalBatchSize = args.getInt("eval-batch", b.evalBatchSize);
  b.device = args.get("device", b.device);
  b.threads = args.getInt("threads", b.threads);
  b.dbPath = args.get("db");
  req.templates = args.all("template");
  if (req.templates.empty()) req.templates = {"{s} it was [MASK] ."};
  req.verbalizers = args.all("verbalizer");
  if (req.verbalizers.empty()) req.verbalizers = {"0=terrible;1=great"};
  req.poolPath = args.get("pool");
  req.poolFormat = args.get("pool-format", req.poolFormat);
  req.poolSize = args.getInt("pool-size", req.poolSize);
  req.temperature = args.getDouble("temperature", req.temperature);
  req.weighting = args.get("weighting", req.weighting);
  req.generations = args.getInt("ipet-generations", req.generations);
  req.growth = args.getDouble("ipet-growth", req.growth);
  req.lambda = args.getDouble("ipet-lambda", req.lambda);
  req.distillSteps = args.getInt("distill-steps", req.distillSteps);
  req.distillLr = args.getDouble("distill-lr", req.distillLr);
  req.distillBatch = args.getInt("distill-batch", req.distillBatch);
  req.distill = !args.has("no-distill");
  req.keepMemberStates = args.has("keep-members");
  req.workDir = args.get("output");
  pwb::train::pet::validatePetRequest(req);

  const bool json = args.has("json"), quiet = args.has("quiet");
  pwb::train::pet::PetCallbacks cb;
  if (!quiet) {
    cb.run.onLog = [](const std::string& s) { std::cerr << s << "\n"; };
    cb.run.onProgress = [](int step, int total, double loss, double lr, double eta) {
      if (step == 1 || step % 10 == 0 || step == total) {
        std::fprintf(stderr, "  step %d/%d  loss %.4f  lr %.2e  eta %.0f s\r", step, total, loss, lr, eta);
        if (step == total) std::fputc('\n', stderr);
      }
    };
    cb.onStage = [](int64_t seed, const std::string& stage, int g, int i, int n) {
      if (stage == "members")
        std::cerr << "seed " << seed << ", generation " << g << ": member " << i + 1 << " of " << n << "\n";
      else
        std::cerr << "seed " << seed << ": distillation\n";
    };
  }
  cb.onSeedDone = [&](const pwb::train::pet::PetSeedResult& s) {
    if (json) return;
    std::cout << "seed " << s.seed << " (pool " << s.poolRows << " rows)\n";
    for (const auto& g : s.generations) {
      for (const auto& m : g.members) {
        std::cout << "  g" << g.generation << " member " << m.pvp + 1 << " \"" << m.templateText << "\" "
                  << m.verbalizer << ": test accuracy " << pct(m.testAccuracy) << " (run " << m.runId
                  << (m.reused ? ", reused" : "") << ")\n";
      }
      std::cout << "  g" << g.generation << " ensemble: uniform " << pct(g.uniformAccuracy);
      if (g.weightedAccuracy >= 0.0) std::cout << ", PET weights " << pct(g.weightedAccuracy);
      std::printf(" (%.0f s)\n", g.seconds);
    }
    if (s.hasDistilled) {
      std::cout << "  distilled classifier: test accuracy " << pct(s.distilledAccuracy) << " (run "
                << s.distilledRunId << ")";
      std::printf(" (%.0f s)\n", s.distillSeconds);
    }
    if (s.status != pwb::train::RunStatus::Finished)
      std::cout << "  " << statusName(s.status) << ": " << s.message << "\n";
    std::cout << std::flush;
  };
  const auto result = pwb::train::pet::runPet(req, cb);
  if (json) {
    std::cout << toJson(result).dump(2) << "\n";
  } else {
    std::cout << "summary, test accuracy mean (std):\n";
    printSummary(result);
    std::printf("  %.0f s in all\n", result.seconds);
  }
  return result.status == pwb::train::RunStatus::Finished ? 0 : 1;
}

pwb::cli::CommandRegistrar reg{
    {"pet", "PET / iPET: train one member per pattern-verbalizer pair, distill their ensemble", kUsage,
     runPetCommand}};

}  // namespace
