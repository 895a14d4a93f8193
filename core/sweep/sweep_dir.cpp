#include "sweep/sweep_dir.h"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "common/error.h"
#include "common/text_file.h"
#include "store/sha256.h"

namespace pwb::sweep {
namespace fs = std::filesystem;
using json = nlohmann::json;

namespace {

std::string sha256Of(const std::string& text) {
  store::Sha256 h;
  h.update(text.data(), text.size());
  return h.hexDigest();
}

json readJson(const std::string& path) {
  const std::string text = readFileBytes(path, size_t(1) << 30);
  auto j = json::parse(text, nullptr, false);
  if (j.is_discarded()) throw fileError(path, "damaged JSON (not written by pwb, or cut short)");
  return j;
}

template <typename T>
T field(const json& j, const char* key, const std::string& path, T fallback) {
  if (!j.contains(key) || j[key].is_null()) return fallback;
  try {
    return j[key].get<T>();
  } catch (const json::exception&) {
    throw keyError(path, key, "unexpected type");
  }
}

}  // namespace

SweepDir::SweepDir(std::string dir) : dir_(std::move(dir)) {}

std::string SweepDir::specPath() const {
  return joinPath(dir_, "sweep.json");
}
std::string SweepDir::planPath() const {
  return joinPath(dir_, "plan.json");
}
std::string SweepDir::tasksDir() const {
  return joinPath(dir_, "tasks");
}
std::string SweepDir::logsDir() const {
  return joinPath(dir_, "logs");
}
std::string SweepDir::runFile(int64_t i) const {
  return joinPath(tasksDir(), std::to_string(i) + ".sqlite");
}
std::string SweepDir::startMarker(int64_t i) const {
  return joinPath(tasksDir(), std::to_string(i) + ".start");
}
std::string SweepDir::exitMarker(int64_t i) const {
  return joinPath(tasksDir(), std::to_string(i) + ".exit");
}
std::string SweepDir::logFile(int64_t i) const {
  return joinPath(logsDir(), std::to_string(i) + ".log");
}

bool SweepDir::hasPlan() const {
  return fileExists(planPath());
}

std::vector<SweepTask> SweepDir::readPlan() const {
  if (!hasPlan())
    throw fileError(dir_, "not a sweep folder (no plan.json; `pwb sweep run` or submit makes one)");
  const json plan = readJson(planPath());
  if (!plan.is_object() || !plan.contains("tasks") || !plan["tasks"].is_array())
    throw fileError(planPath(), "not a sweep plan (no \"tasks\" list)");
  if (field<int>(plan, "format", planPath(), 0) > 1)
    throw fileError(planPath(), "written by a newer Prompt Workbench (plan format " +
                                    std::to_string(plan["format"].get<int>()) + " > 1)");
  std::vector<SweepTask> tasks;
  for (const auto& t : plan["tasks"]) {
    SweepTask task;
    task.index = field<int64_t>(t, "index", planPath(), -1);
    task.key = field<std::string>(t, "key", planPath(), "");
    if (!t.contains("settings") || !t["settings"].is_object() ||
        task.index != static_cast<int64_t>(tasks.size()))
      throw fileError(planPath(), "task " + std::to_string(tasks.size()) + " is damaged");
    task.settings = t["settings"];
    tasks.push_back(std::move(task));
  }
  return tasks;
}

std::string SweepDir::sweepName() const {
  return field<std::string>(readJson(planPath()), "name", planPath(), "");
}

SweepTask SweepDir::task(int64_t index) const {
  auto tasks = readPlan();
  if (index < 0 || index >= static_cast<int64_t>(tasks.size()))
    throw fileError(planPath(), "no task " + std::to_string(index) + " (the sweep has " +
                                    std::to_string(tasks.size()) + " tasks, 0.." +
                                    std::to_string(static_cast<int64_t>(tasks.size()) - 1) + ")");
  return tasks[static_cast<size_t>(index)];
}

std::optional<StartMarker> SweepDir::readStart(int64_t index) const {
  const std::string path = startMarker(index);
  if (!fileExists(path)) return std::nullopt;
  const json j = readJson(path);
  StartMarker m;
  m.time = field<double>(j, "time", path, 0);
  m.host = field<std::string>(j, "host", path, "");
  m.pid = field<int64_t>(j, "pid", path, 0);
  m.job = field<std::string>(j, "job", path, "");
  return m;
}

std::optional<ExitMarker> SweepDir::readExit(int64_t index) const {
  const std::string path = exitMarker(index);
  if (!fileExists(path)) return std::nullopt;
  const json j = readJson(path);
  ExitMarker m;
  m.exitCode = field<int>(j, "exit_code", path, 1);
  m.status = field<std::string>(j, "status", path, m.exitCode == 0 ? "finished" : "failed");
  m.time = field<double>(j, "time", path, 0);
  m.host = field<std::string>(j, "host", path, "");
  m.pid = field<int64_t>(j, "pid", path, 0);
  m.job = field<std::string>(j, "job", path, "");
  m.seconds = field<double>(j, "seconds", path, 0);
  m.message = field<std::string>(j, "message", path, "");
  m.runUid = field<std::string>(j, "run_uid", path, "");
  return m;
}

void SweepDir::writeStart(int64_t index, const StartMarker& m) const {
  writeFileAtomically(
      startMarker(index),
      json{{"time", m.time}, {"host", m.host}, {"pid", m.pid}, {"job", m.job}}.dump(2) + "\n");
}

void SweepDir::writeExit(int64_t index, const ExitMarker& m) const {
  writeFileAtomically(exitMarker(index), json{{"exit_code", m.exitCode},
                                              {"status", m.status},
                                              {"time", m.time},
                                              {"host", m.host},
                                              {"pid", m.pid},
                                              {"job", m.job},
                                              {"seconds", m.seconds},
                                              {"message", m.message},
                                              {"run_uid", m.runUid}}
                                                 .dump(2) +
                                             "\n");
}

void SweepDir::resetTask(int64_t index, bool removeLog) const {
  const std::string run = runFile(index);
  for (const std::string& p : {run, run + "-wal", run + "-shm", run + "-journal", startMarker(index),
                               exitMarker(index), removeLog ? logFile(index) : std::string()}) {
    if (p.empty()) continue;
    std::error_code ec;
    fs::remove(p, ec);
    if (ec) throw fileError(p, "cannot remove: " + ec.message());
  }
}

void writeFileAtomically(const std::string& path, const std::string& text) {
  const std::string tmp = path + ".tmp." + std::to_string(::getpid());
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) throw fileError(tmp, "cannot write");
    out << text;
    out.flush();
    if (!out) throw fileError(tmp, "cannot write (disk full?)");
  }
  std::error_code ec;
  fs::rename(tmp, path, ec);
  if (ec) {
    fs::remove(tmp, ec);
    throw fileError(path, "cannot write: " + ec.message());
  }
}

