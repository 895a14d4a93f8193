#include "export/bundle_method.h"

#include <torch/torch.h>

#include <algorithm>
#include <cctype>

#include "common/error.h"
#include "common/text_file.h"
#include "export/bundle.h"
#include "export/model_identity.h"
#include "export/peft_adapter.h"
#include "export/peft_export.h"
#include "model/masked_lm.h"
#include "tokenize/tokenizer.h"
#include "train/method.h"
#include "train/method_registry.h"
#include "train/safetensors_writer.h"
#include "train/task_builder.h"
#include "train/trainer.h"

namespace pwb::exporting {
namespace {

int intKey(const nlohmann::json& c, const char* key, int fallback, const std::string& source) {
  if (!c.contains(key)) return fallback;
  if (!c[key].is_number_integer())
    throw keyError(source, std::string("method_config.") + key, "must be a whole number");
  return c[key].get<int>();
}
bool boolKey(const nlohmann::json& c, const char* key, bool fallback, const std::string& source) {
  if (!c.contains(key)) return fallback;
  if (!c[key].is_boolean())
    throw keyError(source, std::string("method_config.") + key, "must be true or false");
  return c[key].get<bool>();
}
std::string stringKey(const nlohmann::json& c, const char* key, const std::string& fallback,
                      const std::string& source) {
  if (!c.contains(key)) return fallback;
  if (!c[key].is_string()) throw keyError(source, std::string("method_config.") + key, "must be a string");
  return c[key].get<std::string>();
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char ch) { return char(std::tolower(ch)); });
  return s;
}

std::string joined(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
  return out;
}

// A trained method as saved: its record (the bundle's prompt.json, or our PEFT sidecar turned into the
// same fields) and its tensors under the method's own names.
struct SavedMethod {
  BundleInfo info;
  std::string infoPath;
  std::map<std::string, torch::Tensor> tensors;
  std::string modelWeightsPath;  // model.safetensors of a bundle whose method trains the model
  std::string kind;              // "bundle" | "PEFT adapter"
};

SavedMethod readBundleMethod(const std::string& dir) {
  SavedMethod m;
  m.kind = "bundle";
  m.info = readBundleInfo(dir);
  m.infoPath = joinPath(dir, kBundleInfoFile);
  m.tensors = train::readSafetensors(joinPath(dir, kBundleTensorsFile));
  if (m.info.trainsModel) m.modelWeightsPath = joinPath(dir, kBundleModelFile);
  return m;
}

// Our PEFT adapter as the method that exported it: "" and `out` filled, or why it cannot be rebuilt.
std::string adapterAsMethod(const std::string& dir, SavedMethod* out) {
  const std::string sidecarPath = joinPath(dir, kPeftSidecarFile);
  if (!fileExists(sidecarPath))
    return "it has no " + std::string(kPeftSidecarFile) + " (not exported by Prompt Workbench)";
  const auto side = readJsonFile(sidecarPath, 16 << 20);
  if (!side.is_object() || side.value("format", "") != "pwb-peft-sidecar")
    return sidecarPath + " is not a Prompt Workbench sidecar (format \"pwb-peft-sidecar\")";
  for (const char* key : {"method", "template", "verbalizer"}) {
    if (!side.contains(key) || !side[key].is_string()) return sidecarPath + " has no string '" + key + "'";
  }
  if (!side.contains("method_config") || !side["method_config"].is_object())
    return sidecarPath + " has no method_config";
  if (!side.contains("model") || !side["model"].is_object()) return sidecarPath + " does not name its model";
  const auto adapter = readPeftAdapter(dir);
  SavedMethod m;
  m.kind = "PEFT adapter";
  m.infoPath = sidecarPath;
  auto& b = m.info;
  b.method = side["method"].get<std::string>();
  b.methodConfig = side["method_config"];
  b.templateText = side["template"].get<std::string>();
  b.verbalizer = side["verbalizer"].get<std::string>();
  if (side.contains("labels") && side["labels"].is_array()) {
    for (const auto& l : side["labels"]) {
      if (!l.is_string()) return sidecarPath + ": labels must be strings";
      b.labels.push_back(l.get<std::string>());
    }
  }
  if (side.contains("hyperparameters") && side["hyperparameters"].is_object())
    b.hyperparameters = side["hyperparameters"];
  b.model = ModelIdentity::fromJson(side["model"], sidecarPath);
  if (b.method == "prompt-tuning") {
    m.tensors["prompt_embeddings"] = adapter.promptEmbeddings;
  } else if (b.method == "p-tuning") {
    // The encoder is what the method computes its vectors with; adapters exported before it was kept in
    // the adapter hold only its output.
    if (adapter.encoderTensors.empty())
      return "the adapter holds the P-tuning encoder's output only, not the encoder (an older export)";
    const std::string prefix = kPeftEncoderPrefix;
    for (const auto& [name, t] : adapter.encoderTensors)
      m.tensors["encoder." + name.substr(prefix.size())] = t;
  } else if (b.method == "p-tuning-v2") {
    // The exported table is the prefix the method computed (reparameterised or not): rebuilt as a plain
    // prefix table, which scores identically in eval mode.
    b.methodConfig["prefix_projection"] = false;
    m.tensors["prefix.embedding.weight"] = adapter.promptEmbeddings;
  } else {
    return "method '" + b.method + "' has no PEFT counterpart";
  }
  if (out) *out = std::move(m);
  return "";
}

