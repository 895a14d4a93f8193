#include "train/safetensors_writer.h"

#include <cstdio>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>

#include "common/error.h"
#include "model/safetensors_reader.h"

namespace pwb::train {

void writeSafetensors(const std::string& path,
                      const std::vector<std::pair<std::string, torch::Tensor>>& tensors,
                      const std::map<std::string, std::string>& metadata) {
  nlohmann::ordered_json header;
  if (!metadata.empty()) header["__metadata__"] = metadata;
  std::vector<torch::Tensor> data;
  uint64_t offset = 0;
  for (const auto& [name, tensor] : tensors) {
    if (name.empty() || name == "__metadata__") throw Error("cannot save a tensor named '" + name + "'");
    if (header.contains(name)) throw Error("tensor '" + name + "' is saved twice");
    auto t = tensor.detach().to(torch::kCPU, torch::kFloat).contiguous();
    const uint64_t bytes = static_cast<uint64_t>(t.numel()) * sizeof(float);
    header[name] = {{"dtype", "F32"}, {"shape", t.sizes().vec()}, {"data_offsets", {offset, offset + bytes}}};
    offset += bytes;
    data.push_back(t);
  }
  std::string json = header.dump();
  json.append((8 - json.size() % 8) % 8, ' ');
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) throw fileError(path, "cannot create the file (is the folder writable?)");
    const uint64_t n = json.size();
    unsigned char len[8];
    for (int i = 0; i < 8; ++i) len[i] = static_cast<unsigned char>((n >> (8 * i)) & 0xFF);  // little-endian
    out.write(reinterpret_cast<const char*>(len), 8);
    out.write(json.data(), static_cast<std::streamsize>(json.size()));
    for (const auto& t : data) {
      // x86/ARM hosts are little-endian, the byte order safetensors prescribes.
      out.write(static_cast<const char*>(t.data_ptr()),
                static_cast<std::streamsize>(t.numel() * sizeof(float)));
    }
    out.flush();
    if (!out) throw fileError(path, "writing failed (disk full?)");
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::remove(tmp.c_str());
    throw fileError(path, "cannot replace the file");
  }
}

std::map<std::string, torch::Tensor> readSafetensors(const std::string& path) {
  model::SafetensorsFile file(path);
  std::map<std::string, torch::Tensor> out;
  for (const auto& e : file.tensors()) {
    torch::ScalarType type;
    switch (e.dtype) {
      case model::StoredDtype::F32:
        type = torch::kFloat;
        break;
      case model::StoredDtype::F16:
        type = torch::kHalf;
        break;
      case model::StoredDtype::BF16:
        type = torch::kBFloat16;
        break;
      default:
        throw keyError(path, e.name, std::string("unsupported dtype ") + model::dtypeName(e.dtype));
    }
    auto t = torch::empty(e.shape, type);
    if (e.end - e.begin != static_cast<uint64_t>(t.numel()) * t.element_size()) {
      throw keyError(path, e.name, "byte range does not match the shape");
    }
    file.read(e, t.data_ptr());
    out.emplace(e.name, t.to(torch::kFloat));
  }
  return out;
}

}  // namespace pwb::train
