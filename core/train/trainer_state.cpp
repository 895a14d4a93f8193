#include "train/trainer_state.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "common/error.h"
#include "common/text_file.h"
#include "train/safetensors_writer.h"

namespace pwb::train {
namespace {

constexpr const char* kInfo = "trainer.json";
constexpr const char* kTensors = "trainer.safetensors";
constexpr const char* kFormat = "pwb-trainer-state";

std::string hex64(uint64_t v) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v));
  return buf;
}

template <typename T>
T field(const nlohmann::json& j, const std::string& path, const char* key) {
  auto it = j.find(key);
  if (it == j.end()) throw keyError(path, key, "missing");
  try {
    return it->get<T>();
  } catch (const nlohmann::json::exception&) {
    throw keyError(path, key, "has the wrong type");
  }
}

int nonNegativeInt(const nlohmann::json& j, const std::string& path, const char* key) {
  const auto it = j.find(key);
  if (it == j.end() || !it->is_number_integer()) throw keyError(path, key, "must be an integer");
  const auto v = it->get<int64_t>();
  if (v < 0 || v > 100000000) throw keyError(path, key, "out of range");
  return static_cast<int>(v);
}

torch::Tensor tensorOf(const std::map<std::string, torch::Tensor>& tensors, const std::string& path,
                       const std::string& name) {
  auto it = tensors.find(name);
  if (it == tensors.end()) throw keyError(path, name, "missing tensor");
  return it->second;
}

}  // namespace

void saveTrainerState(const std::string& dir, const TrainerState& s) {
  std::vector<std::pair<std::string, torch::Tensor>> tensors;
  nlohmann::json names = nlohmann::json::array(), steps = nlohmann::json::array();
  for (size_t i = 0; i < s.names.size(); ++i) {
    names.push_back(s.names[i]);
    steps.push_back(s.adamSteps[i]);
    if (s.adamSteps[i] > 0) {
      tensors.emplace_back("adam.exp_avg." + s.names[i], s.expAvg[i]);
      tensors.emplace_back("adam.exp_avg_sq." + s.names[i], s.expAvgSq[i]);
    }
    if (!s.best.empty()) tensors.emplace_back("best." + s.names[i], s.best[i]);
  }
  tensors.emplace_back("rng.torch_cpu", s.cpuGenerator.to(torch::kFloat));
  nlohmann::json curve = nlohmann::json::array();
  for (const auto& [step, acc] : s.devCurve) curve.push_back({step, acc});
  const nlohmann::json info = {
      {"format", kFormat},
      {"version", 1},
      {"step", s.step},
      {"total_steps", s.totalSteps},
      {"lr", s.lr},
      {"batch_size", s.batchSize},
      {"grad_accum", s.gradAccum},
      {"seed", hex64(s.seed)},
      {"warmup_steps", s.warmupSteps},
      {"losses", s.losses},
      {"dev_curve", curve},
      {"best_dev_accuracy", s.bestDevAccuracy},
      {"best_step", s.bestStep},
      {"evals_without_gain", s.evalsWithoutGain},
      {"has_best", !s.best.empty()},
      {"tensors", names},
      {"adam_steps", steps},
      {"batch_order", {{"order", s.order.order}, {"pos", s.order.pos}, {"rng", hex64(s.order.rng)}}}};
  writeSafetensors(joinPath(dir, kTensors), tensors, {{"format", kFormat}});
  const std::string path = joinPath(dir, kInfo);
  std::ofstream out(path, std::ios::trunc);
  out << info.dump(1) << "\n";
  if (!out) throw fileError(path, "writing failed");
}

bool hasTrainerState(const std::string& dir) {
  return fileExists(joinPath(dir, kInfo));
}

void removeTrainerState(const std::string& dir) {
  std::error_code ec;
  std::filesystem::remove(joinPath(dir, kInfo), ec);
  std::filesystem::remove(joinPath(dir, kTensors), ec);
}

