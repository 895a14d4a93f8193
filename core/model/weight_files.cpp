#include "model/weight_files.h"

#include <nlohmann/json.hpp>
#include <set>

#include "common/error.h"
#include "common/text_file.h"

namespace pwb::model {

std::string conversionCommand(const std::string& dir) {
  return "python -c \"from transformers import AutoModelForMaskedLM as M; M.from_pretrained('" + dir +
         "').save_pretrained('" + dir + "', safe_serialization=True)\"";
}

WeightFiles findWeightFiles(const std::string& dir) {
  WeightFiles w;
  const std::string single = joinPath(dir, "model.safetensors");
  const std::string index = joinPath(dir, "model.safetensors.index.json");
  if (fileExists(single)) {
    w.files.push_back(single);
    return w;
  }
  if (fileExists(index)) {
    const nlohmann::json j = readJsonFile(index, size_t(64) << 20);
    auto wm = j.find("weight_map");
    if (!j.is_object() || wm == j.end() || !wm->is_object())
      throw keyError(index, "weight_map", "the shard index has no 'weight_map' object");
    std::set<std::string> seen;
    for (auto it = wm->begin(); it != wm->end(); ++it) {
      if (!it.value().is_string()) throw keyError(index, it.key(), "shard file name must be a string");
      const std::string shard = it.value().get<std::string>();
      // Untrusted index: a shard must be a plain file name inside the folder.
      if (shard.empty() || shard.find('/') != std::string::npos || shard.find('\\') != std::string::npos ||
          shard == "." || shard == "..")
        throw keyError(index, it.key(),
                       "shard file name '" + shard + "' is not a plain file name in the folder");
      const std::string full = joinPath(dir, shard);
      if (seen.insert(shard).second) {
        if (!fileExists(full))
          throw keyError(index, it.key(),
                         "shard file '" + shard + "' listed in the index is missing (" + full + ")");
        w.files.push_back(full);
      }
      w.weightMap[it.key()] = full;
    }
    if (w.files.empty()) throw keyError(index, "weight_map", "the shard index lists no tensors");
    w.sharded = true;
    w.indexPath = index;
    return w;
  }
  for (const char* pickle :
       {"pytorch_model.bin", "pytorch_model.bin.index.json", "tf_model.h5", "flax_model.msgpack"}) {
    if (fileExists(joinPath(dir, pickle)))
      throw fileError(joinPath(dir, pickle),
                      std::string("only a ") + pickle +
                          " checkpoint is present; it is not loaded because pickle files can execute code "
                          "(and TF/Flax formats are not supported). Convert it to safetensors once with: " +
                          conversionCommand(dir));
  }
  throw fileError(dir, "no model weights found: expected model.safetensors or model.safetensors.index.json");
}

}  // namespace pwb::model
