#include "export/prompt_inspect.h"

#include <torch/torch.h>

#include <cstdio>
#include <set>

#include "common/text_file.h"
#include "export/bundle.h"
#include "export/nearest_tokens.h"
#include "export/peft_export.h"
#include "export/prompt_loader.h"
#include "model/masked_lm.h"
#include "tokenize/tokenizer.h"

namespace pwb::exporting {
namespace {

std::string fixed(double v, int digits) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

std::string shapeText(const std::vector<int64_t>& s) {
  std::string out = "[";
  for (size_t i = 0; i < s.size(); ++i) out += (i ? ", " : "") + std::to_string(s[i]);
  return out + "]";
}

}  // namespace

PromptInspection inspectPrompt(const std::string& promptDir, const std::string& modelDir, int k) {
  auto m = model::MaskedLM::load(modelDir);
  const auto tok = tokenize::loadTokenizer(modelDir);
  const auto p = loadPrompt(promptDir, m->config(), modelDir);
  PromptInspection out;
  out.dir = promptDir;
  out.source = p.source == PromptSource::Bundle ? "bundle" : "peft";
  out.method = p.method;
  out.templateText = p.templateText;
  out.verbalizer = p.verbalizer;
  out.labels = p.labels;
  for (const auto& [name, t] : p.tensors) out.tensors.emplace_back(name, t.sizes().vec());
  torch::NoGradGuard ng;
  const int64_t vocab = m->config().vocabSize;
  const auto embeddings =
      m->wordEmbeddings(torch::arange(vocab, torch::kLong).to(m->device())).to(torch::kFloat).cpu();
  out.meanEmbeddingNorm = embeddings.norm(2, 1).mean().item<double>();
  if (!p.hasVectors()) {
    out.notes.push_back("method '" + p.method +
                        "' has no soft-prompt vectors (it trains the model's weights)");
    return out;
  }
  out.placement = placementName(p.prompt.placement);
  const auto& vectors = p.prompt.vectors;
  const auto norms = vectors.norm(2, 1);
  std::vector<std::vector<std::pair<int64_t, double>>> nearest;
  if (p.prompt.placement == PromptPlacement::Prefix) {
    out.notes.push_back(
        "prefix vectors are per-layer keys and values, not input embeddings: no nearest tokens");
  } else {
    const auto& s = tok->special();
    std::set<int64_t> special;
    for (int64_t id : {s.clsId, s.sepId, s.padId, s.unkId, s.maskId}) {
      if (id >= 0) special.insert(id);
    }
    nearest = nearestRows(vectors, embeddings, k, {special.begin(), special.end()});
  }
  for (int64_t i = 0; i < vectors.size(0); ++i) {
    SoftVectorInfo v;
    v.index = static_cast<int>(i);
    v.norm = norms[i].item<double>();
    if (!nearest.empty()) {
      for (const auto& [id, cos] : nearest[static_cast<size_t>(i)])
        v.nearest.push_back({id, tok->idToToken(id), cos});
    }
    out.vectors.push_back(std::move(v));
  }
  return out;
}

std::string recordedModelDir(const std::string& promptDir) {
  std::string dir;
  if (isBundleDir(promptDir)) {
    dir = readBundleInfo(promptDir).model.path;
  } else if (fileExists(joinPath(promptDir, kPeftSidecarFile))) {
    const auto j = readJsonFile(joinPath(promptDir, kPeftSidecarFile), 16 << 20);
    if (j.is_object() && j.contains("model") && j["model"].is_object() && j["model"].contains("path") &&
        j["model"]["path"].is_string()) {
      dir = j["model"]["path"].get<std::string>();
    }
  }
  return !dir.empty() && fileExists(joinPath(dir, "config.json")) ? dir : "";
}

std::string inspectionReport(const PromptInspection& in) {
  std::string r;
  r += "prompt:     " + in.dir + " (" + in.source + ")\n";
  r += "method:     " + in.method + (in.placement.empty() ? "" : ", vectors " + in.placement) + "\n";
  if (!in.templateText.empty()) r += "template:   " + in.templateText + "\n";
  if (!in.verbalizer.empty()) r += "verbalizer: " + in.verbalizer + "\n";
  if (!in.labels.empty()) {
    std::string l;
    for (const auto& s : in.labels) l += (l.empty() ? "" : ", ") + s;
    r += "labels:     " + l + "\n";
  }
  r += "tensors:\n";
  for (const auto& [name, shape] : in.tensors) r += "  " + name + " " + shapeText(shape) + "\n";
  if (!in.vectors.empty()) {
    r += "vectors (norm; word embeddings average " + fixed(in.meanEmbeddingNorm, 3) + "):\n";
    for (const auto& v : in.vectors) {
      r += "  " + std::to_string(v.index) + "  norm " + fixed(v.norm, 3);
      if (!v.nearest.empty()) {
        r += "  nearest:";
        for (const auto& n : v.nearest) r += " " + n.token + " (" + fixed(n.cosine, 3) + ")";
      }
      r += "\n";
    }
  }
  for (const auto& n : in.notes) r += "note: " + n + "\n";
  return r;
}

}  // namespace pwb::exporting
