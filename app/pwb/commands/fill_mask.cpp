// pwb fill-mask: the model's top-k tokens and probabilities at each mask of a text, or (--fill) all masks
// filled jointly by core/eval/mask_infill. The mask may be written [MASK] for every model; it is respelled
// as the model's own mask token (<mask> for RoBERTa).
#include <iomanip>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli_args.h"
#include "command_registry.h"
#include "common/error.h"
#include "common/paths.h"
#include "eval/mask_infill.h"
#include "model/masked_lm.h"
#include "tokenize/tokenizer.h"

namespace {

const char* kUsage = R"(Usage:
  pwb fill-mask [--model DIR] [--top-k N] [--fill ORDER] [--beam N] [--json] [--device D] [--bf16]
                [--threads N] "TEXT with [MASK]"

Prints the model's top-k predictions (token and probability) at every mask in TEXT, each mask on its
own; or, with --fill, fills all masks jointly (each fill conditioned on the fills before it) and prints the
filled text and its score, the sum of the chosen tokens' log-probabilities. Write the mask as [MASK] for
any model (it becomes <mask> for RoBERTa) or in the model's own spelling.

  --model DIR    Hugging Face BERT/RoBERTa folder (default: the bundled demo-bert-mini)
  --top-k N      predictions per mask (default 5; independent order only)
  --fill ORDER   independent (default: top-k per mask, no joint fill) | left-to-right (fill the leftmost
                 mask with its most likely token, run the model again, next) | confident-first (fill the
                 mask whose best token is most probable first) | beam (beam search, masks left to right)
                 Joint orders take at most 16 masks and never choose special tokens ([CLS], [MASK], ...).
  --beam N       beam width for --fill beam (default 4, 1..64); the N best hypotheses are printed
  --json         JSON output. Independent: {"text", "tokens", "masks": [{"position", "predictions":
                 [{"token", "id", "text", "probability"}]}]}; "text" is the decoded token (no ##, no Ġ).
                 Joint: {"text", "tokens", "order", "beam" (beam only), "hypotheses": [{"text", "score",
                 "fills": [{"position", "token", "id", "text", "log_probability", "step"}],
                 "step_log_probabilities"}]}, best first; "step" counts from 0
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

// --fill other than independent: the hypotheses of core's joint fill, as JSON or text.
int printJoint(const pwb::cli::Args& args, pwb::model::MaskedLM& model, const pwb::tokenize::Tokenizer& tok,
               const std::string& text, const pwb::tokenize::Encoding& enc,
               const pwb::eval::InfillOptions& o) {
  const auto hyps = pwb::eval::fillMasks(model, tok, enc.ids, enc.typeIds, o);
  nlohmann::json out = {{"text", text}, {"tokens", enc.tokens}, {"order", pwb::eval::fillOrderName(o.order)}};
  if (o.order == pwb::eval::FillOrder::Beam) out["beam"] = o.beamWidth;
  out["hypotheses"] = nlohmann::json::array();
  for (const auto& h : hyps) {
    nlohmann::json fills = nlohmann::json::array();
    for (const auto& f : h.fills)
      fills.push_back({{"position", f.position},
                       {"token", f.token},
                       {"id", f.id},
                       {"text", tok.decode({f.id})},
                       {"log_probability", f.logProb},
                       {"step", f.step}});
    out["hypotheses"].push_back(
        {{"text", h.text}, {"score", h.score}, {"fills", fills}, {"step_log_probabilities", h.stepLogProbs}});
  }
  if (args.has("json")) {
    std::cout << out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    return 0;
  }
  int rank = 0;
  for (const auto& h : out["hypotheses"]) {
    std::cout << (hyps.size() > 1 ? "#" + std::to_string(++rank) + " " : std::string()) << "score "
              << std::fixed << std::setprecision(4) << h["score"].get<double>() << "  "
              << h["text"].get<std::string>() << "\n";
    for (const auto& f : h["fills"])
      std::cout << "  mask at token " << f["position"].get<int64_t>() << ": " << std::left << std::setw(16)
                << f["token"].get<std::string>() << std::right << " log-prob "
                << f["log_probability"].get<double>() << " (step " << f["step"].get<int>() + 1 << ")\n";
  }
  return 0;
}

int run(const std::vector<std::string>& argv) {
  const pwb::cli::Args args(argv, {"model", "top-k", "fill", "beam", "device", "threads"}, {"json", "bf16"});
  if (args.help()) {
    std::cout << kUsage;
    return 0;
  }
  if (args.positionals().size() != 1)
    throw pwb::cli::UsageError("expected exactly one TEXT argument (see --help)");
  const std::string dir = args.has("model") ? args.get("model") : pwb::demoModelDir();
  const int topK = args.getInt("top-k", 5);
  if (topK < 1) throw pwb::Error("--top-k must be at least 1");
  pwb::eval::InfillOptions infill;
  infill.order = pwb::eval::parseFillOrder(args.get("fill", "independent"));
  const bool joint = infill.order != pwb::eval::FillOrder::Independent;
  if (joint && args.has("top-k"))
    throw pwb::cli::UsageError("--top-k is for the independent order; --fill beam takes --beam N");
  if (args.has("beam") && infill.order != pwb::eval::FillOrder::Beam)
    throw pwb::cli::UsageError("--beam N needs --fill beam");
  infill.beamWidth = args.getInt("beam", 4);
  infill.topN = infill.beamWidth;
  if (infill.order == pwb::eval::FillOrder::Beam &&
      (infill.beamWidth < 1 || infill.beamWidth > pwb::eval::kMaxBeamWidth))
    throw pwb::Error("--beam must be 1.." + std::to_string(pwb::eval::kMaxBeamWidth) + ", got " +
                     std::to_string(infill.beamWidth));
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

  if (joint) return printJoint(args, *model, *tok, text, enc, infill);

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

pwb::cli::CommandRegistrar reg{
    {"fill-mask", "top-k predictions at each [MASK] of a text, or all masks filled jointly", kUsage, run}};

}  // namespace