SweepDir prepareSweepDir(const SweepSpec& spec, const std::vector<SweepTask>& tasks, const std::string& dir) {
  SweepDir d(dir);
  std::error_code ec;
  for (const std::string& p : {dir, d.tasksDir(), d.logsDir()}) {
    fs::create_directories(p, ec);
    if (ec) throw fileError(p, "cannot create the folder: " + ec.message());
  }
  if (d.hasPlan()) {
    const auto old = d.readPlan();
    bool same = old.size() == tasks.size();
    for (size_t i = 0; same && i < tasks.size(); ++i) same = old[i].key == tasks[i].key;
    if (!same)
      throw fileError(dir,
                      "holds another sweep (its plan.json has other tasks); use another --dir, or remove "
                      "the folder to start over");
    return d;
  }
  json list = json::array();
  for (const auto& t : tasks) list.push_back({{"index", t.index}, {"key", t.key}, {"settings", t.settings}});
  writeFileAtomically(d.specPath(), spec.text);
  writeFileAtomically(d.planPath(), json{{"format", 1},
                                         {"name", spec.name},
                                         {"source", spec.path},
                                         {"spec_sha256", sha256Of(spec.text)},
                                         {"tasks", list}}
                                            .dump(1) +
                                        "\n");
  return d;
}

std::string jobFromEnvironment() {
  const char* array = std::getenv("SLURM_ARRAY_JOB_ID");
  const char* task = std::getenv("SLURM_ARRAY_TASK_ID");
  if (array && *array && task && *task) return std::string(array) + "_" + task;
  const char* job = std::getenv("SLURM_JOB_ID");
  return job && *job ? job : "";
}

}  // namespace pwb::sweep
