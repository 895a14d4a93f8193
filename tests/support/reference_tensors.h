// The reference fixtures' JSON numbers (tests/reference/fixtures/*/reference.json) as tensors, and the
// largest absolute difference between two tensors on any device — for tests comparing against them.
#pragma once

#include <torch/torch.h>

#include <nlohmann/json.hpp>
#include <vector>

namespace pwb::test {

// [1, n] int64 from a list of ids.
inline torch::Tensor longRow(const nlohmann::json& j) {
  return torch::tensor(j.get<std::vector<int64_t>>(), torch::kLong).unsqueeze(0);
}

// [rows, n] int64 from a list of id lists of equal length.
inline torch::Tensor longRows(const nlohmann::json& j) {
  std::vector<torch::Tensor> rows;
  for (const auto& r : j) rows.push_back(longRow(r));
  return torch::cat(rows, 0);
}

// [rows, n] fp32 from a list of number lists of equal length.
inline torch::Tensor floatRows(const nlohmann::json& j) {
  std::vector<torch::Tensor> rows;
  for (const auto& r : j)
    rows.push_back(torch::tensor(r.get<std::vector<float>>(), torch::kFloat).unsqueeze(0));
  return torch::cat(rows, 0);
}

// max |a - b| in double precision on the CPU; 1e9 when the shapes differ (so a bound check fails).
inline double maxDiff(const torch::Tensor& a, const torch::Tensor& b) {
  if (a.sizes() != b.sizes()) return 1e9;
  return (a.cpu().to(torch::kDouble) - b.cpu().to(torch::kDouble)).abs().max().item<double>();
}

}  // namespace pwb::test
