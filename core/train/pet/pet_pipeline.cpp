// runPet: per seed the pool, the generations of members, their ensembles, the soft labels and the
// distillation (see pet_pipeline.h). Torch-free: the members and the distilled classifier are trained by
// runTraining, which alone loads a model; this file only moves logits and files around.
#include "train/pet/pet_pipeline.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>

#include "common/error.h"
#include "common/text_file.h"
#include "data/dataset_import.h"
#include "data/random.h"
#include "prompt/verbalizer.h"
#include "store/run_store.h"
#include "train/pet/ipet_sets.h"
#include "train/pet/pet_pool.h"
#include "train/pet/pet_work_dir.h"
#include "train/training.h"

namespace pwb::train::pet {
namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

struct Pvp {
  std::string templateText, verbalizer;
};

struct Job {
  const PetRequest& request;
  const PetCallbacks& callbacks;
  const std::atomic<bool>* cancel;
  std::vector<Pvp> pvps;
  data::Dataset train, test;
  std::vector<std::string> labels;  // class order: the training file's sorted labels (as runTraining's)
  std::vector<int> testGold;
  std::unique_ptr<data::Dataset> poolFile;

  void log(const std::string& s) const {
    if (callbacks.run.onLog) callbacks.run.onLog(s);
  }
  bool cancelled() const { return cancel != nullptr && cancel->load(); }
};

// Every verbalizer must give words to the same labels (those of the training file): members of different
// label sets cannot be averaged.
void checkLabelSets(const PetRequest& r, const std::vector<std::string>& labels) {
  std::vector<std::string> first;
  for (size_t i = 0; i < r.verbalizers.size(); ++i) {
    const auto v = prompt::parseVerbalizer(r.verbalizers[i]);
    std::vector<std::string> mine;
    for (const auto& c : v.classes) mine.push_back(c.label);
    std::sort(mine.begin(), mine.end());
    if (i == 0) {
      first = mine;
    } else if (mine != first) {
      auto join = [](const std::vector<std::string>& l) {
        std::string s;
        for (const auto& x : l) s += (s.empty() ? "" : ", ") + x;
        return s;
      };
      throw Error("verbalizers \"" + r.verbalizers[0] + "\" and \"" + r.verbalizers[i] +
                  "\" name different label sets (" + join(first) + " / " + join(mine) +
                  "): PET ensembles members over one label set");
    }
    v.validateLabels(labels);
  }
}

double storedTrainAccuracyBefore(const std::string& dbPath, const std::string& runId) {
  store::RunStore st(dbPath);
  const auto run = st.getRun(std::stoll(runId));
  const auto it = run.results.find("train_accuracy_before");
  return it != run.results.end() && it->is_number() ? it->get<double>() : -1.0;
}

std::vector<data::Example> rowsOf(const std::vector<data::Example>& rows, const std::vector<size_t>& idx) {
  std::vector<data::Example> out;
  for (size_t i : idx) out.push_back(rows[i]);
  return out;
}

// Trains one member (or finds it finished in the work folder) and returns it with its logits.
StoredMember runMember(Job& job, int64_t seed, int generation, int pvpIndex, const Pool& pool,
                       const std::vector<AddedExample>& added,
                       const std::vector<std::string>& labellerRunIds) {
  const auto& r = job.request;
  const Pvp& pvp = job.pvps[static_cast<size_t>(pvpIndex)];
  const std::string dir = memberDir(r.workDir, seed, generation, pvpIndex);
  if (auto found =
          readMember(dir, pvp.templateText, pvp.verbalizer, pool.rows.size(), job.test.examples.size())) {
    job.log("seed " + std::to_string(seed) + " generation " + std::to_string(generation) + ": member " +
            std::to_string(pvpIndex + 1) + " is finished in " + dir + " (run " + found->member.runId +
            "): reused");
    return *found;
  }
  TrainRequest m = r.base;
  m.method = "prompt-ft";
  m.templateText = pvp.templateText;
  m.verbalizer = pvp.verbalizer;
  m.seeds = {seed};
  m.options.petMlmAlpha = 0.0;  // PET's auxiliary MLM loss is left out (pet_request.h)
  m.outputDir = r.keepMemberStates ? dir : std::string();
  m.resumeFrom.clear();
  m.stopAfterStep = 0;
  m.addedTrain = added;
  m.addedOnly = false;
  StoredMember out;
  double scoreSeconds = 0.0;
  TrainCallbacks cb = job.callbacks.run;
  cb.onSeedStart = nullptr;
  cb.onSeedDone = nullptr;
  cb.onTrained = [&](int, const ExampleScorer& score) {
    const auto t = Clock::now();
    out.poolLogits = score(pool.rows);
    out.testLogits = score(job.test.examples);
    scoreSeconds = secondsSince(t);
  };
  const auto t0 = Clock::now();
  const TrainResult res = runTraining(m, cb, job.cancel);
  if (res.status != RunStatus::Finished || res.seeds.empty() || !res.seeds[0].hasTestAccuracy) {
    throw Error("member " + std::to_string(pvpIndex + 1) + " (\"" + pvp.templateText + "\", " +
                pvp.verbalizer + ") of generation " + std::to_string(generation) + ", seed " +
                std::to_string(seed) + ": " + statusName(res.status) +
                (res.message.empty() ? "" : ": " + res.message));
  }
  if (out.poolLogits.size() != pool.rows.size() || out.testLogits.size() != job.test.examples.size())
    throw Error("member " + std::to_string(pvpIndex + 1) + ": cancelled while scoring the pool");
  auto& p = out.member;
  p.generation = generation;
  p.pvp = pvpIndex;
  p.templateText = pvp.templateText;
  p.verbalizer = pvp.verbalizer;
  p.runId = res.seeds[0].runId;
  p.testAccuracy = res.seeds[0].testAccuracy;
  p.trainAccuracyBefore = storedTrainAccuracyBefore(r.base.dbPath, p.runId);
  p.addedExamples = static_cast<int>(added.size());
  p.labellerRunIds = labellerRunIds;
  p.scoreSeconds = scoreSeconds;
  p.trainSeconds = secondsSince(t0) - scoreSeconds;
  {
    store::RunStore st(r.base.dbPath);
    const int64_t id = std::stoll(p.runId);
    st.mergeResults(id, {{"pet", {{"generation", generation}, {"pvp", pvpIndex}, {"seed", seed}}}});
    if (!labellerRunIds.empty()) {
      std::vector<int64_t> ids;
      for (const auto& l : labellerRunIds) ids.push_back(std::stoll(l));
      st.linkRuns(id, ids, "teacher");
    }
  }
  writeMember(dir, out);  // the marker: from now on a rerun reuses this member
  return out;
}

std::vector<double> memberWeights(const std::vector<StoredMember>& members, Weighting w, bool* known) {
  std::vector<double> weights;
  *known = true;
  for (const auto& m : members) {
    if (w == Weighting::Uniform) {
      weights.push_back(1.0);
    } else {
      *known = *known && m.member.trainAccuracyBefore >= 0.0;
      weights.push_back(std::max(0.0, m.member.trainAccuracyBefore));
    }
  }
  return weights;
}

std::vector<const LogitRows*> poolLogitsOf(const std::vector<StoredMember>& members) {
  std::vector<const LogitRows*> out;
  for (const auto& m : members) out.push_back(&m.poolLogits);
  return out;
}

std::vector<const LogitRows*> testLogitsOf(const std::vector<StoredMember>& members) {
  std::vector<const LogitRows*> out;
  for (const auto& m : members) out.push_back(&m.testLogits);
  return out;
}

// iPET's set for every member of `generation` from the previous generation (deterministic per seed and
// generation), also written to each member's folder for inspection.
std::vector<std::vector<AddedExample>> ipetSets(Job& job, int64_t seed, int generation, const Pool& pool,
                                                const std::vector<StoredMember>& previous,
                                                const data::KShotSplit& split,
                                                std::vector<std::vector<std::string>>& labellerRunIds) {
  const auto& r = job.request;
  std::vector<int> trainCounts(job.labels.size(), 0);
  for (const auto& ex : split.train.examples) {
    const auto it = std::find(job.labels.begin(), job.labels.end(), ex.label);
    if (it != job.labels.end()) ++trainCounts[static_cast<size_t>(it - job.labels.begin())];
  }
  const auto sizes = ipetSetSizes(trainCounts, r.growth, generation);
  bool known = false;
  auto weights = memberWeights(previous, parseWeighting(r.weighting), &known);
  if (!known) weights.assign(previous.size(), 1.0);
  data::SplitMix64 rng(static_cast<uint64_t>(seed) * 0x9E3779B97F4A7C15ULL +
                       static_cast<uint64_t>(generation));
  const auto lists = poolLogitsOf(previous);
  std::vector<std::vector<AddedExample>> sets;
  labellerRunIds.clear();
  for (size_t m = 0; m < job.pvps.size(); ++m) {
    const auto set = drawIpetSet(static_cast<int>(m), lists, weights, sizes, r.lambda, rng);
    for (const auto& n : set.notices) job.log("seed " + std::to_string(seed) + ": " + n);
    std::vector<AddedExample> added;
    nlohmann::json rows = nlohmann::json::array();
    for (size_t i = 0; i < set.poolIndex.size(); ++i) {
      const auto& ex = pool.rows[set.poolIndex[i]];
      AddedExample a;
      a.id = "pool:" + ex.id;
      a.fields = ex.fields;
      a.label = job.labels[static_cast<size_t>(set.labels[i])];
      added.push_back(a);
      rows.push_back({{"id", ex.id}, {"label", a.label}});
    }
    std::vector<std::string> ids;
    for (int l : set.labellers) ids.push_back(previous[static_cast<size_t>(l)].member.runId);
    writeJsonAtomically(
        joinPath(memberDir(r.workDir, seed, generation, static_cast<int>(m)), "ipet_set.json"),
        {{"labeller_run_ids", ids}, {"examples_per_class", sizes.examplesPerClass}, {"rows", rows}});
    labellerRunIds.push_back(ids);
    sets.push_back(std::move(added));
  }
  return sets;
}

PetSeedResult runSeed(Job& job, int64_t seed) {
  const auto& r = job.request;
  PetSeedResult res;
  res.seed = seed;
  const auto split =
      data::sampleKShot(job.train, r.base.k, static_cast<uint64_t>(seed), data::parseSampler(r.base.sampler));
  const Pool pool = buildPool(job.train, split, job.poolFile.get(), static_cast<uint64_t>(seed), r.poolSize);
  for (const auto& n : pool.notices) job.log(n);
  res.poolRows = pool.rows.size();
  job.log("seed " + std::to_string(seed) + ": pool of " + std::to_string(pool.rows.size()) +
          " unlabeled rows from " + pool.source);
  const Weighting weighting = parseWeighting(r.weighting);

  std::vector<StoredMember> previous;
  for (int g = 0; g < r.generations; ++g) {
    const auto tg = Clock::now();
    std::vector<std::vector<AddedExample>> sets(job.pvps.size());
    std::vector<std::vector<std::string>> labellers(job.pvps.size());
    if (g > 0) sets = ipetSets(job, seed, g, pool, previous, split, labellers);
    std::vector<StoredMember> members;
    PetGeneration gen;
    gen.generation = g;
    for (size_t p = 0; p < job.pvps.size(); ++p) {
      if (job.cancelled()) {
        res.status = RunStatus::Cancelled;
        res.message =
            "cancelled before member " + std::to_string(p + 1) + " of generation " + std::to_string(g);
        return res;
      }
      if (job.callbacks.onStage)
        job.callbacks.onStage(seed, "members", g, static_cast<int>(p), static_cast<int>(job.pvps.size()));
      StoredMember m;
      try {
        m = runMember(job, seed, g, static_cast<int>(p), pool, sets[p], labellers[p]);
      } catch (const Error&) {
        if (!job.cancelled()) throw;
        res.status = RunStatus::Cancelled;
        res.message = "cancelled in member " + std::to_string(p + 1) + " of generation " + std::to_string(g) +
                      " (the finished members are kept)";
        return res;
      }
      job.log("seed " + std::to_string(seed) + " generation " + std::to_string(g) + " member " +
              std::to_string(p + 1) + " (\"" + m.member.templateText + "\"): test accuracy " +
              std::to_string(m.member.testAccuracy));
      if (job.callbacks.onMemberDone) job.callbacks.onMemberDone(seed, m.member);
      gen.members.push_back(m.member);
      members.push_back(std::move(m));
    }
    const auto tests = testLogitsOf(members);
    gen.uniformAccuracy =
        accuracyOfRows(ensembleLogits(tests, std::vector<double>(members.size(), 1.0)), job.testGold);
    bool known = false;
    const auto w = memberWeights(members, Weighting::Pet, &known);
    double wsum = 0.0;
    for (double x : w) wsum += x;
    if (known && wsum > 0.0) gen.weightedAccuracy = accuracyOfRows(ensembleLogits(tests, w), job.testGold);
    gen.seconds = secondsSince(tg);
    res.generations.push_back(gen);
    previous = std::move(members);
  }

  if (!r.distill) return res;
  // Soft labels from the last generation's ensemble.
  bool known = false;
  const auto weights = memberWeights(previous, weighting, &known);
  if (!known)
    throw Error(
        "PET weighting needs each member's accuracy on the training set before training (results key "
        "train_accuracy_before), which run " +
        previous.front().member.runId + " does not have; use the uniform weighting");
  const auto soft = softLabels(ensembleLogits(poolLogitsOf(previous), weights), r.temperature);
  const std::string sdir = seedDir(r.workDir, seed);
  // Named after the generation distilled from: a job with more generations in the same folder reuses the
  // earlier generations' members and distills again.
  const std::string last = "g" + std::to_string(r.generations - 1);
  res.softLabelsPath = joinPath(sdir, "soft_labels_" + last + ".json");
  {
    nlohmann::json rows = nlohmann::json::array();
    for (size_t i = 0; i < pool.rows.size(); ++i)
      rows.push_back({{"id", pool.rows[i].id}, {"fields", pool.rows[i].fields}, {"target", soft[i]}});
    writeJsonAtomically(res.softLabelsPath, {{"labels", job.labels},
                                             {"temperature", r.temperature},
                                             {"weighting", r.weighting},
                                             {"weights", weights},
                                             {"rows", rows}});
  }
  const std::string marker = joinPath(sdir, "distilled_" + last + ".json");
  if (fileExists(marker)) {
    const auto j = readJsonFile(marker);
    res.hasDistilled = true;
    res.distilledRunId = j.value("run_id", std::string());
    res.distilledAccuracy = j.value("test_accuracy", 0.0);
    res.distillSeconds = j.value("seconds", 0.0);
    job.log("seed " + std::to_string(seed) + ": the distilled classifier is finished (run " +
            res.distilledRunId + "): reused");
    return res;
  }
  if (job.callbacks.onStage) job.callbacks.onStage(seed, "distill", r.generations - 1, 0, 1);
  if (job.cancelled()) {
    res.status = RunStatus::Cancelled;
    res.message = "cancelled before the distillation (the members are kept)";
    return res;
  }
  TrainRequest d = r.base;
  d.method = "fine-tune";
  d.seeds = {seed};
  d.templateText = r.templates.front();  // unused by fine-tuning, recorded as `pwb train` does
  d.verbalizer = r.verbalizers.front();
  if (r.distillSteps > 0) d.steps = r.distillSteps;
  if (r.distillLr > 0.0) d.lr = r.distillLr;
  if (r.distillBatch > 0) d.batchSize = r.distillBatch;
  d.lrGrid.clear();
  d.batchGrid.clear();
  d.outputDir = joinPath(sdir, "distilled_" + last);
  d.resumeFrom.clear();
  d.stopAfterStep = 0;
  d.addedOnly = true;
  d.softTargetTemperature = r.temperature;
  for (size_t i = 0; i < pool.rows.size(); ++i) {
    AddedExample a;
    a.id = "pool:" + pool.rows[i].id;
    a.fields = pool.rows[i].fields;
    a.target = soft[i];
    a.label =
        job.labels[static_cast<size_t>(std::max_element(soft[i].begin(), soft[i].end()) - soft[i].begin())];
    d.addedTrain.push_back(std::move(a));
  }
  TrainCallbacks cb = job.callbacks.run;
  cb.onSeedStart = nullptr;
  cb.onSeedDone = nullptr;
  cb.onTrained = nullptr;
  const auto td = Clock::now();
  const TrainResult dr = runTraining(d, cb, job.cancel);
  res.distillSeconds = secondsSince(td);
  if (dr.status == RunStatus::Cancelled) {
    res.status = RunStatus::Cancelled;
    res.message = "cancelled in the distillation (the members are kept)";
    return res;
  }
  if (dr.status != RunStatus::Finished || dr.seeds.empty() || !dr.seeds[0].hasTestAccuracy)
    throw Error("the distillation of seed " + std::to_string(seed) + " failed: " + dr.message);
  res.hasDistilled = true;
  res.distilledRunId = dr.seeds[0].runId;
  res.distilledAccuracy = dr.seeds[0].testAccuracy;
  {
    store::RunStore st(r.base.dbPath);
    const int64_t id = std::stoll(res.distilledRunId);
    std::vector<int64_t> teachers;
    for (const auto& m : previous) teachers.push_back(std::stoll(m.member.runId));
    st.linkRuns(id, teachers, "teacher");
    store::ArtifactRecord art;
    art.runId = id;
    art.kind = "soft-labels";
    art.name = "soft_labels_" + last + ".json";
    art.path = res.softLabelsPath;
    art.meta = {{"rows", pool.rows.size()}, {"temperature", r.temperature}, {"weighting", r.weighting}};
    st.saveArtifact(art);
    nlohmann::json gens = nlohmann::json::array();
    for (const auto& g : res.generations) {
      nlohmann::json members = nlohmann::json::array();
      for (const auto& m : g.members)
        members.push_back({{"run_id", m.runId}, {"test_accuracy", m.testAccuracy}});
      gens.push_back(
          {{"generation", g.generation},
           {"members", members},
           {"ensemble_uniform_test_accuracy", g.uniformAccuracy},
           {"ensemble_pet_test_accuracy",
            g.weightedAccuracy >= 0.0 ? nlohmann::json(g.weightedAccuracy) : nlohmann::json(nullptr)}});
    }
    st.mergeResults(id, {{"pet",
                          {{"role", "distilled"},
                           {"temperature", r.temperature},
                           {"weighting", r.weighting},
                           {"pool_rows", pool.rows.size()},
                           {"generations", gens}}}});
  }
  writeJsonAtomically(marker, {{"run_id", res.distilledRunId},
                               {"test_accuracy", res.distilledAccuracy},
                               {"seconds", res.distillSeconds}});
  return res;
}

}  // namespace

