#pragma once
// Nearest vocabulary rows of soft-prompt vectors by cosine similarity. Includes torch.
#include <torch/torch.h>

#include <cstdint>
#include <utility>
#include <vector>

namespace pwb::exporting {

// vectors [N,H], embeddings [V,H] -> per vector the k rows of embeddings with the highest cosine
// similarity, best first, as (row, cosine). Rows listed in `exclude` (special tokens) are skipped.
// Zero vectors have cosine 0 with everything. Throws pwb::Error when the widths differ.
std::vector<std::vector<std::pair<int64_t, double>>> nearestRows(const torch::Tensor& vectors,
                                                                 const torch::Tensor& embeddings, int k,
                                                                 const std::vector<int64_t>& exclude = {});

}  // namespace pwb::exporting
