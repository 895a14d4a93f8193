#pragma once
// A model folder's weights, opened and cross-checked against the config without reading tensor data:
// every stored name normalised to its canonical name, required tensors present, shapes and dtypes right.
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "model/model_config.h"
#include "model/safetensors_reader.h"
#include "model/weight_files.h"
#include "model/weight_names.h"

namespace pwb::model {

struct WeightSource {
  const SafetensorsFile* file = nullptr;
  const TensorEntry* entry = nullptr;
};

class Checkpoint {
 public:
  // Throws pwb::Error naming the file and key: missing/extra/duplicate tensor, shape mismatch with the
  // config (expected and actual shapes), non-float dtype, plus every error of findWeightFiles and
  // SafetensorsFile.
  // requireHead = false: the MLM head's tensors may be absent (an encoder-only folder, e.g. a
  // sentence-transformers model saved from BertModel); everything else is checked the same.
  static std::unique_ptr<Checkpoint> open(const std::string& dir, const ModelConfig& config,
                                          bool requireHead = true);

  const WeightFiles& files() const { return files_; }
  const std::vector<ParamSpec>& specs() const { return specs_; }
  const WeightSource& source(const std::string& canonicalName) const;  // throws when absent
  bool has(const std::string& canonicalName) const { return sources_.count(canonicalName) != 0; }
  const std::vector<std::string>& ignored() const { return ignored_; }  // stored names not used
  // The pretrained pooler's tensor ("weight" [H,H] or "bias" [H]; stored as bert.pooler.dense.*, also
  // without the "bert."/"roberta." prefix), which a masked LM does not use but Hugging Face's
  // BertForSequenceClassification starts its head from; null when the checkpoint has none (or one whose
  // dtype or shape does not fit the config).
  const WeightSource* pooler(const std::string& part) const;
  int64_t parameterCount() const;
  int64_t storedBytes() const;
  std::string storedDtype() const;  // "F32", "F16", "BF16" or "mixed"

 private:
  WeightFiles files_;
  std::vector<std::unique_ptr<SafetensorsFile>> shards_;
  std::vector<ParamSpec> specs_;
  std::map<std::string, WeightSource> sources_;
  std::vector<std::string> ignored_;
  std::map<std::string, WeightSource> pooler_;  // "weight" / "bias"
};

}  // namespace pwb::model