void validatePetRequest(const PetRequest& r) {
  auto need = [](bool ok, const std::string& what) {
    if (!ok) throw Error(what);
  };
  need(!r.templates.empty(), "PET needs at least one template");
  need(!r.verbalizers.empty(), "PET needs at least one verbalizer");
  need(!r.workDir.empty(), "PET needs a work folder (--output DIR): it keeps the finished members");
  need(!r.base.dbPath.empty(),
       "PET needs a project file (--db FILE): members and the classifier are stored runs");
  need(r.poolSize >= 0, "the pool size must be 0 (all) or positive");
  need(std::isfinite(r.temperature) && r.temperature > 0.0, "the temperature must be positive");
  parseWeighting(r.weighting);
  need(r.generations >= 1 && r.generations <= 20, "iPET generations must be between 1 and 20");
  need(std::isfinite(r.growth) && r.growth >= 1.0, "the iPET growth factor must be at least 1");
  need(std::isfinite(r.lambda) && r.lambda > 0.0 && r.lambda <= 1.0,
       "the iPET labeller share must be in (0, 1]");
  need(r.generations == 1 || r.templates.size() * r.verbalizers.size() >= 2,
       "iPET needs at least two pattern-verbalizer pairs: each member learns from the others");
  need(r.distillSteps >= 0 && r.distillBatch >= 0 && r.distillLr >= 0.0,
       "distillation settings must be positive");
  TrainRequest probe = r.base;
  probe.method = "prompt-ft";
  validateRequest(probe);
}

