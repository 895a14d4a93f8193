// runTraining: request -> model, data, per-seed K-shot split -> (grid of) trained methods -> test accuracy.
#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <optional>

#include "common/error.h"
#include "eval/calibration.h"
#include "eval/sentence_embeddings.h"
#include "model/masked_lm.h"
#include "model/padded_batch.h"
#include "tokenize/tokenizer.h"
#include "train/demo_inputs.h"
#include "train/method.h"
#include "train/method_registry.h"
#include "train/method_state.h"
#include "train/multilabel_objective.h"
#include "train/probe_training.h"
#include "train/regression_task.h"
#include "train/run_recorder.h"
#include "train/task_builder.h"
#include "train/trainer.h"
#include "train/trainer_state.h"
#include "train/training.h"

namespace pwb::train {
namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

std::string fmt(const char* f, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, f, v);
  return buf;
}

struct GridPoint {
  double lr;
  int batch;
};

std::vector<GridPoint> gridOf(const TrainRequest& r) {
  std::vector<double> lrs = r.lrGrid.empty() ? std::vector<double>{r.lr} : r.lrGrid;
  std::vector<int> batches = r.batchGrid.empty() ? std::vector<int>{r.batchSize} : r.batchGrid;
  std::vector<GridPoint> grid;
  for (double lr : lrs) {
    for (int b : batches) grid.push_back({lr, b});
  }
  return grid;
}

// Everything one run shares across seeds.
struct Session {
  const TrainRequest& request;
  const TrainCallbacks& callbacks;
  const std::atomic<bool>* cancel;
  const MethodDescription& description;
  torch::Device device = torch::kCPU;
  std::string deviceName;
  bool bf16 = false;
  std::unique_ptr<tokenize::Tokenizer> tokenizer;
  std::shared_ptr<model::MaskedLM> model;
  std::vector<torch::Tensor> pristine;  // CPU copy of the loaded weights: every run starts from them
  std::unique_ptr<TaskBuilder> task;
  std::unique_ptr<MultiLabelTask> multi;  // a multi-label run (TrainRequest::task): its data and scoring
  std::unique_ptr<RunRecorder> recorder;
  // Similar demonstrations: the test set's sentence embeddings, computed once for every seed.
  std::vector<float> testEmbeddings;

  void log(const std::string& s) const {
    if (callbacks.onLog) callbacks.onLog(s);
  }
  bool cancelled() const { return cancel != nullptr && cancel->load(); }

  MethodContext context() const {
    MethodContext ctx;
    ctx.model = model.get();
    ctx.tokenizer = tokenizer.get();
    ctx.labelTokenIds = task->labelTokenIds();
    ctx.numLabels = static_cast<int>(task->labels().size());
    ctx.options = request.options;
    if (task->templateSlots() > 0) ctx.options.numSoftTokens = task->templateSlots();
    ctx.device = device;
    ctx.maskTokenId = tokenizer->special().maskId;
    ctx.unkTokenId = tokenizer->special().unkId >= 0 ? tokenizer->special().unkId : 0;
    ctx.slotInitIds = task->slotInitIds();
    return ctx;
  }

  void resetModel() {
    torch::NoGradGuard noGrad;
    auto params = model->parameters();
    for (size_t i = 0; i < params.size(); ++i) params[i].copy_(pristine[i]);
  }
};

void adaptAll(const Method& method, std::vector<TaskExample>& examples) {
  for (auto& ex : examples) {
    method.adaptInput(ex.prompt);
    for (auto& set : ex.demoSets) method.adaptInput(set);
  }
}

// What a run with demonstrations records (run config "demonstrations", method.json info): the options,
// the embedding folder similar sampling used and that folder's identity (hashes of its config and weights).
nlohmann::json demoRecord(const TrainRequest& r, const SeedDemos* demos) {
  if (!r.demos.enabled()) return nullptr;
  nlohmann::json j = data::demoOptionsToJson(r.demos);
  if (r.demos.sampling == data::DemoSampling::Similar) {
    j["embedding_model_used"] = demoEmbeddingModel(r);
    if (demos) j["embedding_identity"] = demos->embeddingIdentity();
  }
  return j;
}

