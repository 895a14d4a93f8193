#include "model/safetensors_tensor.h"

#include "common/error.h"

namespace pwb::model {

torch::Tensor readFloatTensor(const SafetensorsFile& file, const TensorEntry& entry) {
  torch::ScalarType stored;
  switch (entry.dtype) {
    case StoredDtype::F32:
      stored = torch::kFloat;
      break;
    case StoredDtype::F16:
      stored = torch::kHalf;
      break;
    case StoredDtype::BF16:
      stored = torch::kBFloat16;
      break;
    default:
      throw keyError(
          file.path(), entry.name,
          std::string("dtype ") + dtypeName(entry.dtype) + " cannot be a weight (supported: F32, F16, BF16)");
  }
  // Read into the tensor's own (aligned) storage; the file may have changed since it was opened, which
  // read() reports instead of faulting.
  auto t = torch::empty(entry.shape, torch::TensorOptions().dtype(stored));
  file.read(entry, t.data_ptr());
  return stored == torch::kFloat ? t : t.to(torch::kFloat);
}

torch::Tensor readFloatTensor(const std::string& path, const std::string& name) {
  SafetensorsFile f(path);
  const TensorEntry* e = f.find(name);
  if (!e) throw keyError(path, name, "tensor not found in the file");
  return readFloatTensor(f, *e);
}

}  // namespace pwb::model
