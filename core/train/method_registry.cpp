#include "train/method_registry.h"

#include "common/error.h"
#include "train/method.h"
#include "train/methods/fine_tune/fine_tune.h"
#include "train/methods/p_tuning/p_tuning.h"
#include "train/methods/p_tuning_v2/p_tuning_v2.h"
#include "train/methods/prompt_ft/prompt_ft.h"
#include "train/methods/prompt_tuning/prompt_tuning.h"

namespace pwb::train {

const std::vector<MethodDescription>& methodRegistry() {
  static const std::vector<MethodDescription> registry = {
      {"prompt-ft", "Prompt-based fine-tuning (PET / LM-BFF)", "", &methods::makePromptFt},
      {"prompt-tuning", "Prompt Tuning (Lester et al.)", "soft", &methods::makePromptTuning},
      {"p-tuning", "P-tuning (prompt encoder)", "pseudo", &methods::makePTuning},
      {"p-tuning-v2", "P-tuning v2 (deep prefixes)", "", &methods::makePTuningV2},
      {"fine-tune", "Fine-tuning ([CLS] head)", "", &methods::makeFineTune},
  };
  return registry;
}

std::vector<std::string> methodNames() {
  std::vector<std::string> names;
  for (const auto& m : methodRegistry()) names.push_back(m.name);
  return names;
}

const MethodDescription& findMethod(const std::string& name) {
  for (const auto& m : methodRegistry()) {
    if (m.name == name) return m;
  }
  std::string known;
  for (const auto& m : methodRegistry()) known += (known.empty() ? "" : ", ") + m.name;
  throw Error("unknown training method '" + name + "' (known: " + known + ")");
}

}  // namespace pwb::train
