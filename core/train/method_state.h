#pragma once
// A trained method's state on disk, one folder:
//   method.json          {"format":"pwb-train-state","version":1,"method":..., "config":{...}, extra fields}
//   method.safetensors   the method's tensors (prompt_embeddings, encoder.*, prefix.*, head.*), F32
//   model.safetensors    the model's weights under their Hugging Face names, only for methods that
//                        train them (prompt-ft, fine-tune, joint P-tuning)
// Loading it into a freshly built method (and model) gives the same outputs as when it was saved.
#include <nlohmann/json.hpp>
#include <string>

#include "model/masked_lm.h"
#include "train/method.h"

namespace pwb::train {

// Writes the folder (created when missing). `extra` is merged into method.json (seed, step, template ...).
void saveMethodState(const std::string& dir, Method& method, model::MaskedLM& model,
                     const nlohmann::json& extra = nlohmann::json::object());

// Reads method.json and returns it after checking format and version; throws pwb::Error naming the file.
nlohmann::json readStateInfo(const std::string& dir);

// Restores the method's tensors (and the model's, when saved). The method must have been built with the
// same settings; throws pwb::Error naming the file and tensor for a method mismatch or a missing/misshaped
// tensor.
void loadMethodState(const std::string& dir, Method& method, model::MaskedLM& model);

}  // namespace pwb::train
