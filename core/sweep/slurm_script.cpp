#include "sweep/slurm_script.h"

#include <algorithm>
#include <regex>
#include <sstream>

#include "common/error.h"

namespace pwb::sweep {

namespace {

void checkLine(const std::string& option, const std::string& value) {
  if (value.find_first_of("\n\r") != std::string::npos)
    throw Error("--" + option + ": the value must be one line, got '" + value + "'");
}

void checkPattern(const std::string& option, const std::string& value, const std::regex& pattern,
                  const std::string& expected) {
  checkLine(option, value);
  if (!value.empty() && !std::regex_match(value, pattern))
    throw Error("--" + option + ": '" + value + "' is not " + expected);
}

}  // namespace

void checkSlurmOptions(const SlurmOptions& o) {
  const std::regex word(R"([A-Za-z0-9_.,:+@=-]+)");
  checkPattern("partition", o.partition, word, "a partition name (letters, digits, _ . , - :)");
  checkPattern("account", o.account, word, "an account name");
  checkPattern(
      "time", o.time,
      std::regex(R"(\d+|\d+:\d{1,2}|\d+:\d{1,2}:\d{1,2}|\d+-\d+|\d+-\d+:\d{1,2}|\d+-\d+:\d{1,2}:\d{1,2})"),
      "a Slurm time (MM, MM:SS, HH:MM:SS, D-HH, D-HH:MM or D-HH:MM:SS)");
  checkPattern("gres", o.gres,
               std::regex(R"([A-Za-z0-9_]+(:[A-Za-z0-9_.-]+)*(,[A-Za-z0-9_]+(:[A-Za-z0-9_.-]+)*)*)"),
               "a generic resource list like gpu:1 or gpu:a100:2");
  checkPattern("mem", o.mem, std::regex(R"(\d+[KMGT]?)"), "a memory size like 16G, 4000M or 8000 (MB)");
  checkPattern("job-name", o.jobName, std::regex(R"([A-Za-z0-9_.+-]+)"),
               "a job name (letters, digits, _ . + -)");
  if (o.cpusPerTask < 0) throw Error("--cpus-per-task: must be at least 1");
  if (o.maxParallel < 0) throw Error("--max-parallel: must be at least 1");
  for (const auto& line : o.extraLines) {
    checkLine("sbatch-line", line);
    std::string rest = line;
    if (rest.rfind("#SBATCH", 0) == 0) rest = rest.substr(7);
    rest.erase(0, rest.find_first_not_of(" \t"));
    if (rest.rfind("-", 0) != 0)
      throw Error("--sbatch-line: '" + line +
                  "' is not an sbatch option (write --name=value or #SBATCH --name=value)");
  }
}

std::string arraySpec(std::vector<int64_t> indices, int maxParallel) {
  if (indices.empty()) throw Error("no task to submit");
  std::sort(indices.begin(), indices.end());
  indices.erase(std::unique(indices.begin(), indices.end()), indices.end());
  if (indices.front() < 0) throw Error("task index " + std::to_string(indices.front()) + " is negative");
  std::ostringstream os;
  for (size_t i = 0; i < indices.size();) {
    size_t j = i;
    while (j + 1 < indices.size() && indices[j + 1] == indices[j] + 1) ++j;
    if (i > 0) os << ',';
    os << indices[i];
    if (j > i) os << '-' << indices[j];
    i = j + 1;
  }
  if (maxParallel > 0) os << '%' << maxParallel;
  return os.str();
}

std::string shellQuote(const std::string& text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'')
      out += "'\\''";
    else
      out += c;
  }
  return out + "'";
}

std::string slurmBatchScript(const SlurmOptions& o, const std::string& sweepDir, const std::string& program,
                             const std::vector<int64_t>& indices) {
  checkSlurmOptions(o);
  if (sweepDir.empty() || sweepDir.front() != '/')
    throw Error("the sweep folder must be an absolute path: " + sweepDir);
  if (program.empty() || program.front() != '/')
    throw Error("the pwb program must be an absolute path: " + program);
  // sbatch reads #SBATCH values up to the end of the line and does not unquote them, so a folder with a
  // newline could not be written; spaces are fine.
  checkLine("dir", sweepDir);
  if (sweepDir.find('"') != std::string::npos)
    throw Error("the sweep folder must not contain '\"': " + sweepDir);
  std::ostringstream s;
  s << "#!/bin/bash\n";
  s << "#SBATCH --job-name=" << (o.jobName.empty() ? "pwb-sweep" : o.jobName) << "\n";
  s << "#SBATCH --array=" << arraySpec(indices, o.maxParallel) << "\n";
  // sbatch splits #SBATCH lines at blanks outside double quotes.
  const std::string q = sweepDir.find_first_of(" \t") == std::string::npos ? "" : "\"";
  s << "#SBATCH --output=" << q << sweepDir << "/logs/slurm-%A_%a.out" << q << "\n";
  s << "#SBATCH --error=" << q << sweepDir << "/logs/slurm-%A_%a.err" << q << "\n";
  if (!o.partition.empty()) s << "#SBATCH --partition=" << o.partition << "\n";
  if (!o.account.empty()) s << "#SBATCH --account=" << o.account << "\n";
  if (!o.time.empty()) s << "#SBATCH --time=" << o.time << "\n";
  if (!o.gres.empty()) s << "#SBATCH --gres=" << o.gres << "\n";
  if (o.cpusPerTask > 0) s << "#SBATCH --cpus-per-task=" << o.cpusPerTask << "\n";
  if (!o.mem.empty()) s << "#SBATCH --mem=" << o.mem << "\n";
  for (const auto& line : o.extraLines) {
    if (line.rfind("#SBATCH", 0) == 0)
      s << line << "\n";
    else
      s << "#SBATCH " << line << "\n";
  }
  s << "\n# One sweep task per array task, into its own run file "
    << "tasks/<index>.sqlite; the task records\n"
    << "# ${SLURM_ARRAY_JOB_ID}_${SLURM_ARRAY_TASK_ID} as the job of its run and writes "
       "tasks/<index>.exit.\n";
  s << "exec " << shellQuote(program) << " sweep task --dir " << shellQuote(sweepDir)
    << " --index \"$SLURM_ARRAY_TASK_ID\"";
  if (o.cpusPerTask > 0) s << " --threads " << o.cpusPerTask;
  s << "\n";
  return s.str();
}

}  // namespace pwb::sweep