PetResult runPet(const PetRequest& request, const PetCallbacks& callbacks, const std::atomic<bool>* cancel) {
  validatePetRequest(request);
  const auto t0 = Clock::now();
  Job job{request, callbacks, cancel, {}, {}, {}, {}, {}, {}};
  for (const auto& t : request.templates)
    for (const auto& v : request.verbalizers) job.pvps.push_back({t, v});
  data::ImportOptions trainOptions;
  trainOptions.format = request.base.trainFormat;
  job.train = data::importDataset(request.base.trainPath, trainOptions);
  if (job.train.unlabeled) throw fileError(request.base.trainPath, "the training set has no labels");
  job.labels = job.train.labels;
  data::ImportOptions testOptions;
  testOptions.format = request.base.testFormat;
  job.test = data::importDataset(request.base.testPath, testOptions);
  for (const auto& ex : job.test.examples) {
    const auto it = std::find(job.labels.begin(), job.labels.end(), ex.label);
    if (it == job.labels.end())
      throw fileError(request.base.testPath, "line " + std::to_string(ex.line) + ": label '" + ex.label +
                                                 "' does not occur in the training set");
    job.testGold.push_back(static_cast<int>(it - job.labels.begin()));
  }
  checkLabelSets(request, job.labels);
  if (!request.poolPath.empty()) {
    data::ImportOptions poolOptions;
    poolOptions.format = request.poolFormat;
    job.poolFile = std::make_unique<data::Dataset>(data::importDataset(request.poolPath, poolOptions));
  }
  std::filesystem::create_directories(request.workDir);
  claimWorkDir(request.workDir, jobSettings(request));

  PetResult result;
  for (int64_t seed : request.base.seeds) {
    if (job.cancelled()) {
      result.status = RunStatus::Cancelled;
      result.message = "cancelled before seed " + std::to_string(seed);
      break;
    }
    auto seedResult = runSeed(job, seed);
    if (callbacks.onSeedDone) callbacks.onSeedDone(seedResult);
    const bool stop = seedResult.status != RunStatus::Finished;
    if (stop) {
      result.status = seedResult.status;
      result.message = "seed " + std::to_string(seed) + ": " + seedResult.message;
    }
    result.seeds.push_back(std::move(seedResult));
    if (stop) break;
  }
  result.seconds = secondsSince(t0);
  return result;
}

}  // namespace pwb::train::pet