SavedMethod readSavedMethod(const std::string& dir) {
  if (isBundleDir(dir)) return readBundleMethod(dir);
  if (isPeftAdapterDir(dir)) {
    SavedMethod m;
    const std::string why = adapterAsMethod(dir, &m);
    if (!why.empty())
      throw fileError(dir, "cannot rebuild the training method from this PEFT adapter: " + why);
    return m;
  }
  throw fileError(dir, "neither a prompt bundle (prompt.json) nor a PEFT adapter (adapter_config.json)");
}

}  // namespace

std::string adapterReplayProblem(const std::string& dir) {
  return adapterAsMethod(dir, nullptr);
}

namespace {
// The [CLS] head of fine-tune / p-tuning-v2 (train/cls_head.h). States saved before the Hugging Face heads
// existed have no key: their head was the bare linear one.
std::string clsHeadKey(const nlohmann::json& c, const std::string& source) {
  const std::string head = stringKey(c, "cls_head", "linear", source);
  if (head != "hf" && head != "linear")
    throw keyError(source, "method_config.cls_head", "must be hf or linear, got '" + head + "'");
  return head;
}
}  // namespace

train::MethodOptions methodOptionsFromConfig(const std::string& method, const nlohmann::json& c,
                                             const std::string& source) {
  if (!c.is_object()) throw keyError(source, "method_config", "must be a JSON object");
  train::MethodOptions o;
  const std::string placement = stringKey(c, "placement", "template", source);
  if (placement != "template" && placement != "peft")
    throw keyError(source, "method_config.placement", "must be template or peft, got '" + placement + "'");
  if (method == "prompt-tuning") {
    o.numSoftTokens = intKey(c, "num_virtual_tokens", o.numSoftTokens, source);
    o.placement = placement;
    // The saved vectors replace the initialisation; random-uniform needs neither text nor vocabulary.
    o.init = "random-uniform";
  } else if (method == "p-tuning") {
    o.numSoftTokens = intKey(c, "num_virtual_tokens", o.numSoftTokens, source);
    o.placement = placement;
    o.encoder = lower(stringKey(c, "encoder_reparameterization_type", "LSTM", source));
    o.encoderHiddenSize = intKey(c, "encoder_hidden_size", 0, source);
    o.jointTuning = boolKey(c, "joint_tuning", false, source);
  } else if (method == "p-tuning-v2") {
    o.prefixLength = intKey(c, "num_virtual_tokens", o.prefixLength, source);
    o.reparameterize = boolKey(c, "prefix_projection", false, source);
    o.prefixHiddenSize = intKey(c, "encoder_hidden_size", 0, source);
    o.head = stringKey(c, "head", "verbalizer", source);
    o.clsHead = clsHeadKey(c, source);
  } else if (method == "fine-tune") {
    o.clsHead = clsHeadKey(c, source);
  } else if (method == "prompt-ft") {
    if (c.contains("pet_mlm_alpha")) {
      if (!c["pet_mlm_alpha"].is_number())
        throw keyError(source, "method_config.pet_mlm_alpha", "must be a number");
      o.petMlmAlpha = c["pet_mlm_alpha"].get<double>();
    }
  } else {
    throw keyError(source, "method", "unknown method '" + method + "'");
  }
  return o;
}

