#include "sweep/slurm_state.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <sstream>

#include "common/error.h"

namespace pwb::sweep {

namespace {

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  const auto e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> parts;
  std::string part;
  std::stringstream ss(s);
  while (std::getline(ss, part, sep)) parts.push_back(part);
  if (!s.empty() && s.back() == sep) parts.emplace_back();
  return parts;
}

// End of the run of ASCII digits starting at `from` (== from when there is none).
size_t digitsEnd(const std::string& s, size_t from) {
  size_t i = from;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
  return i;
}

// A task index at s[i...]: one or more digits, at most 18 (no overflow of int64_t); advances i.
bool readIndex(const std::string& s, size_t& i, int64_t& value) {
  const size_t end = digitsEnd(s, i);
  if (end == i || end - i > 18) return false;
  value = 0;
  for (; i < end; ++i) value = value * 10 + (s[i] - '0');
  return true;
}

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  for (auto& l : split(text, '\n')) {
    l = trim(l);
    if (!l.empty()) out.push_back(l);
  }
  return out;
}

// "1234_7" / "1234_[0-3%2]" -> ("1234", "7" / "0-3%2"); false for a plain job or a step ("1234_7.batch").
bool splitArrayId(const std::string& id, std::string& job, std::string& tasks) {
  const auto us = id.find('_');
  if (us == std::string::npos || id.find('.') != std::string::npos) return false;
  job = id.substr(0, us);
  tasks = id.substr(us + 1);
  return !job.empty() && !tasks.empty();
}

void addAll(std::vector<SlurmTaskReport>& out, const std::string& job, const std::string& tasks,
            const std::string& state, const std::string& reason, const std::string& exitCode) {
  for (int64_t index : parseArrayIndices(tasks)) {
    SlurmTaskReport r;
    r.arrayJob = job;
    r.index = index;
    r.state = state;
    r.reason = reason;
    r.exitCode = exitCode;
    out.push_back(r);
  }
}

}  // namespace

TaskState slurmTaskState(const std::string& slurmState) {
  // sacct: "CANCELLED by 1000"; scontrol after a requeue: "PENDING" etc.; a trailing "+" in sacct's
  // truncated columns.
  std::string word = trim(slurmState);
  word = word.substr(0, word.find(' '));
  if (!word.empty() && word.back() == '+') word.pop_back();
  std::transform(word.begin(), word.end(), word.begin(), [](unsigned char c) { return std::toupper(c); });
  static const std::map<std::string, TaskState> states = {
      {"PENDING", TaskState::Pending},       {"PD", TaskState::Pending},
      {"CONFIGURING", TaskState::Pending},   {"CF", TaskState::Pending},
      {"REQUEUED", TaskState::Pending},      {"RQ", TaskState::Pending},
      {"REQUEUE_HOLD", TaskState::Pending},  {"RH", TaskState::Pending},
      {"REQUEUE_FED", TaskState::Pending},   {"RF", TaskState::Pending},
      {"RESV_DEL_HOLD", TaskState::Pending}, {"RD", TaskState::Pending},
      {"RUNNING", TaskState::Running},       {"R", TaskState::Running},
      {"COMPLETING", TaskState::Running},    {"CG", TaskState::Running},
      {"SUSPENDED", TaskState::Running},     {"S", TaskState::Running},
      {"STOPPED", TaskState::Running},       {"ST", TaskState::Running},
      {"STAGE_OUT", TaskState::Running},     {"SO", TaskState::Running},
      {"SIGNALING", TaskState::Running},     {"SI", TaskState::Running},
      {"RESIZING", TaskState::Running},      {"RS", TaskState::Running},
      {"COMPLETED", TaskState::Done},        {"CD", TaskState::Done},
      {"CANCELLED", TaskState::Cancelled},   {"CA", TaskState::Cancelled},
      {"REVOKED", TaskState::Cancelled},     {"RV", TaskState::Cancelled},
      {"FAILED", TaskState::Failed},         {"F", TaskState::Failed},
      {"TIMEOUT", TaskState::Failed},        {"TO", TaskState::Failed},
      {"NODE_FAIL", TaskState::Failed},      {"NF", TaskState::Failed},
      {"OUT_OF_MEMORY", TaskState::Failed},  {"OOM", TaskState::Failed},
      {"BOOT_FAIL", TaskState::Failed},      {"BF", TaskState::Failed},
      {"DEADLINE", TaskState::Failed},       {"DL", TaskState::Failed},
      {"PREEMPTED", TaskState::Failed},      {"PR", TaskState::Failed},
      {"SPECIAL_EXIT", TaskState::Failed},   {"SE", TaskState::Failed},
  };
  const auto it = states.find(word);
  return it == states.end() ? TaskState::Failed : it->second;
}

