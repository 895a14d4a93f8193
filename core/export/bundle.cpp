#include "export/bundle.h"

#include <filesystem>
#include <fstream>

#include "common/error.h"
#include "common/text_file.h"
#include "model/safetensors_reader.h"

namespace pwb::exporting {
namespace {

namespace fs = std::filesystem;

std::string requiredString(const nlohmann::json& j, const char* key, const std::string& path) {
  if (!j.contains(key) || !j[key].is_string()) throw keyError(path, key, "missing or not a string");
  return j[key].get<std::string>();
}

nlohmann::json objectOr(const nlohmann::json& j, const char* key, const std::string& path) {
  if (!j.contains(key) || j[key].is_null()) return nlohmann::json::object();
  if (!j[key].is_object()) throw keyError(path, key, "must be a JSON object");
  return j[key];
}

// name -> shape of every tensor in a safetensors file (validated by core/model's reader).
nlohmann::json tensorShapes(const std::string& path) {
  const model::SafetensorsFile f(path);
  nlohmann::json out = nlohmann::json::object();
  for (const auto& e : f.tensors()) out[e.name] = e.shape;
  return out;
}

void copyFile(const std::string& from, const std::string& to) {
  std::error_code ec;
  const std::string tmp = to + ".tmp";
  fs::copy_file(from, tmp, fs::copy_options::overwrite_existing, ec);
  if (ec) throw fileError(to, "cannot copy " + from + ": " + ec.message());
  fs::rename(tmp, to, ec);
  if (ec) throw fileError(to, "cannot replace the file: " + ec.message());
}

void mergeInto(nlohmann::json& target, const nlohmann::json& extra) {
  if (!extra.is_object()) return;
  for (auto it = extra.begin(); it != extra.end(); ++it) target[it.key()] = it.value();
}

}  // namespace

nlohmann::json BundleInfo::toJson() const {
  nlohmann::json j = {{"format", kBundleFormat},
                      {"version", 1},
                      {"method", method},
                      {"method_config", methodConfig},
                      {"hyperparameters", hyperparameters},
                      {"template", templateText},
                      {"verbalizer", verbalizer},
                      {"labels", labels},
                      {"model", model.toJson()},
                      {"metrics", metrics},
                      {"program_version", programVersion},
                      {"trained_with_version", trainedWithVersion},
                      {"trains_model", trainsModel},
                      {"tensors", tensors},
                      {"source", source}};
  if (!task.empty()) {
    j["task"] = task;
    j["poles"] = poles;
  }
  return j;
}

BundleInfo BundleInfo::fromJson(const nlohmann::json& j, const std::string& path) {
  if (!j.is_object() || j.value("format", "") != kBundleFormat) {
    throw keyError(path, "format",
                   std::string("not a Prompt Workbench prompt bundle (expected \"") + kBundleFormat + "\")");
  }
  if (!j.contains("version") || !j["version"].is_number_integer() || j["version"].get<int>() != 1) {
    throw keyError(path, "version", "unsupported bundle version (this build reads version 1)");
  }
  BundleInfo b;
  b.method = requiredString(j, "method", path);
  b.methodConfig = objectOr(j, "method_config", path);
  b.hyperparameters = objectOr(j, "hyperparameters", path);
  b.templateText = requiredString(j, "template", path);
  b.verbalizer = requiredString(j, "verbalizer", path);
  if (j.contains("labels")) {
    if (!j["labels"].is_array()) throw keyError(path, "labels", "must be a list of strings");
    for (const auto& l : j["labels"]) {
      if (!l.is_string()) throw keyError(path, "labels", "must be a list of strings");
      b.labels.push_back(l.get<std::string>());
    }
  }
  if (!j.contains("model"))
    throw keyError(path, "model", "missing: the bundle does not say which model it needs");
  b.model = ModelIdentity::fromJson(j["model"], path);
  b.metrics = objectOr(j, "metrics", path);
  b.programVersion = j.value("program_version", "");
  b.trainedWithVersion = j.value("trained_with_version", "");
  if (j.contains("trains_model") && !j["trains_model"].is_boolean()) {
    throw keyError(path, "trains_model", "must be true or false");
  }
  b.trainsModel = j.value("trains_model", false);
  b.tensors = objectOr(j, "tensors", path);
  b.source = objectOr(j, "source", path);
  if (j.contains("task")) {
    if (!j["task"].is_string() || (j["task"] != "regression" && j["task"] != "classification"))
      throw keyError(path, "task", "must be \"classification\" or \"regression\"");
    if (j["task"] == "regression") {
      b.task = "regression";
      b.poles = requiredString(j, "poles", path);
    }
  }
  return b;
}

bool isBundleDir(const std::string& dir) {
  return fileExists(joinPath(dir, kBundleInfoFile));
}
bool isTrainStateDir(const std::string& dir) {
  return fileExists(joinPath(dir, "method.json"));
}

BundleInfo readBundleInfo(const std::string& dir) {
  const std::string path = joinPath(dir, kBundleInfoFile);
  auto info = BundleInfo::fromJson(readJsonFile(path, 16 << 20), path);
  const std::string tensors = joinPath(dir, kBundleTensorsFile);
  if (!fileExists(tensors)) throw fileError(tensors, "missing: the bundle's tensors are not there");
  if (info.trainsModel && !fileExists(joinPath(dir, kBundleModelFile))) {
    throw fileError(joinPath(dir, kBundleModelFile),
                    "missing: this method's bundle includes the model weights");
  }
  return info;
}

BundleInfo writeBundle(const BundleRequest& r, const std::string& outDir) {
  const std::string statePath = joinPath(r.stateDir, "method.json");
  const auto state = readJsonFile(statePath, 16 << 20);
  if (!state.is_object() || state.value("format", "") != "pwb-train-state") {
    throw keyError(statePath, "format",
                   "not a Prompt Workbench training state (expected \"pwb-train-state\")");
  }
  BundleInfo b;
  b.method = requiredString(state, "method", statePath);
  b.methodConfig = objectOr(state, "config", statePath);
  b.templateText = requiredString(state, "template", statePath);
  b.verbalizer = requiredString(state, "verbalizer", statePath);
  if (state.contains("labels") && state["labels"].is_array()) {
    for (const auto& l : state["labels"]) {
      if (l.is_string()) b.labels.push_back(l.get<std::string>());
    }
  }
  b.trainsModel = state.value("trains_model", false);
  if (state.contains("task") && state["task"] == "regression") {
    b.task = "regression";
    b.poles = requiredString(state, "poles", statePath);
    if (state.contains("test_pearson")) b.metrics["test_pearson"] = state["test_pearson"];
  }
  for (const char* key : {"seed", "step"}) {
    if (state.contains(key)) b.hyperparameters[key] = state[key];
  }
  mergeInto(b.hyperparameters, r.hyperparameters);
  if (state.contains("test_accuracy")) b.metrics["test_accuracy"] = state["test_accuracy"];
  mergeInto(b.metrics, r.metrics);
  std::string modelDir = r.modelDir;
  if (modelDir.empty()) {
    modelDir = state.value("model_dir", "");
    if (modelDir.empty())
      throw keyError(statePath, "model_dir", "missing: say which model the prompt was trained on");
  }
  if (!fileExists(joinPath(modelDir, "config.json"))) {
    throw fileError(modelDir,
                    "the model the prompt was trained on is not there (config.json missing); its "
                    "identity (config and tokenizer hashes) goes into the bundle");
  }
  b.model = modelIdentity(modelDir);
  b.programVersion = PWB_VERSION;
  b.trainedWithVersion = r.trainedWithVersion;
  b.source = r.source.is_object() ? r.source : nlohmann::json::object();
  if (!b.source.contains("state")) b.source["state"] = r.stateDir;

  const std::string tensorsIn = joinPath(r.stateDir, "method.safetensors");
  if (!fileExists(tensorsIn)) throw fileError(tensorsIn, "missing: the training state has no tensors");
  b.tensors = tensorShapes(tensorsIn);
  const std::string modelIn = joinPath(r.stateDir, "model.safetensors");
  if (b.trainsModel && !fileExists(modelIn)) {
    throw fileError(modelIn, "missing: this method trains the model, its weights belong to the state");
  }
  std::error_code ec;
  fs::create_directories(outDir, ec);
  if (ec) throw fileError(outDir, "cannot create the folder: " + ec.message());
  copyFile(tensorsIn, joinPath(outDir, kBundleTensorsFile));
  if (b.trainsModel) {
    tensorShapes(modelIn);  // validated before it is copied
    copyFile(modelIn, joinPath(outDir, kBundleModelFile));
  } else {
    fs::remove(joinPath(outDir, kBundleModelFile),
               ec);  // a stale one from an earlier export into this folder
  }
  const std::string infoPath = joinPath(outDir, kBundleInfoFile);
  std::ofstream out(infoPath, std::ios::trunc);
  out << b.toJson().dump(2) << "\n";
  out.flush();
  if (!out) throw fileError(infoPath, "writing failed");
  return b;
}

}  // namespace pwb::exporting
