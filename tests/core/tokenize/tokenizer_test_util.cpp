#include "tokenizer_test_util.h"

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace tokenizer_test {

std::string shared(const std::string& rel) {
  return std::string(PWB_REFERENCE_DIR) + "/" + rel;
}

nlohmann::json loadJson(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot open " + path);
  return nlohmann::json::parse(in);
}

void copyFiles(const std::string& src, const std::string& dst, const std::vector<std::string>& names) {
  for (const auto& n : names) {
    std::ifstream in(src + "/" + n, std::ios::binary);
    if (!in) throw std::runtime_error("cannot open " + src + "/" + n);
    std::ofstream out(dst + "/" + n, std::ios::binary);
    out << in.rdbuf();
  }
}

void writeFile(const std::string& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary);
  out << content;
}

std::string describe(const std::vector<int64_t>& v) {
  std::ostringstream s;
  for (size_t i = 0; i < v.size(); ++i) s << (i ? "," : "") << v[i];
  return s.str();
}

std::string describe(const std::vector<std::pair<int, int>>& v) {
  std::ostringstream s;
  for (size_t i = 0; i < v.size(); ++i) s << (i ? " " : "") << "(" << v[i].first << "," << v[i].second << ")";
  return s.str();
}

}  // namespace tokenizer_test
