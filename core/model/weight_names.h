#pragma once
// The canonical Hugging Face parameter names of a BERT/RoBERTa masked LM, their shapes from the config,
// and the normalisation of the names found in real checkpoints (both eras and both head styles).
#include <cstdint>
#include <string>
#include <vector>

#include "model/model_config.h"

namespace pwb::model {

struct ParamSpec {
  std::string name;            // canonical: "bert.encoder.layer.0.attention.self.query.weight", ...
  std::vector<int64_t> shape;  // from the config
  bool required = true;        // false only for a decoder weight that is tied to the word embeddings
};

// Every parameter of the model, in module order. The decoder weight ("cls.predictions.decoder.weight" /
// "lm_head.decoder.weight") is listed only when the embeddings are not tied.
std::vector<ParamSpec> parameterSpecs(const ModelConfig& config);

enum class NameKind {
  Parameter,    // maps to `name`, a canonical parameter
  TiedDecoder,  // a stored decoder weight while the config ties it to the word embeddings (not loaded)
  Ignored,      // pooler, NSP head, classifier, position_ids buffer: not part of a masked LM
  Unknown       // anything else: an error (extra key)
};

struct NormalizedName {
  NameKind kind = NameKind::Unknown;
  std::string name;    // canonical name for Parameter
  bool alias = false;  // a second spelling (e.g. cls.predictions.decoder.bias for cls.predictions.bias)
};

// Maps a stored tensor name to its canonical name: LayerNorm gamma/beta -> weight/bias, missing
// "bert."/"roberta." prefix added, decoder.bias -> the head bias. Membership in parameterSpecs() is
// checked by the caller.
NormalizedName normalizeWeightName(const std::string& stored, const ModelConfig& config);

std::string shapeToString(const std::vector<int64_t>& shape);

}  // namespace pwb::model
