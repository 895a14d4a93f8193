#include "store/process_info.h"

#include <signal.h>
#include <unistd.h>

#include <cerrno>

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

}  // namespace pwb::store
