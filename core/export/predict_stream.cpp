#include "export/predict_stream.h"

#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>

#include "common/error.h"
#include "common/text_file.h"
#include "eval/eval_session.h"
#include "export/bundle.h"
#include "export/bundle_method.h"
#include "export/model_identity.h"
#include "export/peft_adapter.h"
#include "export/prompt_eval.h"
#include "export/prompt_loader.h"
#include "export/run_export.h"
#include "model/masked_lm.h"
#include "model/padded_batch.h"
#include "prompt/verbalizer.h"
#include "regress/regression_eval.h"
#include "regress/regression_targets.h"
#include "store/run_store.h"
#include "tokenize/tokenizer.h"
#include "train/method.h"
#include "train/method_registry.h"
#include "train/method_state.h"
#include "train/task_builder.h"
#include "train/trainer.h"

namespace pwb::exporting {
namespace {

using Rows = std::vector<data::UnlabeledRow>;

// Something that turns rows into class distributions (labels() order). Built once, used per chunk.
class Scorer {
 public:
  virtual ~Scorer() = default;
  virtual const std::vector<std::string>& labels() const = 0;
  // One distribution per row; empty when cancelled.
  virtual std::vector<std::vector<double>> score(const Rows& rows, const std::vector<std::string>& columns,
                                                 const std::atomic<bool>* cancel) = 0;
};

std::vector<std::string> verbalizerLabels(const std::string& spec) {
  std::vector<std::string> labels;
  for (const auto& c : prompt::parseVerbalizer(spec).classes) labels.push_back(c.label);
  // The class order training uses (the sorted labels of the training set): a run's and a zero-shot PVP's
  // columns line up.
  std::sort(labels.begin(), labels.end());
  return labels;
}

// The rows as an unlabeled data set with the given classes, as EvalSession and TaskBuilder read one.
data::Dataset chunkDataset(const Rows& rows, const std::vector<std::string>& columns,
                           const std::vector<std::string>& labels, const std::string& dummyLabel) {
  data::Dataset ds;
  ds.path = "input";
  ds.columns = columns;
  ds.labels = labels;
  ds.unlabeled = dummyLabel.empty();
  ds.examples.reserve(rows.size());
  for (const auto& r : rows) {
    data::Example ex;
    ex.id = r.id.empty() ? "L" + std::to_string(r.line) : r.id;
    ex.fields = r.fields;
    ex.fields.resize(columns.size());
    ex.label = dummyLabel;
    ex.line = r.line;
    ds.examples.push_back(std::move(ex));
  }
  return ds;
}

// Zero-shot PVPs and PEFT adapters: EvalSession's scoring (that of `pwb eval`), chunk by chunk.
class SessionScorer : public Scorer {
 public:
  SessionScorer(const PredictRequest& r, std::string templateText, std::string verbalizer,
                std::vector<std::string> labels, std::unique_ptr<LoadedPrompt> peft)
      : template_(std::move(templateText)),
        verbalizer_(std::move(verbalizer)),
        labels_(std::move(labels)),
        options_(r.options),
        peft_(std::move(peft)) {
    eval::SessionOptions so;
    so.device = r.device;
    so.threads = r.threads;
    session_ = std::make_unique<eval::EvalSession>(r.modelDir, so);
    if (peft_) attachPeftPrompt(*session_, *peft_);
  }
  const std::vector<std::string>& labels() const override { return labels_; }
  std::vector<std::vector<double>> score(const Rows& rows, const std::vector<std::string>& columns,
                                         const std::atomic<bool>* cancel) override {
    eval::EvalRequest req;
    req.data = chunkDataset(rows, columns, labels_, "");
    req.templateText = template_;
    req.verbalizerText = verbalizer_;
    req.options = options_;
    eval::CellResult cell;
    try {
      cell = session_->evaluate(req, {}, cancel);
    } catch (const eval::Cancelled&) {
      return {};
    }
    if (cell.labels != labels_) throw Error("internal: the scored classes differ from the requested ones");
    std::vector<std::vector<double>> out;
    out.reserve(cell.examples.size());
    for (auto& e : cell.examples) out.push_back(std::move(e.probs));
    return out;
  }

