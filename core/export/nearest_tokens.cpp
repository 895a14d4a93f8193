#include "export/nearest_tokens.h"

#include <algorithm>
#include <limits>
#include <set>
#include <string>

#include "common/error.h"

namespace pwb::exporting {

std::vector<std::vector<std::pair<int64_t, double>>> nearestRows(const torch::Tensor& vectors,
                                                                 const torch::Tensor& embeddings, int k,
                                                                 const std::vector<int64_t>& exclude) {
  if (vectors.dim() != 2 || embeddings.dim() != 2 || vectors.size(1) != embeddings.size(1)) {
    throw Error("soft vectors of width " + std::to_string(vectors.dim() == 2 ? vectors.size(1) : -1) +
                " cannot be compared with word embeddings of width " +
                std::to_string(embeddings.dim() == 2 ? embeddings.size(1) : -1));
  }
  torch::NoGradGuard ng;
  const auto v = torch::nn::functional::normalize(
      vectors.to(torch::kFloat).cpu(), torch::nn::functional::NormalizeFuncOptions().dim(1).eps(1e-12));
  const auto e = torch::nn::functional::normalize(
      embeddings.to(torch::kFloat).cpu(), torch::nn::functional::NormalizeFuncOptions().dim(1).eps(1e-12));
  auto sim = v.matmul(e.t());  // [N,V]
  std::set<int64_t> excluded;
  for (int64_t id : exclude) {
    if (id >= 0 && id < sim.size(1)) excluded.insert(id);
  }
  for (int64_t id : excluded) sim.select(1, id).fill_(-std::numeric_limits<float>::infinity());
  const int64_t kk = std::min<int64_t>(std::max(k, 0), sim.size(1) - static_cast<int64_t>(excluded.size()));
  std::vector<std::vector<std::pair<int64_t, double>>> out(static_cast<size_t>(vectors.size(0)));
  if (kk <= 0) return out;
  const auto top = sim.topk(kk, 1);
  const auto vals = std::get<0>(top).to(torch::kDouble).contiguous();
  const auto idx = std::get<1>(top).contiguous();
  for (int64_t i = 0; i < vals.size(0); ++i) {
    for (int64_t j = 0; j < kk; ++j) {
      out[static_cast<size_t>(i)].emplace_back(idx[i][j].item<int64_t>(), vals[i][j].item<double>());
    }
  }
  return out;
}

}  // namespace pwb::exporting
