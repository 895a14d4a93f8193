#include "train/pet/pet_work_dir.h"

#include <cstdint>
#include <filesystem>
#include <fstream>

#include "common/error.h"
#include "common/json_quote.h"
#include "common/text_file.h"

namespace pwb::train::pet {
namespace fs = std::filesystem;

namespace {

// An int member of member.json. nlohmann's get<int>() converts any number with a cast, and a double
// beyond int (1e300) is undefined behaviour (found by fuzz_pet_ensemble under UBSan): only integers in
// range are accepted.
int intKey(const nlohmann::json& j, const char* key, const std::string& path) {
  const nlohmann::json& v = j.at(key);
  const bool inRange =
      v.is_number_integer() && v.get<int64_t>() >= INT32_MIN && v.get<int64_t>() <= INT32_MAX;
  if (!inRange || (v.is_number_unsigned() && v.get<uint64_t>() > uint64_t(INT32_MAX)))
    throw fileError(path, "damaged member marker: '" + std::string(key) + "' must be an integer, got " +
                              std::string(v.type_name()) + " (delete the file to retrain it)");
  return static_cast<int>(v.get<int64_t>());
}

}  // namespace

nlohmann::json jobSettings(const PetRequest& r) {
  const auto& b = r.base;
  return {{"model", b.modelDir},
          {"train", b.trainPath},
          {"test", b.testPath},
          {"k", b.k},
          {"sampler", b.sampler},
          {"steps", b.steps},
          {"batch_size", b.batchSize},
          {"lr", b.lr},
          {"eval_every", b.evalEvery},
          {"max_length", b.maxLength},
          {"templates", r.templates},
          {"verbalizers", r.verbalizers},
          {"pool", r.poolPath},
          {"pool_size", r.poolSize},
          {"temperature", r.temperature},
          {"weighting", r.weighting},
          {"growth", r.growth},
          {"lambda", r.lambda},
          {"distill_steps", r.distillSteps},
          {"distill_lr", r.distillLr},
          {"distill_batch", r.distillBatch},
          {"db", b.dbPath}};
}

void writeJsonAtomically(const std::string& path, const nlohmann::json& j) {
  fs::create_directories(fs::path(path).parent_path());
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) throw fileError(tmp, "cannot write");
    out << j.dump() << "\n";
    if (!out.flush()) throw fileError(tmp, "cannot write");
  }
  std::error_code ec;
  fs::rename(tmp, path, ec);
  if (ec) throw fileError(path, "cannot write: " + ec.message());
}

void claimWorkDir(const std::string& dir, const nlohmann::json& settings) {
  const std::string path = joinPath(dir, "pet.json");
  if (!fileExists(path)) {
    writeJsonAtomically(path, settings);
    return;
  }
  const auto saved = readJsonFile(path);
  if (!saved.is_object()) throw fileError(path, "not a PET job's settings (expected a JSON object)");
  for (const auto& [key, value] : settings.items()) {
    // The saved value is quoted with quoteJsonValue, not dump(): dump() recursed into a value nested a
    // million levels deep (stack overflow, found by fuzz_pet_ensemble) and copied huge strings whole.
    if (!saved.contains(key) || saved[key] != value)
      throw fileError(path, "this work folder belongs to a job with " + key + " = " +
                                (saved.contains(key) ? quoteJsonValue(saved[key]) : std::string("(none)")) +
                                ", this job has " + value.dump() + ": use another --output folder");
  }
}

std::string seedDir(const std::string& workDir, int64_t seed) {
  return joinPath(workDir, "seed" + std::to_string(seed));
}

std::string memberDir(const std::string& workDir, int64_t seed, int generation, int pvp) {
  return joinPath(joinPath(seedDir(workDir, seed), "g" + std::to_string(generation)),
                  "pvp" + std::to_string(pvp));
}

void writeMember(const std::string& dir, const StoredMember& m) {
  const auto& p = m.member;
  writeJsonAtomically(joinPath(dir, "member.json"), {{"generation", p.generation},
                                                     {"pvp", p.pvp},
                                                     {"template", p.templateText},
                                                     {"verbalizer", p.verbalizer},
                                                     {"run_id", p.runId},
                                                     {"test_accuracy", p.testAccuracy},
                                                     {"train_accuracy_before", p.trainAccuracyBefore},
                                                     {"added_examples", p.addedExamples},
                                                     {"labeller_run_ids", p.labellerRunIds},
                                                     {"train_seconds", p.trainSeconds},
                                                     {"score_seconds", p.scoreSeconds},
                                                     {"pool_logits", m.poolLogits},
                                                     {"test_logits", m.testLogits}});
}

std::optional<StoredMember> readMember(const std::string& dir, const std::string& templateText,
                                       const std::string& verbalizer, size_t poolRows, size_t testRows) {
  const std::string path = joinPath(dir, "member.json");
  if (!fileExists(path)) return std::nullopt;
  const auto j = readJsonFile(path);
  StoredMember m;
  try {
    auto& p = m.member;
    p.generation = intKey(j, "generation", path);
    p.pvp = intKey(j, "pvp", path);
    p.templateText = j.at("template").get<std::string>();
    p.verbalizer = j.at("verbalizer").get<std::string>();
    p.runId = j.at("run_id").get<std::string>();
    p.testAccuracy = j.at("test_accuracy").get<double>();
    p.trainAccuracyBefore = j.at("train_accuracy_before").get<double>();
    p.addedExamples = intKey(j, "added_examples", path);
    p.labellerRunIds = j.at("labeller_run_ids").get<std::vector<std::string>>();
    p.trainSeconds = j.value("train_seconds", 0.0);
    p.scoreSeconds = j.value("score_seconds", 0.0);
    m.poolLogits = j.at("pool_logits").get<LogitRows>();
    m.testLogits = j.at("test_logits").get<LogitRows>();
  } catch (const nlohmann::json::exception& e) {
    throw fileError(path,
                    std::string("damaged member marker: ") + e.what() + " (delete the file to retrain it)");
  }
  if (m.member.templateText != templateText || m.member.verbalizer != verbalizer)
    throw fileError(path, "this member was trained with template \"" + m.member.templateText +
                              "\" and verbalizer \"" + m.member.verbalizer + "\", not the job's");
  if (m.poolLogits.size() != poolRows || m.testLogits.size() != testRows)
    throw fileError(path, "this member scored " + std::to_string(m.poolLogits.size()) + " pool / " +
                              std::to_string(m.testLogits.size()) + " test rows, the job has " +
                              std::to_string(poolRows) + " / " + std::to_string(testRows));
  m.member.reused = true;
  return m;
}

}  // namespace pwb::train::pet