 private:
  std::string template_, verbalizer_;
  std::vector<std::string> labels_;
  eval::ScoringOptions options_;
  std::unique_ptr<LoadedPrompt> peft_;  // outlives the session's encoder, which points into it
  std::unique_ptr<eval::EvalSession> session_;
};

// What a saved training state (method.json) or bundle (prompt.json) says about its method.
struct SavedMethodInfo {
  std::string method;
  nlohmann::json config;
  std::string templateText, verbalizer;
  std::vector<std::string> labels;
  std::string task, poles;  // "regression" and its poles with the range training used; else empty
  int maxLength = 0;
  std::string recordedModel;  // the model folder a state recorded ("" for a bundle)
  std::string infoPath;
};

SavedMethodInfo readSavedInfo(const std::string& dir, const std::string& modelDir) {
  SavedMethodInfo s;
  if (isBundleDir(dir)) {
    const auto b = readBundleInfo(dir);
    s.infoPath = joinPath(dir, kBundleInfoFile);
    requireSameModel(b.model, modelIdentity(modelDir), s.infoPath);
    s.method = b.method;
    s.config = b.methodConfig;
    s.templateText = b.templateText;
    s.verbalizer = b.verbalizer;
    s.labels = b.labels;
    s.task = b.task;
    s.poles = b.poles;
    if (b.hyperparameters.contains("max_length") && b.hyperparameters["max_length"].is_number_integer())
      s.maxLength = b.hyperparameters["max_length"].get<int>();
    return s;
  }
  const auto j = train::readStateInfo(dir);
  s.infoPath = joinPath(dir, "method.json");
  auto str = [&](const char* key) {
    return j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : std::string();
  };
  s.method = str("method");
  s.config = j.contains("config") ? j["config"] : nlohmann::json::object();
  s.templateText = str("template");
  s.verbalizer = str("verbalizer");
  s.recordedModel = str("model_dir");
  if (str("task") == "regression") {
    s.task = "regression";
    s.poles = str("poles");
  }
  if (j.contains("labels") && j["labels"].is_array()) {
    for (const auto& l : j["labels"]) {
      if (!l.is_string()) throw keyError(s.infoPath, "labels", "must be strings");
      s.labels.push_back(l.get<std::string>());
    }
  }
  if (j.contains("max_length") && j["max_length"].is_number_integer())
    s.maxLength = j["max_length"].get<int>();
  return s;
}

// A regression run's or bundle's poles, with the range training resolved (LM-BFF's expectation needs it).
std::optional<regress::Poles> savedPoles(const SavedMethodInfo& info) {
  if (info.task != "regression") return std::nullopt;
  regress::Poles p;
  try {
    p = regress::parsePoles(info.poles);
  } catch (const Error& e) {
    throw keyError(info.infoPath, "poles", e.message());
  }
  if (!p.hasRange) throw keyError(info.infoPath, "poles", "records no range (VL=LOWER;VU=UPPER)");
  if (info.labels != std::vector<std::string>{regress::kLowerPole, regress::kUpperPole})
    throw keyError(info.infoPath, "labels", "a regression state's classes are \"lower\" and \"upper\"");
  return p;
}

// Runs and bundles: the training method rebuilt from its saved state, predicting through training's own
// path (TaskBuilder rendering with training's length budget, Method::logits, train::predictScored) — the
// run's test predictions exactly, here on unlabeled rows.
class MethodScorer : public Scorer {
 public:
  MethodScorer(const PredictRequest& r, const std::string& stateDir, const SavedMethodInfo& info,
               const std::vector<std::string>& columns)
      : batchSize_(r.options.batchSize) {
    if (info.labels.size() < 2)
      throw fileError(info.infoPath, "records no class labels (at least two): cannot name the predictions");
    labels_ = info.labels;
    train::TrainRequest req;
    req.modelDir = modelDir_ = r.modelDir;
    req.method = info.method;
    req.templateText = info.templateText;
    req.verbalizer = info.verbalizer;
    req.trainPath = r.inputPath;
    req.testPath = r.inputPath;
    req.options = methodOptionsFromConfig(info.method, info.config, info.infoPath);
    if (info.maxLength > 0) req.maxLength = info.maxLength;
    const auto& description = train::findMethod(info.method);
    tokenizer_ = tokenize::loadTokenizer(r.modelDir);
    model::LoadOptions lo;
    lo.device = r.device;
    model_ = model::MaskedLM::load(r.modelDir, lo);
    // One stand-in example per class: TaskBuilder takes the classes and the text columns from it.
    data::Dataset classes;
    classes.path = r.inputPath;
    classes.columns = columns;
    for (const auto& l : labels_) {
      data::Example ex;
      ex.id = "class-" + l;
      ex.fields.assign(columns.size(), "x");
      ex.label = l;
      classes.examples.push_back(ex);
    }
    data::refreshLabels(classes);
    if (classes.labels != labels_)
      throw fileError(info.infoPath, "its labels are not in the sorted order training gives them");
    task_ = std::make_unique<train::TaskBuilder>(req, *tokenizer_, description.slotKind,
                                                 static_cast<int>(model_->config().usableTokens()), classes,
                                                 data::Dataset{});
    train::MethodContext ctx;
    ctx.model = model_.get();
    ctx.tokenizer = tokenizer_.get();
    ctx.labelTokenIds = task_->labelTokenIds();
    ctx.numLabels = static_cast<int>(labels_.size());
    ctx.options = req.options;
    if (task_->templateSlots() > 0) ctx.options.numSoftTokens = task_->templateSlots();
    ctx.device = model_->device();
    ctx.maskTokenId = tokenizer_->special().maskId;
    ctx.unkTokenId = tokenizer_->special().unkId >= 0 ? tokenizer_->special().unkId : 0;
    ctx.slotInitIds = task_->slotInitIds();
    method_ = description.create(ctx);
    train::loadMethodState(stateDir, *method_, *model_);
    padId_ = model::paddingId(tokenizer_->special().padId, model_->config());
  }
  const std::vector<std::string>& labels() const override { return labels_; }
  std::vector<std::vector<double>> score(const Rows& rows, const std::vector<std::string>& columns,
                                         const std::atomic<bool>* cancel) override {
    const auto ds = chunkDataset(rows, columns, labels_, labels_.front());
    auto examples = task_->encodeAll(ds);
    for (auto& ex : examples) method_->adaptInput(ex.prompt);
    auto scored = train::predictScored(*method_, examples, batchSize_, padId_, false, cancel);
    if (scored.predicted.empty() && !examples.empty()) return {};
    return std::move(scored.probabilities);
  }

