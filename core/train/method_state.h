#pragma once
// A trained method's state on disk, one folder:
//   method.json          {"format":"pwb-train-state","version":1,"method":..., "config":{...}, extra fields}
//   method.safetensors   the method's tensors (prompt_embeddings, encoder.*, prefix.*, head.*), F32
//   model.safetensors    the model's weights under their Hugging Face names, only for methods that
//                        train them (prompt-ft, fine-tune, joint P-tuning)
// Loading it into a freshly built method (and model) gives the same outputs as when it was saved.
//
// loadMethodState also reads core/export's resumable bundle (export/bundle.h): prompt.json
// {"format":"pwb-prompt-bundle","version":1,"method","method_config","trains_model","model":{config_hash}..}
// with prompt.safetensors (a byte copy of method.safetensors) [+ model.safetensors]. The layout is read
// here rather than through pwb_export, which links pwb_train; tests/core/train resumes from bundles that
// core/export wrote, so the two cannot drift apart unnoticed.
//
// What resuming restores: from a bundle, or from the state a finished run saved, the trained tensors only:
// neither holds the optimizer's state (AdamW's first and second moments), the step counter / learning-rate
// schedule position or the batch-order and dropout generators, so a resumed run starts a fresh AdamW and
// schedule from step 1 at the saved weights (a warm start). A run stopped part-way (stopAfterStep) saves
// its trainer state beside the weights (trainer_state.h: trainer.json + trainer.safetensors), and resuming
// from that folder restores everything: the run continues as if it had never stopped (bit for bit on the
// CPU). LoadedState::notices says which, for the log. saveMethodState removes a folder's trainer files.
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "model/masked_lm.h"
#include "train/method.h"

namespace pwb::train {

// Writes the folder (created when missing). `extra` is merged into method.json (seed, step, template ...).
void saveMethodState(const std::string& dir, Method& method, model::MaskedLM& model,
                     const nlohmann::json& extra = nlohmann::json::object());

// Reads method.json and returns it after checking format and version; throws pwb::Error naming the file.
nlohmann::json readStateInfo(const std::string& dir);

// What loadMethodState read.
struct LoadedState {
  std::string kind;  // "state" (method.json) or "bundle" (prompt.json)
  std::string infoPath;
  nlohmann::json info;               // method.json, or prompt.json
  std::string templateText;          // what it was trained with ("" when not recorded)
  std::string verbalizer;            // idem
  std::vector<std::string> notices;  // what resuming does not restore, for the log
};

bool isBundleFolder(const std::string& dir);  // holds prompt.json

// Restores the method's tensors (and the model's, when saved) from a training state folder or a bundle
// folder. The method must have been built with the same settings; throws pwb::Error naming the file and
// tensor for a method mismatch, a bundle made for another model (config.json hash), or a missing/misshaped
// tensor (with the saved and the current method settings when they differ).
LoadedState loadMethodState(const std::string& dir, Method& method, model::MaskedLM& model);

}  // namespace pwb::train
