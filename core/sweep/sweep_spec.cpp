#include "sweep/sweep_spec.h"

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "common/error.h"
#include "common/text_file.h"
#include "data/kshot_sampler.h"
#include "regress/regression_targets.h"
#include "sweep/json_locate.h"
#include "train/method_registry.h"
#include "train/train_request.h"

namespace pwb::sweep {
namespace {

using json = nlohmann::json;
using Path = std::vector<std::string>;

const std::vector<std::string> kPromptVectors = {"prompt-tuning", "p-tuning"};

// Seeds of one configuration sit next to each other: "seed" is the last (fastest) axis. "method" and "head"
// come first because they decide which other settings apply.
const std::vector<SettingInfo> kSettings = {
    {"method", SettingType::String, {}, "prompt-ft | prompt-tuning | p-tuning | p-tuning-v2 | fine-tune"},
    {"head", SettingType::String, {"p-tuning-v2"}, "p-tuning-v2 scoring: verbalizer | cls"},
    // "task" decides whether "verbalizer" or "poles" / "target" apply, so it comes before them.
    {"task", SettingType::String, {}, "classification (default) | regression (LM-BFF's two poles)"},
    {"preset",
     SettingType::String,
     {},
     "demo | lmbff | lester | ptv2 (applied first; explicit settings win)"},
    {"model", SettingType::String, {}, "Hugging Face masked-LM folder (default: the demo model)"},
    {"train", SettingType::String, {}, "training data file (K-shot train and dev are drawn from it)"},
    {"test", SettingType::String, {}, "test data file"},
    {"train-format", SettingType::String, {}, "data format of train instead of detection"},
    {"test-format", SettingType::String, {}, "data format of test instead of detection"},
    {"template", SettingType::String, {"prompt-ft", "prompt-tuning", "p-tuning", "p-tuning-v2"}, "template"},
    {"verbalizer",
     SettingType::String,
     {"prompt-ft", "prompt-tuning", "p-tuning", "p-tuning-v2"},
     "label words (not for fine-tune, nor p-tuning-v2 with head cls, nor regression)"},
    // Every method: a regression fine-tune is refused by the trainer's check, naming why.
    {"poles",
     SettingType::String,
     {},
     "regression: \"VL=LOWER;VU=UPPER\" or \"LOWER;UPPER\" (the training targets' range)"},
    {"target",
     SettingType::String,
     {},
     "regression: the target's column / JSON key (default: label, or the last)"},
    {"k", SettingType::Int, {}, "examples per class for train and for dev"},
    {"sampler", SettingType::String, {}, "K-shot sampler: splitmix64 | lmbff"},
    {"lr", SettingType::Double, {}, "learning rate"},
    {"batch", SettingType::Int, {}, "batch size"},
    {"steps", SettingType::Int, {}, "optimizer steps"},
    {"soft-tokens", SettingType::Int, kPromptVectors, "prompt length: prompt tuning / p-tuning vectors"},
    {"prefix-length", SettingType::Int, {"p-tuning-v2"}, "p-tuning-v2 prefix length per layer"},
    {"placement", SettingType::String, kPromptVectors, "template | peft"},
    {"init", SettingType::String, {"prompt-tuning"}, "random-uniform | vocab-sample | label-words | text"},
    {"init-text", SettingType::String, {"prompt-tuning"}, "text for init \"text\""},
    {"encoder", SettingType::String, {"p-tuning"}, "lstm | mlp"},
    {"joint", SettingType::Bool, {"p-tuning"}, "p-tuning: also train the model"},
    {"reparam", SettingType::Bool, {"p-tuning-v2"}, "p-tuning-v2: prefix MLP"},
    {"cls-head",
     SettingType::String,
     {"fine-tune", "p-tuning-v2"},
     "hf | linear (p-tuning-v2: head cls only)"},
    {"pet-alpha", SettingType::Double, {"prompt-ft"}, "PET auxiliary MLM loss weight"},
    {"eval-every", SettingType::Int, {}, "dev evaluation period in steps"},
    {"warmup", SettingType::Double, {}, "warmup ratio"},
    {"weight-decay", SettingType::Double, {}, "AdamW weight decay"},
    {"max-grad-norm", SettingType::Double, {}, "gradient clipping (0 = none)"},
    {"grad-accum", SettingType::Int, {}, "gradient accumulation"},
    {"early-stop", SettingType::Int, {}, "patience in dev evaluations (0 = never)"},
    {"max-length", SettingType::Int, {}, "tokens per example"},
    {"eval-batch", SettingType::Int, {}, "evaluation batch size"},
    {"device", SettingType::String, {}, "auto | cpu | cuda | cuda:N"},
    {"threads", SettingType::Int, {}, "CPU threads of a run (the local runner: cores / workers)"},
    {"bf16", SettingType::Bool, {}, "bf16 (CUDA: autocast; CPU: bf16 matmuls)"},
    {"seed", SettingType::Int, {}, "the run's seed (default axis: 13, 21, 42, 87, 100)"},
};

const std::vector<std::string> kTopKeys = {
    "name",    "description", "mode",     "count",           "seed", "fixed", "axes",
    "exclude", "only",        "max_runs", "seconds_per_step"};

std::string joinNames(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

class Checker {
 public:
  Checker(const std::string& text, std::string source) : text_(text), source_(std::move(source)) {}

  [[noreturn]] void fail(const Path& path, const std::string& message) const {
    const TextPosition pos = positionOfOffset(text_, locateJsonPath(text_, path));
    std::string key;
    for (const auto& p : path) key += (key.empty() ? "" : ".") + p;
    throw Error(message, {source_, pos.line, pos.column, key});
  }

  // A setting's value, typed; paths made absolute; names of methods/presets/samplers checked.
  json settingValue(const SettingInfo& info, const json& v, const Path& path,
                    const std::string& baseDir) const {
    switch (info.type) {
      case SettingType::String:
        if (!v.is_string()) fail(path, "expected a string, got " + std::string(v.type_name()));
        break;
      case SettingType::Int:
        if (!v.is_number_integer()) fail(path, "expected an integer, got " + describe(v));
        break;
      case SettingType::Double:
        if (!v.is_number()) fail(path, "expected a number, got " + describe(v));
        if (!std::isfinite(v.get<double>())) fail(path, "expected a finite number");
        return json(v.get<double>());
      case SettingType::Bool:
        if (!v.is_boolean()) fail(path, "expected true or false, got " + describe(v));
        break;
    }
    if (info.type == SettingType::String) {
      const std::string s = v.get<std::string>();
      try {
        if (info.name == "method") train::findMethod(s);
        if (info.name == "sampler") data::parseSampler(s);
        if (info.name == "task" && s != "classification" && s != "regression")
          throw Error("unknown task '" + s + "' (classification or regression)");
        if (info.name == "poles") regress::parsePoles(s);
        if (info.name == "preset") {
          const auto names = train::presetNames();
          if (std::find(names.begin(), names.end(), s) == names.end())
            throw Error("unknown preset '" + s + "' (known: " + joinNames(names) + ")");
        }
      } catch (const Error& e) {
        fail(path, e.message());
      }
      if ((info.name == "train" || info.name == "test" || info.name == "model") && !s.empty()) {
        if (s.empty()) fail(path, "empty path");
        std::filesystem::path p(s);
        if (p.is_relative() && !baseDir.empty()) p = std::filesystem::path(baseDir) / p;
        return json(p.lexically_normal().string());
      }
      if (info.name == "train" || info.name == "test") fail(path, "empty path");
    }
    if (info.type == SettingType::Int) {
      const int64_t n = v.get<int64_t>();
      const bool mayBeZero = info.name == "eval-every" || info.name == "early-stop" ||
                             info.name == "threads" || info.name == "seed";
      if (n < 0 || (n == 0 && !mayBeZero)) fail(path, "must be " + std::string(mayBeZero ? ">= 0" : "> 0"));
      if (n > 2147483647 && info.name != "seed") fail(path, "too large");
    }
    return v;
  }

  static std::string describe(const json& v) {
    if (v.is_number() || v.is_boolean()) return v.dump();
    return v.type_name();
  }

  const SettingInfo& setting(const std::string& name, const Path& path) const {
    const SettingInfo* s = findSetting(name);
    if (!s) {
      std::vector<std::string> names;
      for (const auto& i : kSettings) names.push_back(i.name);
      fail(path, "unknown setting (known: " + joinNames(names) + ")");
    }
    return *s;
  }

 private:
  const std::string& text_;
  std::string source_;
};

}  // namespace

const std::vector<SettingInfo>& settings() {
  return kSettings;
}

const SettingInfo* findSetting(const std::string& name) {
  for (const auto& s : kSettings)
    if (s.name == name) return &s;
  return nullptr;
}

bool settingApplies(const std::string& name, const json& run) {
  const SettingInfo* s = findSetting(name);
  if (!s) return false;
  const std::string method = run.contains("method") ? run["method"].get<std::string>() : "prompt-ft";
  if (!s->methods.empty() && std::find(s->methods.begin(), s->methods.end(), method) == s->methods.end())
    return false;
  // Regression runs score two poles instead of a verbalizer; the poles and the target column are
  // regression's own.
  const bool regression = run.contains("task") && run["task"] == "regression";
  if (name == "verbalizer" && regression) return false;
  if ((name == "poles" || name == "target") && !regression) return false;
  if (method == "p-tuning-v2") {
    // With head "cls" P-tuning v2 scores through a classification head: no verbalizer; cls-head only then.
    const bool cls = run.contains("head") && run["head"] == "cls";
    if (name == "verbalizer" && cls) return false;
    if (name == "cls-head" && !cls) return false;
  }
  return true;
}

SweepSpec parseSweepText(const std::string& text, const std::string& sourceName, const std::string& baseDir) {
  SweepSpec spec;
  spec.path = sourceName;
  spec.text = text;
  json root;
  try {
    root = json::parse(text);
  } catch (const json::parse_error& e) {
    const TextPosition pos = positionOfOffset(text, e.byte > 0 ? e.byte - 1 : 0);
    std::string what = e.what();
    // nlohmann's message repeats its own position ("[json.exception.parse_error.101] parse error at line
    // 3, column 5: ..."): keep only the part after the last ": " of that prefix.
    const auto colon = what.find("column ");
    if (colon != std::string::npos) {
      const auto after = what.find(": ", colon);
      if (after != std::string::npos) what = what.substr(after + 2);
    }
    throw Error("invalid JSON: " + what, {sourceName, pos.line, pos.column, {}});
  } catch (const json::out_of_range& e) {
    // A number beyond double (1e999) is out_of_range.406, not a parse_error, and carries no position
    // (found by fuzz_sweep_spec; it ended the program with std::terminate).
    throw Error(std::string("invalid JSON: ") + e.what(), {sourceName, 0, 0, {}});
  }
  const Checker c(text, sourceName);
  if (!root.is_object()) c.fail({}, "a sweep file is a JSON object");
  for (const auto& [key, value] : root.items()) {
    if (std::find(kTopKeys.begin(), kTopKeys.end(), key) == kTopKeys.end())
      c.fail({key}, "unknown key (known: " + joinNames(kTopKeys) + ")");
  }
  spec.name = std::filesystem::path(sourceName).stem().string();
  if (root.contains("name")) {
    if (!root["name"].is_string() || root["name"].get<std::string>().empty())
      c.fail({"name"}, "expected a non-empty string");
    spec.name = root["name"];
  }
  if (root.contains("description") && !root["description"].is_string())
    c.fail({"description"}, "expected a string");
  if (root.contains("mode")) {
    if (root["mode"] == "grid") {
      spec.mode = SweepMode::Grid;
    } else if (root["mode"] == "random") {
      spec.mode = SweepMode::Random;
    } else {
      c.fail({"mode"}, "expected \"grid\" or \"random\"");
    }
  }
  if (spec.mode == SweepMode::Random) {
    if (!root.contains("count")) c.fail({"mode"}, "random mode needs \"count\" (how many runs to draw)");
    if (!root["count"].is_number_integer() || root["count"].get<int64_t>() <= 0)
      c.fail({"count"}, "expected an integer > 0");
    spec.count = root["count"];
    if (root.contains("seed")) {
      if (!root["seed"].is_number_integer() || root["seed"].get<int64_t>() < 0)
        c.fail({"seed"}, "expected an integer >= 0 (the seed of the random draw; run seeds are an axis)");
      spec.randomSeed = root["seed"].get<uint64_t>();
    }
  } else {
    if (root.contains("count")) c.fail({"count"}, "\"count\" is for \"mode\": \"random\"");
    if (root.contains("seed"))
      c.fail({"seed"},
             "\"seed\" is the random draw's seed (\"mode\": \"random\"); run seeds go in axes.seed");
  }
  if (root.contains("max_runs")) {
    if (!root["max_runs"].is_number_integer() || root["max_runs"].get<int64_t>() <= 0)
      c.fail({"max_runs"}, "expected an integer > 0");
    spec.maxRuns = root["max_runs"];
  }
  if (root.contains("seconds_per_step")) {
    const json& s = root["seconds_per_step"];
    if (!s.is_object()) c.fail({"seconds_per_step"}, "expected an object: method -> seconds");
    for (const auto& [method, v] : s.items()) {
      try {
        train::findMethod(method);
      } catch (const Error& e) {
        c.fail({"seconds_per_step", method}, e.message());
      }
      if (!v.is_number() || v.get<double>() <= 0)
        c.fail({"seconds_per_step", method}, "expected a number > 0");
      spec.secondsPerStep[method] = v;
    }
  }
  if (root.contains("fixed")) {
    if (!root["fixed"].is_object()) c.fail({"fixed"}, "expected an object: setting -> value");
    for (const auto& [key, v] : root["fixed"].items()) {
      const SettingInfo& info = c.setting(key, {"fixed", key});
      spec.fixed[key] = c.settingValue(info, v, {"fixed", key}, baseDir);
    }
  }
  std::map<std::string, std::vector<json>> axes;
  if (root.contains("axes")) {
    if (!root["axes"].is_object()) c.fail({"axes"}, "expected an object: setting -> list of values");
    for (const auto& [key, v] : root["axes"].items()) {
      const SettingInfo& info = c.setting(key, {"axes", key});
      if (spec.fixed.contains(key)) c.fail({"axes", key}, "is both fixed and an axis");
      if (!v.is_array()) c.fail({"axes", key}, "expected a list of values");
      if (v.empty()) c.fail({"axes", key}, "empty axis: give at least one value");
      std::vector<json> values;
      for (size_t i = 0; i < v.size(); ++i) {
        const json value = c.settingValue(info, v[i], {"axes", key, std::to_string(i)}, baseDir);
        if (std::find(values.begin(), values.end(), value) != values.end())
          c.fail({"axes", key, std::to_string(i)}, "repeats the value " + value.dump());
        values.push_back(value);
      }
      axes[key] = values;
    }
  }
  // The run's seed is always an axis: `pwb train`'s default seeds when the file gives none.
  if (!spec.fixed.contains("seed") && !axes.count("seed")) axes["seed"] = {13, 21, 42, 87, 100};
  for (const auto& info : kSettings) {
    if (axes.count(info.name)) spec.axes.emplace_back(info.name, axes[info.name]);
  }
  for (const char* required : {"train", "test"}) {
    if (!spec.fixed.contains(required) && !axes.count(required))
      c.fail({root.contains("fixed") ? "fixed" : "axes"},
             std::string("missing \"") + required + "\" (a data file, in \"fixed\" or \"axes\")");
  }
  for (const char* rule : {"exclude", "only"}) {
    if (!root.contains(rule)) continue;
    const json& list = root[rule];
    if (!list.is_array()) c.fail({rule}, "expected a list of objects (setting -> value or list of values)");
    if (list.empty()) c.fail({rule}, "empty list");
    auto& out = std::string(rule) == "exclude" ? spec.exclude : spec.only;
    for (size_t i = 0; i < list.size(); ++i) {
      const Path at = {rule, std::to_string(i)};
      if (!list[i].is_object() || list[i].empty())
        c.fail(at, "expected a non-empty object (setting -> value or list of values)");
      json entry = json::object();
      for (const auto& [key, v] : list[i].items()) {
        Path kp = at;
        kp.push_back(key);
        const SettingInfo& info = c.setting(key, kp);
        if (v.is_array()) {
          if (v.empty()) c.fail(kp, "empty list of values");
          json values = json::array();
          for (size_t j = 0; j < v.size(); ++j) {
            Path vp = kp;
            vp.push_back(std::to_string(j));
            values.push_back(c.settingValue(info, v[j], vp, baseDir));
          }
          entry[key] = values;
        } else {
          entry[key] = json::array({c.settingValue(info, v, kp, baseDir)});
        }
      }
      out.push_back(entry);
    }
  }
  return spec;
}

json sweepSpecJson(const SweepSpec& spec) {
  json out = json::object();
  out["name"] = spec.name;
  out["mode"] = spec.mode == SweepMode::Grid ? "grid" : "random";
  if (spec.mode == SweepMode::Random) {
    out["count"] = spec.count;
    out["seed"] = spec.randomSeed;
  }
  out["max_runs"] = spec.maxRuns;
  out["fixed"] = spec.fixed;
  json axes = json::object();
  for (const auto& [name, values] : spec.axes) axes[name] = values;
  out["axes"] = axes;
  // Rules are stored as setting -> list of values: written the same way (a list is valid in the file).
  if (!spec.exclude.empty()) out["exclude"] = spec.exclude;
  if (!spec.only.empty()) out["only"] = spec.only;
  if (!spec.secondsPerStep.empty()) out["seconds_per_step"] = spec.secondsPerStep;
  return out;
}

SweepSpec parseSweepFile(const std::string& path) {
  const std::string text = readFileBytes(path, size_t(16) << 20);
  const auto base = std::filesystem::absolute(std::filesystem::path(path)).parent_path().string();
  return parseSweepText(text, path, base);
}

}  // namespace pwb::sweep
