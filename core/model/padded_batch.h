#pragma once
// The one padding routine: variable-length token sequences right-padded into one EncoderInput (ids,
// attention mask, token types). Evaluation (eval/mask_states), trained-prompt evaluation (export/prompt_eval
// through eval/mask_states), training batches (train/batch) and the model tests all pad through here, so a
// padding fix lands once. The tensors are built on the CPU; MaskedLM moves its inputs to its device.
#include <cstdint>
#include <vector>

#include "model/masked_lm.h"

namespace pwb::model {

using TokenRows = std::vector<const std::vector<int64_t>*>;

// The longest row's length (0 for no rows).
int64_t longestRow(const TokenRows& rows);

// [B, length] int64: row b is rows[b] followed by `fill`. Throws pwb::Error when a row is longer than
// `length`.
torch::Tensor padRows(const TokenRows& rows, int64_t fill, int64_t length);

// rows[i] -> row i of [B, maxLen] ids (padId after the end), attentionMask 1 on tokens and 0 on padding,
// tokenTypeIds from typeIds[i] (zeros when typeIds is not given or typeIds[i] is empty; otherwise it must
// have the length of rows[i]), tokenIndex over the tokens (for MaskedLM::encodeRows). Throws pwb::Error on
// an empty batch or when every sequence is empty.
EncoderInput padBatch(const TokenRows& rows, int64_t padId, const TokenRows& typeIds = {});

// The pad id every batch uses, at training and at test time alike: the tokenizer's pad token, or the
// config's pad_token_id when the tokenizer has none (tokenizerPadId < 0). Padding never changes the
// result (attention mask 0 there); RoBERTa's position ids count non-pad tokens, so the pad id is the one
// the model expects where the tokenizer names none.
int64_t paddingId(int64_t tokenizerPadId, const ModelConfig& config);

}  // namespace pwb::model
