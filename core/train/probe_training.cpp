// runProbeTraining: a knowledge-probing request (train/probe_task.h) -> per seed a method trained with the
// whole-vocabulary cross-entropy at [MASK], dev P@1 picking the checkpoint, P@1 / P@10 / MRR on test.
#include "train/probe_training.h"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <optional>

#include "common/error.h"
#include "model/padded_batch.h"
#include "probe/probe_metrics.h"
#include "tokenize/tokenizer.h"
#include "train/batch.h"
#include "train/method_registry.h"
#include "train/method_state.h"
#include "train/run_recorder.h"
#include "train/trainer.h"

namespace pwb::train {
namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

std::string pct(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", 100.0 * v);
  return buf;
}

std::vector<TaskExample> adapted(const Method& method, std::vector<TaskExample> examples) {
  for (auto& ex : examples) method.adaptInput(ex.prompt);
  return examples;
}

// method.json's "info" of a probe state: no verbalizer and no label words (the whole vocabulary).
nlohmann::json probeStateInfo(const TrainRequest& r, int64_t seed, int step) {
  return {{"seed", seed},
          {"step", step},
          {"task", "probe"},
          {"template", r.templateText},
          {"verbalizer", ""},
          {"labels", nlohmann::json::array()},
          {"model_dir", r.modelDir},
          {"max_length", r.maxLength},
          {"multi_piece_answers", r.multiPieceAnswers},
          {"label_token_ids", nlohmann::json::array()}};
}

}  // namespace

ProbeScores scoreProbe(Method& method, const std::vector<TaskExample>& examples, int batchSize, int64_t padId,
                       const std::atomic<bool>* cancel) {
  ProbeScores out;
  torch::NoGradGuard noGrad;
  method.train(false);
  const size_t bs = static_cast<size_t>(std::max(1, batchSize));
  for (size_t start = 0; start < examples.size(); start += bs) {
    if (cancel != nullptr && cancel->load()) return {};
    const size_t end = std::min(examples.size(), start + bs);
    std::vector<const EncodedInput*> inputs;
    std::vector<int> labels;
    for (size_t i = start; i < end; ++i) {
      inputs.push_back(&examples[i].prompt);
      labels.push_back(examples[i].label);
    }
    const Batch batch = collate(inputs, labels, padId, method.deviceForInputs());
    const auto logits = method.logits(batch).to(torch::kFloat);  // [b, V] on the method's device
    const int64_t vocab = logits.size(1);
    const auto answer = batch.labels.to(logits.device()).unsqueeze(1);
    const auto rank = ((logits > logits.gather(1, answer)).sum(1) + 1).to(torch::kCPU, torch::kLong);
    const auto top = logits.argmax(1).to(torch::kCPU, torch::kLong);
    const auto finite = torch::isfinite(logits).all(1).to(torch::kCPU);
    for (int64_t r = 0; r < static_cast<int64_t>(end - start); ++r) {
      const bool ok = finite[r].item<bool>();
      out.nonFinite += ok ? 0 : 1;
      // NaN compares false everywhere (rank 1): a row without finite logits ranks last instead.
      out.ranks.push_back(ok ? rank[r].item<int64_t>() : vocab);
      out.topIds.push_back(ok ? top[r].item<int64_t>() : -1);
    }
  }
  const auto m = probe::probeMetrics(out.ranks);
  out.p1 = m.p1;
  out.p10 = m.p10;
  out.mrr = m.mrr;
  return out;
}

