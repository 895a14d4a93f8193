#include "store/process_info.h"

#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <fstream>
#include <sstream>

namespace pwb::store {

std::string currentHost() {
  char name[256] = {};
  if (::gethostname(name, sizeof(name) - 1) != 0) return "";
  return name;
}

int64_t currentPid() {
  return static_cast<int64_t>(::getpid());
}

bool processAlive(int64_t pid) {
  if (pid <= 0 || pid > INT32_MAX) return false;
  if (::kill(static_cast<pid_t>(pid), 0) == 0) return true;
  return errno == EPERM;  // exists, owned by someone else
}

std::optional<double> processStartedAt(int64_t pid) {
  if (pid <= 0 || pid > INT32_MAX) return std::nullopt;
  // Field 22 of /proc/<pid>/stat: start time in clock ticks after boot. The command name (field 2) is in
  // parentheses and may hold spaces or ')' itself, so fields are counted after its last ')'.
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  if (!stat || !std::getline(stat, line)) return std::nullopt;
  const auto close = line.rfind(')');
  if (close == std::string::npos) return std::nullopt;
  std::istringstream fields(line.substr(close + 1));
  std::string field;
  unsigned long long ticks = 0;
  for (int i = 3; i <= 22; ++i) {
    if (!(fields >> field)) return std::nullopt;
    if (i == 22) {
      try {
        ticks = std::stoull(field);
      } catch (const std::exception&) {
        return std::nullopt;
      }
    }
  }
  std::ifstream procStat("/proc/stat");
  std::string key;
  long long bootTime = -1;
  while (procStat >> key) {
    if (key == "btime") {
      procStat >> bootTime;
      break;
    }
    std::getline(procStat, line);
  }
  const long hz = ::sysconf(_SC_CLK_TCK);
  if (bootTime < 0 || hz <= 0) return std::nullopt;
  return static_cast<double>(bootTime) + static_cast<double>(ticks) / static_cast<double>(hz);
}

bool ownerAlive(int64_t pid, double lastSignAt) {
  if (!processAlive(pid)) return false;
  const auto started = processStartedAt(pid);
  // The boot time in /proc/stat has whole seconds and follows clock adjustments: a few seconds of slack,
  // so that only a process clearly newer than the owner's last sign counts as a reused id.
  constexpr double kSlackSeconds = 5.0;
  return !started || *started <= lastSignAt + kSlackSeconds;
}

}  // namespace pwb::store
