#include "sweep/sweep_expand.h"

#include <algorithm>
#include <unordered_set>

#include "common/error.h"
#include "common/paths.h"
#include "data/random.h"
#include "store/sha256.h"
#include "train/method_registry.h"

namespace pwb::sweep {
namespace {

using json = nlohmann::json;

// Grids larger than this are not enumerated (a random sweep over them draws instead; a grid sweep is
// refused): 200,000 runs' settings take ~120 MB.
constexpr double kMaxEnumerated = 2e5;

// Settings whose value decides which other settings apply: their axes are walked value by value.
bool decidesApplicability(const std::string& name) {
  return name == "method" || name == "head" || name == "task";
}

// The run's settings: only those that apply to its method (fixed ones included).
json applicable(const json& run) {
  json out = json::object();
  for (const auto& [key, value] : run.items())
    if (settingApplies(key, run)) out[key] = value;
  return out;
}

// An exclude/only entry matches when every setting it names is one of the run's settings with one of the
// entry's values.
bool matches(const json& entry, const json& run) {
  for (const auto& [key, values] : entry.items()) {
    if (!run.contains(key)) return false;
    if (std::find(values.begin(), values.end(), run[key]) == values.end()) return false;
  }
  return true;
}

bool kept(const SweepSpec& spec, const json& run) {
  for (const auto& e : spec.exclude)
    if (matches(e, run)) return false;
  if (spec.only.empty()) return true;
  for (const auto& e : spec.only)
    if (matches(e, run)) return true;
  return false;
}

double countFrom(const SweepSpec& spec, size_t axis, json& partial) {
  if (axis == spec.axes.size()) return 1;
  const auto& [name, values] = spec.axes[axis];
  if (!settingApplies(name, partial)) return countFrom(spec, axis + 1, partial);
  if (!decidesApplicability(name)) return double(values.size()) * countFrom(spec, axis + 1, partial);
  double total = 0;
  const json saved = partial.contains(name) ? partial[name] : json();
  for (const auto& v : values) {
    partial[name] = v;
    total += countFrom(spec, axis + 1, partial);
  }
  if (saved.is_null()) {
    partial.erase(name);
  } else {
    partial[name] = saved;
  }
  return total;
}

// Every run of the grid in order (the last applicable axis fastest), exclude/only applied.
void enumerate(const SweepSpec& spec, size_t axis, json& partial, std::vector<json>& out) {
  if (axis == spec.axes.size()) {
    json run = applicable(partial);
    if (kept(spec, run)) out.push_back(std::move(run));
    return;
  }
  const auto& [name, values] = spec.axes[axis];
  if (!settingApplies(name, partial)) return enumerate(spec, axis + 1, partial, out);
  for (const auto& v : values) {
    partial[name] = v;
    enumerate(spec, axis + 1, partial, out);
  }
  partial.erase(name);
}

// One uniformly drawn grid run: values of method/head are chosen in proportion to the runs below them.
json drawOne(const SweepSpec& spec, data::SplitMix64& rng) {
  json partial = spec.fixed;
  for (size_t axis = 0; axis < spec.axes.size(); ++axis) {
    const auto& [name, values] = spec.axes[axis];
    if (!settingApplies(name, partial)) continue;
    if (!decidesApplicability(name)) {
      partial[name] = values[rng.below(values.size())];
      continue;
    }
    std::vector<double> weights;
    double total = 0;
    for (const auto& v : values) {
      partial[name] = v;
      weights.push_back(countFrom(spec, axis + 1, partial));
      total += weights.back();
    }
    // A 53-bit uniform in [0, total).
    double u = double(rng.next() >> 11) / 9007199254740992.0 * total;
    size_t pick = 0;
    while (pick + 1 < values.size() && u >= weights[pick]) u -= weights[pick++];
    partial[name] = values[pick];
  }
  return applicable(partial);
}

std::vector<SweepTask> numbered(std::vector<json> runs) {
  std::vector<SweepTask> tasks;
  tasks.reserve(runs.size());
  for (auto& r : runs) {
    SweepTask t;
    t.index = static_cast<int64_t>(tasks.size());
    t.key = taskKey(r);
    t.settings = std::move(r);
    tasks.push_back(std::move(t));
  }
  return tasks;
}

std::string fmtCount(double n) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.0f", n);
  return buf;
}

}  // namespace

std::string taskKey(const json& settings) {
  const std::string text = settings.dump();  // nlohmann objects keep keys sorted: canonical
  store::Sha256 h;
  h.update(text.data(), text.size());
  return h.hexDigest().substr(0, 16);
}

double gridSize(const SweepSpec& spec) {
  json partial = spec.fixed;
  return countFrom(spec, 0, partial);
}

