#include "export/prompt_eval.h"

#include <torch/torch.h>

#include "common/error.h"
#include "common/text_file.h"
#include "data/dataset_import.h"
#include "eval/eval_session.h"
#include "eval/metrics.h"
#include "eval/session_impl.h"
#include "export/bundle.h"
#include "export/bundle_method.h"
#include "export/prompt_loader.h"
#include "model/masked_lm.h"
#include "prompt/template.h"

namespace pwb::exporting {
namespace {

// The smallest room the model's positions must leave for the text once the virtual tokens took theirs.
constexpr int64_t kMinTextTokens = 8;

// A PEFT adapter scored through eval::EvalSession — the rendering, batching, padding, multi-token modes,
// aggregation, calibration and top-k of `pwb eval` — with the adapter's vectors applied by the session's
// batch encoder. The mask states stay on the CPU like every session's (eval/mask_states.h), whatever the
// device.
eval::CellResult evaluatePeft(const PromptEvalRequest& r, const LoadedPrompt& p, data::Dataset data) {
  const std::string templateText = r.templateText.empty() ? p.templateText : r.templateText;
  const std::string verbalizerText = r.verbalizer.empty() ? p.verbalizer : r.verbalizer;
  if (templateText.empty() || verbalizerText.empty()) {
    throw fileError(p.dir,
                    "a PEFT adapter carries no template or verbalizer: pass --template and --verbalizer");
  }
  const auto tmpl = prompt::parseTemplate(templateText);
  if (tmpl.softCount() > 0 || tmpl.pseudoCount() > 0) {
    throw Error("the template has [SOFT]/[P] slots, but a PEFT adapter supplies its vectors itself (" +
                std::string(placementName(p.prompt.placement)) + "); remove them from the template" +
                (p.replayProblem.empty()
                     ? std::string()
                     : " (the training run cannot be replayed: " + p.replayProblem + ")"));
  }
  eval::SessionOptions so;
  so.device = r.device;
  so.threads = r.threads;
  so.bf16 = r.bf16;
  eval::EvalSession session(r.modelDir, so);
  attachPeftPrompt(session, p);
  eval::EvalRequest req;
  req.data = std::move(data);
  req.templateText = templateText;
  req.verbalizerText = verbalizerText;
  req.options = r.options;
  req.limit = r.limit;
  return session.evaluate(req);
}

eval::CellResult evaluateBundle(const PromptEvalRequest& r, const LoadedPrompt& p) {
  if (!r.templateText.empty() && r.templateText != p.templateText) {
    throw Error("a bundle is evaluated with the template it was trained with; drop --template");
  }
  if (!r.verbalizer.empty() && r.verbalizer != p.verbalizer) {
    throw Error("a bundle is evaluated with the verbalizer it was trained with; drop --verbalizer");
  }
  const auto ignored = bundleIgnores(r);
  if (!ignored.empty()) {
    std::string names;
    for (const auto& n : ignored) names += (names.empty() ? "" : ", ") + n;
    if (p.source == PromptSource::Bundle)
      throw Error("a bundle predicts with its training method's own scoring, so " + names +
                  " cannot be applied to it; drop them");
    throw Error("the PEFT adapter " + p.dir + " replays the run that exported it, which predicts with its " +
                "training method's own scoring, so " + names +
                " cannot be applied; drop them, or give --template/--verbalizer to score the adapter as "
                "PEFT applies it");
  }
  BundlePredictRequest q;
  q.bundleDir = p.dir;
  q.modelDir = r.modelDir;
  q.dataPath = r.dataPath;
  q.dataFormat = r.dataFormat;
  q.limit = r.limit;
  q.batchSize = r.options.batchSize;
  q.device = r.device;
  const auto out = predictWithBundle(q);
  eval::CellResult cell;
  cell.templateText = p.templateText;
  cell.verbalizerText = p.verbalizer;
  cell.labels = out.labels;
  std::vector<int> gold, pred;
  for (size_t i = 0; i < out.predicted.size(); ++i) {
    eval::ExamplePrediction e;
    e.id = out.exampleIds[i];
    e.gold = out.gold[i];
    e.pred = out.predicted[i];
    if (e.gold >= 0) {
      gold.push_back(e.gold);
      pred.push_back(e.pred);
    }
    cell.examples.push_back(std::move(e));
  }
  cell.metrics = eval::computeMetrics(gold, pred, cell.labels);
  cell.notes.push_back(p.source == PromptSource::Bundle
                           ? "evaluated with the " + p.method + " bundle " + p.dir
                           : "evaluated as the run that exported the PEFT adapter " + p.dir +
                                 " (its training method, vector placement and length budget)");
  return cell;
}

}  // namespace

void attachPeftPrompt(eval::EvalSession& session, const LoadedPrompt& p) {
  eval::EvalSession::Impl& s = session.internals();
  model::MaskedLM& m = *s.model;
  // Prepended tokens take positions; so do prefixes (the model counts positions from the prefix length, as
  // HF BERT does with past keys/values).
  s.reservedPositions = static_cast<int>(p.prompt.count());
  if (m.config().usableTokens() - s.reservedPositions < kMinTextTokens)
    throw Error("the model's positions leave no room for the prompt's virtual tokens");
  const SoftPrompt& prompt = p.prompt;
  s.encoder = [&m, &prompt](const model::EncoderInput& batch) {
    const auto applied = applySoftPrompt(prompt, m, batch.inputIds, batch.attentionMask, batch.tokenTypeIds);
    return eval::EncodedBatch{m.encode(applied.input), applied.shift};
  };
}

std::vector<std::string> bundleIgnores(const PromptEvalRequest& r) {
  const eval::ScoringOptions d;
  const auto& o = r.options;
  std::vector<std::string> out;
  if (o.calibration != d.calibration) out.push_back("calibration");
  if (o.multiToken != d.multiToken) out.push_back("the multi-token mode");
  if (o.aggregation != d.aggregation) out.push_back("the word aggregation");
  if (o.topK != d.topK) out.push_back("top-k");
  if (o.maxLength != d.maxLength) out.push_back("max-length (the bundle keeps training's)");
  if (r.bf16) out.push_back("bf16");
  return out;
}

eval::CellResult evaluateWithPrompt(const PromptEvalRequest& r) {
  model::setComputeThreads(r.threads);
  const auto config = model::ModelConfig::fromFile(joinPath(r.modelDir, "config.json"));
  const auto p = loadPrompt(r.promptDir, config, r.modelDir);
  if (p.source == PromptSource::Bundle) return evaluateBundle(r, p);
  // Our own adapter with its own template and verbalizer: the run replayed (placement included), as a
  // bundle would be. Another template or verbalizer applies the adapter the way PEFT does.
  const bool ownTemplate = r.templateText.empty() || r.templateText == p.templateText;
  const bool ownVerbalizer = r.verbalizer.empty() || r.verbalizer == p.verbalizer;
  if (p.replaysMethod && ownTemplate && ownVerbalizer) return evaluateBundle(r, p);
  data::ImportOptions io;
  io.format = r.dataFormat;
  return evaluatePeft(r, p, data::importDataset(r.dataPath, io));
}

}  // namespace pwb::exporting
