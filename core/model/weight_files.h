#pragma once
// Which safetensors files hold a model folder's weights: model.safetensors, or the shards listed by
// model.safetensors.index.json. A folder with only pytorch_model.bin is refused (pickle can run code).
#include <map>
#include <string>
#include <vector>

namespace pwb::model {

struct WeightFiles {
  std::vector<std::string> files;  // full paths, in order
  bool sharded = false;
  std::string indexPath;                         // when sharded
  std::map<std::string, std::string> weightMap;  // tensor name -> full shard path (sharded only)
};

// Throws pwb::Error: no weights at all, .bin only (with the conversion command), a malformed index, a shard
// name that escapes the folder, or a listed shard file that does not exist (naming it).
WeightFiles findWeightFiles(const std::string& dir);

// The one-line Python command that converts a pickle checkpoint in dir to safetensors.
std::string conversionCommand(const std::string& dir);

}  // namespace pwb::model