 private:
  int batchSize_;
  std::string modelDir_;
  std::vector<std::string> labels_;
  std::unique_ptr<tokenize::Tokenizer> tokenizer_;
  std::shared_ptr<model::MaskedLM> model_;
  std::unique_ptr<train::TaskBuilder> task_;
  std::unique_ptr<train::Method> method_;
  int64_t padId_ = 0;
};

void refuseScoringOptions(const PredictRequest& r, const std::string& what) {
  PromptEvalRequest probe;
  probe.options = r.options;
  const auto ignored = bundleIgnores(probe);
  if (ignored.empty()) return;
  std::string names;
  for (const auto& n : ignored) names += (names.empty() ? "" : ", ") + n;
  throw Error(what + " predicts with its training method's own scoring, so " + names +
              " cannot be applied to it; drop them");
}

struct BuiltScorer {
  std::unique_ptr<Scorer> scorer;
  std::string text;
  std::optional<regress::Poles> poles;  // a regression run / bundle: the rows get the expectation
  RunStateFolder state;                 // a run's state copied out of the project file, removed afterwards
};

BuiltScorer buildScorer(PredictRequest& r, const std::vector<std::string>& columns) {
  BuiltScorer b;
  if (r.source == PredictSourceKind::ZeroShot) {
    if (r.modelDir.empty()) throw Error("a zero-shot prediction needs a model");
    if (r.templateText.empty() || r.verbalizer.empty())
      throw Error("a zero-shot prediction needs a template and a verbalizer");
    b.scorer = std::make_unique<SessionScorer>(r, r.templateText, r.verbalizer,
                                               verbalizerLabels(r.verbalizer), nullptr);
    b.text = "zero-shot " + r.templateText + " with " + r.verbalizer;
    return b;
  }
  if (r.source == PredictSourceKind::Run) {
    store::StoreOptions so;
    so.mode = store::OpenMode::ReadOnly;
    so.recoverInterrupted = false;
    if (!fileExists(r.dbPath)) throw fileError(r.dbPath, "no such project file");
    std::string name;
    {
      store::RunStore st(r.dbPath, so);
      const auto run = st.getRun(r.runId);
      if (run.status != store::RunStatus::Finished)
        throw fileError(r.dbPath, "run " + std::to_string(r.runId) + " (" + run.name + ") is " +
                                      store::runStatusName(run.status) + ": only a finished run predicts");
      if (run.method == "ensemble")
        throw fileError(r.dbPath, "run " + std::to_string(r.runId) +
                                      " is an ensemble of stored predictions: it has no model to apply");
      name = run.name;
    }
    if (!r.templateText.empty() || !r.verbalizer.empty())
      throw Error("a run predicts with the template and verbalizer it was trained with; drop them");
    refuseScoringOptions(r, "a run");
    b.state = openRunState(r.dbPath, r.runId);
    const auto info = readSavedInfo(b.state.dir(), r.modelDir.empty() ? std::string() : r.modelDir);
    if (r.modelDir.empty()) r.modelDir = info.recordedModel;
    if (r.modelDir.empty()) throw fileError(info.infoPath, "records no model folder: give the model");
    b.poles = savedPoles(info);
    b.scorer = std::make_unique<MethodScorer>(r, b.state.dir(), info, columns);
    b.text = "run " + std::to_string(r.runId) + " (" + name + ")";
    return b;
  }
  // A prompt folder.
  if (r.modelDir.empty()) throw Error("applying a prompt folder needs its base model");
  if (isBundleDir(r.promptDir) || isTrainStateDir(r.promptDir)) {
    if (!r.templateText.empty() || !r.verbalizer.empty())
      throw Error("a bundle predicts with the template and verbalizer it was trained with; drop them");
    refuseScoringOptions(r, "a bundle");
    const auto info = readSavedInfo(r.promptDir, r.modelDir);
    b.poles = savedPoles(info);
    b.scorer = std::make_unique<MethodScorer>(r, r.promptDir, info, columns);
    b.text = info.method + " bundle " + r.promptDir;
    return b;
  }
  if (!isPeftAdapterDir(r.promptDir))
    throw fileError(
        r.promptDir,
        "neither a prompt bundle (prompt.json), a training state (method.json) nor a PEFT adapter "
        "(adapter_config.json)");
  const auto config = model::ModelConfig::fromFile(joinPath(r.modelDir, "config.json"));
  auto p = std::make_unique<LoadedPrompt>(loadPrompt(r.promptDir, config, r.modelDir));
  const std::string templateText = r.templateText.empty() ? p->templateText : r.templateText;
  const std::string verbalizer = r.verbalizer.empty() ? p->verbalizer : r.verbalizer;
  if (templateText.empty() || verbalizer.empty())
    throw fileError(r.promptDir, "a PEFT adapter carries no template or verbalizer: give both");
  auto labels = verbalizerLabels(verbalizer);
  b.text = "PEFT adapter " + r.promptDir + " with " + templateText;
  b.scorer = std::make_unique<SessionScorer>(r, templateText, verbalizer, std::move(labels), std::move(p));
  return b;
}

std::string csvField(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string q = "\"";
  for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
  return q + "\"";
}

std::string number(double v) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.10g", v);
  return buf;
}

}  // namespace

