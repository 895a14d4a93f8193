// pwb prompt inspect: what a trained prompt folder (bundle or PEFT adapter) holds, and the vocabulary
// tokens nearest (cosine) to each soft vector.
#include <iostream>

#include "cli_args.h"
#include "command_registry.h"
#include "common/error.h"
#include "common/paths.h"
#include "export/prompt_inspect.h"

namespace {

const char* kUsage = R"(Usage:
  pwb prompt inspect DIR [--model DIR] [--nearest N]

Shows a trained prompt folder — a Prompt Workbench bundle (prompt.json) or a PEFT adapter
(adapter_config.json) — checked against the model: method, template, verbalizer, tensors, and for each
input vector its norm and the N vocabulary tokens nearest by cosine similarity (special tokens excluded).
Prefix vectors (P-tuning v2, prefix tuning) are keys/values, not embeddings: no neighbours for them.

  --model DIR   base model (default: the one the bundle / exported adapter records, else the bundled
                demo-bert-mini)
  --nearest N   nearest tokens per vector (default 5)
)";

int runPrompt(const std::vector<std::string>& argv) {
  // --k was this option's first name; k means K-shot everywhere else.
  const pwb::cli::Args a(argv, {"model", "nearest"}, {}, {{"k", "nearest"}});
  if (a.help()) {
    std::cout << kUsage;
    return 0;
  }
  const auto& pos = a.positionals();
  if (pos.size() != 2 || pos[0] != "inspect")
    throw pwb::cli::UsageError("expected `pwb prompt inspect DIR` (see --help)");
  const std::string dir = pos[1];
  std::string model = a.get("model");
  if (model.empty()) model = pwb::exporting::recordedModelDir(dir);
  if (model.empty()) model = pwb::demoModelDir();
  std::cout << pwb::exporting::inspectionReport(
      pwb::exporting::inspectPrompt(dir, model, a.getInt("nearest", 5)));
  return 0;
}

pwb::cli::CommandRegistrar reg{
    {"prompt", "inspect a trained prompt folder (nearest tokens of soft vectors)", kUsage, runPrompt}};

}  // namespace
