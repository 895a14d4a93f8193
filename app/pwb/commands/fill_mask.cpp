// pwb fill-mask: the model's top-k tokens and probabilities at each mask of a text. The mask may be
// written [MASK] for every model; it is respelled as the model's own mask token (<mask> for RoBERTa).
#include <iomanip>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli_args.h"
#include "command_registry.h"
#include "common/error.h"
#include "common/paths.h"
#include "model/masked_lm.h"
#include "tokenize/tokenizer.h"

namespace {

const char* kUsage = R"(Usage:
  pwb fill-mask [--model DIR] [--top-k N] [--json] [--device D] [--bf16] [--threads N] "TEXT with [MASK]"

Prints the model's top-k predictions (token and probability) at every mask in TEXT. Write the mask as
[MASK] for any model (it becomes <mask> for RoBERTa) or in the model's own spelling.

  --model DIR    Hugging Face BERT/RoBERTa folder (default: the bundled demo-bert-mini)
  --top-k N      predictions per mask (default 5)
  --json         JSON output: {"text", "tokens", "masks": [{"position", "predictions": [{"token", "id",
                 "text", "probability"}]}]}; "text" is the decoded token (no ##, no Ġ)
  --device D     auto (default: CUDA when available, else CPU) | cpu | cuda | cuda:N
  --bf16         bf16 inference (probabilities differ slightly from fp32)
  --threads N    CPU threads (default: all cores)
)";

std::string replaceAll(std::string s, const std::string& from, const std::string& to) {
  if (from == to || from.empty()) return s;
  for (size_t p = s.find(from); p != std::string::npos; p = s.find(from, p + to.size()))
    s.replace(p, from.size(), to);
  return s;
}

int run(const std::vector<std::string>& argv) {
  const pwb::cli::Args args(argv, {"model", "top-k", "device", "threads"}, {"json", "bf16"});
  if (args.help()) {
    std::cout << kUsage;
    return 0;
  }
  if (args.positionals().size() != 1)
    throw pwb::cli::UsageError("expected exactly one TEXT argument (see --help)");
  const std::string dir = args.has("model") ? args.get("model") : pwb::demoModelDir();
  const int topK = args.getInt("top-k", 5);
  if (topK < 1) throw pwb::Error("--top-k must be at least 1");
  pwb::model::setComputeThreads(args.getInt("threads", 0));

  auto tok = pwb::tokenize::loadTokenizer(dir);
  pwb::model::LoadOptions opts;
  opts.device = args.get("device", "auto");
  opts.bf16 = args.has("bf16");
  auto model = pwb::model::MaskedLM::load(dir, opts);
  const auto& sp = tok->special();
  if (sp.maskId < 0) throw pwb::Error(dir + ": the tokenizer has no mask token");
  const std::string text = replaceAll(args.positionals()[0], "[MASK]", sp.mask);
  const auto enc = tok->encode(text);
  std::vector<int64_t> maskPos;
  for (size_t i = 0; i < enc.ids.size(); ++i)
    if (enc.ids[i] == sp.maskId) maskPos.push_back(static_cast<int64_t>(i));
  if (maskPos.empty())
    throw pwb::Error("the text contains no " + sp.mask + " (write [MASK] where the model should fill in)");
  const int64_t usable = model->config().usableTokens();
  if (static_cast<int64_t>(enc.ids.size()) > usable)
    throw pwb::Error("the text is " + std::to_string(enc.ids.size()) +
                     " tokens long; the model accepts at most " + std::to_string(usable));

  torch::InferenceMode guard;
  pwb::model::EncoderInput in;
  in.inputIds = torch::tensor(enc.ids, torch::kLong).unsqueeze(0);
  if (model->config().typeVocabSize > 1)
    in.tokenTypeIds = torch::tensor(enc.typeIds, torch::kLong).unsqueeze(0);
  const auto hidden = model->encode(in);
  const auto pos = torch::tensor(maskPos, torch::kLong);
  const auto probs =
      torch::softmax(
          model->mlmLogits(pwb::model::MaskedLM::gatherPositions(hidden, torch::zeros_like(pos), pos)), -1)
          .cpu();
  const auto top = probs.topk(std::min<int64_t>(topK, probs.size(1)), 1);
  const auto values = std::get<0>(top), indices = std::get<1>(top);

  nlohmann::json out = {{"text", text}, {"tokens", enc.tokens}, {"masks", nlohmann::json::array()}};
  for (size_t m = 0; m < maskPos.size(); ++m) {
    nlohmann::json preds = nlohmann::json::array();
    for (int64_t k = 0; k < values.size(1); ++k) {
      const int64_t id = indices[m][k].item<int64_t>();
      preds.push_back({{"token", tok->idToToken(id)},
                       {"text", tok->decode({id})},
                       {"id", id},
                       {"probability", values[m][k].item<double>()}});
    }
    out["masks"].push_back({{"position", maskPos[m]}, {"predictions", preds}});
  }
  if (args.has("json")) {
    // A byte-level BPE token can be part of a multi-byte character: its decoded text is then not valid
    // UTF-8 on its own, and JSON shows U+FFFD for the partial bytes instead of failing.
    std::cout << out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    return 0;
  }
  for (const auto& m : out["masks"]) {
    std::cout << "mask at token " << m["position"].get<int64_t>() << ":\n";
    for (const auto& p : m["predictions"])
      std::cout << "  " << std::left << std::setw(20) << p["token"].get<std::string>() << std::right
                << std::fixed << std::setprecision(4) << p["probability"].get<double>() << "\n";
  }
  return 0;
}

pwb::cli::CommandRegistrar reg{{"fill-mask", "top-k predictions at each [MASK] of a text", kUsage, run}};

}  // namespace