std::string predictFormatFor(const std::string& outputPath) {
  auto ends = [&](const std::string& ext) {
    return outputPath.size() >= ext.size() &&
           std::equal(ext.rbegin(), ext.rend(), outputPath.rbegin(),
                      [](char a, char b) { return a == std::tolower(static_cast<unsigned char>(b)); });
  };
  return ends(".jsonl") || ends(".json") ? "jsonl" : "csv";
}

PredictSummary predictFile(const PredictRequest& request,
                           const std::function<void(const PredictProgress&)>& progress,
                           const std::atomic<bool>* cancel) {
  PredictRequest r = request;
  if (r.chunkRows == 0) throw Error("the chunk size must be at least 1 row");
  if (r.options.batchSize < 1)
    throw Error("batch size must be at least 1, got " + std::to_string(r.options.batchSize));
  if (r.outputPath.empty()) throw Error("no output file given");
  PredictSummary sum;
  sum.outputFormat = r.outputFormat.empty() ? predictFormatFor(r.outputPath) : r.outputFormat;
  if (sum.outputFormat != "csv" && sum.outputFormat != "jsonl")
    throw Error("unknown output format '" + sum.outputFormat + "' (expected csv or jsonl)");
  model::setComputeThreads(r.threads);

  data::UnlabeledReader reader(r.inputPath, r.input);
  sum.inputFormat = reader.format();
  // The first chunk is read before the classifier is built: a JSONL file's text keys come from its first
  // valid object.
  Rows rows;
  bool more = reader.next(r.chunkRows, rows);
  auto columns = reader.columns();
  if (columns.empty()) columns = {"text"};
  auto built = buildScorer(r, columns);
  sum.sourceText = built.text;
  sum.labels = built.scorer->labels();
  sum.columns = columns;
  sum.perClass.assign(sum.labels.size(), 0);
  if (built.poles) {
    sum.task = "regression";
    sum.poles = built.poles->toString();
  }

  std::ofstream out(r.outputPath, std::ios::binary | std::ios::trunc);
  if (!out) throw fileError(r.outputPath, "cannot write the file");
  if (sum.outputFormat == "csv" && built.poles) {
    out << "row,line,id,prediction,p_upper\n";
  } else if (sum.outputFormat == "csv") {
    out << "row,line,id,label";
    for (const auto& l : sum.labels) out << "," << csvField("p_" + l);
    out << "\n";
  }
  auto writeFailed = [&] { return fileError(r.outputPath, "cannot write the file (disk full?)"); };
  while (more || !rows.empty()) {
    if (cancel != nullptr && cancel->load()) {
      sum.cancelled = true;
      break;
    }
    sum.largestChunk = std::max(sum.largestChunk, rows.size());
    if (!rows.empty()) {
      const auto probs = built.scorer->score(rows, columns, cancel);
      if (probs.empty()) {
        sum.cancelled = true;
        break;
      }
      if (probs.size() != rows.size())
        throw Error("internal: scored " + std::to_string(probs.size()) + " of " +
                    std::to_string(rows.size()) + " rows");
      for (size_t i = 0; i < rows.size() && built.poles; ++i) {
        // LM-BFF's regression: the expectation between the poles, from p_upper (probabilities in the
        // class order lower, upper), as training scored its test rows (regress::scorePoleProbabilities).
        const auto& p = probs[i];
        const auto one = regress::scorePoleProbabilities({p}, {0.0}, *built.poles);
        const auto& e = one.examples.front();
        const auto& row = rows[i];
        const auto value = [](double v) { return std::isfinite(v) ? number(v) : std::string(); };
        if (sum.outputFormat == "csv") {
          out << row.row << "," << row.line << "," << csvField(row.id) << "," << value(e.predicted) << ","
              << value(e.pUpper) << "\n";
        } else {
          const auto jsonValue = [&](double v) { return std::isfinite(v) ? number(v) : std::string("null"); };
          out << "{\"row\":" << row.row << ",\"line\":" << row.line << ",\"id\":"
              << nlohmann::json(row.id).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)
              << ",\"prediction\":" << jsonValue(e.predicted) << ",\"p_upper\":" << jsonValue(e.pUpper)
              << "}\n";
        }
      }
      for (size_t i = 0; i < rows.size() && !built.poles; ++i) {
        const auto& p = probs[i];
        const size_t best = static_cast<size_t>(std::max_element(p.begin(), p.end()) - p.begin());
        ++sum.perClass[best];
        const auto& row = rows[i];
        if (sum.outputFormat == "csv") {
          out << row.row << "," << row.line << "," << csvField(row.id) << "," << csvField(sum.labels[best]);
          for (double v : p) out << "," << number(v);
          out << "\n";
        } else {
          out << "{\"row\":" << row.row << ",\"line\":" << row.line << ",\"id\":"
              << nlohmann::json(row.id).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)
              << ",\"label\":" << nlohmann::json(sum.labels[best]).dump() << ",\"probabilities\":{";
          for (size_t c = 0; c < p.size(); ++c)
            out << (c ? "," : "") << nlohmann::json(sum.labels[c]).dump() << ":" << number(p[c]);
          out << "}}\n";
        }
      }
      sum.rowsWritten += static_cast<int64_t>(rows.size());
      out.flush();  // what is written is on disk as it goes: a cancel or a crash keeps the rows so far
      if (!out) throw writeFailed();
    }
    if (progress) progress({sum.rowsWritten, reader.badRows(), reader.bytesRead(), reader.totalBytes()});
    if (!more) break;
    more = reader.next(r.chunkRows, rows);
  }
  out.close();
  if (!out) throw writeFailed();
  sum.badRows = reader.badRows();
  sum.problems = reader.problems();
  sum.notices = reader.notices();
  return sum;
}

}  // namespace pwb::exporting
