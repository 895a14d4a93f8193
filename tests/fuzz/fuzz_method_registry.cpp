// The training-method registry for fuzz targets that check method names (the sweep file parser) without
// linking LibTorch: core/train/method_registry.cpp includes every method's torch code for its factory
// pointers. The names are read from that very source file at start-up (its `{"name", "title", ...}` rows),
// so the fuzzer accepts exactly the methods the real registry lists; `create` is null here and never
// called (parsing only looks names up).
#include <fstream>
#include <regex>
#include <sstream>
#include <stdexcept>

#include "common/error.h"
#include "train/method_registry.h"

namespace pwb::train {

const std::vector<MethodDescription>& methodRegistry() {
  static const std::vector<MethodDescription> registry = [] {
    const std::string path = std::string(PWB_SOURCE_DIR) + "/core/train/method_registry.cpp";
    std::ifstream in(path);
    std::stringstream ss;
    ss << in.rdbuf();
    const std::string text = ss.str();
    std::vector<MethodDescription> out;
    static const std::regex row(R"re(\{"([a-z0-9-]+)", "([^"]*)", "([a-z]*)", &methods::)re");
    for (std::sregex_iterator it(text.begin(), text.end(), row), end; it != end; ++it)
      out.push_back({(*it)[1].str(), (*it)[2].str(), (*it)[3].str(), nullptr});
    if (out.empty()) throw std::runtime_error("no method rows found in " + path);
    return out;
  }();
  return registry;
}

std::vector<std::string> methodNames() {
  std::vector<std::string> names;
  for (const auto& m : methodRegistry()) names.push_back(m.name);
  return names;
}

const MethodDescription& findMethod(const std::string& name) {
  for (const auto& m : methodRegistry())
    if (m.name == name) return m;
  throw Error("unknown training method '" + name + "'");
}

}  // namespace pwb::train
