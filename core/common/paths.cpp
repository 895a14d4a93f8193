#include "common/paths.h"

#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>

#include "common/error.h"

namespace pwb {
namespace {

bool isDir(const std::string& p) {
  struct stat st {};
  return ::stat(p.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

std::string exeDir() {
  char buf[PATH_MAX];
  const ssize_t n = ::readlink("/proc/self/exe", buf, sizeof(buf) - 1);
  if (n <= 0) return {};
  std::string p(buf, static_cast<size_t>(n));
  return p.substr(0, p.find_last_of('/'));
}

}  // namespace

std::string resourceDir() {
  if (const char* env = std::getenv("PWB_RESOURCES"); env && isDir(env)) return env;
  const std::string installed = exeDir() + "/../share/prompt-workbench";
  if (isDir(installed + "/demo-bert-mini")) {
    // Shown to the user (model folder, project file): /usr/share/prompt-workbench, not /usr/bin/../share/...
    char resolved[PATH_MAX];
    return ::realpath(installed.c_str(), resolved) ? std::string(resolved) : installed;
  }
  if (isDir(PWB_BUILD_RESOURCES_DIR)) return PWB_BUILD_RESOURCES_DIR;
  throw Error("cannot find the program's resources (demo model and data): set PWB_RESOURCES or reinstall");
}

std::string demoModelDir() {
  return resourceDir() + "/demo-bert-mini";
}
std::string demoDataDir() {
  return resourceDir() + "/data";
}

std::string userCacheDir() {
  if (const char* env = std::getenv("PWB_CACHE_DIR"); env && *env) return env;
  if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg)
    return std::string(xdg) + "/prompt-workbench";
  if (const char* home = std::getenv("HOME"); home && *home)
    return std::string(home) + "/.cache/prompt-workbench";
  const char* tmp = std::getenv("TMPDIR");
  return std::string(tmp && *tmp ? tmp : "/tmp") + "/prompt-workbench-cache";
}

}  // namespace pwb
