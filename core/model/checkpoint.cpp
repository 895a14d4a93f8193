#include "model/checkpoint.h"

#include <set>

#include "common/error.h"

namespace pwb::model {
namespace {

// "weight" / "bias" when `stored` names the pooler's dense layer, "" otherwise.
std::string poolerPart(const std::string& stored) {
  for (const char* prefix : {"bert.", "roberta.", ""}) {
    const std::string head = std::string(prefix) + "pooler.dense.";
    if (stored.rfind(head, 0) != 0) continue;
    const std::string part = stored.substr(head.size());
    if (part == "weight" || part == "bias") return part;
  }
  return "";
}

bool isHeadParameter(const std::string& canonical) {
  return canonical.rfind("cls.", 0) == 0 || canonical.rfind("lm_head.", 0) == 0;
}

}  // namespace

std::unique_ptr<Checkpoint> Checkpoint::open(const std::string& dir, const ModelConfig& config,
                                             bool requireHead) {
  auto cp = std::unique_ptr<Checkpoint>(new Checkpoint());
  cp->files_ = findWeightFiles(dir);
  cp->specs_ = parameterSpecs(config);
  std::map<std::string, const ParamSpec*> specByName;
  for (const auto& s : cp->specs_) specByName[s.name] = &s;

  std::map<std::string, bool> fromAlias;  // canonical name -> came from an alias spelling
  std::map<std::string, const SafetensorsFile*> listedIn;
  for (const auto& f : cp->files_.files) cp->shards_.push_back(std::make_unique<SafetensorsFile>(f));

  for (const auto& shard : cp->shards_) {
    for (const auto& e : shard->tensors()) {
      if (cp->files_.sharded) {
        // The index is authoritative: a tensor it does not map to this shard is not loaded from it.
        auto it = cp->files_.weightMap.find(e.name);
        if (it == cp->files_.weightMap.end() || it->second != shard->path()) {
          cp->ignored_.push_back(e.name);
          continue;
        }
      }
      const NormalizedName n = normalizeWeightName(e.name, config);
      if (n.kind == NameKind::Ignored || n.kind == NameKind::TiedDecoder) {
        cp->ignored_.push_back(e.name);
        // A pooler that does not fit the config stays ignored (a masked LM does not need it, and inspection
        // lists it among the ignored tensors): the classification head then starts a new one.
        const std::string part = poolerPart(e.name);
        const std::vector<int64_t> expected = part == "weight"
                                                  ? std::vector<int64_t>{config.hiddenSize, config.hiddenSize}
                                                  : std::vector<int64_t>{config.hiddenSize};
        if (!part.empty() && isFloatWeightDtype(e.dtype) && e.shape == expected)
          cp->pooler_[part] = {shard.get(), &e};
        continue;
      }
      auto spec = specByName.find(n.name);
      if (n.kind == NameKind::Unknown || spec == specByName.end())
        throw keyError(shard->path(), e.name,
                       "unexpected tensor: not a parameter of a " + config.modelType + " masked LM with " +
                           std::to_string(config.numLayers) + " layers (extra key; wrong config.json?)");
      if (!isFloatWeightDtype(e.dtype))
        throw keyError(
            shard->path(), e.name,
            std::string("dtype ") + dtypeName(e.dtype) + " cannot be a weight (supported: F32, F16, BF16)");
      if (e.shape != spec->second->shape)
        throw keyError(shard->path(), e.name,
                       "shape " + shapeToString(e.shape) + " does not match the expected shape " +
                           shapeToString(spec->second->shape) + " from config.json");
      auto prev = cp->sources_.find(n.name);
      if (prev != cp->sources_.end()) {
        // decoder.bias duplicates the head bias in HF checkpoints (tied); keep the canonical spelling.
        if (n.alias) {
          cp->ignored_.push_back(e.name);
          continue;
        }
        if (fromAlias[n.name]) {
          cp->ignored_.push_back(prev->second.entry->name);
        } else {
          throw keyError(shard->path(), e.name,
                         "duplicate tensor: '" + prev->second.entry->name + "' in " +
                             prev->second.file->path() + " already provides " + n.name);
        }
      }
      cp->sources_[n.name] = {shard.get(), &e};
      fromAlias[n.name] = n.alias;
    }
  }
  if (cp->files_.sharded) {
    for (const auto& [name, path] : cp->files_.weightMap) {
      bool found = false;
      for (const auto& shard : cp->shards_)
        if (shard->path() == path && shard->find(name)) found = true;
      if (!found)
        throw keyError(path, name,
                       "tensor listed in " + cp->files_.indexPath + " is missing from this shard");
    }
  }
  for (const auto& s : cp->specs_) {
    if (s.required && !cp->sources_.count(s.name) && (requireHead || !isHeadParameter(s.name))) {
      const std::string where = cp->files_.sharded ? cp->files_.indexPath : cp->files_.files.front();
      throw keyError(where, s.name, "required tensor is missing from the checkpoint");
    }
  }
  return cp;
}

const WeightSource& Checkpoint::source(const std::string& canonicalName) const {
  auto it = sources_.find(canonicalName);
  if (it == sources_.end())
    throw keyError(files_.files.front(), canonicalName, "tensor not in the checkpoint");
  return it->second;
}

const WeightSource* Checkpoint::pooler(const std::string& part) const {
  auto it = pooler_.find(part);
  return it == pooler_.end() ? nullptr : &it->second;
}

int64_t Checkpoint::parameterCount() const {
  int64_t n = 0;
  for (const auto& [name, src] : sources_) n += src.entry->numel();
  return n;
}

int64_t Checkpoint::storedBytes() const {
  int64_t n = 0;
  for (const auto& [name, src] : sources_) n += static_cast<int64_t>(src.entry->end - src.entry->begin);
  return n;
}

std::string Checkpoint::storedDtype() const {
  std::set<std::string> kinds;
  for (const auto& [name, src] : sources_) kinds.insert(dtypeName(src.entry->dtype));
  if (kinds.size() == 1) return *kinds.begin();
  return kinds.empty() ? "" : "mixed";
}

}  // namespace pwb::model
