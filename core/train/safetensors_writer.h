#pragma once
// Writes tensors as a .safetensors file: 8-byte little-endian header length, the JSON header (padded with
// spaces to a multiple of 8), then the raw data. Every tensor is stored as F32, contiguous, in the order
// given. Written to "<path>.tmp" and renamed, so a crash never leaves half a file under the final name.
#include <torch/torch.h>

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace pwb::train {

void writeSafetensors(const std::string& path,
                      const std::vector<std::pair<std::string, torch::Tensor>>& tensors,
                      const std::map<std::string, std::string>& metadata = {});

// Reads every tensor of a safetensors file as F32 CPU tensors (F16/BF16 are converted). Validation is
// core/model's reader's; a tensor of another dtype is a pwb::Error naming the file and tensor.
std::map<std::string, torch::Tensor> readSafetensors(const std::string& path);

}  // namespace pwb::train
