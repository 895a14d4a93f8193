#include "train/methods/prompt_tuning/prompt_init.h"

#include "common/error.h"
#include "tokenize/tokenizer.h"

namespace pwb::train::methods {
namespace {

// Rows of the word-embedding matrix for ids, cycled to n rows.
torch::Tensor cycledRows(model::MaskedLM& model, const std::vector<int64_t>& ids, int64_t n) {
  std::vector<int64_t> picked;
  for (int64_t i = 0; i < n; ++i) picked.push_back(ids[static_cast<size_t>(i) % ids.size()]);
  torch::NoGradGuard noGrad;
  const auto idx = torch::tensor(picked, torch::kLong).to(model.device());
  return model.wordEmbeddings(idx).to(torch::kFloat).detach().clone();
}

size_t codePoints(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

}  // namespace

std::vector<int64_t> frequentTokenIds(const tokenize::Tokenizer& tokenizer, int64_t count) {
  std::vector<int64_t> ids;
  const int64_t vocab = tokenizer.vocabSize();
  for (int64_t id = 0; id < vocab && static_cast<int64_t>(ids.size()) < count; ++id) {
    std::string tok = tokenizer.idToToken(id);
    if (tok.empty()) continue;
    if ((tok.front() == '[' && tok.back() == ']') || (tok.front() == '<' && tok.back() == '>')) continue;
    if (tok.rfind("##", 0) == 0) tok = tok.substr(2);
    if (tok.rfind("\xC4\xA0", 0) == 0) tok = tok.substr(2);  // BPE's leading-space mark Ġ
    if (codePoints(tok) <= 1) continue;
    ids.push_back(id);
  }
  return ids;
}

torch::Tensor initialPrompt(const MethodContext& ctx, int64_t n, const std::string& init) {
  const int64_t h = ctx.model->config().hiddenSize;
  if (init == "random-uniform") return torch::rand({n, h}) - 0.5;  // U(-0.5, 0.5) as Lester et al.
  if (init == "label-words") {
    std::vector<int64_t> ids;
    for (const auto& words : ctx.labelTokenIds) ids.insert(ids.end(), words.begin(), words.end());
    if (ids.empty()) throw Error("label-words initialisation needs label words in the verbalizer");
    return cycledRows(*ctx.model, ids, n);
  }
  if (init == "text") {
    if (ctx.tokenizer == nullptr) throw Error("text initialisation needs the model's tokenizer");
    const auto enc = ctx.tokenizer->encodeRaw(ctx.options.initText);
    if (enc.ids.empty()) throw Error("text initialisation: the init text has no tokens (set --init-text)");
    return cycledRows(*ctx.model, enc.ids, n);
  }
  if (init == "vocab-sample") {
    if (ctx.tokenizer == nullptr) throw Error("vocab-sample initialisation needs the model's tokenizer");
    const auto pool = frequentTokenIds(*ctx.tokenizer, ctx.options.vocabSampleSize);
    if (static_cast<int64_t>(pool.size()) < n) {
      throw Error("vocab-sample initialisation: only " + std::to_string(pool.size()) +
                  " candidate tokens for " + std::to_string(n) + " vectors");
    }
    const auto order = torch::randperm(static_cast<int64_t>(pool.size()), torch::kLong);
    std::vector<int64_t> ids;
    for (int64_t i = 0; i < n; ++i) ids.push_back(pool[static_cast<size_t>(order[i].item<int64_t>())]);
    return cycledRows(*ctx.model, ids, n);
  }
  throw Error("unknown prompt initialisation '" + init +
              "' (random-uniform, vocab-sample, label-words, text)");
}

}  // namespace pwb::train::methods
