#pragma once
// The list of training methods. Adding a method = one folder under methods/ and one line in
// method_registry.cpp. Torch-free: the GUI lists the methods from here.
#include <memory>
#include <string>
#include <vector>

namespace pwb::train {

class Method;
struct MethodContext;

struct MethodDescription {
  std::string name;   // CLI / request name, e.g. "prompt-ft"
  std::string title;  // for tables and the GUI, e.g. "Prompt-based fine-tuning (PET / LM-BFF)"
  // Which template slots carry the method's trainable vectors: "soft" ([SOFT]), "pseudo" ([P]) or "" (none;
  // a template with slots is then refused).
  std::string slotKind;
  std::unique_ptr<Method> (*create)(const MethodContext&);
};

const std::vector<MethodDescription>& methodRegistry();
std::vector<std::string> methodNames();
// Throws pwb::Error listing the known names when `name` is unknown.
const MethodDescription& findMethod(const std::string& name);

}  // namespace pwb::train
