#include "model/model_info.h"

#include <nlohmann/json.hpp>

#include "common/error.h"
#include "common/text_file.h"
#include "model/checkpoint.h"

namespace pwb::model {

ModelInfo inspectModel(const std::string& dir) {
  ModelInfo info;
  info.dir = dir;
  const std::string configPath = joinPath(dir, "config.json");
  if (!fileExists(configPath))
    throw fileError(dir,
                    "not a model folder: config.json is missing (expected a Hugging Face BERT/RoBERTa "
                    "masked-LM folder)");
  info.config = ModelConfig::fromFile(configPath);
  {
    const nlohmann::json j = readJsonFile(configPath, size_t(16) << 20);
    auto a = j.find("architectures");
    if (a != j.end() && a->is_array() && !a->empty() && a->front().is_string())
      info.architecture = a->front().get<std::string>();
  }
  const auto cp = Checkpoint::open(dir, info.config);
  for (const auto& f : cp->files().files) info.weightFiles.push_back(f.substr(f.find_last_of('/') + 1));
  info.sharded = cp->files().sharded;
  info.storedDtype = cp->storedDtype();
  info.parameterCount = cp->parameterCount();
  info.weightBytes = cp->storedBytes();
  for (const auto& n : cp->ignored())
    info.warnings.push_back("ignored tensor '" + n + "' (not used by a masked LM)");

  if (fileExists(joinPath(dir, "tokenizer.json"))) {
    info.tokenizerKind = "tokenizer.json";
  } else if (fileExists(joinPath(dir, "vocab.txt"))) {
    info.tokenizerKind = "vocab.txt";
  } else if (fileExists(joinPath(dir, "vocab.json"))) {
    if (!fileExists(joinPath(dir, "merges.txt")))
      throw fileError(joinPath(dir, "merges.txt"),
                      "tokenizer file missing: vocab.json is present but merges.txt "
                      "is not (a byte-level BPE tokenizer needs both)");
    info.tokenizerKind = "vocab.json+merges.txt";
  } else {
    throw fileError(dir,
                    "tokenizer file missing: expected tokenizer.json, vocab.txt (WordPiece) or "
                    "vocab.json + merges.txt (BPE)");
  }
  return info;
}

}  // namespace pwb::model