// What a saved state says about its run (method.json's "info"): enough to evaluate or export it later
// without the request. A method without a verbalizer records "".
nlohmann::json stateInfo(const Session& s, const TrainRequest& r, int64_t seed, int step) {
  nlohmann::json info = {{"seed", seed},
                         {"step", step},
                         {"template", r.templateText},
                         {"verbalizer", !s.task->usesVerbalizer() ? std::string()
                                        : s.task->regression()    ? s.task->verbalizerSpec()
                                                                  : r.verbalizer},
                         {"labels", s.task->labels()},
                         {"model_dir", r.modelDir},
                         {"max_length", r.maxLength},
                         {"label_token_ids", s.task->labelTokenIds()}};
  if (r.demos.enabled()) info["demonstrations"] = demoRecord(r, nullptr);
  return info;
}

// An example the request brought (PET/iPET) encoded as the K-shot ones, with its soft target.
TaskExample encodeAdded(const TaskBuilder& task, const AddedExample& added) {
  data::Example ex;
  ex.id = added.id;
  ex.fields = added.fields;
  ex.label = added.label;
  TaskExample out = task.encode(ex);
  if (!added.target.empty() && added.target.size() != task.labels().size())
    throw Error("added example " + added.id + " has a target over " + std::to_string(added.target.size()) +
                " classes, the task has " + std::to_string(task.labels().size()));
  out.target = added.target;
  return out;
}

// The trained `method`'s logits on examples given as data rows; an example without a label gets the first
// class as a placeholder (the renderer needs one; the logits do not depend on it).
std::vector<std::vector<float>> scoreExamples(Session& s, Method& method,
                                              const std::vector<data::Example>& rows) {
  std::vector<TaskExample> encoded;
  encoded.reserve(rows.size());
  for (const auto& row : rows) {
    if (s.cancelled()) return {};
    data::Example ex = row;
    if (std::find(s.task->labels().begin(), s.task->labels().end(), ex.label) == s.task->labels().end())
      ex.label = s.task->labels().front();
    encoded.push_back(s.task->encode(ex));
    method.adaptInput(encoded.back().prompt);
  }
  return predictLogits(method, encoded, s.request.evalBatchSize,
                       model::paddingId(s.tokenizer->special().padId, s.model->config()), s.bf16, s.cancel);
}

