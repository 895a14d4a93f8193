#include "eval/eval_session.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <set>

#include "common/error.h"
#include "eval/calibration.h"
#include "eval/class_scorer.h"
#include "eval/demo_encodings.h"
#include "eval/mask_infill.h"
#include "eval/mask_states.h"
#include "eval/prompt_inputs.h"
#include "eval/session_impl.h"
#include "model/masked_lm.h"
#include "prompt/template.h"
#include "tokenize/tokenizer.h"

namespace pwb::eval {
namespace {

size_t limited(size_t size, size_t limit) {
  return limit > 0 ? std::min(size, limit) : size;
}

}  // namespace

namespace {

// Mask counts a verbalizer needs: {1} for sub-token mean, every word length for PET multi-mask.
std::set<int> maskCountsNeeded(const ResolvedVerbalizer& v, const ScoringOptions& o) {
  std::set<int> out{1};
  if (o.multiToken == MultiTokenMode::MultiMask || o.multiToken == MultiTokenMode::PetSequential) {
    for (const auto& cls : v.words) {
      for (const auto& w : cls) out.insert(static_cast<int>(w.ids.size()));
    }
  }
  return out;
}

std::vector<std::vector<double>> scoresOf(model::MaskedLM& model, const ResolvedVerbalizer& v,
                                          const ScoringOptions& o, const StatesFor& statesFor,
                                          const RefillStates& refill = {}) {
  const auto t = classScores(model, v, o, statesFor, refill).cpu().contiguous();
  const int64_t n = t.size(0), c = t.size(1);
  const double* p = t.data_ptr<double>();
  std::vector<std::vector<double>> out(n, std::vector<double>(c));
  for (int64_t i = 0; i < n; ++i) std::copy(p + i * c, p + (i + 1) * c, out[i].begin());
  return out;
}

// The examples a calibration prior is computed from: every field "N/A" and every field "" (content-free),
// or every field "" (template only).
std::vector<data::Example> priorExamples(Calibration mode, size_t fieldCount) {
  std::vector<data::Example> out;
  if (mode == Calibration::ContentFree) {
    data::Example na;
    na.id = "content-free N/A";
    na.fields.assign(fieldCount, "N/A");
    out.push_back(na);
  }
  if (mode == Calibration::ContentFree || mode == Calibration::TemplateOnly) {
    data::Example empty;
    empty.id = "content-free empty";
    empty.fields.assign(fieldCount, "");
    out.push_back(empty);
  }
  return out;
}

std::vector<std::vector<double>> scoresOf(model::MaskedLM& model, const ResolvedVerbalizer& v,
                                          const ScoringOptions& o, TemplateEncodings& enc) {
  return scoresOf(
      model, v, o, [&](int n) -> const MaskStates& { return enc.states(n); },
      [&](int n, const std::vector<std::vector<int64_t>>& fills) { return enc.refilled(n, fills); });
}

// The word a demonstration of each class shows: the class's first label word, as written (the renderer
// gives it the form the template needs).
std::vector<std::string> demoLabelWords(const ResolvedVerbalizer& v) {
  std::vector<std::string> out;
  for (const auto& cls : v.words) out.push_back(cls.empty() ? std::string() : cls.front().word);
  return out;
}

std::vector<LabelWord> flatten(const ResolvedVerbalizer& v) {
  std::vector<LabelWord> out;
  for (const auto& cls : v.words) out.insert(out.end(), cls.begin(), cls.end());
  return out;
}

std::vector<std::string> multiTokenNotes(const ResolvedVerbalizer& v, const ScoringOptions& o) {
  std::vector<std::string> notes;
  for (const auto& cls : v.words) {
    for (const auto& w : cls) {
      if (!w.multiToken()) continue;
      std::string pieces;
      for (const auto& t : w.tokens) pieces += (pieces.empty() ? "" : " ") + t;
      notes.push_back("label word '" + w.word + "' (" + w.label + ") is " + std::to_string(w.ids.size()) +
                      " tokens [" + pieces + "]: " +
                      (o.multiToken == MultiTokenMode::MultiMask
                           ? "scored PET-style with the mask slot rendered as " +
                                 std::to_string(w.ids.size()) + " masks (sum of the tokens' log-probs)"
                       : o.multiToken == MultiTokenMode::PetSequential
                           ? "scored as PET evaluates: the mask slot rendered as " +
                                 std::to_string(w.ids.size()) +
                                 " masks filled one at a time, most confident first (sum of the chosen "
                                 "log-probs)"
                           : "scored as the mean of its tokens' log-probs at the one mask"));
    }
  }
  return notes;
}

const char* calibrationName(Calibration c) {
  switch (c) {
    case Calibration::ContentFree:
      return "content-free (\"N/A\" and \"\")";
    case Calibration::TemplateOnly:
      return "template-only (empty fields)";
    default:
      return "none";
  }
}

}  // namespace

// Scores one verbalizer on encoded examples and builds the cell: predictions, calibration, metrics.
// `scores` and `base` have one row per example, or with demonstrations (`draws`) one per example and set
// (row i * sets + s): the example's class scores are then the mean of its sets' scores and its class
// probabilities their softmax. That is LM-BFF's rule (run.py averages the label words' logits over
// num_sample): a class score is a label-word log-prob, i.e. the logit minus a per-set constant shared by all
// classes, so the mean of log-probs and the mean of logits give the same softmax and the same argmax — and
// the same as a trained run's evaluation with demonstrations (train/trainer.cpp averages class logits).
static CellResult scoreCell(EvalSession::Impl& s, const std::string& templateText,
                            const std::string& verbalizerText, const ResolvedVerbalizer& v,
                            const ScoringOptions& o, const std::vector<std::vector<double>>& scores,
                            const MaskStates& base, TemplateEncodings* priorEnc,
                            const std::vector<data::Example>& examples, bool keepExamples,
                            const DemoDraws* draws) {
  CellResult cell;
  cell.templateText = templateText;
  cell.verbalizerText = verbalizerText;
  cell.labels = v.labels;
  cell.words = flatten(v);
  cell.notes = multiTokenNotes(v, o);
  const size_t sets = draws != nullptr ? static_cast<size_t>(draws->sets) : 1;
  if (draws != nullptr) {
    cell.notes.push_back(std::to_string(sets) +
                         " demonstration sets per example: class scores (label-word log-probs) averaged over "
                         "the sets, then softmax (LM-BFF's mean of the label words' logits)");
  }
  if (priorEnc != nullptr) {
    std::vector<std::vector<double>> priorProbs;
    for (const auto& row : scoresOf(*s.model, v, o, *priorEnc)) priorProbs.push_back(softmax(row));
    cell.prior = meanProbs(priorProbs);
    for (double& p : cell.prior) p = std::max(p, 1e-12);  // a zero prior would divide by zero
    cell.notes.push_back(std::string("calibrated: ") + calibrationName(o.calibration) +
                         " prior, class probabilities divided by it and renormalised");
  }
  std::map<std::string, int> labelIndex;
  for (size_t c = 0; c < v.labels.size(); ++c) labelIndex[v.labels[c]] = static_cast<int>(c);
  std::vector<int> gold, pred;
  const size_t count = scores.size() / sets;
  for (size_t i = 0; i < count; ++i) {
    ExamplePrediction e;
    e.id = examples[i].id;
    auto it = labelIndex.find(examples[i].label);
    e.gold = it == labelIndex.end() ? -1 : it->second;
    if (draws == nullptr) {
      e.scores = scores[i];
      e.probs = softmax(scores[i]);
    } else {
      e.scores.assign(v.labels.size(), 0.0);
      for (size_t k = 0; k < sets; ++k) {
        const auto& row = scores[i * sets + k];
        for (size_t c = 0; c < row.size(); ++c) e.scores[c] += row[c] / static_cast<double>(sets);
      }
      e.probs = softmax(e.scores);
      e.demos = draws->ids(i);
    }
    // A score of NaN or an infinity: no class. Decided on the scores, not the probabilities: a -inf score
    // alone leaves a finite softmax, and argmax over it would still name a class for a counted example.
    const bool finite = allFinite(e.scores);
    if (!finite && cell.nonFinite++ == 0) cell.firstNonFiniteId = e.id;
    if (finite && !cell.prior.empty()) e.probs = applyPrior(e.probs, cell.prior);
    e.pred = finite ? argmax(e.probs) : -1;
    if (e.gold >= 0) {
      gold.push_back(e.gold);
      pred.push_back(e.pred);
    }
    if (o.topK > 0 && base.topIds.defined()) {
      const auto row = static_cast<int64_t>(i * sets);  // with demonstrations: the first set
      const auto ids = base.topIds[row][0];
      const auto probs = base.topProbs[row][0];
      for (int64_t k = 0; k < ids.size(0); ++k) {
        const int64_t id = ids[k].item<int64_t>();
        e.maskTop.push_back({id, s.tokenizer->idToToken(id), probs[k].item<double>()});
      }
    }
    if (keepExamples) cell.examples.push_back(std::move(e));
  }
  cell.metrics = computeMetrics(gold, pred, v.labels);
  if (cell.nonFinite > 0) cell.notes.push_back(nonFiniteNote(cell.nonFinite, count, cell.firstNonFiniteId));
  return cell;
}

// One grid row (template t on run r) with demonstrations: the example x set inputs are encoded once per
// distinct set of demonstration label words, then each verbalizer is scored from them.
static void scoreDemoRow(EvalSession::Impl& s, const GridRequest& request, size_t r, size_t t,
                         const prompt::Template& tpl, const std::vector<ResolvedVerbalizer>& verbalizers,
                         const DemoDraws& draws, GridResult& result, int64_t& done, int64_t total,
                         const Progress& progress, const std::atomic<bool>* cancel) {
  const auto& data = request.runs[r].data;
  const ScoringOptions& o = request.options;
  const prompt::DemoLimits limits{request.demos.firstSentenceTokens, request.demos.otherSentenceTokens};
  DemoEncodings enc(s, tpl, data.columns, data.examples, draws, limits, o);
  for (const auto& v : verbalizers) {
    const auto words = demoLabelWords(v);
    const int64_t before = enc.encoded;
    enc.states(words, {&progress, done, total}, cancel);
    done += enc.encoded - before;
  }
  const auto t0 = Clock::now();
  for (size_t v = 0; v < verbalizers.size(); ++v) {
    if (cancel && cancel->load()) throw Cancelled();
    const ScoringOptions eff = verbalizers[v].effective(o);
    const MaskStates& states = enc.states(demoLabelWords(verbalizers[v]));
    const auto scores =
        scoresOf(*s.model, verbalizers[v], eff, [&](int) -> const MaskStates& { return states; });
    result.cells[t][v].runs.push_back(scoreCell(s, request.templates[t], request.verbalizers[v],
                                                verbalizers[v], eff, scores, states, nullptr, data.examples,
                                                request.keepExamples, &draws));
    result.timing.scoredCells += static_cast<int64_t>(draws.rows.size());
  }
  result.timing.scoreSeconds += secondsSince(t0);
  result.timing.encodeSeconds += enc.encodeSeconds;
  result.timing.encodedExamples += enc.encoded;
}

EvalSession::EvalSession(const std::string& modelDir, const SessionOptions& options)
    : impl_(std::make_unique<Impl>()) {
  impl_->dir = modelDir;
  impl_->options = options;
  impl_->useThreads();
  model::LoadOptions lo;
  lo.device = options.device;
  lo.bf16 = options.bf16;
  impl_->tokenizer = tokenize::loadTokenizer(modelDir);
  impl_->model = model::MaskedLM::load(modelDir, lo);
  if (impl_->tokenizer->special().maskId < 0) {
    throw fileError(modelDir,
                    "the tokenizer has no mask token, so the model cannot be scored with [MASK] prompts");
  }
}

EvalSession::~EvalSession() = default;

const std::string& EvalSession::modelDir() const {
  return impl_->dir;
}
const tokenize::Tokenizer& EvalSession::tokenizer() const {
  return *impl_->tokenizer;
}
void EvalSession::setThreads(int threads) {
  impl_->options.threads = threads;
}

std::vector<LabelWord> EvalSession::resolveVerbalizer(const std::string& verbalizerText,
                                                      const std::vector<std::string>& labels,
                                                      const std::string& templateText,
                                                      const std::vector<std::string>& columns) const {
  bool afterSpace = true;
  if (!templateText.empty()) {
    prompt::Template tpl = prompt::parseTemplate(templateText);
    tpl.requireMask();
    tpl.validate(columns);
    afterSpace = firstMaskFollowsSpace(tpl, columns, *impl_->tokenizer, impl_->maxLength({}));
  }
  return flatten(resolveVerbalizerText(verbalizerText, labels, *impl_->tokenizer, afterSpace));
}

namespace {

prompt::Template parseChecked(const std::string& text, const data::Dataset& data) {
  prompt::Template tpl = prompt::parseTemplate(text);
  tpl.requireMask();
  tpl.validate(data.columns);
  return tpl;
}

// The classes: the data set's labels; for an unlabeled set, the verbalizer's labels as written.
std::vector<std::string> classLabels(const data::Dataset& data) {
  return data.labels;
}

}  // namespace

CellResult EvalSession::evaluate(const EvalRequest& request, const Progress& progress,
                                 const std::atomic<bool>* cancel) {
  GridRequest grid;
  grid.runs.push_back({"", request.data, request.demoPool, request.demoSeed, request.demoSplit});
  grid.templates = {request.templateText};
  grid.verbalizers = {request.verbalizerText};
  grid.options = request.options;
  grid.demos = request.demos;
  grid.limit = request.limit;
  GridResult r = runGrid(grid, progress, cancel);
  return std::move(r.cells[0][0].runs[0]);
}

GridResult EvalSession::runGrid(const GridRequest& request, const Progress& progress,
                                const std::atomic<bool>* cancel) {
  impl_->useThreads();
  if (request.runs.empty()) throw Error("the grid has no data set to evaluate on");
  if (request.templates.empty()) throw Error("the grid has no template");
  if (request.verbalizers.empty()) throw Error("the grid has no verbalizer");
  const ScoringOptions& o = request.options;
  if (o.batchSize < 1) throw Error("batch size must be at least 1, got " + std::to_string(o.batchSize));

  GridResult result;
  result.templates = request.templates;
  result.verbalizers = request.verbalizers;
  result.cells.assign(request.templates.size(), std::vector<GridCell>(request.verbalizers.size()));

  // Validate everything before the first forward pass, so a typo in the last verbalizer fails in
  // milliseconds, and size the progress total.
  // verbalizers[run][template][verbalizer]: resolved per template because a BPE label word takes its
  // leading-space form only where the template's mask follows a space.
  std::vector<std::vector<prompt::Template>> templates(request.runs.size());
  std::vector<std::vector<std::vector<ResolvedVerbalizer>>> verbalizers(request.runs.size());
  const bool withDemos = request.demos.enabled();
  if (withDemos) {
    data::validateDemoOptions(request.demos);
    if (o.calibration != Calibration::None) {
      // The content-free prior would need its own demonstrations; Zhao et al. calibrate one fixed prompt,
      // while every example here has its own sets.
      throw Error("calibration is not available with demonstrations: evaluate without calibration");
    }
  }
  int64_t total = 0;
  for (size_t r = 0; r < request.runs.size(); ++r) {
    const auto& data = request.runs[r].data;
    for (const auto& t : request.templates) {
      templates[r].push_back(parseChecked(t, data));
      if (templates[r].back().hasDemonstrations() && !withDemos) {
        throw Error("template '" + t +
                    "' has demonstrations but no demonstration source: choose a demonstration sampling "
                    "(random or similar) and the training examples to draw them from");
      }
      if (withDemos && !templates[r].back().hasDemonstrations()) {
        throw Error("template '" + t +
                    "' has no demonstration block, so demonstrations cannot be placed: add one (see "
                    "TEMPLATES.md, Demonstrations) or evaluate without demonstrations");
      }
      const bool afterSpace =
          firstMaskFollowsSpace(templates[r].back(), data.columns, *impl_->tokenizer, impl_->maxLength(o));
      std::set<int> counts{1};
      std::set<std::vector<std::string>> demoWords;
      verbalizers[r].emplace_back();
      for (const auto& v : request.verbalizers) {
        verbalizers[r].back().push_back(
            resolveVerbalizerText(v, classLabels(data), *impl_->tokenizer, afterSpace));
        const auto& resolved = verbalizers[r].back().back();
        const auto need = maskCountsNeeded(resolved, resolved.effective(o));
        if (withDemos && need.size() > 1) {
          throw Error("verbalizer '" + v +
                      "': PET multi-mask scoring of multi-token label words is not available with "
                      "demonstrations; score them at one mask (mean or first sub-token)");
        }
        counts.insert(need.begin(), need.end());
        demoWords.insert(demoLabelWords(resolved));
      }
      const size_t count = limited(data.examples.size(), request.limit);
      total += withDemos ? static_cast<int64_t>(count * size_t(request.demos.sets) * demoWords.size())
                         : static_cast<int64_t>(count * counts.size());
    }
  }
  // The demonstrations of every run, drawn before the first forward pass: a class without a training
  // example, an empty pool or an embedding model that cannot be used fails here.
  std::vector<DemoDraws> draws(request.runs.size());
  if (withDemos) {
    const std::string embedder =
        request.demos.embeddingModel.empty() ? impl_->dir : request.demos.embeddingModel;
    for (size_t r = 0; r < request.runs.size(); ++r) {
      const auto& run = request.runs[r];
      const std::string runName = run.name.empty() ? "" : " (" + run.name + ")";
      if (run.demoPool.examples.empty()) {
        throw Error("no demonstration source" + runName +
                    ": the pool of training examples to draw demonstrations from is empty");
      }
      try {
        draws[r] = drawDemonstrations(run.demoPool, classLabels(run.data), request.demos, run.demoSeed,
                                      run.data, limited(run.data.examples.size(), request.limit),
                                      run.demoSplit, embedder, impl_->options.device);
      } catch (const Cancelled&) {
        throw;
      } catch (const Error& e) {
        throw Error("demonstrations" + runName + ": " + e.message(), e.where());
      }
    }
  }

  int64_t done = 0;
  for (size_t r = 0; r < request.runs.size(); ++r) {
    const auto& data = request.runs[r].data;
    const size_t count = limited(data.examples.size(), request.limit);
    const auto priorInputs = priorExamples(o.calibration, data.columns.size());
    for (size_t t = 0; t < request.templates.size(); ++t) {
      if (withDemos) {
        scoreDemoRow(*impl_, request, r, t, templates[r][t], verbalizers[r][t], draws[r], result, done, total,
                     progress, cancel);
        continue;
      }
      TemplateEncodings enc(*impl_, templates[r][t], data.columns, data.examples, count, o);
      TemplateEncodings priorEnc(*impl_, templates[r][t], data.columns, priorInputs, priorInputs.size(), o);
      // Encode every mask count this row needs up front (progress), then score each verbalizer from cache.
      std::set<int> counts{1};
      for (const auto& v : verbalizers[r][t]) {
        const auto need = maskCountsNeeded(v, v.effective(o));
        counts.insert(need.begin(), need.end());
      }
      for (int n : counts) {
        enc.states(n, {&progress, done, total}, cancel);
        done += static_cast<int64_t>(count);
      }
      const auto t0 = Clock::now();
      for (size_t v = 0; v < request.verbalizers.size(); ++v) {
        if (cancel && cancel->load()) throw Cancelled();
        const auto& resolved = verbalizers[r][t][v];
        const ScoringOptions eff = resolved.effective(o);
        result.cells[t][v].runs.push_back(scoreCell(
            *impl_, request.templates[t], request.verbalizers[v], resolved, eff,
            scoresOf(*impl_->model, resolved, eff, enc), enc.states(1),
            priorInputs.empty() ? nullptr : &priorEnc, data.examples, request.keepExamples, nullptr));
        result.timing.scoredCells += static_cast<int64_t>(count);
      }
      result.timing.scoreSeconds += secondsSince(t0) - priorEnc.encodeSeconds;
      result.timing.encodeSeconds += enc.encodeSeconds + priorEnc.encodeSeconds;
      result.timing.encodedExamples += enc.encoded + priorEnc.encoded;
    }
  }
  for (auto& row : result.cells) {
    for (auto& cell : row) {
      std::vector<double> acc, f1;
      for (const auto& run : cell.runs) {
        acc.push_back(run.metrics.accuracy);
        f1.push_back(run.metrics.macroF1);
      }
      cell.accuracy = summarizeRuns(acc);
      cell.macroF1 = summarizeRuns(f1);
    }
  }
  return result;
}

std::vector<std::vector<TokenProb>> EvalSession::maskTopK(const std::string& templateText,
                                                          const std::vector<std::string>& columns,
                                                          const std::vector<std::string>& fields, int k) {
  impl_->useThreads();
  if (k < 1) throw Error("top-k needs k >= 1, got " + std::to_string(k));
  if (fields.size() != columns.size()) {
    throw Error("the example has " + std::to_string(fields.size()) + " fields but " +
                std::to_string(columns.size()) + " columns were named");
  }
  prompt::Template tpl = prompt::parseTemplate(templateText);
  tpl.requireMask();
  tpl.validate(columns);
  data::Example ex;
  ex.id = "example";
  ex.fields = fields;
  ScoringOptions o;
  const auto inputs = renderExamples(tpl, *impl_->tokenizer, columns, {ex}, 1, impl_->maxLength(o));
  const auto st = encodeMasks(*impl_->model, inputs, impl_->encodeSettings(o, k));
  std::vector<std::vector<TokenProb>> out(st.maskCount());
  for (int64_t m = 0; m < st.maskCount(); ++m) {
    for (int64_t r = 0; r < st.topIds.size(2); ++r) {
      const int64_t id = st.topIds[0][m][r].item<int64_t>();
      out[m].push_back({id, impl_->tokenizer->idToToken(id), st.topProbs[0][m][r].item<double>()});
    }
  }
  return out;
}

std::vector<InfillHypothesis> EvalSession::fillMasks(const std::string& templateText,
                                                     const std::vector<std::string>& columns,
                                                     const std::vector<std::string>& fields,
                                                     const InfillOptions& options) {
  impl_->useThreads();
  if (fields.size() != columns.size()) {
    throw Error("the example has " + std::to_string(fields.size()) + " fields but " +
                std::to_string(columns.size()) + " columns were named");
  }
  prompt::Template tpl = prompt::parseTemplate(templateText);
  tpl.requireMask();
  tpl.validate(columns);
  data::Example ex;
  ex.id = "example";
  ex.fields = fields;
  const auto inputs =
      renderExamples(tpl, *impl_->tokenizer, columns, {ex}, 1, impl_->maxLength(ScoringOptions{}));
  return eval::fillMasks(*impl_->model, *impl_->tokenizer, inputs.front().ids, inputs.front().typeIds,
                         options);
}

GridResult runGrid(const GridRequest& request, const Progress& progress, const std::atomic<bool>* cancel) {
  SessionOptions so;
  so.device = request.device;
  so.threads = request.threads;
  so.bf16 = request.bf16;
  EvalSession session(request.modelDir, so);
  return session.runGrid(request, progress, cancel);
}

}  // namespace pwb::eval
