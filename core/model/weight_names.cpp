#include "model/weight_names.h"

namespace pwb::model {
namespace {

bool startsWith(const std::string& s, const std::string& p) {
  return s.compare(0, p.size(), p) == 0;
}

bool endsWith(const std::string& s, const std::string& p) {
  return s.size() >= p.size() && s.compare(s.size() - p.size(), p.size(), p) == 0;
}

void linear(std::vector<ParamSpec>& out, const std::string& prefix, int64_t outF, int64_t inF) {
  out.push_back({prefix + ".weight", {outF, inF}, true});
  out.push_back({prefix + ".bias", {outF}, true});
}

void norm(std::vector<ParamSpec>& out, const std::string& prefix, int64_t h) {
  out.push_back({prefix + ".weight", {h}, true});
  out.push_back({prefix + ".bias", {h}, true});
}

}  // namespace

std::string shapeToString(const std::vector<int64_t>& shape) {
  std::string out = "[";
  for (size_t i = 0; i < shape.size(); ++i) out += (i ? ", " : "") + std::to_string(shape[i]);
  return out + "]";
}

std::vector<ParamSpec> parameterSpecs(const ModelConfig& c) {
  const std::string base = c.isRoberta() ? "roberta" : "bert";
  const int64_t h = c.hiddenSize;
  std::vector<ParamSpec> s;
  s.push_back({base + ".embeddings.word_embeddings.weight", {c.vocabSize, h}, true});
  s.push_back({base + ".embeddings.position_embeddings.weight", {c.maxPositions, h}, true});
  s.push_back({base + ".embeddings.token_type_embeddings.weight", {c.typeVocabSize, h}, true});
  norm(s, base + ".embeddings.LayerNorm", h);
  for (int64_t i = 0; i < c.numLayers; ++i) {
    const std::string l = base + ".encoder.layer." + std::to_string(i);
    linear(s, l + ".attention.self.query", h, h);
    linear(s, l + ".attention.self.key", h, h);
    linear(s, l + ".attention.self.value", h, h);
    linear(s, l + ".attention.output.dense", h, h);
    norm(s, l + ".attention.output.LayerNorm", h);
    linear(s, l + ".intermediate.dense", c.intermediateSize, h);
    linear(s, l + ".output.dense", h, c.intermediateSize);
    norm(s, l + ".output.LayerNorm", h);
  }
  if (c.isRoberta()) {
    linear(s, "lm_head.dense", h, h);
    norm(s, "lm_head.layer_norm", h);
    if (!c.tieWordEmbeddings) s.push_back({"lm_head.decoder.weight", {c.vocabSize, h}, true});
    s.push_back({"lm_head.bias", {c.vocabSize}, true});
  } else {
    linear(s, "cls.predictions.transform.dense", h, h);
    norm(s, "cls.predictions.transform.LayerNorm", h);
    if (!c.tieWordEmbeddings) s.push_back({"cls.predictions.decoder.weight", {c.vocabSize, h}, true});
    s.push_back({"cls.predictions.bias", {c.vocabSize}, true});
  }
  return s;
}

NormalizedName normalizeWeightName(const std::string& stored, const ModelConfig& c) {
  std::string n = stored;
  // Original BERT checkpoints name LayerNorm parameters gamma/beta (HF renames them on load).
  if (endsWith(n, ".gamma"))
    n = n.substr(0, n.size() - 6) + ".weight";
  else if (endsWith(n, ".beta"))
    n = n.substr(0, n.size() - 5) + ".bias";

  const std::string base = c.isRoberta() ? "roberta" : "bert";
  NormalizedName r;
  // The MLM head.
  const std::string head = c.isRoberta() ? "lm_head." : "cls.predictions.";
  if (startsWith(n, head)) {
    const std::string rest = n.substr(head.size());
    if (rest == "decoder.weight") {
      r.kind = c.tieWordEmbeddings ? NameKind::TiedDecoder : NameKind::Parameter;
      r.name = n;
    } else if (rest == "decoder.bias") {
      r.kind = NameKind::Parameter;
      r.name = head + "bias";
      r.alias = true;
    } else {
      r.kind = NameKind::Parameter;
      r.name = n;
    }
    return r;
  }
  if (startsWith(n, "cls.seq_relationship.") || startsWith(n, "classifier.") ||
      startsWith(n, "qa_outputs.")) {
    r.kind = NameKind::Ignored;
    return r;
  }
  std::string body;
  if (startsWith(n, base + "."))
    body = n.substr(base.size() + 1);
  else if (startsWith(n, "embeddings.") || startsWith(n, "encoder.") || startsWith(n, "pooler."))
    body = n;
  else
    return r;  // Unknown
  if (startsWith(body, "pooler.") || body == "embeddings.position_ids" ||
      body == "embeddings.token_type_ids") {
    r.kind = NameKind::Ignored;
    return r;
  }
  r.kind = NameKind::Parameter;
  r.name = base + "." + body;
  return r;
}

}  // namespace pwb::model