BundlePredictions predictWithBundle(const BundlePredictRequest& r) {
  const SavedMethod saved = readSavedMethod(r.bundleDir);
  const auto& info = saved.info;
  const std::string& infoPath = saved.infoPath;
  requireSameModel(info.model, modelIdentity(r.modelDir), infoPath);

  train::TrainRequest req;
  req.modelDir = r.modelDir;
  req.method = info.method;
  req.templateText = info.templateText;
  req.verbalizer = info.verbalizer;
  req.trainPath = r.dataPath;  // TaskBuilder takes the class order (sorted labels) from its train set
  req.trainFormat = r.dataFormat;
  req.testPath = r.dataPath;
  req.testFormat = r.dataFormat;
  req.options = methodOptionsFromConfig(info.method, info.methodConfig, infoPath);
  if (info.hyperparameters.contains("max_length") && info.hyperparameters["max_length"].is_number_integer()) {
    req.maxLength = info.hyperparameters["max_length"].get<int>();
  }
  const auto& description = train::findMethod(info.method);
  const auto tok = tokenize::loadTokenizer(r.modelDir);
  // The length budget training had (run_training.cpp): max_length, but never past the model's positions.
  const auto mc = model::ModelConfig::fromFile(joinPath(r.modelDir, "config.json"));
  const train::TaskBuilder task(req, *tok, description.slotKind, static_cast<int>(mc.usableTokens()));
  if (!info.labels.empty() && task.labels() != info.labels) {
    throw fileError(r.dataPath, "labels " + joined(task.labels()) + " differ from the " + saved.kind +
                                    "'s (" + joined(info.labels) + "): the classes would not line up");
  }

  model::LoadOptions lo;
  lo.device = r.device;
  auto m = model::MaskedLM::load(r.modelDir, lo);
  train::MethodContext ctx;
  ctx.model = m.get();
  ctx.tokenizer = tok.get();
  ctx.labelTokenIds = task.labelTokenIds();
  ctx.numLabels = static_cast<int>(task.labels().size());
  ctx.options = req.options;
  if (task.templateSlots() > 0) ctx.options.numSoftTokens = task.templateSlots();
  ctx.device = m->device();
  ctx.maskTokenId = tok->special().maskId;
  ctx.unkTokenId = tok->special().unkId >= 0 ? tok->special().unkId : 0;
  ctx.slotInitIds = task.slotInitIds();
  auto method = description.create(ctx);
  try {
    method->loadState(saved.tensors);
  } catch (const Error& e) {
    throw fileError(saved.kind == "bundle" ? joinPath(r.bundleDir, kBundleTensorsFile)
                                           : joinPath(r.bundleDir, kPeftWeightsFile),
                    e.message());
  }
  if (!saved.modelWeightsPath.empty()) {
    const std::string& modelPath = saved.modelWeightsPath;
    const auto weights = train::readSafetensors(modelPath);
    torch::NoGradGuard noGrad;
    for (auto& p : m->named_parameters()) {
      const auto it = weights.find(p.key());
      if (it == weights.end()) throw keyError(modelPath, p.key(), "missing tensor");
      if (it->second.sizes() != p.value().sizes()) throw keyError(modelPath, p.key(), "shape mismatch");
      p.value().copy_(it->second.to(p.value().device(), p.value().scalar_type()));
    }
  }

  const auto& data = task.testSet();
  const size_t count = r.limit > 0 ? std::min(r.limit, data.examples.size()) : data.examples.size();
  data::Dataset subset = data;
  subset.examples.resize(count);
  auto examples = task.encodeAll(subset);
  for (auto& ex : examples) method->adaptInput(ex.prompt);
  const int64_t padId = tok->special().padId >= 0 ? tok->special().padId : 0;
  BundlePredictions out;
  out.labels = task.labels();
  out.predicted = train::predict(*method, examples, r.batchSize, padId, false);
  for (size_t i = 0; i < count; ++i) {
    out.exampleIds.push_back(subset.examples[i].id);
    const auto it = std::find(out.labels.begin(), out.labels.end(), subset.examples[i].label);
    out.gold.push_back(it == out.labels.end() ? -1 : static_cast<int>(it - out.labels.begin()));
  }
  out.accuracy = train::accuracyOf(out.predicted, examples);
  return out;
}

}  // namespace pwb::exporting
