#include "export/peft_export.h"

#include <fstream>

#include "common/error.h"
#include "common/text_file.h"
#include "export/bundle.h"
#include "export/peft_adapter.h"
#include "export/peft_writer.h"
#include "model/model_config.h"
#include "prompt/template.h"
#include "train/safetensors_writer.h"

namespace pwb::exporting {
namespace {

// Where the template's trainable-vector elements are: "" when they form one block at the start (or there
// are none: the method then inserts its vectors after [CLS]), else why PEFT cannot express them.
std::string slotLayoutProblem(const std::string& templateText, prompt::ElementKind kind, const char* what) {
  const auto t = prompt::parseTemplate(templateText);
  // Spaces around [SOFT]/[P] are layout (TEMPLATES.md), and [CLS] is added by the tokenizer anyway: what
  // counts is the order of the remaining elements.
  std::vector<bool> isSlot;
  for (const auto& e : t.elements()) {
    if (e.kind == prompt::ElementKind::Cls) continue;
    if (e.kind == prompt::ElementKind::Text && !e.verbatim &&
        e.text.find_first_not_of(" \t\n") == std::string::npos) {
      continue;
    }
    isSlot.push_back(e.kind == kind);
  }
  int groups = 0;
  for (size_t i = 0; i < isSlot.size(); ++i) {
    if (isSlot[i] && (i == 0 || !isSlot[i - 1])) ++groups;
  }
  if (groups == 0) return "";
  if (groups > 1) {
    if (kind == prompt::ElementKind::Pseudo) {
      return std::string("the template has anchor text between its ") + what + " (" + std::to_string(groups) +
             " groups); PEFT's P_TUNING puts all virtual tokens in one block before the input";
    }
    return std::string("the template interleaves its ") + what + " with text (" + std::to_string(groups) +
           " groups); PEFT puts all virtual tokens in one block before the input";
  }
  if (!isSlot[0])
    return std::string("the template's ") + what + " are not at its start; PEFT only prepends virtual tokens";
  return "";
}

std::string stringOr(const nlohmann::json& j, const char* key, const std::string& fallback) {
  return j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : fallback;
}
int64_t intOr(const nlohmann::json& j, const char* key, int64_t fallback) {
  return j.contains(key) && j[key].is_number_integer() ? j[key].get<int64_t>() : fallback;
}

// The facts a PEFT export needs, from a bundle or a training state.
struct Source {
  std::string method;
  nlohmann::json methodConfig;
  std::string templateText, verbalizer;
  std::vector<std::string> labels;
  nlohmann::json hyperparameters = nlohmann::json::object();  // max_length, seed, step ... as trained
  std::string tensorsPath;
  std::string modelDir;
  nlohmann::json identity;  // the bundle's model identity, or computed from modelDir
  bool regression = false;  // LM-BFF's two-pole regression: its poles and range have no place in PEFT
};

Source readSource(const std::string& dir) {
  Source s;
  if (isBundleDir(dir)) {
    const auto b = readBundleInfo(dir);
    s.method = b.method;
    s.methodConfig = b.methodConfig;
    s.templateText = b.templateText;
    s.verbalizer = b.verbalizer;
    s.labels = b.labels;
    s.hyperparameters = b.hyperparameters;
    s.tensorsPath = joinPath(dir, kBundleTensorsFile);
    s.modelDir = b.model.path;
    s.identity = b.model.toJson();
    s.regression = b.task == "regression";
    return s;
  }
  if (!isTrainStateDir(dir)) {
    throw fileError(dir, "neither a prompt bundle (prompt.json) nor a training state (method.json)");
  }
  const std::string path = joinPath(dir, "method.json");
  const auto j = readJsonFile(path, 16 << 20);
  if (!j.is_object() || j.value("format", "") != "pwb-train-state") {
    throw keyError(path, "format", "not a Prompt Workbench training state (expected \"pwb-train-state\")");
  }
  s.method = stringOr(j, "method", "");
  if (s.method.empty()) throw keyError(path, "method", "missing");
  s.methodConfig = j.contains("config") && j["config"].is_object() ? j["config"] : nlohmann::json::object();
  s.templateText = stringOr(j, "template", "");
  s.verbalizer = stringOr(j, "verbalizer", "");
  if (j.contains("labels") && j["labels"].is_array()) {
    for (const auto& l : j["labels"]) {
      if (l.is_string()) s.labels.push_back(l.get<std::string>());
    }
  }
  for (const char* key : {"seed", "step", "max_length"}) {
    if (j.contains(key)) s.hyperparameters[key] = j[key];
  }
  s.tensorsPath = joinPath(dir, "method.safetensors");
  s.modelDir = stringOr(j, "model_dir", "");
  s.regression = stringOr(j, "task", "") == "regression";
  return s;
}

}  // namespace

std::string peftRefusal(const std::string& method, const nlohmann::json& config,
                        const std::string& templateText) {
  const nlohmann::json cfg = config.is_object() ? config : nlohmann::json::object();
  if (method == "prompt-ft" || method == "fine-tune") {
    return "method '" + method +
           "' trains the model's own weights, which a PEFT prompt adapter cannot hold; export a bundle "
           "instead";
  }
  if (method == "prompt-tuning")
    return slotLayoutProblem(templateText, prompt::ElementKind::Soft, "[SOFT] vectors");
  if (method == "p-tuning") {
    if (cfg.value("joint_tuning", false)) {
      return "this P-tuning run also trained the model's weights (joint tuning), which a PEFT adapter cannot "
             "hold; export a bundle instead";
    }
    return slotLayoutProblem(templateText, prompt::ElementKind::Pseudo, "[P] pseudo tokens");
  }
  if (method == "p-tuning-v2") {
    if (cfg.value("head", "verbalizer") != "verbalizer") {
      return "this P-tuning v2 run scores with a classification head on [CLS], which a PEFT prefix adapter "
             "does not "
             "carry; export a bundle instead";
    }
    return "";
  }
  return "method '" + method + "' has no PEFT counterpart";
}

ExportResult exportPeft(const std::string& promptDir, const std::string& outDir,
                        const PeftExportOptions& options) {
  const Source s = readSource(promptDir);
  if (s.regression)
    throw fileError(promptDir,
                    "cannot export as a PEFT adapter: a regression run's prediction needs its two poles and "
                    "their range, which a PEFT adapter does not carry; export a bundle instead");
  const std::string why = peftRefusal(s.method, s.methodConfig, s.templateText);
  if (!why.empty()) throw fileError(promptDir, "cannot export as a PEFT adapter: " + why);
  const std::string modelDir = options.modelDir.empty() ? s.modelDir : options.modelDir;
  if (modelDir.empty() || !fileExists(joinPath(modelDir, "config.json"))) {
    throw fileError(
        modelDir.empty() ? promptDir : modelDir,
        "the base model's config.json is needed for the adapter's num_layers / num_attention_heads "
        "(pass the model folder)");
  }
  const auto mc = model::ModelConfig::fromFile(joinPath(modelDir, "config.json"));
  const auto tensors = train::readSafetensors(s.tensorsPath);
  const auto it = tensors.find("prompt_embeddings");
  if (it == tensors.end()) throw keyError(s.tensorsPath, "prompt_embeddings", "missing tensor");

  PeftAdapter a;
  a.promptEmbeddings = it->second;
  auto& c = a.config;
  c.numVirtualTokens = a.promptEmbeddings.dim() == 2 ? a.promptEmbeddings.size(0) : 0;
  c.tokenDim = mc.hiddenSize;
  c.numLayers = mc.numLayers;
  c.numAttentionHeads = mc.numHeads;
  c.baseModel = options.baseModel;
  if (c.baseModel.empty()) c.baseModel = modelIdentity(modelDir).name;
  ExportResult r;
  // Where the run put its vectors: "peft" (before [CLS], as PEFT does) or "template" (the template's
  // [SOFT]/[P] slots, else right after [CLS]). Recorded in the sidecar either way; our own import
  // (pwb eval --prompt) replays the run's placement, PEFT always uses its own.
  std::string placement;
  if (s.method == "prompt-tuning" || s.method == "p-tuning") {
    c.type = s.method == "prompt-tuning" ? PeftType::PromptTuning : PeftType::PTuning;
    if (c.type == PeftType::PTuning) {
      c.encoderType = stringOr(s.methodConfig, "encoder_reparameterization_type", "MLP");
      c.encoderHiddenSize = intOr(s.methodConfig, "encoder_hidden_size", mc.hiddenSize);
      c.encoderNumLayers = intOr(s.methodConfig, "encoder_num_layers", 2);
      c.encoderDropout = 0.0;
      // The encoder itself, under PeftModel's names (PeftAdapter::encoderTensors): PEFT's own format keeps
      // only its output (issue #1607), which is all inference needs.
      for (const auto& [name, tensor] : tensors) {
        if (name.rfind("encoder.", 0) == 0)
          a.encoderTensors.emplace_back(kPeftEncoderPrefix + name.substr(8), tensor);
      }
    }
    placement = stringOr(s.methodConfig, "placement", "template");
    if (placement == "peft") {
      r.notes.push_back(
          "the run placed its virtual tokens before [CLS] as PEFT does: PEFT computes the run's logits");
    } else {
      const auto t = prompt::parseTemplate(s.templateText);
      const bool slots = t.softCount() + t.pseudoCount() > 0;
      r.notes.push_back(
          "PEFT prepends the virtual tokens before [CLS]; this run had them " +
          std::string(slots ? "at the template's slots" : "right after [CLS]") +
          ", so in PEFT the mask logits differ from the run's (the vectors themselves are exported exactly; "
          "`pwb eval --prompt` replays the run's placement, prompt_workbench.json records it; train with "
          "--placement peft for an adapter that PEFT scores as the run did)");
    }
  } else {
    c.type = PeftType::PrefixTuning;
    c.encoderHiddenSize = intOr(s.methodConfig, "encoder_hidden_size", mc.hiddenSize);
    c.prefixProjection = false;
    if (s.methodConfig.value("prefix_projection", false)) {
      r.notes.push_back(
          "the reparameterised prefix is exported as its computed table (prefix_projection false)");
    }
  }
  writePeftAdapter(outDir, a);  // checks the shape against the config
  nlohmann::json side = {
      {"format", "pwb-peft-sidecar"},
      {"version", 1},
      {"method", s.method},
      {"method_config", s.methodConfig},
      {"template", s.templateText},
      {"verbalizer", s.verbalizer},
      {"labels", s.labels},
      {"hyperparameters", s.hyperparameters},
      {"placement", placement.empty() ? nlohmann::json(nullptr) : nlohmann::json(placement)},
      {"model", s.identity.is_null() ? modelIdentity(modelDir).toJson() : s.identity},
      {"notes", r.notes},
      {"program_version", PWB_VERSION}};
  const std::string sidePath = joinPath(outDir, kPeftSidecarFile);
  std::ofstream out(sidePath, std::ios::trunc);
  out << side.dump(2) << "\n";
  out.flush();
  if (!out) throw fileError(sidePath, "writing failed");
  r.dir = outDir;
  r.files = {kPeftConfigFile, kPeftWeightsFile, kPeftSidecarFile};
  return r;
}

}  // namespace pwb::exporting