std::vector<int64_t> parseArrayIndices(const std::string& text) {
  std::string t = trim(text);
  if (!t.empty() && t.front() == '[' && t.back() == ']') t = t.substr(1, t.size() - 2);
  const auto pct = t.find('%');
  if (pct != std::string::npos) t = t.substr(0, pct);
  std::set<int64_t> out;
  for (const auto& part : split(t, ',')) {
    // FIRST[-LAST[:STEP]], read by hand: std::regex recursed once per digit (a long digit run overflowed
    // the stack) and std::stoll threw std::out_of_range past 2^63 (issue 19, fuzz_sweep_spec).
    const std::string p = trim(part);
    size_t i = 0;
    int64_t first = 0, last = 0, step = 1;
    bool ok = readIndex(p, i, first);
    last = first;
    if (ok && i < p.size() && p[i] == '-') {
      ++i;
      ok = readIndex(p, i, last);
      if (ok && i < p.size() && p[i] == ':') {
        ++i;
        ok = readIndex(p, i, step);
      }
    }
    if (!ok || i != p.size() || last < first || step < 1 || (last - first) / step > 10000000)
      throw Error("not a Slurm array task list: '" + text + "'");
    for (int64_t k = first; k <= last; k += step) out.insert(k);
  }
  return {out.begin(), out.end()};
}

std::vector<SlurmTaskReport> parseSqueue(const std::string& text, const std::string& arrayJob) {
  std::vector<SlurmTaskReport> out;
  for (const auto& line : lines(text)) {
    const auto f = split(line, '|');
    std::string job, tasks;
    if (f.size() < 2 || !splitArrayId(trim(f[0]), job, tasks) || job != arrayJob) continue;
    addAll(out, job, tasks, trim(f[1]), f.size() > 2 ? trim(f[2]) : "", "");
  }
  return out;
}

std::vector<SlurmTaskReport> parseScontrol(const std::string& text, const std::string& arrayJob) {
  std::vector<SlurmTaskReport> out;
  for (const auto& line : lines(text)) {
    std::map<std::string, std::string> fields;
    std::stringstream ss(line);
    std::string token;
    while (ss >> token) {
      const auto eq = token.find('=');
      if (eq != std::string::npos) fields.emplace(token.substr(0, eq), token.substr(eq + 1));
    }
    if (fields["ArrayJobId"] != arrayJob || fields["ArrayTaskId"].empty() || fields["JobState"].empty())
      continue;
    addAll(out, arrayJob, fields["ArrayTaskId"], fields["JobState"], fields["Reason"], fields["ExitCode"]);
  }
  return out;
}

std::vector<SlurmTaskReport> parseSacct(const std::string& text, const std::string& arrayJob) {
  std::vector<SlurmTaskReport> out;
  for (const auto& line : lines(text)) {
    const auto f = split(line, '|');
    std::string job, tasks;
    if (f.size() < 2 || !splitArrayId(trim(f[0]), job, tasks) || job != arrayJob) continue;
    addAll(out, job, tasks, trim(f[1]), "", f.size() > 2 ? trim(f[2]) : "");
  }
  return out;
}

bool sacctUnavailable(const std::string& err) {
  return err.find("accounting storage is disabled") != std::string::npos ||
         err.find("Problem talking to the database") != std::string::npos;
}

std::string parseSbatchJobId(const std::string& out) {
  // Read by hand, not with std::regex, whose matcher recurses once per character (a long line of digits
  // overflowed the stack; issue 19, fuzz_sweep_spec).
  static const std::string plain = "Submitted batch job ";
  for (size_t at = out.find(plain); at != std::string::npos; at = out.find(plain, at + 1)) {
    const size_t begin = at + plain.size();
    const size_t end = digitsEnd(out, begin);
    if (end > begin) return out.substr(begin, end - begin);
  }
  // --parsable: "1234" or "1234;cluster" alone on a line.
  for (const auto& line : lines(out)) {
    const size_t end = digitsEnd(line, 0);
    if (end == 0) continue;
    size_t i = end;
    if (i < line.size() && line[i] == ';')
      while (i < line.size() && !std::isspace(static_cast<unsigned char>(line[i]))) ++i;
    if (i == line.size()) return line.substr(0, end);
  }
  throw Error("sbatch printed no job id: '" + trim(out) + "'");
}

}  // namespace pwb::sweep
