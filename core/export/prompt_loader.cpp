#include "export/prompt_loader.h"

#include "common/error.h"
#include "common/text_file.h"
#include "export/bundle.h"
#include "export/bundle_method.h"
#include "export/model_identity.h"
#include "export/peft_adapter.h"
#include "export/peft_export.h"
#include "train/safetensors_writer.h"

namespace pwb::exporting {
namespace {

std::string peftMethodName(PeftType t) {
  switch (t) {
    case PeftType::PromptTuning:
      return "prompt-tuning";
    case PeftType::PTuning:
      return "p-tuning";
    case PeftType::PrefixTuning:
      return "prefix-tuning";
  }
  return "";
}

LoadedPrompt loadBundle(const std::string& dir, const std::string& modelDir) {
  const auto info = readBundleInfo(dir);
  requireSameModel(info.model, modelIdentity(modelDir), joinPath(dir, kBundleInfoFile));
  LoadedPrompt p;
  p.dir = dir;
  p.source = PromptSource::Bundle;
  p.method = info.method;
  p.templateText = info.templateText;
  p.verbalizer = info.verbalizer;
  p.labels = info.labels;
  p.tensors = train::readSafetensors(joinPath(dir, kBundleTensorsFile));
  const auto it = p.tensors.find("prompt_embeddings");
  if (it != p.tensors.end()) {
    p.prompt.vectors = it->second;
    p.prompt.placement = info.method == "p-tuning-v2" ? PromptPlacement::Prefix : PromptPlacement::Slots;
  }
  return p;
}

LoadedPrompt loadPeft(const std::string& dir, const model::ModelConfig& config, const std::string& modelDir) {
  auto a = readPeftAdapter(dir);
  checkAdapterFitsModel(a.config, config, joinPath(dir, kPeftConfigFile));
  LoadedPrompt p;
  p.dir = dir;
  p.source = PromptSource::Peft;
  p.method = peftMethodName(a.config.type);
  p.prompt = toSoftPrompt(a);
  p.tensors["prompt_embeddings"] = a.promptEmbeddings;
  const std::string sidecar = joinPath(dir, kPeftSidecarFile);
  if (fileExists(sidecar)) {
    const auto j = readJsonFile(sidecar, 16 << 20);
    if (!j.is_object()) throw fileError(sidecar, "expected a JSON object");
    for (const char* key : {"template", "verbalizer"}) {
      if (j.contains(key) && !j[key].is_string()) throw keyError(sidecar, key, "must be a string");
    }
    // Our own exports record the model: a different vocabulary would make the vectors meaningless.
    if (j.contains("model") && j["model"].is_object()) {
      requireSameModel(ModelIdentity::fromJson(j["model"], sidecar), modelIdentity(modelDir), sidecar);
    }
    p.templateText = j.value("template", "");
    p.verbalizer = j.value("verbalizer", "");
    if (j.contains("labels") && j["labels"].is_array()) {
      for (const auto& l : j["labels"]) {
        if (!l.is_string()) throw keyError(sidecar, "labels", "must be a list of strings");
        p.labels.push_back(l.get<std::string>());
      }
    }
  }
  p.replayProblem = adapterReplayProblem(dir);
  p.replaysMethod = p.replayProblem.empty();
  return p;
}

}  // namespace

bool isPromptDir(const std::string& dir) {
  return isBundleDir(dir) || isPeftAdapterDir(dir);
}

LoadedPrompt loadPrompt(const std::string& dir, const model::ModelConfig& config,
                        const std::string& modelDir) {
  if (isBundleDir(dir)) return loadBundle(dir, modelDir);
  if (isPeftAdapterDir(dir)) return loadPeft(dir, config, modelDir);
  throw fileError(dir,
                  "not a prompt folder: expected prompt.json (a Prompt Workbench bundle) or "
                  "adapter_config.json (a PEFT adapter)");
}

}  // namespace pwb::exporting
