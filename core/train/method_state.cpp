#include "train/method_state.h"

#include <filesystem>
#include <fstream>

#include "common/error.h"
#include "common/text_file.h"
#include "train/safetensors_writer.h"
#include "train/trainer_state.h"

namespace pwb::train {

void saveMethodState(const std::string& dir, Method& method, model::MaskedLM& model,
                     const nlohmann::json& extra) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) throw fileError(dir, "cannot create the folder: " + ec.message());
  // A state saved over a stopped run's folder is not that run's continuation any more.
  removeTrainerState(dir);
  nlohmann::json info = extra.is_object() ? extra : nlohmann::json::object();
  info["format"] = "pwb-train-state";
  info["version"] = 1;
  info["method"] = method.name();
  info["config"] = method.config();
  info["trains_model"] = method.trainsModel();
  writeSafetensors(joinPath(dir, "method.safetensors"), method.stateTensors(),
                   {{"format", "pwb-train-state"}, {"method", method.name()}});
  if (method.trainsModel()) {
    std::vector<std::pair<std::string, torch::Tensor>> weights;
    for (auto& p : model.named_parameters()) weights.emplace_back(p.key(), p.value());
    writeSafetensors(joinPath(dir, "model.safetensors"), weights, {{"format", "pt"}});
  }
  const std::string path = joinPath(dir, "method.json");
  std::ofstream out(path, std::ios::trunc);
  out << info.dump(2) << "\n";
  if (!out) throw fileError(path, "writing failed");
}

nlohmann::json readStateInfo(const std::string& dir) {
  const std::string path = joinPath(dir, "method.json");
  auto info = readJsonFile(path);
  if (!info.is_object() || info.value("format", "") != "pwb-train-state") {
    throw keyError(path, "format", "not a Prompt Workbench training state (expected \"pwb-train-state\")");
  }
  if (!info.contains("version") || !info["version"].is_number_integer() || info["version"].get<int>() != 1) {
    throw keyError(path, "version", "unsupported version (this build reads version 1)");
  }
  if (!info.contains("method") || !info["method"].is_string()) throw keyError(path, "method", "missing");
  return info;
}

namespace {

// core/export/bundle.h's names (see the header for why they are not included from there).
constexpr const char* kBundleInfo = "prompt.json";
constexpr const char* kBundleTensors = "prompt.safetensors";
constexpr const char* kBundleModel = "model.safetensors";
constexpr const char* kBundleFormat = "pwb-prompt-bundle";

std::string stringOr(const nlohmann::json& j, const char* key) {
  return j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : std::string();
}

nlohmann::json readBundleInfo(const std::string& path) {
  auto info = readJsonFile(path, size_t(16) << 20);
  if (!info.is_object() || info.value("format", "") != kBundleFormat) {
    throw keyError(path, "format",
                   std::string("not a Prompt Workbench prompt bundle (expected \"") + kBundleFormat + "\")");
  }
  if (!info.contains("version") || !info["version"].is_number_integer() || info["version"].get<int>() != 1) {
    throw keyError(path, "version", "unsupported bundle version (this build reads version 1)");
  }
  if (!info.contains("method") || !info["method"].is_string()) throw keyError(path, "method", "missing");
  if (info.contains("trains_model") && !info["trains_model"].is_boolean())
    throw keyError(path, "trains_model", "must be true or false");
  if (info.contains("method_config") && !info["method_config"].is_object())
    throw keyError(path, "method_config", "must be a JSON object");
  if (info.contains("model") && !info["model"].is_object())
    throw keyError(path, "model", "must be an object");
  return info;
}

// A saved setting for a message: scalars as JSON (strings cut after 64 bytes), lists and objects by kind
// only. The files are untrusted: dumping a value nested 100k deep would recurse that deep.
std::string brief(const nlohmann::json& v) {
  if (v.is_array()) return "a list";
  if (v.is_object()) return "an object";
  if (v.is_string()) {
    const auto& text = v.get_ref<const std::string&>();
    return text.size() <= 64 ? nlohmann::json(text).dump()
                             : nlohmann::json(text.substr(0, 64)).dump() + "...";
  }
  return v.dump();
}

// "key saved X, now Y" for each setting of the current method that the saved one has otherwise.
std::string settingDifferences(const nlohmann::json& saved, const nlohmann::json& current) {
  std::string out;
  if (!saved.is_object() || !current.is_object()) return out;
  for (auto it = current.begin(); it != current.end(); ++it) {
    const auto found = saved.find(it.key());
    if (found == saved.end()) continue;
    const bool same = !found->is_structured() && !it.value().is_structured() && *found == it.value();
    if (same) continue;
    out += (out.empty() ? "" : "; ") + it.key() + " saved " + brief(*found) + ", now " + brief(it.value());
  }
  return out;
}

void loadModelWeights(const std::string& modelPath, model::MaskedLM& model) {
  const auto weights = readSafetensors(modelPath);
  torch::NoGradGuard noGrad;
  for (auto& p : model.named_parameters()) {
    auto it = weights.find(p.key());
    if (it == weights.end()) throw keyError(modelPath, p.key(), "missing tensor");
    if (it->second.sizes() != p.value().sizes()) throw keyError(modelPath, p.key(), "shape mismatch");
    p.value().copy_(it->second.to(p.value().device(), p.value().scalar_type()));
  }
}

}  // namespace

