#include "eval/eval_session.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <set>

#include "common/error.h"
#include "eval/calibration.h"
#include "eval/class_scorer.h"
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
  if (o.multiToken == MultiTokenMode::MultiMask) {
    for (const auto& cls : v.words) {
      for (const auto& w : cls) out.insert(static_cast<int>(w.ids.size()));
    }
  }
  return out;
}

std::vector<std::vector<double>> scoresOf(model::MaskedLM& model, const ResolvedVerbalizer& v,
                                          const ScoringOptions& o, TemplateEncodings& enc) {
  const auto t =
      classScores(model, v, o, [&](int n) -> const MaskStates& { return enc.states(n); }).cpu().contiguous();
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
static CellResult scoreCell(EvalSession::Impl& s, const std::string& templateText,
                            const std::string& verbalizerText, const ResolvedVerbalizer& v,
                            const ScoringOptions& o, TemplateEncodings& enc, TemplateEncodings* priorEnc,
                            const std::vector<data::Example>& examples, bool keepExamples) {
  CellResult cell;
  cell.templateText = templateText;
  cell.verbalizerText = verbalizerText;
  cell.labels = v.labels;
  cell.words = flatten(v);
  cell.notes = multiTokenNotes(v, o);
  const auto scores = scoresOf(*s.model, v, o, enc);
  if (priorEnc != nullptr) {
    std::vector<std::vector<double>> priorProbs;
    for (const auto& row : scoresOf(*s.model, v, o, *priorEnc)) priorProbs.push_back(softmax(row));
    cell.prior = meanProbs(priorProbs);
    for (double& p : cell.prior) p = std::max(p, 1e-12);  // a zero prior would divide by zero
    cell.notes.push_back(std::string("calibrated: ") + calibrationName(o.calibration) +
                         " prior, class probabilities divided by it and renormalised");
  }
  const MaskStates& base = enc.states(1);
  std::map<std::string, int> labelIndex;
  for (size_t c = 0; c < v.labels.size(); ++c) labelIndex[v.labels[c]] = static_cast<int>(c);
  std::vector<int> gold, pred;
  for (size_t i = 0; i < scores.size(); ++i) {
    ExamplePrediction e;
    e.id = examples[i].id;
    auto it = labelIndex.find(examples[i].label);
    e.gold = it == labelIndex.end() ? -1 : it->second;
    e.scores = scores[i];
    e.probs = softmax(scores[i]);
    if (!cell.prior.empty()) e.probs = applyPrior(e.probs, cell.prior);
    e.pred = argmax(e.probs);
    if (e.gold >= 0) {
      gold.push_back(e.gold);
      pred.push_back(e.pred);
    }
    if (o.topK > 0 && base.topIds.defined()) {
      const auto ids = base.topIds[static_cast<int64_t>(i)][0];
      const auto probs = base.topProbs[static_cast<int64_t>(i)][0];
      for (int64_t k = 0; k < ids.size(0); ++k) {
        const int64_t id = ids[k].item<int64_t>();
        e.maskTop.push_back({id, s.tokenizer->idToToken(id), probs[k].item<double>()});
      }
    }
    if (keepExamples) cell.examples.push_back(std::move(e));
  }
  cell.metrics = computeMetrics(gold, pred, v.labels);
  return cell;
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
  grid.runs.push_back({"", request.data});
  grid.templates = {request.templateText};
  grid.verbalizers = {request.verbalizerText};
  grid.options = request.options;
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
  int64_t total = 0;
  for (size_t r = 0; r < request.runs.size(); ++r) {
    const auto& data = request.runs[r].data;
    for (const auto& t : request.templates) {
      templates[r].push_back(parseChecked(t, data));
      const bool afterSpace =
          firstMaskFollowsSpace(templates[r].back(), data.columns, *impl_->tokenizer, impl_->maxLength(o));
      std::set<int> counts{1};
      verbalizers[r].emplace_back();
      for (const auto& v : request.verbalizers) {
        verbalizers[r].back().push_back(
            resolveVerbalizerText(v, classLabels(data), *impl_->tokenizer, afterSpace));
        const auto need =
            maskCountsNeeded(verbalizers[r].back().back(), verbalizers[r].back().back().effective(o));
        counts.insert(need.begin(), need.end());
      }
      total += static_cast<int64_t>(limited(data.examples.size(), request.limit) * counts.size());
    }
  }

  int64_t done = 0;
  for (size_t r = 0; r < request.runs.size(); ++r) {
    const auto& data = request.runs[r].data;
    const size_t count = limited(data.examples.size(), request.limit);
    const auto priorInputs = priorExamples(o.calibration, data.columns.size());
    for (size_t t = 0; t < request.templates.size(); ++t) {
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
        result.cells[t][v].runs.push_back(scoreCell(*impl_, request.templates[t], request.verbalizers[v],
                                                    verbalizers[r][t][v], verbalizers[r][t][v].effective(o),
                                                    enc, priorInputs.empty() ? nullptr : &priorEnc,
                                                    data.examples, request.keepExamples));
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

GridResult runGrid(const GridRequest& request, const Progress& progress, const std::atomic<bool>* cancel) {
  SessionOptions so;
  so.device = request.device;
  so.threads = request.threads;
  so.bf16 = request.bf16;
  EvalSession session(request.modelDir, so);
  return session.runGrid(request, progress, cancel);
}

}  // namespace pwb::eval
