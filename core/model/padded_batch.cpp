#include "model/padded_batch.h"

#include <algorithm>
#include <string>
#include <vector>

#include "common/error.h"
#include "model/model_config.h"

namespace pwb::model {

int64_t longestRow(const TokenRows& rows) {
  int64_t t = 0;
  for (const auto* r : rows) t = std::max<int64_t>(t, static_cast<int64_t>(r->size()));
  return t;
}

torch::Tensor padRows(const TokenRows& rows, int64_t fill, int64_t length) {
  const int64_t b = static_cast<int64_t>(rows.size());
  auto out = torch::full({b, length}, fill, torch::kLong);
  auto* p = out.data_ptr<int64_t>();
  for (int64_t i = 0; i < b; ++i) {
    const auto& r = *rows[i];
    if (static_cast<int64_t>(r.size()) > length) {
      throw Error("padBatch: a row of " + std::to_string(r.size()) + " tokens does not fit in " +
                  std::to_string(length));
    }
    std::copy(r.begin(), r.end(), p + i * length);
  }
  return out;
}

EncoderInput padBatch(const TokenRows& rows, int64_t padId, const TokenRows& typeIds) {
  if (rows.empty()) throw Error("padBatch: empty batch");
  if (!typeIds.empty() && typeIds.size() != rows.size())
    throw Error("padBatch: typeIds and rows differ in count");
  const int64_t b = static_cast<int64_t>(rows.size());
  const int64_t t = longestRow(rows);
  if (t == 0) throw Error("padBatch: every sequence is empty");
  auto mask = torch::zeros({b, t}, torch::kLong);
  auto* pm = mask.data_ptr<int64_t>();
  std::vector<int64_t> tokens;  // flat indices i*t+j of the real tokens, ascending
  for (int64_t i = 0; i < b; ++i) {
    const auto len = static_cast<int64_t>(rows[i]->size());
    std::fill(pm + i * t, pm + i * t + len, 1);
    for (int64_t j = 0; j < len; ++j) tokens.push_back(i * t + j);
  }
  EncoderInput in;
  in.inputIds = padRows(rows, padId, t);
  in.attentionMask = mask;
  in.tokenIndex = torch::tensor(tokens, torch::kLong);
  if (typeIds.empty()) {
    in.tokenTypeIds = torch::zeros({b, t}, torch::kLong);
  } else {
    for (int64_t i = 0; i < b; ++i) {
      if (!typeIds[i]->empty() && typeIds[i]->size() != rows[i]->size())
        throw Error("padBatch: token type ids and ids differ in length");
    }
    in.tokenTypeIds = padRows(typeIds, 0, t);
  }
  return in;
}

int64_t paddingId(int64_t tokenizerPadId, const ModelConfig& config) {
  return tokenizerPadId >= 0 ? tokenizerPadId : config.padTokenId;
}

}  // namespace pwb::model
