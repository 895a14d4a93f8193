#include "common/error.h"

namespace pwb {
namespace {

std::string describe(const std::string& message, const ErrorLocation& w) {
  std::string out;
  if (!w.file.empty()) {
    out += w.file;
    if (w.line > 0) {
      out += ":" + std::to_string(w.line);
      if (w.column > 0) out += ":" + std::to_string(w.column);
    }
    out += ": ";
  } else if (w.line > 0) {
    out += "line " + std::to_string(w.line);
    if (w.column > 0) out += ", column " + std::to_string(w.column);
    out += ": ";
  }
  if (!w.key.empty()) out += "'" + w.key + "': ";
  return out + message;
}

}  // namespace

Error::Error(const std::string& message, ErrorLocation where)
    : std::runtime_error(describe(message, where)), message_(message), where_(std::move(where)) {}

Error fileError(const std::string& file, const std::string& message) {
  return Error(message, {file, 0, 0, {}});
}

Error lineError(const std::string& file, int line, const std::string& message, int column) {
  return Error(message, {file, line, column, {}});
}

Error keyError(const std::string& file, const std::string& key, const std::string& message) {
  return Error(message, {file, 0, 0, key});
}

}  // namespace pwb
