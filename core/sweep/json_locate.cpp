#include "sweep/json_locate.h"

#include <string>

namespace pwb::sweep {
namespace {

// A scanner over text that nlohmann-json has already accepted, so it only needs to find boundaries.
class Scanner {
 public:
  explicit Scanner(const std::string& text) : t_(text) {}

  size_t find(const std::vector<std::string>& path, size_t depth) {
    ws();
    const size_t here = p_;
    if (depth == path.size() || p_ >= t_.size()) return here;
    if (t_[p_] == '{') {
      ++p_;
      while (true) {
        ws();
        if (p_ >= t_.size() || t_[p_] == '}') return here;
        const size_t keyPos = p_;
        const std::string key = readString();
        ws();
        ++p_;  // ':'
        if (key == path[depth]) return depth + 1 == path.size() ? keyPos : find(path, depth + 1);
        skipValue();
        ws();
        if (p_ < t_.size() && t_[p_] == ',') ++p_;
      }
    }
    if (t_[p_] == '[') {
      ++p_;
      const std::string& want = path[depth];
      for (size_t i = 0;; ++i) {
        ws();
        if (p_ >= t_.size() || t_[p_] == ']') return here;
        if (std::to_string(i) == want) return depth + 1 == path.size() ? p_ : find(path, depth + 1);
        skipValue();
        ws();
        if (p_ < t_.size() && t_[p_] == ',') ++p_;
      }
    }
    return here;
  }

 private:
  void ws() {
    while (p_ < t_.size() && (t_[p_] == ' ' || t_[p_] == '\t' || t_[p_] == '\n' || t_[p_] == '\r')) ++p_;
  }

  // The key as written; escapes are kept except \" and \\ (keys of a sweep file are plain words).
  std::string readString() {
    std::string out;
    ++p_;  // opening quote
    while (p_ < t_.size() && t_[p_] != '"') {
      if (t_[p_] == '\\' && p_ + 1 < t_.size()) {
        const char c = t_[p_ + 1];
        out += (c == '"' || c == '\\' || c == '/') ? c : '\\';
        if (c != '"' && c != '\\' && c != '/') out += c;
        p_ += 2;
      } else {
        out += t_[p_++];
      }
    }
    ++p_;  // closing quote
    return out;
  }

  void skipValue() {
    ws();
    if (p_ >= t_.size()) return;
    const char c = t_[p_];
    if (c == '"') {
      readString();
    } else if (c == '{' || c == '[') {
      int depth = 0;
      while (p_ < t_.size()) {
        const char d = t_[p_];
        if (d == '"') {
          readString();
          continue;
        }
        if (d == '{' || d == '[') ++depth;
        if (d == '}' || d == ']') --depth;
        ++p_;
        if (depth == 0) return;
      }
    } else {
      while (p_ < t_.size() && t_[p_] != ',' && t_[p_] != '}' && t_[p_] != ']' && t_[p_] != ' ' &&
             t_[p_] != '\n' && t_[p_] != '\r' && t_[p_] != '\t')
        ++p_;
    }
  }

  const std::string& t_;
  size_t p_ = 0;
};

}  // namespace

TextPosition positionOfOffset(const std::string& text, size_t offset) {
  TextPosition pos;
  for (size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++pos.line;
      pos.column = 1;
    } else {
      ++pos.column;
    }
  }
  return pos;
}

size_t locateJsonPath(const std::string& text, const std::vector<std::string>& path) {
  Scanner s(text);
  return s.find(path, 0);
}

}  // namespace pwb::sweep
