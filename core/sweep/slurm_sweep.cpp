#include "sweep/slurm_sweep.h"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "common/error.h"
#include "sweep/slurm_state.h"

namespace pwb::sweep {

namespace {

double now() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

std::string slurmDir(const SweepDir& dir) {
  return dir.dir() + "/slurm";
}

void makeDir(const std::string& path) {
  if (mkdir(path.c_str(), 0777) != 0 && errno != EEXIST) throw Error("cannot create the folder " + path);
}

// The job does not exist (any more): squeue and scontrol say "Invalid job id specified".
bool unknownJob(const CommandResult& r) {
  return r.err.find("Invalid job id") != std::string::npos;
}

std::string detailOf(const SlurmTaskReport& r) {
  std::string d = r.state;
  if (!r.reason.empty() && r.reason != "None" && r.reason != "(null)") d += " (" + r.reason + ")";
  if (!r.exitCode.empty() && r.exitCode != "0:0") d += " exit " + r.exitCode;
  return d;
}

std::vector<int64_t> indicesFromJson(const nlohmann::json& j, const std::string& file) {
  if (!j.is_array()) throw keyError(file, "indices", "must be a list of task indices");
  std::vector<int64_t> out;
  for (const auto& v : j) {
    if (!v.is_number_integer() || v.get<int64_t>() < 0)
      throw keyError(file, "indices", "must hold task indices");
    out.push_back(v.get<int64_t>());
  }
  return out;
}

}  // namespace

SlurmRunner defaultSlurmRunner(int timeoutSeconds) {
  return [timeoutSeconds](const std::vector<std::string>& argv) { return runCommand(argv, timeoutSeconds); };
}

const SlurmSubmission* SlurmRecord::latestFor(int64_t index) const {
  for (auto it = submissions.rbegin(); it != submissions.rend(); ++it)
    if (std::find(it->indices.begin(), it->indices.end(), index) != it->indices.end()) return &*it;
  return nullptr;
}

bool SlurmRecord::cancelledAfterSubmission(int64_t index) const {
  const SlurmSubmission* s = latestFor(index);
  if (!s) return false;
  for (const auto& c : cancellations)
    if (c.time >= s->time && std::find(c.indices.begin(), c.indices.end(), index) != c.indices.end())
      return true;
  return false;
}

std::string slurmRecordPath(const SweepDir& dir) {
  return slurmDir(dir) + "/submissions.json";
}

SlurmRecord readSlurmRecord(const SweepDir& dir) {
  const std::string path = slurmRecordPath(dir);
  SlurmRecord record;
  std::ifstream in(path);
  if (!in) return record;
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(in);
  } catch (const nlohmann::json::exception& e) {
    throw fileError(path, std::string("not valid JSON: ") + e.what());
  }
  if (!j.is_object() || j.value("format", 0) != 1) throw keyError(path, "format", "must be 1");
  try {
    for (const auto& s : j.at("submissions")) {
      SlurmSubmission sub;
      sub.job = s.at("job").get<std::string>();
      sub.indices = indicesFromJson(s.at("indices"), path);
      sub.time = s.at("time").get<double>();
      sub.script = s.value("script", "");
      sub.array = s.value("array", "");
      record.submissions.push_back(sub);
    }
    for (const auto& c : j.value("cancellations", nlohmann::json::array())) {
      SlurmCancellation can;
      can.job = c.at("job").get<std::string>();
      can.indices = indicesFromJson(c.at("indices"), path);
      can.time = c.at("time").get<double>();
      record.cancellations.push_back(can);
    }
  } catch (const nlohmann::json::exception& e) {
    throw fileError(path, std::string("damaged submission record: ") + e.what());
  }
  return record;
}

void writeSlurmRecord(const SweepDir& dir, const SlurmRecord& record) {
  nlohmann::json j = {
      {"format", 1}, {"submissions", nlohmann::json::array()}, {"cancellations", nlohmann::json::array()}};
  for (const auto& s : record.submissions)
    j["submissions"].push_back(
        {{"job", s.job}, {"indices", s.indices}, {"time", s.time}, {"script", s.script}, {"array", s.array}});
  for (const auto& c : record.cancellations)
    j["cancellations"].push_back({{"job", c.job}, {"indices", c.indices}, {"time", c.time}});
  makeDir(slurmDir(dir));
  writeFileAtomically(slurmRecordPath(dir), j.dump(2) + "\n");
}