bool isBundleFolder(const std::string& dir) {
  return fileExists(joinPath(dir, kBundleInfo));
}

LoadedState loadMethodState(const std::string& dir, Method& method, model::MaskedLM& model) {
  LoadedState loaded;
  std::string tensorsPath, modelPath;
  nlohmann::json savedConfig;
  bool savedTrainsModel = false;
  // A folder with both files is a training state that was exported in place: its own record wins.
  if (fileExists(joinPath(dir, "method.json")) || !isBundleFolder(dir)) {
    loaded.kind = "state";
    loaded.infoPath = joinPath(dir, "method.json");
    loaded.info = readStateInfo(dir);
    savedConfig = loaded.info.value("config", nlohmann::json::object());
    savedTrainsModel = loaded.info.value("trains_model", false);
    tensorsPath = joinPath(dir, "method.safetensors");
    modelPath = joinPath(dir, "model.safetensors");
  } else {
    loaded.kind = "bundle";
    loaded.infoPath = joinPath(dir, kBundleInfo);
    loaded.info = readBundleInfo(loaded.infoPath);
    savedConfig = loaded.info.value("method_config", nlohmann::json::object());
    savedTrainsModel = loaded.info.value("trains_model", false);
    tensorsPath = joinPath(dir, kBundleTensors);
    modelPath = joinPath(dir, kBundleModel);
    const std::string hash =
        loaded.info.contains("model") ? stringOr(loaded.info["model"], "config_hash") : std::string();
    if (!hash.empty() && hash != model.config().configHash) {
      throw keyError(loaded.infoPath, "model.config_hash",
                     "the bundle was trained on another model (config.json hash " + hash +
                         ", this model's is " + model.config().configHash + ")");
    }
  }
  const std::string saved = loaded.info["method"].get<std::string>();
  if (saved != method.name()) {
    throw keyError(
        loaded.infoPath, "method",
        "the " + loaded.kind + " was saved by method '" + saved + "', not '" + method.name() + "'");
  }
  loaded.templateText = stringOr(loaded.info, "template");
  loaded.verbalizer = stringOr(loaded.info, "verbalizer");
  if (!fileExists(tensorsPath)) throw fileError(tensorsPath, "missing: the method's tensors are not there");
  try {
    method.loadState(readSafetensors(tensorsPath));
  } catch (const Error& e) {
    const std::string differences = settingDifferences(savedConfig, method.config());
    throw fileError(tensorsPath,
                    e.message() + (differences.empty() ? std::string()
                                                       : " (method settings differ: " + differences + ")"));
  }
  if (method.trainsModel() || savedTrainsModel || fileExists(modelPath)) {
    if (!fileExists(modelPath)) {
      throw fileError(modelPath,
                      method.trainsModel()
                          ? "missing: this method trains the model, its weights belong to the " + loaded.kind
                          : "missing, though the " + loaded.kind + " says it holds model weights");
    }
    loadModelWeights(modelPath, model);
  }
  if (loaded.kind == "state" && hasTrainerState(dir)) {
    loaded.notices.push_back("resuming from the stopped run's state " + dir +
                             ": its weights, AdamW moments, schedule position, batch order and random "
                             "generators are restored, and training continues where it stopped");
  } else {
    loaded.notices.push_back(
        "resuming from the " + loaded.kind + " " + dir +
        " restores its trained weights only: it holds no optimizer state (AdamW moments), step counter, "
        "schedule position or random-generator state, so training starts a fresh AdamW and learning-rate "
        "schedule from step 1 at these weights");
  }
  return loaded;
}

}  // namespace pwb::train
