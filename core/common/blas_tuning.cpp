#include "common/blas_tuning.h"

#include <dlfcn.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <vector>

namespace pwb::common {
namespace {

// Kernel sets older than AVX2: the ones OpenBLAS falls back to on a CPU model it does not know.
bool isGenericCore(const std::string& name) {
  for (const char* old : {"Prescott", "Core2", "Penryn", "Dunnington", "Nehalem", "Atom", "Katmai",
                          "Coppermine", "Northwood", "Banias", "Sandybridge"})
    if (name == old) return true;
  return false;
}

// The best OpenBLAS kernel set this CPU can run, or "" when it has no AVX2.
std::string bestCoreForThisCpu() {
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
      __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512vl") &&
      __builtin_cpu_supports("avx512cd"))
    return "SkylakeX";
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return "Haswell";
#endif
  return "";
}

std::vector<std::string> ownCommandLine() {
  std::ifstream in("/proc/self/cmdline", std::ios::binary);
  const std::string all((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::vector<std::string> args;
  std::string cur;
  for (char c : all) {
    if (c == '\0') {
      args.push_back(cur);
      cur.clear();
    } else {
      cur.push_back(c);
    }
  }
  return args;
}

}  // namespace

std::string blasCoreName() {
  using CoreNameFn = char* (*)();
  auto fn = reinterpret_cast<CoreNameFn>(dlsym(RTLD_DEFAULT, "openblas_get_corename"));
  if (!fn) return "";
  const char* name = fn();
  return name ? std::string(name) : std::string();
}

void restartWithTunedBlasIfNeeded() {
  if (std::getenv("OPENBLAS_CORETYPE") || std::getenv("PWB_NO_BLAS_RESTART")) return;
  const std::string current = blasCoreName();
  if (current.empty() || !isGenericCore(current)) return;
  const std::string best = bestCoreForThisCpu();
  if (best.empty()) return;
  const std::vector<std::string> args = ownCommandLine();
  if (args.empty()) return;
  std::vector<char*> argv;
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  setenv("OPENBLAS_CORETYPE", best.c_str(), 1);
  setenv("PWB_NO_BLAS_RESTART", "1", 1);  // never loop, whatever the new process finds
  execv("/proc/self/exe", argv.data());
  // exec failed (no /proc, for instance): keep running with the slow kernels rather than not at all.
  unsetenv("OPENBLAS_CORETYPE");
}

}  // namespace pwb::common
