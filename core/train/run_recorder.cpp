#include "train/run_recorder.h"

#include <unistd.h>

#include <chrono>
#include <filesystem>

#include "common/error.h"
#include "common/text_file.h"
#include "data/dataset.h"
#include "eval/metrics.h"
#include "store/run_store.h"
#include "store/state_artifact.h"
#include "train/method_state.h"
#include "train/run_close.h"

namespace pwb::train {
namespace {

// A template record with this text: the project's own (any name) when it has one, else a new one named by
// its text. Records are saved by content, so runs of one template share it.
int64_t templateRecord(store::RunStore& st, const std::string& text) {
  for (const auto& t : st.listTemplates()) {
    if (t.text == text) return t.id;
  }
  return st.saveTemplate({0, text, text, 0});
}

int64_t verbalizerRecord(store::RunStore& st, const std::string& spec) {
  for (const auto& v : st.listVerbalizers()) {
    if (v.spec == spec) return v.id;
  }
  return st.saveVerbalizer({0, spec, spec, 0});
}

// Identified as the GUI identifies an imported file (path, importer, checksum of its bytes).
int64_t datasetRecord(store::RunStore& st, const data::Dataset& d) {
  store::DatasetRecord rec;
  rec.name = std::filesystem::path(d.path).filename().string();
  rec.path = d.path;
  rec.format = d.format;
  rec.checksum = d.checksumHex();
  rec.rows = static_cast<int64_t>(d.examples.size());
  return st.saveDataset(rec);
}

}  // namespace

RunRecorder::RunRecorder(const std::string& dbPath) : store_(std::make_unique<store::RunStore>(dbPath)) {}
RunRecorder::~RunRecorder() = default;

int64_t RunRecorder::begin(const TrainRequest& r, int64_t seed, const std::string& kshotChecksum,
                           const std::string& device, const nlohmann::json& methodConfig,
                           const std::string& modelConfigHash, const data::Dataset* trainSet,
                           const nlohmann::json& demonstrations) {
  store::RunRecord run;
  run.name = r.method + " seed " + std::to_string(seed);
  run.method = r.method;
  run.seed = seed;
  run.kshotChecksum = kshotChecksum;
  run.device = device;
  run.config = {{"model", r.modelDir},
                {"template", r.templateText},
                {"verbalizer", r.verbalizer},
                {"train", r.trainPath},
                {"test", r.testPath},
                {"k", r.k},
                {"sampler", r.sampler},
                {"seed", seed},
                {"steps", r.steps},
                {"batch_size", r.batchSize},
                {"lr", r.lr},
                {"eval_every", r.evalEvery},
                {"warmup_ratio", r.warmupRatio},
                {"weight_decay", r.weightDecay},
                {"max_grad_norm", r.maxGradNorm},
                {"grad_accum", r.gradAccum},
                {"early_stop_patience", r.earlyStopPatience},
                {"max_length", r.maxLength},
                {"lr_grid", r.lrGrid},
                {"batch_grid", r.batchGrid},
                {"bf16", r.bf16},
                {"method_config", methodConfig}};
  if (!demonstrations.is_null()) run.config["demonstrations"] = demonstrations;
  if (r.task == "regression") {
    // Only regression runs carry these keys: a classification run's configuration (and config key) is as
    // before.
    run.config["task"] = r.task;
    run.config["poles"] = r.poles;
    if (!r.targetColumn.empty()) run.config["target_column"] = r.targetColumn;
  }
  if (r.task == "multilabel") {
    // Only multi-label runs carry these keys (as regression's above).
    run.config["task"] = r.task;
    run.config["multilabel"] = {{"labels", r.multilabel.labels},
                                {"separator", r.multilabel.separator},
                                {"scheme", r.multilabel.scheme},
                                {"threshold", r.multilabel.threshold}};
    if (r.multilabel.scheme == "yes-no") run.config["multilabel"]["yes_no_words"] = r.multilabel.yesNoWords;
    if (!r.targetColumn.empty()) run.config["target_column"] = r.targetColumn;
  }
  if (r.task == "probe") {
    // Knowledge probing (train/probe_task.h): the dev file and the answer convention; no verbalizer.
    run.config["task"] = r.task;
    run.config["dev"] = r.devPath;
    run.config["multi_piece_answers"] = r.multiPieceAnswers;
    if (!r.targetColumn.empty()) run.config["answer_column"] = r.targetColumn;
  }
  if (!r.addedTrain.empty()) {
    // PET/iPET: how the training set was extended (the examples themselves are in the pipeline's folder).
    size_t soft = 0;
    for (const auto& a : r.addedTrain) soft += a.target.empty() ? 0 : 1;
    run.config["added_train_examples"] = r.addedTrain.size();
    run.config["added_soft_targets"] = soft;
    run.config["added_only"] = r.addedOnly;
    if (soft > 0) run.config["soft_target_temperature"] = r.softTargetTemperature;
  }
  store::ModelRecord model;
  model.name = r.modelDir;
  model.path = r.modelDir;
  model.configHash = modelConfigHash;
  run.modelId = store_->saveModel(model);
  run.templateId = templateRecord(*store_, r.templateText);
  if (r.task != "probe") run.verbalizerId = verbalizerRecord(*store_, r.verbalizer);
  if (trainSet) run.datasetId = datasetRecord(*store_, *trainSet);
  const int64_t id = store_->createRun(run);
  store_->setStatus(id, store::RunStatus::Running);
  return id;
}

void RunRecorder::metric(int64_t runId, int64_t step, const std::string& key, double value) {
  store_->appendMetric(runId, step, key, value);
}

void RunRecorder::finish(int64_t runId, const SeedResult& res, const std::vector<std::string>& labels,
                         const std::vector<int>& gold, const std::vector<int>& predicted,
                         const std::vector<std::string>& exampleIds, const TrainRequest& r,
                         const std::vector<std::vector<double>>& probabilities,
                         const std::vector<std::vector<std::vector<std::string>>>& demoIds) {
  nlohmann::json results = {{"best_dev_accuracy", res.bestDevAccuracy},
                            {"best_step", res.bestStep},
                            {"steps_done", res.stepsDone},
                            {"lr", res.lr},
                            {"batch_size", res.batchSize},
                            {"seconds", res.seconds}};
  if (res.hasTrainAccuracyBefore) results["train_accuracy_before"] = res.trainAccuracyBefore;
  if (res.hasTestAccuracy) {
    results["test_accuracy"] = res.testAccuracy;
    if (res.testUnpredicted > 0) results["test_unpredicted"] = res.testUnpredicted;  // NaN/inf logits
    const auto m = eval::computeMetrics(gold, predicted, labels);
    store::EvaluationRecord ev = testEvaluationRecord(*store_, runId, res, r);
    ev.labels = labels;
    ev.accuracy = m.accuracy;
    ev.macroF1 = m.macroF1;
    ev.n = m.count;
    ev.metrics = {{"confusion", m.confusion}};
    for (size_t i = 0; i < predicted.size(); ++i) {
      store::PredictionRecord p;
      p.index = static_cast<int64_t>(i);
      p.exampleId = i < exampleIds.size() ? exampleIds[i] : "";
      p.gold = labels.at(static_cast<size_t>(gold[i]));
      // "" = no prediction (the class logits were NaN or infinite), never the first label
      if (predicted[i] >= 0) p.predicted = labels.at(static_cast<size_t>(predicted[i]));
      if (probabilities.size() == predicted.size()) p.probabilities = probabilities[i];
      if (demoIds.size() == predicted.size()) p.demos = demoIds[i];
      ev.predictions.push_back(std::move(p));
    }
    store_->saveEvaluation(ev);
  }
  saveStateAndFinishRun(*store_, runId, res, r.method, results);
}

void RunRecorder::keepState(int64_t runId, Method& method, model::MaskedLM& model,
                            const nlohmann::json& stateInfo) {
  if (method.trainsModel()) {
    throw Error("the " + method.name() +
                " state includes the model's weights, which are not kept in the project file: train with an "
                "output folder");
  }
  // saveMethodState's own files, written to a private temporary folder and read back: the project keeps
  // exactly what a state folder would hold.
  namespace fs = std::filesystem;
  const auto stamp = std::chrono::steady_clock::now().time_since_epoch().count();
  const fs::path tmp = fs::temp_directory_path() / ("pwb-state-" + std::to_string(::getpid()) + "-" +
                                                    std::to_string(runId) + "-" + std::to_string(stamp));
  struct Cleanup {
    fs::path dir;
    ~Cleanup() {
      std::error_code ec;
      fs::remove_all(dir, ec);
    }
  } cleanup{tmp};
  saveMethodState(tmp.string(), method, model, stateInfo);
  const auto info = readStateInfo(tmp.string());
  const std::string bytes = readFileBytes(joinPath(tmp.string(), "method.safetensors"));
  const std::string name =
      method.name() + (stateInfo.contains("seed") ? " seed " + stateInfo["seed"].dump() : "");
  store_->saveArtifact(
      store::inlineStateArtifact(runId, name, info, std::vector<uint8_t>(bytes.begin(), bytes.end())));
}

}  // namespace pwb::train