bool slurmAvailable(std::string* why) {
  if (!findOnPath("sbatch").empty()) return true;
  if (why)
    *why =
        "sbatch is not installed or not on PATH, so the sweep cannot be submitted to Slurm here; "
        "`pwb sweep run` runs it on this machine";
  return false;
}

SlurmSubmission submitToSlurm(const SweepDir& dir, const std::vector<int64_t>& indices,
                              const SlurmOptions& options, const std::string& program,
                              const SlurmRunner& run) {
  const std::string script = slurmBatchScript(options, dir.dir(), program, indices);
  makeDir(slurmDir(dir));
  makeDir(dir.logsDir());
  const std::string pending = slurmDir(dir) + "/pending.sbatch";
  writeFileAtomically(pending, script);
  const CommandResult r = run({"sbatch", "--parsable", pending});
  if (!r.ok()) {
    std::remove(pending.c_str());
    std::string why;
    if (r.notFound)
      slurmAvailable(&why);
    else
      why = r.describeFailure("sbatch");
    throw Error(why);
  }
  SlurmSubmission sub;
  sub.job = parseSbatchJobId(r.out);
  sub.indices = indices;
  std::sort(sub.indices.begin(), sub.indices.end());
  sub.time = now();
  sub.array = arraySpec(indices, options.maxParallel);
  sub.script = "slurm/" + sub.job + ".sbatch";
  // sbatch copied the script; keep it under the job's name for the user.
  std::rename(pending.c_str(), (dir.dir() + "/" + sub.script).c_str());
  SlurmRecord record = readSlurmRecord(dir);
  record.submissions.push_back(sub);
  writeSlurmRecord(dir, record);
  return sub;
}

std::vector<int64_t> tasksToSubmit(const std::vector<TaskStatus>& statuses) {
  std::vector<int64_t> out;
  for (const auto& s : statuses)
    // A pending task with a job is queued in Slurm already.
    if (s.state == TaskState::Pending && s.job.empty()) out.push_back(s.index);
  return out;
}

std::vector<int64_t> tasksToResubmit(const std::vector<TaskStatus>& statuses) {
  std::vector<int64_t> out;
  for (const auto& s : statuses)
    if (s.state == TaskState::Failed || s.state == TaskState::Cancelled) out.push_back(s.index);
  return out;
}

