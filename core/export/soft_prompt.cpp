#include "export/soft_prompt.h"

#include <string>

#include "common/error.h"

namespace pwb::exporting {
namespace {

std::string shapeText(const torch::Tensor& t) {
  std::string s = "[";
  for (int64_t i = 0; i < t.dim(); ++i) s += (i ? ", " : "") + std::to_string(t.size(i));
  return s + "]";
}

torch::Tensor onesLike(const torch::Tensor& ids, const torch::Tensor& mask) {
  return mask.defined() ? mask.to(torch::kLong) : torch::ones_like(ids, torch::kLong);
}
torch::Tensor zerosLike(const torch::Tensor& ids, const torch::Tensor& types) {
  return types.defined() ? types.to(torch::kLong) : torch::zeros_like(ids, torch::kLong);
}

}  // namespace

const char* placementName(PromptPlacement p) {
  switch (p) {
    case PromptPlacement::BeforeCls:
      return "before-cls";
    case PromptPlacement::Slots:
      return "slots";
    case PromptPlacement::Prefix:
      return "prefix";
  }
  return "?";
}

std::vector<std::pair<torch::Tensor, torch::Tensor>> prefixKeyValues(const torch::Tensor& table,
                                                                     const model::ModelConfig& c) {
  const int64_t width = c.numLayers * 2 * c.hiddenSize;
  if (table.dim() != 2 || table.size(1) != width) {
    throw Error("the prefix table has shape " + shapeText(table) + " but the model needs [P, " +
                std::to_string(width) + "] (" + std::to_string(c.numLayers) + " layers x 2 x hidden " +
                std::to_string(c.hiddenSize) + ")");
  }
  const int64_t p = table.size(0);
  // [P, L*2, heads, d] -> [L*2, heads, P, d]: entry 2l is layer l's keys, 2l+1 its values.
  const auto kv = table.reshape({p, c.numLayers * 2, c.numHeads, c.headDim()}).permute({1, 2, 0, 3});
  std::vector<std::pair<torch::Tensor, torch::Tensor>> out;
  for (int64_t l = 0; l < c.numLayers; ++l)
    out.emplace_back(kv[2 * l].unsqueeze(0), kv[2 * l + 1].unsqueeze(0));
  return out;
}

PromptedInput applySoftPrompt(const SoftPrompt& prompt, model::MaskedLM& model, const torch::Tensor& ids,
                              const torch::Tensor& attentionMask, const torch::Tensor& typeIds,
                              const torch::Tensor& slots) {
  const auto& c = model.config();
  if (!prompt.vectors.defined() || prompt.vectors.dim() != 2 || prompt.vectors.size(0) == 0) {
    throw Error("the soft prompt holds no vectors");
  }
  if (ids.dim() != 2) throw Error("the input ids must be a [batch, length] tensor, got " + shapeText(ids));
  const auto vectors = prompt.vectors.to(model.device(), model.dtype());
  const int64_t b = ids.size(0), n = vectors.size(0);
  const auto mask = onesLike(ids, attentionMask).to(model.device());
  const auto types = zerosLike(ids, typeIds).to(model.device());
  const auto tokens = ids.to(model.device(), torch::kLong);
  PromptedInput out;
  auto& in = out.input;
  if (prompt.placement == PromptPlacement::Prefix) {
    in.inputIds = tokens;
    in.attentionMask = mask;
    in.tokenTypeIds = types;
    in.prefixKeyValues = prefixKeyValues(vectors, c);
    return out;
  }
  if (vectors.size(1) != c.hiddenSize) {
    throw Error("the soft prompt's vectors have width " + std::to_string(vectors.size(1)) +
                " but the model's hidden size is " + std::to_string(c.hiddenSize));
  }
  const auto words = model.wordEmbeddings(tokens);  // [B,T,H]
  const auto block = vectors.unsqueeze(0).expand({b, n, c.hiddenSize});
  const auto ones = torch::ones({b, n}, mask.options());
  const auto zeros = torch::zeros({b, n}, types.options());
  const bool hasSlots = slots.defined() && (slots >= 0).any().item<bool>();
  if (prompt.placement == PromptPlacement::BeforeCls) {
    in.inputsEmbeds = torch::cat({block, words}, 1);
    in.attentionMask = torch::cat({ones, mask}, 1);
    in.tokenTypeIds = torch::cat({zeros, types}, 1);
    out.shift = n;
  } else if (!hasSlots) {
    using torch::indexing::Slice;
    in.inputsEmbeds =
        torch::cat({words.index({Slice(), Slice(0, 1)}), block, words.index({Slice(), Slice(1)})}, 1);
    in.attentionMask =
        torch::cat({mask.index({Slice(), Slice(0, 1)}), ones, mask.index({Slice(), Slice(1)})}, 1);
    in.tokenTypeIds =
        torch::cat({types.index({Slice(), Slice(0, 1)}), zeros, types.index({Slice(), Slice(1)})}, 1);
    out.shift = n;
  } else {
    if (slots.sizes() != ids.sizes()) {
      throw Error("the slot map has shape " + shapeText(slots) + " but the input ids " + shapeText(ids));
    }
    const auto s = slots.to(model.device(), torch::kLong);
    if (s.max().item<int64_t>() >= n) {
      throw Error("the template has more soft slots (" + std::to_string(s.max().item<int64_t>() + 1) +
                  ") than the prompt has vectors (" + std::to_string(n) + ")");
    }
    const auto isSlot = (s >= 0).unsqueeze(-1);
    const auto picked = vectors.index_select(0, s.clamp_min(0).flatten()).view(words.sizes());
    in.inputsEmbeds = torch::where(isSlot, picked, words);
    in.attentionMask = mask;
    in.tokenTypeIds = types;
  }
  return out;
}

}  // namespace pwb::exporting