TrainResult runProbeTraining(const TrainRequest& request, const TrainCallbacks& callbacks,
                             const std::atomic<bool>* cancel) {
  validateProbeRequest(request);
  const auto t0 = Clock::now();
  auto log = [&](const std::string& s) {
    if (callbacks.onLog) callbacks.onLog(s);
  };
  auto cancelled = [cancel] { return cancel != nullptr && cancel->load(); };
  model::setComputeThreads(request.threads);
  const MethodDescription& description = findMethod(request.method);
  const torch::Device device = model::resolveDevice(request.device);
  const auto tokenizer = tokenize::loadTokenizer(request.modelDir);
  model::LoadOptions lo;
  lo.device = device.str();
  const auto model = model::MaskedLM::load(request.modelDir, lo);
  const bool bf16 = applyBf16Request(*model, request.bf16, log);
  std::vector<torch::Tensor> pristine;  // every seed starts from the loaded weights
  for (auto& p : model->parameters()) pristine.push_back(p.detach().to(torch::kCPU, false, true));
  const ProbeTask task(request, *tokenizer, description.slotKind,
                       static_cast<int>(model->config().usableTokens()));
  for (const auto& n : task.notes()) log(n);
  const int64_t padId = model::paddingId(tokenizer->special().padId, model->config());
  std::unique_ptr<RunRecorder> recorder;
  if (!request.dbPath.empty()) recorder = std::make_unique<RunRecorder>(request.dbPath);
  // The run records no verbalizer: the whole vocabulary is the target.
  TrainRequest recorded = request;
  recorded.verbalizer.clear();
  recorded.k = 0;

  TrainResult result;
  result.method = request.method;
  result.device = device.str();
  log(description.title + " (knowledge probing) on " + result.device + ": " +
      std::to_string(request.seeds.size()) + " seeds, " + std::to_string(request.steps) + " steps, " +
      std::to_string(task.train().examples.size()) + " train / " +
      std::to_string(task.dev().examples.size()) + " dev / " + std::to_string(task.test().examples.size()) +
      " test facts");
  std::vector<double> p1s;
  for (size_t si = 0; si < request.seeds.size(); ++si) {
    const int64_t seed = request.seeds[si];
    if (cancelled()) {
      result.status = RunStatus::Cancelled;
      result.message = "cancelled before seed " + std::to_string(seed);
      break;
    }
    if (callbacks.onSeedStart) callbacks.onSeedStart(static_cast<int>(si), seed);
    const auto ts = Clock::now();
    SeedResult res;
    res.seed = seed;
    std::optional<int64_t> runId;
    try {
      {
        torch::NoGradGuard noGrad;
        auto params = model->parameters();
        for (size_t i = 0; i < params.size(); ++i) params[i].copy_(pristine[i]);
      }
      torch::manual_seed(static_cast<uint64_t>(seed));
      MethodContext ctx;
      ctx.model = model.get();
      ctx.tokenizer = tokenizer.get();
      ctx.labelTokenIds = {};  // the whole vocabulary (train::labelWordLogits)
      ctx.numLabels = static_cast<int>(model->config().vocabSize);
      ctx.options = request.options;
      if (task.templateSlots() > 0) ctx.options.numSoftTokens = task.templateSlots();
      ctx.device = device;
      ctx.maskTokenId = tokenizer->special().maskId;
      ctx.unkTokenId = tokenizer->special().unkId >= 0 ? tokenizer->special().unkId : 0;
      ctx.slotInitIds = task.slotInitIds();
      auto method = description.create(ctx);
      const auto train = adapted(*method, task.train().examples);
      const auto dev = adapted(*method, task.dev().examples);
      const auto test = adapted(*method, task.test().examples);
      if (recorder) {
        const std::string checksum = task.train().source.checksumHex() + task.dev().source.checksumHex();
        runId = recorder->begin(recorded, seed, checksum, result.device, method->config(),
                                model->config().configHash, &task.train().source);
        res.runId = std::to_string(*runId);
      }
      TrainerConfig cfg;
      cfg.steps = request.steps;
      cfg.batchSize = request.batchSize;
      cfg.gradAccum = request.gradAccum;
      cfg.lr = request.lr;
      cfg.warmupRatio = request.warmupRatio;
      cfg.weightDecay = request.weightDecay;
      cfg.maxGradNorm = request.maxGradNorm;
      cfg.evalEvery = request.evalEvery;
      cfg.earlyStopPatience = request.earlyStopPatience;
      cfg.evalBatchSize = request.evalBatchSize;
      cfg.seed = static_cast<uint64_t>(seed);
      cfg.bf16Autocast = bf16;
      cfg.padId = padId;
      // No devScore: the trainer's accuracy with the token id as the class is dev P@1.
      TrainCallbacks cb = callbacks;
      if (recorder && runId) {
        RunRecorder* rec = recorder.get();
        const int64_t id = *runId;
        cb.onProgress = [rec, id, callbacks](int step, int total, double loss, double lr, double eta) {
          rec->metric(id, step, "loss", loss);
          rec->metric(id, step, "lr", lr);
          if (callbacks.onProgress) callbacks.onProgress(step, total, loss, lr, eta);
        };
        cb.onEval = [rec, id, callbacks](int step, double p1) {
          rec->metric(id, step, "dev_p_at_1", p1);
          if (callbacks.onEval) callbacks.onEval(step, p1);
        };
      }
      TrainOutcome out;
      try {
        out = trainMethod(*model, *method, train, dev, cfg, cb, cancel);
      } catch (const Error&) {
        throw;
      } catch (const std::exception& e) {
        out.status = RunStatus::Failed;
        out.message = describeTorchFailure(e, cfg.batchSize);
      }
      res.status = out.status;
      res.message = out.message;
      res.bestDevAccuracy = std::max(0.0, out.bestDevAccuracy);
      res.bestStep = out.bestStep;
      res.lr = cfg.lr;
      res.batchSize = cfg.batchSize;
      res.losses = out.losses;
      res.devCurve = out.devCurve;
      res.stepsDone = out.stepsDone;
      ProbeScores scores;
      if (res.status == RunStatus::Finished) {
        scores = scoreProbe(*method, test, request.evalBatchSize, padId, cancel);
        if (scores.ranks.empty() && !test.empty()) {
          res.status = RunStatus::Cancelled;
          res.message = "cancelled during the test evaluation";
        } else {
          for (int64_t id : scores.topIds)
            scores.topTokens.push_back(id >= 0 ? tokenizer->idToToken(id) : std::string());
          res.hasTestAccuracy = true;
          res.testAccuracy = scores.p1;
          res.testUnpredicted = scores.nonFinite;
          p1s.push_back(scores.p1);
          char line[200];
          std::snprintf(line, sizeof line,
                        "seed %lld: test P@1 %s, P@10 %s, MRR %.4f (best dev P@1 %s at step %d)",
                        static_cast<long long>(seed), pct(scores.p1).c_str(), pct(scores.p10).c_str(),
                        scores.mrr, pct(res.bestDevAccuracy).c_str(), res.bestStep);
          log(line);
        }
      }
      if (res.status == RunStatus::Finished) {
        nlohmann::json info = probeStateInfo(request, seed, res.bestStep);
        info["test_p_at_1"] = scores.p1;
        if (!request.outputDir.empty()) {
          res.statePath = request.outputDir + "/" + request.method + "-seed" + std::to_string(seed);
          log("saving the trained state to " + res.statePath);
          saveMethodState(res.statePath, *method, *model, info);
        } else if (recorder && runId && !method->trainsModel()) {
          recorder->keepState(*runId, *method, *model, info);
        }
      }
      res.seconds = secondsSince(ts);
      if (recorder && runId) recorder->finishProbe(*runId, res, scores, task.test(), recorded);
    } catch (...) {
      if (recorder && runId) {
        SeedResult failed = res;
        failed.status = RunStatus::Failed;
        failed.hasTestAccuracy = false;
        try {
          throw;
        } catch (const std::exception& e) {
          failed.message = e.what();
        } catch (...) {
          failed.message = "training failed with an unknown error";
        }
        try {
          recorder->finishProbe(*runId, failed, {}, task.test(), recorded);
        } catch (...) {
          // The store itself failed: the original error is the one to report.
        }
      }
      throw;
    }
    if (res.status != RunStatus::Finished && result.status == RunStatus::Finished) {
      result.status = res.status;
      result.message = "seed " + std::to_string(seed) + ": " + res.message;
    }
    if (callbacks.onSeedDone) callbacks.onSeedDone(static_cast<int>(si), res);
    const bool stop = res.status == RunStatus::Cancelled;
    result.seeds.push_back(std::move(res));
    if (stop) break;
  }
  result.summary = eval::summarizeRuns(p1s);
  result.seconds = secondsSince(t0);
  return result;
}

}  // namespace pwb::train