SchedulerStates slurmSchedulerStates(const SweepDir& dir, const SlurmRunner& run,
                                     std::vector<std::string>* warnings) {
  const SlurmRecord record = readSlurmRecord(dir);
  // Array job -> the tasks whose latest submission it is.
  std::map<std::string, std::set<int64_t>> byJob;
  std::set<int64_t> seen;
  for (auto it = record.submissions.rbegin(); it != record.submissions.rend(); ++it)
    for (int64_t i : it->indices)
      if (seen.insert(i).second) byJob[it->job].insert(i);

  SchedulerStates states;
  auto warn = [&](const std::string& w) {
    if (warnings) warnings->push_back(w);
  };
  // Output Slurm printed that cannot be read (another version's format) is a warning, not a failed status.
  auto take = [&](const char* program, auto parse, std::set<int64_t>& missing) {
    std::vector<SlurmTaskReport> reports;
    try {
      reports = parse();
    } catch (const Error& e) {
      warn(std::string(program) + " output not understood: " + e.message());
      return;
    }
    for (const auto& r : reports) {
      if (!missing.count(r.index)) continue;
      states[r.index] = {slurmTaskState(r.state), r.job(), detailOf(r)};
      missing.erase(r.index);
    }
  };
  for (const auto& entry : byJob) {
    const std::string& job = entry.first;  // a plain variable: C++17 lambdas cannot capture bindings
    const std::set<int64_t>& indices = entry.second;
    std::set<int64_t> missing = indices;
    bool answered = true;  // every query either answered or said the job is unknown
    // 1. squeue: the tasks Slurm still holds (pending, running, completing).
    CommandResult q = run({"squeue", "-h", "-r", "-j", job, "-o", "%i|%T|%r"});
    if (q.ok())
      take(
          "squeue", [&] { return parseSqueue(q.out, job); }, missing);
    else if (!unknownJob(q)) {
      answered = false;
      warn(q.describeFailure("squeue"));
    }
    // 2. scontrol: finished tasks the controller still remembers (MinJobAge).
    if (!missing.empty()) {
      CommandResult c = run({"scontrol", "-o", "show", "job", job});
      if (c.ok())
        take(
            "scontrol", [&] { return parseScontrol(c.out, job); }, missing);
      else if (!unknownJob(c)) {
        answered = false;
        warn(c.describeFailure("scontrol"));
      }
    }
    // 3. sacct, where the cluster keeps accounting.
    if (!missing.empty()) {
      CommandResult a = run({"sacct", "-n", "-P", "-X", "-j", job, "-o", "JobID,State,ExitCode"});
      if (a.ok())
        take(
            "sacct", [&] { return parseSacct(a.out, job); }, missing);
      else if (!a.notFound && !sacctUnavailable(a.err + a.out))
        warn(a.describeFailure("sacct"));
    }
    // 4. Slurm has forgotten these tasks. Their exit marker, when they wrote one, decides (sweepStatus);
    // this state only counts for a task that ended without one: killed before it started (a pending task
    // cancelled), or killed hard.
    if (!answered) continue;
    for (int64_t i : missing) {
      const std::string jobTask = job + "_" + std::to_string(i);
      if (record.cancelledAfterSubmission(i))
        states[i] = {TaskState::Cancelled, jobTask,
                     "cancelled with pwb sweep cancel; Slurm no longer lists it"};
      else
        states[i] = {TaskState::Failed, jobTask, "Slurm no longer lists the task and it left no exit marker"};
    }
  }
  return states;
}

SchedulerStates slurmStatesIfSubmitted(const SweepDir& dir, std::vector<std::string>* warnings) {
  if (readSlurmRecord(dir).submissions.empty()) return {};
  if (findOnPath("squeue").empty()) {
    if (warnings)
      warnings->push_back("squeue is not installed here: task states come from the tasks' own files");
    return {};
  }
  return slurmSchedulerStates(dir, defaultSlurmRunner(), warnings);
}

void addSlurmStateProvider(std::function<void(const std::string&)> onWarning) {
  addSchedulerStateProvider([onWarning](const SweepDir& dir) {
    std::vector<std::string> warnings;
    SchedulerStates states = slurmStatesIfSubmitted(dir, &warnings);
    if (onWarning)
      for (const auto& w : warnings) onWarning(w);
    return states;
  });
}

std::vector<std::string> cancelSlurmTasks(const SweepDir& dir, const std::vector<int64_t>& indices,
                                          const SlurmRunner& run) {
  SlurmRecord record = readSlurmRecord(dir);
  std::vector<int64_t> targets = indices;
  if (targets.empty()) {
    const auto statuses = sweepStatus(dir, slurmSchedulerStates(dir, run));
    for (const auto& s : statuses)
      if ((s.state == TaskState::Pending || s.state == TaskState::Running) && record.latestFor(s.index))
        targets.push_back(s.index);
  }
  std::vector<std::string> ids;
  std::vector<int64_t> cancelled;
  for (int64_t i : targets) {
    const SlurmSubmission* s = record.latestFor(i);
    if (!s) throw Error("task " + std::to_string(i) + " was never submitted to Slurm");
    ids.push_back(s->job + "_" + std::to_string(i));
    cancelled.push_back(i);
  }
  if (ids.empty()) return ids;
  std::vector<std::string> argv = {"scancel"};
  argv.insert(argv.end(), ids.begin(), ids.end());
  const CommandResult r = run(argv);
  if (!r.ok()) throw Error(r.describeFailure("scancel"));
  SlurmCancellation c;
  c.job = ids.size() == 1 ? ids.front() : record.latestFor(cancelled.front())->job;
  c.indices = cancelled;
  c.time = now();
  record.cancellations.push_back(c);
  writeSlurmRecord(dir, record);
  return ids;
}

}  // namespace pwb::sweep