TrainerState loadTrainerState(const std::string& dir) {
  const std::string path = joinPath(dir, kInfo);
  const auto j = readJsonFile(path);
  if (!j.is_object() || j.value("format", "") != kFormat)
    throw keyError(path, "format", std::string("not a trainer state (expected \"") + kFormat + "\")");
  if (!j.contains("version") || !j["version"].is_number_integer() || j["version"].get<int>() != 1)
    throw keyError(path, "version", "unsupported version (this build reads version 1)");
  auto parseHex = [&](const char* key, const std::string& text) {
    if (text.size() != 16 || text.find_first_not_of("0123456789abcdef") != std::string::npos)
      throw keyError(path, key, "must be 16 hex digits");
    return static_cast<uint64_t>(std::stoull(text, nullptr, 16));
  };
  TrainerState s;
  s.step = nonNegativeInt(j, path, "step");
  s.totalSteps = nonNegativeInt(j, path, "total_steps");
  if (s.step < 1 || s.step >= s.totalSteps) throw keyError(path, "step", "must be in 1..total_steps-1");
  s.lr = field<double>(j, path, "lr");
  s.batchSize = nonNegativeInt(j, path, "batch_size");
  s.gradAccum = nonNegativeInt(j, path, "grad_accum");
  s.seed = parseHex("seed", field<std::string>(j, path, "seed"));
  s.warmupSteps = nonNegativeInt(j, path, "warmup_steps");
  s.losses = field<std::vector<float>>(j, path, "losses");
  if (s.losses.size() != static_cast<size_t>(s.step))
    throw keyError(path, "losses", "must hold one loss per step done");
  const auto curve = field<nlohmann::json>(j, path, "dev_curve");
  if (!curve.is_array()) throw keyError(path, "dev_curve", "must be a list");
  for (const auto& point : curve) {
    if (!point.is_array() || point.size() != 2 || !point[0].is_number_integer() || !point[1].is_number())
      throw keyError(path, "dev_curve", "every entry must be [step, accuracy]");
    s.devCurve.emplace_back(point[0].get<int>(), point[1].get<double>());
  }
  s.bestDevAccuracy = field<double>(j, path, "best_dev_accuracy");
  s.bestStep = nonNegativeInt(j, path, "best_step");
  s.evalsWithoutGain = nonNegativeInt(j, path, "evals_without_gain");
  const bool hasBest = field<bool>(j, path, "has_best");
  s.names = field<std::vector<std::string>>(j, path, "tensors");
  s.adamSteps = field<std::vector<int64_t>>(j, path, "adam_steps");
  if (s.adamSteps.size() != s.names.size())
    throw keyError(path, "adam_steps", "must have one entry per tensor");
  const auto order = field<nlohmann::json>(j, path, "batch_order");
  if (!order.is_object()) throw keyError(path, "batch_order", "must be an object");
  s.order.order = field<std::vector<size_t>>(order, path, "order");
  s.order.pos = field<size_t>(order, path, "pos");
  s.order.rng = parseHex("batch_order.rng", field<std::string>(order, path, "rng"));

  const std::string tensorsPath = joinPath(dir, kTensors);
  if (!fileExists(tensorsPath))
    throw fileError(tensorsPath, "missing: the trainer state's tensors are not there");
  const auto tensors = readSafetensors(tensorsPath);
  for (size_t i = 0; i < s.names.size(); ++i) {
    if (s.adamSteps[i] < 0) throw keyError(path, "adam_steps", "must not be negative");
    if (s.adamSteps[i] > 0) {
      s.expAvg.push_back(tensorOf(tensors, tensorsPath, "adam.exp_avg." + s.names[i]));
      s.expAvgSq.push_back(tensorOf(tensors, tensorsPath, "adam.exp_avg_sq." + s.names[i]));
    } else {
      s.expAvg.emplace_back();
      s.expAvgSq.emplace_back();
    }
    if (hasBest) s.best.push_back(tensorOf(tensors, tensorsPath, "best." + s.names[i]));
  }
  const auto rng = tensorOf(tensors, tensorsPath, "rng.torch_cpu");
  if (rng.dim() != 1 || !(rng.ge(0).all().item<bool>() && rng.le(255).all().item<bool>()) ||
      !torch::equal(rng, rng.round()))
    throw keyError(tensorsPath, "rng.torch_cpu", "must be a list of bytes");
  s.cpuGenerator = rng.to(torch::kUInt8);
  return s;
}

}  // namespace pwb::train
