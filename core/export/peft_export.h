#pragma once
// A trained prompt (bundle or training state folder) written as a Hugging Face PEFT adapter:
// adapter_config.json + adapter_model.safetensors in PEFT 0.21's layout, plus prompt_workbench.json that
// PEFT ignores: {"format": "pwb-peft-sidecar", "version": 1, method, method_config, template, verbalizer,
// labels, hyperparameters (max_length ...), placement ("template" | "peft", prompt / P-tuning only), model
// identity, notes}. With it `pwb eval --prompt` replays the run exactly (bundle_method.h). Torch-free
// header.
//   prompt-tuning -> PROMPT_TUNING (the trained vectors)
//   p-tuning      -> P_TUNING (prompt_embeddings = the prompt encoder's output vectors, what PEFT's
//                    inference uses; plus the encoder itself as prompt_encoder.default.*, see
//                    peft_adapter.h, so that it is not lost as in PEFT's own save, issue #1607)
//   p-tuning-v2   -> PREFIX_TUNING (the prefix table [P, layers*2*H], layer-major keys then values;
//                    a reparameterised prefix is exported as its computed table, prefix_projection false)
// PEFT prepends prompt / P-tuning vectors before [CLS]: only a run trained with placement "peft" gives the
// same logits in PEFT; for "template" runs the sidecar and the export notes say that PEFT's placement
// differs. Refused, with the reason: methods that train the model's weights or a classification head, and
// templates PEFT cannot express (soft tokens at several places, not at the start, anchor text between
// P-tuning's pseudo tokens).
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace pwb::exporting {

constexpr const char* kPeftSidecarFile = "prompt_workbench.json";

// "" when the prompt can be written as a PEFT adapter, else a sentence saying why not.
std::string peftRefusal(const std::string& method, const nlohmann::json& methodConfig,
                        const std::string& templateText);

struct PeftExportOptions {
  std::string modelDir;   // base model (architecture for the config); "" = the one the prompt records
  std::string baseModel;  // base_model_name_or_path; "" = the model folder's name
};

struct ExportResult {
  std::string dir;
  std::vector<std::string> files;  // written, relative to dir
  std::vector<std::string> notes;  // for the user (e.g. where PEFT puts the virtual tokens)
};

// promptDir: a bundle (prompt.json) or a training state folder (method.json). Throws pwb::Error with the
// refusal or naming the bad file.
ExportResult exportPeft(const std::string& promptDir, const std::string& outDir,
                        const PeftExportOptions& options = {});

}  // namespace pwb::exporting
