#include "model/padded_batch.h"

#include <algorithm>

#include "common/error.h"

namespace pwb::model {

EncoderInput padBatch(const std::vector<const std::vector<int64_t>*>& rows, int64_t padId,
                      const std::vector<const std::vector<int64_t>*>& typeIds) {
  if (rows.empty()) throw Error("padBatch: empty batch");
  if (!typeIds.empty() && typeIds.size() != rows.size())
    throw Error("padBatch: typeIds and rows differ in count");
  const int64_t B = static_cast<int64_t>(rows.size());
  int64_t T = 0;
  for (const auto* r : rows) T = std::max<int64_t>(T, static_cast<int64_t>(r->size()));
  if (T == 0) throw Error("padBatch: every sequence is empty");
  auto ids = torch::full({B, T}, padId, torch::kLong);
  auto mask = torch::zeros({B, T}, torch::kLong);
  auto types = torch::zeros({B, T}, torch::kLong);
  auto* pi = ids.data_ptr<int64_t>();
  auto* pm = mask.data_ptr<int64_t>();
  auto* pt = types.data_ptr<int64_t>();
  for (int64_t b = 0; b < B; ++b) {
    const auto& r = *rows[b];
    std::copy(r.begin(), r.end(), pi + b * T);
    std::fill(pm + b * T, pm + b * T + static_cast<int64_t>(r.size()), 1);
    if (!typeIds.empty()) {
      if (typeIds[b]->size() != r.size()) throw Error("padBatch: token type ids and ids differ in length");
      std::copy(typeIds[b]->begin(), typeIds[b]->end(), pt + b * T);
    }
  }
  EncoderInput in;
  in.inputIds = ids;
  in.attentionMask = mask;
  in.tokenTypeIds = types;
  return in;
}

}  // namespace pwb::model