SeedResult runSeed(Session& s, int seedIndex, int64_t seed, const std::vector<TaskExample>& testTemplate,
                   const std::vector<std::string>& testIds) {
  const auto& r = s.request;
  SeedResult res;
  res.seed = seed;
  const auto t0 = Clock::now();
  const auto split = s.multi ? s.multi->split(seed) : s.task->sample(seed);
  std::vector<TaskExample> train, dev, test;
  std::unique_ptr<SeedDemos> demos;
  if (r.demos.enabled()) {
    // Demonstrations from this seed's K-shot training split: training examples get a set drawn afresh at
    // every use (visit 0 here, trainInput later), dev and test examples demos.sets sets to average.
    demos = std::make_unique<SeedDemos>(*s.task, split.train, static_cast<uint64_t>(seed), s.deviceName);
    demos->embedQueries("dev", split.dev);
    if (!s.testEmbeddings.empty()) demos->setQueryEmbeddings("test", s.testEmbeddings);
    for (size_t i = 0; i < split.train.examples.size() && !s.cancelled(); ++i) {
      const auto& ex = split.train.examples[i];
      train.push_back(demos->encodeTraining(ex, static_cast<int>(i)));
    }
    for (size_t i = 0; i < split.dev.examples.size() && !s.cancelled(); ++i)
      dev.push_back(demos->encodeWithSets(split.dev.examples[i], "dev", i));
    const auto& testSet = s.task->testSet().examples;
    for (size_t i = 0; i < testSet.size() && !s.cancelled(); ++i)
      test.push_back(demos->encodeWithSets(testSet[i], "test", i));
  } else {
    train = r.addedOnly ? std::vector<TaskExample>()
            : s.multi   ? s.multi->encode(*s.task, split.train, s.cancel)
                        : s.task->encodeAll(split.train, s.cancel);
    dev = s.multi ? s.multi->encode(*s.task, split.dev, s.cancel) : s.task->encodeAll(split.dev, s.cancel);
    test = testTemplate;
  }
  const size_t kshotTrain = train.size();  // the K-shot examples come first, the added ones (PET) after
  for (const auto& added : r.addedTrain) train.push_back(encodeAdded(*s.task, added));
  if (s.cancelled()) {
    res.status = RunStatus::Cancelled;
    res.message = "cancelled while encoding the seed's examples";
    res.seconds = secondsSince(t0);
    return res;
  }
  s.log("seed " + std::to_string(seed) + ": " + std::to_string(train.size()) + " train / " +
        std::to_string(dev.size()) + " dev examples (manifest " + split.manifest.trainChecksum + ")");

  std::optional<int64_t> runId;
  // Whatever throws after the run is recorded (a torch or file error, a callback) marks it failed in the
  // store before it propagates, so the store never keeps a "running" run that no worker owns.
  try {
    std::unique_ptr<Method> best;
    std::vector<torch::Tensor> bestModel;  // model weights of the best grid point (all-weights methods)
    double bestDev = -2.0;
    const auto grid = gridOf(r);
    for (size_t g = 0; g < grid.size() && res.status == RunStatus::Finished; ++g) {
      s.resetModel();
      torch::manual_seed(static_cast<uint64_t>(seed));
      auto method = s.description.create(s.context());
      if (g == 0 && s.task->usesVerbalizer() && !s.task->regression() && !s.multi) {
        // PET's ensemble weight: the PVP's accuracy on the K-shot training set before training (Schick &
        // Schuetze 2021, "weighted" ensemble). Measured on the method as created, before a resumed state is
        // loaded, so a continued run reports its own untrained PVP. Evaluation mode, no randomness used:
        // the training that follows is unchanged.
        // On the K-shot examples only, as PET (its train_data, not the iPET examples added to it).
        std::vector<TaskExample> probe(train.begin(),
                                       train.begin() + static_cast<std::ptrdiff_t>(kshotTrain));
        adaptAll(*method, probe);
        const auto before =
            predict(*method, probe, r.evalBatchSize,
                    model::paddingId(s.tokenizer->special().padId, s.model->config()), s.bf16, s.cancel);
        if (!before.empty() || probe.empty()) {
          res.hasTrainAccuracyBefore = true;
          res.trainAccuracyBefore = accuracyOf(before, probe);
          s.log("seed " + std::to_string(seed) + ": accuracy on the training examples before training " +
                fmt("%.4f", res.trainAccuracyBefore));
        }
      }
      if (!r.resumeFrom.empty()) {
        const auto loaded = loadMethodState(r.resumeFrom, *method, *s.model);
        if (seedIndex == 0 && g == 0) {
          for (const auto& n : loaded.notices) s.log(n);
          if (!loaded.templateText.empty() && loaded.templateText != r.templateText)
            s.log("note: the " + loaded.kind + " was trained with template \"" + loaded.templateText +
                  "\"; this run uses \"" + r.templateText + "\"");
          if (!loaded.verbalizer.empty() && loaded.verbalizer != r.verbalizer)
            s.log("note: the " + loaded.kind + " was trained with verbalizer \"" + loaded.verbalizer +
                  "\"; this run uses \"" + r.verbalizer + "\"");
        }
      }
      if (g == 0) {
        adaptAll(*method, train);
        adaptAll(*method, dev);
        adaptAll(*method, test);
        if (s.recorder) {
          // A regression run records the two-pole verbalizer its TaskBuilder made from the poles.
          runId = s.recorder->begin(s.task->regression() ? s.task->request() : r, seed,
                                    split.manifest.trainChecksum + split.manifest.devChecksum, s.deviceName,
                                    method->config(), s.model->config().configHash, &s.task->trainSource(),
                                    demoRecord(r, demos.get()));
          res.runId = std::to_string(*runId);
        }
      }
      if (grid.size() > 1)
        s.log("  grid point lr " + fmt("%g", grid[g].lr) + ", batch " + std::to_string(grid[g].batch));
      TrainerConfig cfg;
      cfg.steps = r.steps;
      cfg.batchSize = grid[g].batch;
      cfg.gradAccum = r.gradAccum;
      cfg.lr = grid[g].lr;
      cfg.warmupRatio = r.warmupRatio;
      cfg.weightDecay = r.weightDecay;
      cfg.maxGradNorm = r.maxGradNorm;
      cfg.evalEvery = r.evalEvery;
      cfg.earlyStopPatience = r.earlyStopPatience;
      cfg.evalBatchSize = r.evalBatchSize;
      cfg.seed = static_cast<uint64_t>(seed);
      cfg.bf16Autocast = s.bf16;
      cfg.padId = model::paddingId(s.tokenizer->special().padId, s.model->config());
      cfg.stopAfterStep = r.stopAfterStep;
      cfg.softTargetTemperature = r.softTargetTemperature;
      if (s.task->regression()) {
        // LM-BFF's KL at temperature 1, checkpoints by dev Pearson (train/regression_task.h).
        cfg.softTargetTemperature = 1.0;
        const regress::Poles poles = s.task->poles();
        cfg.devScore = [poles](const ScoredPredictions& scored, const std::vector<TaskExample>& ex) {
          return regressionDevScore(scored, ex, poles);
        };
      }
      if (s.multi) setMultiLabelObjective(cfg, *s.multi);  // BCE / dev micro-F1 (multilabel_objective.h)
      if (demos) {
        const SeedDemos* d = demos.get();
        const data::Dataset* pool = &split.train;
        cfg.trainInput = [d, pool](size_t i, uint64_t visit) {
          return d->trainingInput(pool->examples.at(i), static_cast<int>(i), visit);
        };
      }
      if (!r.resumeFrom.empty() && hasTrainerState(r.resumeFrom)) {
        if (grid.size() > 1)
          throw Error("a stopped run's state continues one run: no learning-rate/batch grid");
        cfg.resume = std::make_shared<TrainerState>(loadTrainerState(r.resumeFrom));
      }
      TrainCallbacks cb = s.callbacks;
      if (s.recorder && runId) {
        const int64_t id = *runId;
        RunRecorder* rec = s.recorder.get();
        const auto user = s.callbacks;
        const bool single = grid.size() == 1;
        const std::string devKey = s.task->regression() ? "dev_pearson"
                                   : s.multi            ? "dev_micro_f1"
                                                        : "dev_acc";
        cb.onProgress = [rec, id, user, single](int step, int total, double loss, double lr, double eta) {
          if (single) {
            rec->metric(id, step, "loss", loss);
            rec->metric(id, step, "lr", lr);
          }
          if (user.onProgress) user.onProgress(step, total, loss, lr, eta);
        };
        cb.onEval = [rec, id, user, single, devKey](int step, double acc) {
          if (single) rec->metric(id, step, devKey, acc);
          if (user.onEval) user.onEval(step, acc);
        };
      }
      TrainOutcome out;
      if (r.steps > 0) {
        try {
          out = trainMethod(*s.model, *method, train, dev, cfg, cb, s.cancel);
        } catch (const Error&) {
          throw;
        } catch (const std::exception& e) {
          out.status = RunStatus::Failed;
          out.message = describeTorchFailure(e, cfg.batchSize);
        }
      } else {
        const auto scored = predictScored(*method, dev, r.evalBatchSize, cfg.padId, s.bf16, s.cancel);
        if (scored.predicted.empty() && !dev.empty()) {
          out.status = RunStatus::Cancelled;
          out.message = "cancelled during the dev evaluation";
        }
        out.bestDevAccuracy = cfg.devScore ? cfg.devScore(scored, dev) : accuracyOf(scored.predicted, dev);
      }
      if (out.status != RunStatus::Finished) {
        res.status = out.status;
        res.message = out.message;
      }
      if (out.resumable && !r.outputDir.empty()) {
        res.statePath = r.outputDir + "/" + r.method + "-seed" + std::to_string(seed);
        nlohmann::json info = stateInfo(s, r, seed, out.stepsDone);
        info["stopped"] = true;
        saveMethodState(res.statePath, *method, *s.model, info);
        saveTrainerState(res.statePath, *out.resumable);
        res.message += "; the resumable state is in " + res.statePath + " (resume from it to continue)";
        s.log("saved the stopped run's state to " + res.statePath);
      }
      const double devAcc = out.bestDevAccuracy;
      if (g == 0 || devAcc > bestDev) {
        bestDev = devAcc;
        res.bestDevAccuracy = s.task->regression() ? devAcc : std::max(0.0, devAcc);
        res.bestStep = out.bestStep;
        res.lr = cfg.lr;
        res.batchSize = cfg.batchSize;
        res.losses = out.losses;
        res.devCurve = out.devCurve;
        res.stepsDone = out.stepsDone;
        best = std::move(method);
        if (grid.size() > 1 && best->trainsModel()) {
          bestModel.clear();
          for (auto& p : s.model->parameters()) bestModel.push_back(p.detach().to(torch::kCPU, false, true));
        }
      }
      if (grid.size() > 1)
        s.log((s.task->regression() ? "  dev pearson "
               : s.multi            ? "  dev micro-F1 "
                                    : "  dev accuracy ") +
              fmt("%.4f", devAcc));
    }
    if (!bestModel.empty()) {
      torch::NoGradGuard noGrad;
      auto params = s.model->parameters();
      for (size_t i = 0; i < params.size(); ++i) params[i].copy_(bestModel[i]);
    }
    std::vector<int> gold, predicted;
    std::vector<std::vector<double>> probabilities;
    std::vector<std::vector<float>> testLogits;
    RegressionScores regressionTest;
    MultiLabelTest multiTest;
    res.regression = s.task->regression();
    res.multilabel = s.multi != nullptr;
    if (res.status == RunStatus::Finished && best) {
      try {
        auto scored = predictScored(*best, test, r.evalBatchSize,
                                    model::paddingId(s.tokenizer->special().padId, s.model->config()), s.bf16,
                                    s.cancel);
        predicted = std::move(scored.predicted);
        probabilities = std::move(scored.probabilities);
        testLogits = std::move(scored.logits);
        res.testUnpredicted = scored.nonFinite;
        if (scored.nonFinite > 0) {
          const size_t first = scored.firstNonFinite;
          s.log("seed " + std::to_string(seed) + ": test evaluation: " +
                eval::nonFiniteNote(scored.nonFinite, test.size(),
                                    first < testIds.size() ? testIds[first] : ""));
        }
      } catch (const Error&) {
        throw;
      } catch (const std::exception& e) {
        res.status = RunStatus::Failed;
        res.message = describeTorchFailure(e, r.evalBatchSize);
      }
      if (res.status == RunStatus::Finished && predicted.empty() && !test.empty()) {
        res.status = RunStatus::Cancelled;
        res.message = "cancelled during the test evaluation";
      } else if (res.status == RunStatus::Finished && s.multi) {
        multiTest = multiLabelTest(
            *best, *s.multi, dev,
            ScoredPredictions{predicted, probabilities, testLogits, res.testUnpredicted, 0}, test,
            r.evalBatchSize, model::paddingId(s.tokenizer->special().padId, s.model->config()), s.bf16,
            s.cancel);
        res.hasTestMultiLabel = true;
        res.threshold = multiTest.threshold;
        res.testMicroF1 = multiTest.scores.metrics.microF1;
        res.testMacroF1 = multiTest.scores.metrics.macroF1;
        res.testSubsetAccuracy = multiTest.scores.metrics.subsetAccuracy;
      } else if (res.status == RunStatus::Finished && s.task->regression()) {
        regressionTest = regressionScores(
            ScoredPredictions{predicted, probabilities, {}, res.testUnpredicted, 0}, test, s.task->poles());
        res.regression = true;
        res.hasTestRegression = true;
        res.testPearson = regressionTest.metrics.pearson;
        res.testSpearman = regressionTest.metrics.spearman;
        res.testMse = regressionTest.metrics.mse;
      } else if (res.status == RunStatus::Finished) {
        for (const auto& ex : test) gold.push_back(ex.label);
        res.hasTestAccuracy = true;
        res.testAccuracy = accuracyOf(predicted, test);
      }
    }
    if (res.status == RunStatus::Finished && best && s.callbacks.onTrained) {
      Method& trained = *best;
      s.callbacks.onTrained(seedIndex, [&s, &trained](const std::vector<data::Example>& rows) {
        return scoreExamples(s, trained, rows);
      });
    }
    nlohmann::json info = stateInfo(s, r, seed, res.bestStep);
    if (res.regression) {
      info["task"] = "regression";
      info["poles"] = s.task->poles().toString();
      info["test_pearson"] = res.testPearson;
    } else if (res.multilabel) {
      info["task"] = "multilabel";
      info["scheme"] = r.multilabel.scheme;
      info["threshold"] = res.threshold;
      info["test_micro_f1"] = res.testMicroF1;
    } else {
      info["test_accuracy"] = res.testAccuracy;
    }
    if (!r.outputDir.empty() && best && res.status == RunStatus::Finished) {
      res.statePath = r.outputDir + "/" + r.method + "-seed" + std::to_string(seed);
      // Not interruptible: a cancel that arrives now takes effect after the folder is complete (the next
      // seed does not start), so a cancelled run never leaves half a state behind.
      s.log("saving the trained state to " + res.statePath);
      saveMethodState(res.statePath, *best, *s.model, info);
    } else if (s.recorder && runId && best && res.status == RunStatus::Finished && !best->trainsModel()) {
      // No output folder: a prompt-only method's state is small, the project file keeps it (`pwb export
      // --run` needs it). Methods that train the model's weights need a folder.
      s.recorder->keepState(*runId, *best, *s.model, info);
    }
    res.seconds = secondsSince(t0);
    std::vector<std::vector<std::vector<std::string>>> demoIds;
    if (demos && predicted.size() == test.size())
      for (const auto& ex : test) demoIds.push_back(ex.demoIds);
    if (s.recorder && runId && res.multilabel)
      s.recorder->finishMultiLabel(*runId, res, s.multi->labels(), multiTest.rows.gold,
                                   multiTest.scores.predicted, multiTest.rows.probs, testIds, r);
    else if (s.recorder && runId && res.regression)
      s.recorder->finishRegression(*runId, res, s.task->poles(), regressionTest.gold,
                                   regressionTest.predicted, testIds, r, probabilities);
    else if (s.recorder && runId)
      s.recorder->finish(*runId, res, s.task->labels(), gold, predicted, testIds, r, probabilities, demoIds);
  } catch (...) {
    if (s.recorder && runId) {
      SeedResult failed = res;
      failed.status = RunStatus::Failed;
      try {
        throw;
      } catch (const std::exception& e) {
        failed.message = e.what();
      } catch (...) {
        failed.message = "training failed with an unknown error";
      }
      failed.hasTestAccuracy = false;
      failed.statePath.clear();
      failed.seconds = secondsSince(t0);
      try {
        failed.hasTestRegression = false;
        failed.hasTestMultiLabel = false;
        if (failed.multilabel)
          s.recorder->finishMultiLabel(*runId, failed, s.multi->labels(), {}, {}, {}, {}, r);
        else if (failed.regression)
          s.recorder->finishRegression(*runId, failed, s.task->poles(), {}, {}, {}, r, {});
        else
          s.recorder->finish(*runId, failed, s.task->labels(), {}, {}, {}, r);
      } catch (...) {
        // The store itself failed: the original error is the one to report.
      }
    }
    throw;
  }
  return res;
}

}  // namespace

