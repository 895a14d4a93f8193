#pragma once
// Right-padding variable-length token sequences into one EncoderInput (ids, attention mask, token types),
// the batching every scoring loop needs.
#include <cstdint>
#include <vector>

#include "model/masked_lm.h"

namespace pwb::model {

// rows[i] -> row i of [B, maxLen] ids (padId after the end), attentionMask 1/0, tokenTypeIds from
// typeIds when given (same lengths as rows) else zeros. Throws pwb::Error on an empty batch.
EncoderInput padBatch(const std::vector<const std::vector<int64_t>*>& rows, int64_t padId,
                      const std::vector<const std::vector<int64_t>*>& typeIds = {});

}  // namespace pwb::model
