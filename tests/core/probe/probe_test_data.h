#pragma once
// The tiny-bert fixture's own full-vocabulary logits at the mask, computed one prompt at a time without
// batching or padding (independently of the probe's batched path), and small probing data sets.
#include <torch/torch.h>

#include <string>
#include <utility>
#include <vector>

#include "data/dataset.h"
#include "model/masked_lm.h"
#include "prompt/prompt_renderer.h"
#include "prompt/template.h"
#include "tokenize/tokenizer.h"

namespace pwb::probe::testing {

inline const std::string kTinyBert = std::string(PWB_REFERENCE_DIR) + "/fixtures/tiny-bert";
inline const std::string kTemplate = "the capital of {sub_label} is [MASK] .";

// One field "sub_label"; rows {subject, answer}.
inline data::Dataset facts(const std::vector<std::pair<std::string, std::string>>& rows) {
  data::Dataset d;
  d.path = "in-memory";
  d.format = "test";
  d.columns = {"sub_label"};
  int line = 0;
  for (const auto& [subject, answer] : rows) {
    data::Example e;
    e.line = ++line;
    e.id = "L" + std::to_string(line);
    e.fields = {subject};
    e.label = answer;
    d.examples.push_back(e);
  }
  data::refreshLabels(d);
  return d;
}

// log-softmax over the whole vocabulary at the mask of kTemplate with `subject`: [V] double, CPU.
inline torch::Tensor handLogProbs(const std::string& subject) {
  torch::NoGradGuard ng;
  static auto m = model::MaskedLM::load(kTinyBert);
  static auto tok = tokenize::loadTokenizer(kTinyBert);
  const prompt::PromptRenderer renderer(prompt::parseTemplate(kTemplate), {"sub_label"}, *tok,
                                        static_cast<int>(m->config().usableTokens()));
  const auto r = renderer.render({subject});
  model::EncoderInput in;
  in.inputIds = torch::tensor(r.ids, torch::kLong).unsqueeze(0);
  const auto h = m->encode(in);
  return torch::log_softmax(m->mlmLogits(h[0][r.maskPositions[0]].unsqueeze(0)), 1)[0].to(torch::kDouble);
}

// 1 + the number of tokens more likely than `id`.
inline int64_t handRank(const torch::Tensor& logProbs, int64_t id) {
  return (logProbs > logProbs[id]).sum().item<int64_t>() + 1;
}

}  // namespace pwb::probe::testing
