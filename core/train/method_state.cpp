#include "train/method_state.h"

#include <filesystem>
#include <fstream>

#include "common/error.h"
#include "common/text_file.h"
#include "train/safetensors_writer.h"

namespace pwb::train {

void saveMethodState(const std::string& dir, Method& method, model::MaskedLM& model,
                     const nlohmann::json& extra) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) throw fileError(dir, "cannot create the folder: " + ec.message());
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

void loadMethodState(const std::string& dir, Method& method, model::MaskedLM& model) {
  const auto info = readStateInfo(dir);
  if (info["method"].get<std::string>() != method.name()) {
    throw keyError(joinPath(dir, "method.json"), "method",
                   "the state was saved by method '" + info["method"].get<std::string>() + "', not '" +
                       method.name() + "'");
  }
  const std::string tensorsPath = joinPath(dir, "method.safetensors");
  try {
    method.loadState(readSafetensors(tensorsPath));
  } catch (const Error& e) {
    throw fileError(tensorsPath, e.message());
  }
  const std::string modelPath = joinPath(dir, "model.safetensors");
  if (method.trainsModel() || fileExists(modelPath)) {
    if (!fileExists(modelPath))
      throw fileError(modelPath, "missing: this method's state includes the model weights");
    const auto weights = readSafetensors(modelPath);
    torch::NoGradGuard noGrad;
    for (auto& p : model.named_parameters()) {
      auto it = weights.find(p.key());
      if (it == weights.end()) throw keyError(modelPath, p.key(), "missing tensor");
      if (it->second.sizes() != p.value().sizes()) throw keyError(modelPath, p.key(), "shape mismatch");
      p.value().copy_(it->second.to(p.value().device(), p.value().scalar_type()));
    }
  }
}

}  // namespace pwb::train