TrainResult runTraining(const TrainRequest& request, const TrainCallbacks& callbacks,
                        const std::atomic<bool>* cancel) {
  validateRequest(request);
  if (request.task == "probe") return runProbeTraining(request, callbacks, cancel);  // train/probe_task.h
  if (!request.resumeFrom.empty() && hasTrainerState(request.resumeFrom) && request.seeds.size() != 1)
    throw Error("the state in " + request.resumeFrom + " continues one stopped run: give its seed only");
  const auto t0 = Clock::now();
  model::setComputeThreads(request.threads);  // this thread: the worker when called by startTraining
  // A multi-label run reads its files first (errors before the model loads) and trains on their
  // single-label views (train/multilabel_task.h) under the request they need (yes-no: the yes/no words).
  std::unique_ptr<MultiLabelTask> multi;
  if (request.task == "multilabel") multi = std::make_unique<MultiLabelTask>(request);
  std::optional<TrainRequest> multiRequest;
  if (multi) multiRequest = multi->builderRequest();
  const TrainRequest& effective = multiRequest ? *multiRequest : request;
  Session s{effective, callbacks, cancel, findMethod(request.method)};
  s.multi = std::move(multi);
  s.device = model::resolveDevice(request.device);
  s.deviceName = s.device.str();
  s.tokenizer = tokenize::loadTokenizer(request.modelDir);
  model::LoadOptions lo;
  lo.device = s.deviceName;
  s.model = model::MaskedLM::load(request.modelDir, lo);
  s.bf16 = applyBf16Request(*s.model, request.bf16, [&](const std::string& line) { s.log(line); });
  for (auto& p : s.model->parameters()) s.pristine.push_back(p.detach().to(torch::kCPU, false, true));
  const auto& mc = s.model->config();
  s.task = s.multi ? std::make_unique<TaskBuilder>(effective, *s.tokenizer, s.description.slotKind,
                                                   static_cast<int>(mc.usableTokens()), s.multi->trainView(),
                                                   s.multi->testView())
                   : std::make_unique<TaskBuilder>(request, *s.tokenizer, s.description.slotKind,
                                                   static_cast<int>(mc.usableTokens()));
  if (s.multi)
    for (const auto& n : s.multi->notes()) s.log(n);
  for (const auto& n : s.task->notes()) s.log(n);
  if (request.demos.enabled() && callbacks.onTrained)
    throw Error("demonstrations are not available in PET/iPET (their pool scoring renders without them)");
  if (!request.dbPath.empty()) s.recorder = std::make_unique<RunRecorder>(request.dbPath);
  TrainResult result;
  result.method = request.method;
  result.device = s.deviceName;
  // With demonstrations the test set is encoded per seed (its demonstrations come from the seed's split).
  const auto test = request.demos.enabled() ? std::vector<TaskExample>()
                    : s.multi               ? s.multi->encode(*s.task, s.multi->testView(), cancel)
                                            : s.task->encodeAll(s.task->testSet(), cancel);
  if (request.demos.sampling == data::DemoSampling::Similar) {
    s.log("similar demonstrations: sentence embeddings from " + demoEmbeddingModel(request));
    std::vector<std::string> texts;
    for (const auto& ex : s.task->testSet().examples) texts.push_back(embeddingText(ex));
    eval::EmbeddingOptions eo;
    eo.device = s.deviceName;
    s.testEmbeddings = eval::sentenceEmbeddings(demoEmbeddingModel(request), texts, eo, nullptr);
  }
  if (s.cancelled()) {
    result.status = RunStatus::Cancelled;
    result.message = "cancelled while loading and encoding the data";
    result.seconds = secondsSince(t0);
    return result;
  }
  std::vector<std::string> testIds;
  for (const auto& ex : s.task->testSet().examples) testIds.push_back(ex.id);
  if (s.multi) testIds = s.multi->testRowIds();  // one per row, not per yes/no cloze
  s.log(s.description.title + " on " + s.deviceName + ": " + std::to_string(request.seeds.size()) +
        " seeds, " + std::to_string(request.steps) + " steps, " + std::to_string(testIds.size()) +
        " test examples" +
        (request.demos.enabled()
             ? ", " + std::string(data::demoSamplingName(request.demos.sampling)) + " demonstrations (" +
                   std::to_string(request.demos.sets) + " sets at evaluation)"
             : std::string()));

  std::vector<double> accs;
  for (size_t i = 0; i < request.seeds.size(); ++i) {
    if (s.cancelled()) {
      result.status = RunStatus::Cancelled;
      result.message = "cancelled before seed " + std::to_string(request.seeds[i]);
      break;
    }
    if (callbacks.onSeedStart) callbacks.onSeedStart(static_cast<int>(i), request.seeds[i]);
    auto seedResult = runSeed(s, static_cast<int>(i), request.seeds[i], test, testIds);
    if (seedResult.hasTestMultiLabel) {
      accs.push_back(seedResult.testMicroF1);
      s.log("seed " + std::to_string(seedResult.seed) + ": test micro-F1 " +
            fmt("%.4f", seedResult.testMicroF1) + ", macro-F1 " + fmt("%.4f", seedResult.testMacroF1) +
            ", subset accuracy " + fmt("%.4f", seedResult.testSubsetAccuracy) + " at threshold " +
            fmt("%.2f", seedResult.threshold) + " (best dev micro-F1 " +
            fmt("%.4f", seedResult.bestDevAccuracy) + " at step " + std::to_string(seedResult.bestStep) +
            ", " + fmt("%.1f", seedResult.seconds) + " s)");
    } else if (seedResult.hasTestRegression) {
      // An undefined Pearson (a constant prediction) is reported per seed, not averaged.
      if (std::isfinite(seedResult.testPearson)) accs.push_back(seedResult.testPearson);
      s.log("seed " + std::to_string(seedResult.seed) + ": test pearson " +
            fmt("%.4f", seedResult.testPearson) + ", spearman " + fmt("%.4f", seedResult.testSpearman) +
            ", mse " + fmt("%.4f", seedResult.testMse) + " (best dev pearson " +
            fmt("%.4f", seedResult.bestDevAccuracy) + " at step " + std::to_string(seedResult.bestStep) +
            ", " + fmt("%.1f", seedResult.seconds) + " s)");
    } else if (seedResult.hasTestAccuracy) {
      accs.push_back(seedResult.testAccuracy);
      s.log("seed " + std::to_string(seedResult.seed) + ": test accuracy " +
            fmt("%.4f", seedResult.testAccuracy) + " (best dev " + fmt("%.4f", seedResult.bestDevAccuracy) +
            " at step " + std::to_string(seedResult.bestStep) + ", " + fmt("%.1f", seedResult.seconds) +
            " s)");
    } else {
      s.log("seed " + std::to_string(seedResult.seed) + ": " + statusName(seedResult.status) + ": " +
            seedResult.message);
    }
    if (seedResult.status != RunStatus::Finished && result.status == RunStatus::Finished) {
      result.status = seedResult.status;
      result.message = "seed " + std::to_string(seedResult.seed) + ": " + seedResult.message;
    }
    if (callbacks.onSeedDone) callbacks.onSeedDone(static_cast<int>(i), seedResult);
    const bool stop = seedResult.status == RunStatus::Cancelled ||
                      seedResult.message.find("out of memory") != std::string::npos;
    result.seeds.push_back(std::move(seedResult));
    if (stop) break;
  }
  result.summary = eval::summarizeRuns(accs);
  result.seconds = secondsSince(t0);
  return result;
}

}  // namespace pwb::train
