#include "fuzz_support.h"

#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <stdexcept>

namespace pwb::fuzz {
namespace {

std::string makeScratchDir() {
  const char* tmp = std::getenv("TMPDIR");
  std::string base = tmp && *tmp ? tmp : "/tmp";
  struct stat st {};
  if (!tmp && ::stat("/dev/shm", &st) == 0 && S_ISDIR(st.st_mode)) base = "/dev/shm";
  std::string templ = base + "/pwb-fuzz-XXXXXX";
  if (!::mkdtemp(templ.data())) throw std::runtime_error("cannot create a scratch folder in " + base);
  return templ;
}

struct Scratch {
  std::string dir = makeScratchDir();
  ~Scratch() {
    // The targets write plain files only, directly in the folder.
    if (DIR* d = ::opendir(dir.c_str())) {
      while (const dirent* e = ::readdir(d))
        if (e->d_name[0] != '.') std::remove((dir + "/" + e->d_name).c_str());
      ::closedir(d);
    }
    ::rmdir(dir.c_str());
  }
};

Scratch& scratch() {
  static Scratch s;
  return s;
}

}  // namespace

const std::string& scratchDir() {
  return scratch().dir;
}

std::string writeScratch(const std::string& name, const uint8_t* data, size_t size) {
  const std::string path = scratchDir() + "/" + name;
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) throw std::runtime_error("cannot write " + path);
  if (size && std::fwrite(data, 1, size, f) != size) {
    std::fclose(f);
    throw std::runtime_error("short write to " + path);
  }
  std::fclose(f);
  return path;
}

std::string writeScratch(const std::string& name, const std::string& bytes) {
  return writeScratch(name, reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
}

void removeScratch(const std::string& name) {
  std::remove((scratchDir() + "/" + name).c_str());
}

}  // namespace pwb::fuzz
