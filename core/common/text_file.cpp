#include "common/text_file.h"

#include <sys/stat.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "common/error.h"

namespace pwb {

bool fileExists(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

std::string joinPath(const std::string& dir, const std::string& name) {
  if (dir.empty()) return name;
  if (dir.back() == '/') return dir + name;
  return dir + "/" + name;
}

std::string readFileBytes(const std::string& path, size_t maxBytes) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) throw fileError(path, "file not found");
  if (!S_ISREG(st.st_mode)) throw fileError(path, "not a regular file");
  if (static_cast<size_t>(st.st_size) > maxBytes)
    throw fileError(path, "file is too large (" + std::to_string(st.st_size) + " bytes, limit " +
                              std::to_string(maxBytes) + ")");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw fileError(path, "cannot open file for reading");
  std::string bytes(static_cast<size_t>(st.st_size), '\0');
  in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (static_cast<size_t>(in.gcount()) != bytes.size())
    throw fileError(path, "read error (file changed while reading?)");
  return bytes;
}

nlohmann::json readJsonFile(const std::string& path, size_t maxBytes) {
  const std::string bytes = readFileBytes(path, maxBytes);
  try {
    return nlohmann::json::parse(bytes);
  } catch (const nlohmann::json::parse_error& e) {
    throw fileError(path, "invalid JSON at byte " + std::to_string(e.byte) + ": " + e.what());
  } catch (const nlohmann::json::out_of_range& e) {  // a number beyond double, e.g. 1e999
    throw fileError(path, std::string("invalid JSON: ") + e.what());
  }
}

}  // namespace pwb
