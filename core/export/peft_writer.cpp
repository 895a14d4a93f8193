#include "export/peft_writer.h"

#include <filesystem>
#include <fstream>

#include "common/error.h"
#include "common/text_file.h"
#include "train/safetensors_writer.h"

namespace pwb::exporting {

void writePeftAdapter(const std::string& dir, const PeftAdapter& adapter) {
  const std::string configPath = joinPath(dir, kPeftConfigFile);
  const std::string weightsPath = joinPath(dir, kPeftWeightsFile);
  if (!adapter.promptEmbeddings.defined()) throw fileError(weightsPath, "no prompt_embeddings to write");
  checkPromptEmbeddingsShape(adapter.config, adapter.promptEmbeddings.sizes().vec(), weightsPath);
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) throw fileError(dir, "cannot create the folder: " + ec.message());
  if (!adapter.encoderTensors.empty() && adapter.config.type != PeftType::PTuning)
    throw fileError(weightsPath, "only a P_TUNING adapter carries a prompt encoder");
  // PEFT saves through safetensors' save_file with metadata {"format": "pt"}.
  std::vector<std::pair<std::string, torch::Tensor>> tensors = {
      {"prompt_embeddings", adapter.promptEmbeddings}};
  tensors.insert(tensors.end(), adapter.encoderTensors.begin(), adapter.encoderTensors.end());
  train::writeSafetensors(weightsPath, tensors, {{"format", "pt"}});
  std::ofstream out(configPath, std::ios::trunc);
  out << peftConfigJson(adapter.config).dump(2);  // PEFT: json.dumps(indent=2, sort_keys=True), no newline
  out.flush();
  if (!out) throw fileError(configPath, "writing failed");
}

}  // namespace pwb::exporting
