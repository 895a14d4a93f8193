#include "export/prompt_eval.h"

#include <torch/torch.h>

#include <algorithm>

#include "common/error.h"
#include "common/text_file.h"
#include "data/dataset_import.h"
#include "eval/class_scorer.h"
#include "eval/mask_states.h"
#include "eval/metrics.h"
#include "export/bundle.h"
#include "export/bundle_method.h"
#include "export/prompt_loader.h"
#include "model/masked_lm.h"
#include "prompt/prompt_renderer.h"
#include "prompt/template.h"
#include "prompt/verbalizer.h"
#include "tokenize/tokenizer.h"
#include "train/trainer.h"

namespace pwb::exporting {
namespace {

int labelIndex(const std::vector<std::string>& labels, const std::string& label) {
  const auto it = std::find(labels.begin(), labels.end(), label);
  return it == labels.end() ? -1 : static_cast<int>(it - labels.begin());
}

eval::ResolvedVerbalizer toEvalVerbalizer(const prompt::ResolvedVerbalizer& r, const std::string& source) {
  eval::ResolvedVerbalizer v;
  for (const auto& cls : r.classes) {
    v.labels.push_back(cls.label);
    std::vector<eval::LabelWord> words;
    for (const auto& w : cls.words) {
      if (w.status == prompt::WordStatus::Unknown) {
        throw Error(source + ": label word '" + w.word +
                    "' contains a character the vocabulary does not know");
      }
      eval::LabelWord lw;
      lw.label = w.label;
      lw.word = w.word;
      lw.ids = w.ids;
      lw.tokens = w.pieces;
      words.push_back(std::move(lw));
    }
    v.words.push_back(std::move(words));
  }
  return v;
}

// The mask states (MLM-head transform and log-normaliser at every mask) with the prompt applied.
eval::MaskStates encodeWithPrompt(model::MaskedLM& m, const SoftPrompt& prompt,
                                  const std::vector<prompt::RenderedPrompt>& inputs, int batchSize,
                                  int64_t padId) {
  torch::InferenceMode guard;
  const int64_t n = static_cast<int64_t>(inputs.size());
  const int64_t masks = n ? static_cast<int64_t>(inputs[0].maskPositions.size()) : 0;
  std::vector<torch::Tensor> transformed, logNorm;
  const int64_t bs = std::max(1, batchSize);
  for (int64_t start = 0; start < n; start += bs) {
    const int64_t end = std::min(n, start + bs);
    size_t len = 0;
    for (int64_t i = start; i < end; ++i) len = std::max(len, inputs[i].ids.size());
    auto ids = torch::full({end - start, static_cast<int64_t>(len)}, padId, torch::kLong);
    auto mask = torch::zeros_like(ids);
    auto types = torch::zeros_like(ids);
    auto maskPos = torch::empty({end - start, masks}, torch::kLong);
    for (int64_t i = start; i < end; ++i) {
      const auto& in = inputs[i];
      const int64_t t = static_cast<int64_t>(in.ids.size());
      using torch::indexing::Slice;
      ids.index_put_({i - start, Slice(0, t)}, torch::tensor(in.ids, torch::kLong));
      types.index_put_({i - start, Slice(0, t)}, torch::tensor(in.typeIds, torch::kLong));
      mask.index_put_({i - start, Slice(0, t)}, 1);
      for (int64_t k = 0; k < masks; ++k) maskPos[i - start][k] = in.maskPositions[k];
    }
    const auto applied = applySoftPrompt(prompt, m, ids, mask, types);
    const auto hidden = m.encode(applied.input);
    const auto rows = torch::arange(end - start).unsqueeze(1).expand({end - start, masks}).reshape({-1});
    const auto cols = (maskPos + applied.shift).reshape({-1});
    const auto at =
        model::MaskedLM::gatherPositions(hidden, rows.to(hidden.device()), cols.to(hidden.device()));
    const auto tr = m.mlmTransform(at).to(torch::kFloat);
    const auto logits = m.mlmLogits(at);
    transformed.push_back(tr.view({end - start, masks, -1}).cpu());
    logNorm.push_back(torch::logsumexp(logits, -1).view({end - start, masks}).cpu());
  }
  eval::MaskStates s;
  if (n) {
    s.transformed = torch::cat(transformed, 0).to(m.device());
    s.logNorm = torch::cat(logNorm, 0).to(m.device());
  }
  return s;
}

eval::CellResult evaluatePeft(const PromptEvalRequest& r, model::MaskedLM& m, const tokenize::Tokenizer& tok,
                              const LoadedPrompt& p, const data::Dataset& data) {
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
  tmpl.requireMask();
  tmpl.validate(data.columns);
  const auto& c = m.config();
  // Prepended tokens take positions; so do prefixes (the model counts positions from the prefix length, as
  // HF BERT does with past keys/values).
  const int64_t reserve = p.prompt.count();
  int maxLength = static_cast<int>(c.maxPositions - c.positionOffset() - reserve);
  if (r.maxLength > 0) maxLength = std::min(maxLength, r.maxLength);
  if (maxLength < 8) throw Error("the model's positions leave no room for the prompt's virtual tokens");
  const prompt::PromptRenderer renderer(tmpl, data.columns, tok, maxLength);
  const auto verbalizer = prompt::parseVerbalizer(verbalizerText);
  const auto resolved = prompt::resolveVerbalizer(verbalizer, data.labels, tok, renderer.maskFollowsSpace(0));
  const auto v = toEvalVerbalizer(resolved, "verbalizer");
  const size_t count = r.limit > 0 ? std::min(r.limit, data.examples.size()) : data.examples.size();
  std::vector<prompt::RenderedPrompt> inputs;
  for (size_t i = 0; i < count; ++i) inputs.push_back(renderer.render(data.examples[i].fields));
  const int64_t padId = tok.special().padId >= 0 ? tok.special().padId : 0;
  const auto states = encodeWithPrompt(m, p.prompt, inputs, r.batchSize, padId);
  eval::ScoringOptions options;  // mean log-prob over words, sub-token mean
  const auto scores = eval::classScores(m, v, options, [&](int) -> const eval::MaskStates& { return states; })
                          .cpu()
                          .contiguous();
  const auto probs = torch::softmax(scores, 1);
  eval::CellResult cell;
  cell.templateText = templateText;
  cell.verbalizerText = verbalizerText;
  cell.labels = v.labels;
  for (const auto& cls : v.words) cell.words.insert(cell.words.end(), cls.begin(), cls.end());
  cell.notes = resolved.notes;
  std::vector<int> gold, pred;
  for (size_t i = 0; i < count; ++i) {
    eval::ExamplePrediction e;
    e.id = data.examples[i].id;
    e.gold = labelIndex(cell.labels, data.examples[i].label);
    const auto row = scores[static_cast<int64_t>(i)];
    e.pred = static_cast<int>(row.argmax().item<int64_t>());
    for (int64_t k = 0; k < row.size(0); ++k) {
      e.scores.push_back(row[k].item<double>());
      e.probs.push_back(probs[static_cast<int64_t>(i)][k].item<double>());
    }
    if (e.gold >= 0) {
      gold.push_back(e.gold);
      pred.push_back(e.pred);
    }
    cell.examples.push_back(std::move(e));
  }
  cell.metrics = eval::computeMetrics(gold, pred, cell.labels);
  return cell;
}

eval::CellResult evaluateBundle(const PromptEvalRequest& r, const LoadedPrompt& p) {
  if (!r.templateText.empty() && r.templateText != p.templateText) {
    throw Error("a bundle is evaluated with the template it was trained with; drop --template");
  }
  if (!r.verbalizer.empty() && r.verbalizer != p.verbalizer) {
    throw Error("a bundle is evaluated with the verbalizer it was trained with; drop --verbalizer");
  }
  BundlePredictRequest q;
  q.bundleDir = p.dir;
  q.modelDir = r.modelDir;
  q.dataPath = r.dataPath;
  q.dataFormat = r.dataFormat;
  q.limit = r.limit;
  q.batchSize = r.batchSize;
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
  model::LoadOptions lo;
  lo.device = r.device;
  auto m = model::MaskedLM::load(r.modelDir, lo);
  const auto tok = tokenize::loadTokenizer(r.modelDir);
  data::ImportOptions io;
  io.format = r.dataFormat;
  const auto data = data::importDataset(r.dataPath, io);
  return evaluatePeft(r, *m, *tok, p, data);
}

}  // namespace pwb::exporting
