#pragma once
// Copies a validated safetensors entry into a torch tensor (fp32 for float weights), e.g. for the
// model loader and for importing PEFT adapters (adapter_model.safetensors).
#include <torch/torch.h>

#include "model/safetensors_reader.h"

namespace pwb::model {

// F32/F16/BF16 -> a new contiguous CPU fp32 tensor of the entry's shape; other dtypes throw pwb::Error
// naming the file and tensor.
torch::Tensor readFloatTensor(const SafetensorsFile& file, const TensorEntry& entry);

// Convenience: opens path (validated), reads tensor `name`; error naming the file when absent.
torch::Tensor readFloatTensor(const std::string& path, const std::string& name);

}  // namespace pwb::model