std::vector<SweepTask> expandSweep(const SweepSpec& spec) {
  const double size = gridSize(spec);
  std::vector<json> runs;
  if (spec.mode == SweepMode::Grid || size <= kMaxEnumerated) {
    if (size > kMaxEnumerated)
      throw fileError(spec.path, "the grid has " + fmtCount(size) + " runs, more than " +
                                     fmtCount(kMaxEnumerated) +
                                     "; use \"mode\": \"random\" with a \"count\"");
    json partial = spec.fixed;
    runs.reserve(static_cast<size_t>(size));
    enumerate(spec, 0, partial, runs);
    if (spec.mode == SweepMode::Random) {
      data::SplitMix64 rng(spec.randomSeed);
      rng.shuffle(runs);
      if (static_cast<int64_t>(runs.size()) > spec.count) runs.resize(static_cast<size_t>(spec.count));
    }
  } else {
    // Too many to enumerate: draw, dropping repeats and excluded runs.
    data::SplitMix64 rng(spec.randomSeed);
    std::unordered_set<std::string> seen;
    const int64_t maxTries = spec.count * 50 + 1000;
    for (int64_t tries = 0; tries < maxTries && static_cast<int64_t>(runs.size()) < spec.count; ++tries) {
      json run = drawOne(spec, rng);
      if (!kept(spec, run) || !seen.insert(run.dump()).second) continue;
      runs.push_back(std::move(run));
    }
    if (static_cast<int64_t>(runs.size()) < spec.count)
      throw fileError(spec.path, "could draw only " + std::to_string(runs.size()) + " distinct runs of " +
                                     std::to_string(spec.count) + " (exclude/only rules remove most runs)");
  }
  if (runs.empty())
    throw fileError(spec.path, "the sweep expands to no run (every run is removed by \"exclude\"/\"only\")");
  auto tasks = numbered(std::move(runs));
  // Every run must make a valid request (ranges, names), before anything is started.
  for (const auto& t : tasks) {
    try {
      taskRequest(t.settings, false);
    } catch (const Error& e) {
      throw fileError(spec.path,
                      "run " + std::to_string(t.index) + " " + t.settings.dump() + ": " + e.message());
    }
  }
  return tasks;
}

train::TrainRequest taskRequest(const json& s, bool resolveModel) {
  train::TrainRequest r;
  r.method = s.value("method", std::string("prompt-ft"));
  train::findMethod(r.method);
  r.verbalizer = "0=terrible;1=great";  // `pwb train`'s default
  if (s.contains("preset")) train::applyPreset(s["preset"].get<std::string>(), r);
  auto str = [&](const char* key, std::string& field) {
    if (s.contains(key)) field = s[key].get<std::string>();
  };
  auto num = [&](const char* key, auto& field) {
    using T = std::decay_t<decltype(field)>;
    if (s.contains(key)) field = s[key].get<T>();
  };
  if (s.contains("model")) {
    r.modelDir = s["model"].get<std::string>();
  } else {
    // Checking only: a stand-in name, so that validateRequest() checks the rest.
    r.modelDir = resolveModel ? demoModelDir() : std::string("(the demo model)");
  }
  str("train", r.trainPath);
  str("test", r.testPath);
  str("train-format", r.trainFormat);
  str("test-format", r.testFormat);
  str("template", r.templateText);
  str("verbalizer", r.verbalizer);
  str("task", r.task);
  str("poles", r.poles);
  str("target", r.targetColumn);
  num("k", r.k);
  if (s.contains("seed")) r.seeds = {s["seed"].get<int64_t>()};
  str("sampler", r.sampler);
  num("steps", r.steps);
  num("batch", r.batchSize);
  num("lr", r.lr);
  num("eval-every", r.evalEvery);
  num("warmup", r.warmupRatio);
  num("weight-decay", r.weightDecay);
  num("max-grad-norm", r.maxGradNorm);
  num("grad-accum", r.gradAccum);
  num("early-stop", r.earlyStopPatience);
  num("max-length", r.maxLength);
  num("eval-batch", r.evalBatchSize);
  auto& o = r.options;
  num("soft-tokens", o.numSoftTokens);
  str("placement", o.placement);
  str("init", o.init);
  str("init-text", o.initText);
  str("encoder", o.encoder);
  num("joint", o.jointTuning);
  num("prefix-length", o.prefixLength);
  num("reparam", o.reparameterize);
  str("head", o.head);
  str("cls-head", o.clsHead);
  num("pet-alpha", o.petMlmAlpha);
  str("device", r.device);
  num("threads", r.threads);
  num("bf16", r.bf16);
  // A sweep run is one configuration: a preset's lr x batch grid is not run inside it (put lr and batch
  // on axes instead).
  r.lrGrid.clear();
  r.batchGrid.clear();
  train::validateRequest(r);
  return r;
}

}  // namespace pwb::sweep
