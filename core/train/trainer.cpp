#include "train/trainer.h"

#include <ATen/CPUGeneratorImpl.h>
#include <ATen/autocast_mode.h>
#include <c10/util/C++17.h>
#include <torch/version.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <numeric>

#include "common/error.h"
#include "eval/calibration.h"
#include "model/device_report.h"
#include "train/batch_order.h"
#include "train/fused_adamw.h"
#include "train/lr_schedule.h"

namespace pwb::train {
namespace {

// bf16 autocast on CUDA for the guard's lifetime (the API moved in LibTorch 2.4).
class AutocastGuard {
 public:
  explicit AutocastGuard(bool on) : on_(on) {
    if (!on_) return;
#if TORCH_VERSION_MAJOR > 2 || (TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR >= 4)
    previous_ = at::autocast::is_autocast_enabled(at::kCUDA);
    at::autocast::set_autocast_dtype(at::kCUDA, at::kBFloat16);
    at::autocast::set_autocast_enabled(at::kCUDA, true);
#else
    previous_ = at::autocast::is_enabled();
    at::autocast::set_autocast_gpu_dtype(at::kBFloat16);
    at::autocast::set_enabled(true);
#endif
  }
  ~AutocastGuard() {
    if (!on_) return;
#if TORCH_VERSION_MAJOR > 2 || (TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR >= 4)
    at::autocast::set_autocast_enabled(at::kCUDA, previous_);
#else
    at::autocast::set_enabled(previous_);
#endif
    at::autocast::clear_cache();
  }
  AutocastGuard(const AutocastGuard&) = delete;
  AutocastGuard& operator=(const AutocastGuard&) = delete;

 private:
  bool on_;
  bool previous_ = false;
};

const EncodedInput& inputOf(const Method& method, const TaskExample& ex) {
  return method.usesPrompt() ? ex.prompt : ex.plain;
}

Batch makeBatch(const Method& method, const std::vector<TaskExample>& examples,
                const std::vector<size_t>& idx, bool plain, int64_t padId, const torch::Device& device,
                double targetTemperature = 1.0, const std::vector<EncodedInput>* replaced = nullptr) {
  std::vector<const EncodedInput*> inputs;
  std::vector<int> labels;
  std::vector<const TaskExample*> whole;
  for (size_t k = 0; k < idx.size(); ++k) {
    const size_t i = idx[k];
    inputs.push_back(plain ? &examples[i].plain : replaced ? &(*replaced)[k] : &inputOf(method, examples[i]));
    labels.push_back(examples[i].label);
    whole.push_back(&examples[i]);
  }
  Batch batch = collate(inputs, labels, padId, device);
  batch.targets = collateTargets(whole, device);
  batch.targetTemperature = targetTemperature;
  return batch;
}

std::vector<std::pair<std::string, torch::Tensor>> namedTrainable(model::MaskedLM& model, Method& method) {
  std::vector<std::pair<std::string, torch::Tensor>> out;
  if (method.trainsModel()) {
    for (auto& p : model.named_parameters()) out.emplace_back(p.key(), p.value());
  }
  for (auto& p : method.ownParameters()) out.push_back(p);
  return out;
}

// The first weight of the model or the method holding NaN or inf, "" when all are finite. A loss that is
// not finite at the first step, before any update, comes from damaged weights, not the learning rate.
std::string firstNonFiniteWeight(model::MaskedLM& model, Method& method) {
  torch::NoGradGuard noGrad;
  for (const auto& p : model.named_parameters()) {
    if (!torch::isfinite(p.value()).all().item<bool>()) return p.key();
  }
  for (const auto& p : method.ownParameters()) {
    if (!torch::isfinite(p.second).all().item<bool>()) return p.first;
  }
  return "";
}

bool noDecay(const std::string& name) {
  return name.find("bias") != std::string::npos || name.find("LayerNorm") != std::string::npos ||
         name.find("layer_norm") != std::string::npos;
}

std::vector<torch::Tensor> snapshot(const std::vector<torch::Tensor>& tensors) {
  std::vector<torch::Tensor> copy;
  copy.reserve(tensors.size());
  for (const auto& t : tensors)
    copy.push_back(t.detach().to(torch::kCPU, /*non_blocking=*/false, /*copy=*/true));
  return copy;
}

void restore(const std::vector<torch::Tensor>& tensors, const std::vector<torch::Tensor>& saved) {
  torch::NoGradGuard noGrad;
  for (size_t i = 0; i < tensors.size(); ++i) tensors[i].copy_(saved[i]);
}

// Times the phases of a step into a StepProfile; does nothing when there is none. On CUDA a phase ends
// when its kernels have run, not when they were queued, so mark() synchronizes there (profiling only).
class PhaseTimer {
 public:
  PhaseTimer(StepProfile* profile, const torch::Device& device)
      : profile_(profile), cuda_(device.is_cuda()), device_(device.is_cuda() ? device.index() : -1) {
    if (profile_ != nullptr) last_ = std::chrono::steady_clock::now();
  }
  // Adds the time since the previous mark (or construction) to `phase`.
  void mark(StepProfile::Phase phase) {
    if (profile_ == nullptr) return;
    if (cuda_) torch::cuda::synchronize(device_);
    const auto now = std::chrono::steady_clock::now();
    profile_->seconds[phase] += std::chrono::duration<double>(now - last_).count();
    last_ = now;
  }
  void stepDone() {
    if (profile_ != nullptr) ++profile_->steps;
  }

 private:
  StepProfile* profile_;
  bool cuda_;
  int64_t device_;
  std::chrono::steady_clock::time_point last_;
};

// AdamW's key for a parameter's state (LibTorch's own: the TensorImpl address as text).
std::string optimizerKey(const torch::Tensor& p) {
  return c10::guts::to_string(p.unsafeGetTensorImpl());
}

// The loop's state after `step` steps, for TrainerConfig::stopAfterStep.
std::shared_ptr<TrainerState> captureState(torch::optim::AdamW& optimizer,
                                           const std::vector<std::pair<std::string, torch::Tensor>>& named,
                                           const TrainerConfig& config, int warmup, int step,
                                           const TrainOutcome& out, int evalsWithoutGain,
                                           const std::vector<torch::Tensor>& best, const BatchOrder& order) {
  auto s = std::make_shared<TrainerState>();
  s->step = step;
  s->totalSteps = config.steps;
  s->lr = config.lr;
  s->batchSize = config.batchSize;
  s->gradAccum = config.gradAccum;
  s->seed = config.seed;
  s->warmupSteps = warmup;
  s->losses = out.losses;
  s->devCurve = out.devCurve;
  s->bestDevAccuracy = out.bestDevAccuracy;
  s->bestStep = out.bestStep;
  s->evalsWithoutGain = evalsWithoutGain;
  s->best = best;
  s->order = order.state();
  for (const auto& [name, t] : named) {
    s->names.push_back(name);
    auto it = optimizer.state().find(optimizerKey(t));
    if (it == optimizer.state().end()) {  // never had a gradient (e.g. the MLM head while fine-tuning)
      s->adamSteps.push_back(0);
      s->expAvg.emplace_back();
      s->expAvgSq.emplace_back();
      continue;
    }
    const auto& adam = static_cast<const torch::optim::AdamWParamState&>(*it->second);
    s->adamSteps.push_back(adam.step());
    s->expAvg.push_back(adam.exp_avg().detach().to(torch::kCPU, false, true));
    s->expAvgSq.push_back(adam.exp_avg_sq().detach().to(torch::kCPU, false, true));
  }
  auto gen = at::detail::getDefaultCPUGenerator();
  std::lock_guard<std::mutex> lock(gen.mutex());
  s->cpuGenerator = gen.get_state();
  return s;
}

// Puts a stopped run's state back into the optimizer, the batch order and torch's CPU generator.
void applyState(const TrainerState& s, torch::optim::AdamW& optimizer,
                const std::vector<std::pair<std::string, torch::Tensor>>& named, const TrainerConfig& config,
                int warmup, BatchOrder& order) {
  auto differs = [](const std::string& what, const std::string& saved, const std::string& now) {
    throw Error("the trainer state was saved by a run with " + what + " " + saved + ", this run has " + now +
                ": resume with the same settings");
  };
  if (s.totalSteps != config.steps)
    differs("steps", std::to_string(s.totalSteps), std::to_string(config.steps));
  if (s.lr != config.lr) differs("learning rate", c10::str(s.lr), c10::str(config.lr));
  if (s.batchSize != config.batchSize)
    differs("batch size", std::to_string(s.batchSize), std::to_string(config.batchSize));
  if (s.gradAccum != config.gradAccum)
    differs("gradient accumulation", std::to_string(s.gradAccum), std::to_string(config.gradAccum));
  if (s.seed != config.seed) differs("seed", std::to_string(s.seed), std::to_string(config.seed));
  if (s.warmupSteps != warmup)
    differs("warm-up steps", std::to_string(s.warmupSteps), std::to_string(warmup));
  if (s.names.size() != named.size())
    throw Error("the trainer state has " + std::to_string(s.names.size()) +
                " trainable tensors, this method " + std::to_string(named.size()));
  torch::NoGradGuard noGrad;
  for (size_t i = 0; i < named.size(); ++i) {
    const auto& [name, t] = named[i];
    if (s.names[i] != name)
      throw Error("the trainer state's tensor " + std::to_string(i) + " is '" + s.names[i] +
                  "', this method's '" + name + "'");
    auto shapeCheck = [&, name = name, t = t](const torch::Tensor& saved, const std::string& what) {
      if (saved.sizes() != t.sizes())
        throw Error("the trainer state's " + what + " of '" + name + "' has shape " +
                    c10::str(saved.sizes()) + ", the tensor " + c10::str(t.sizes()));
    };
    if (!s.best.empty()) shapeCheck(s.best[i], "best-dev copy");
    if (s.adamSteps[i] == 0) continue;
    shapeCheck(s.expAvg[i], "AdamW first moment");
    shapeCheck(s.expAvgSq[i], "AdamW second moment");
    auto adam = std::make_unique<torch::optim::AdamWParamState>();
    adam->step(s.adamSteps[i]);
    adam->exp_avg(s.expAvg[i].to(t.device(), t.scalar_type()).clone());
    adam->exp_avg_sq(s.expAvgSq[i].to(t.device(), t.scalar_type()).clone());
    optimizer.state()[optimizerKey(t)] = std::move(adam);
    // The uninterrupted run's zero_grad() left a zero gradient here: accumulate into one as it does.
    t.mutable_grad() = torch::zeros_like(t);
  }
  order.restore(s.order);
  auto gen = at::detail::getDefaultCPUGenerator();
  std::lock_guard<std::mutex> lock(gen.mutex());
  gen.set_state(s.cpuGenerator);
}

}  // namespace

std::vector<torch::Tensor> trainableTensors(model::MaskedLM& model, Method& method) {
  std::vector<torch::Tensor> out;
  for (auto& p : namedTrainable(model, method)) out.push_back(p.second);
  return out;
}

void freezeForMethod(model::MaskedLM& model, const Method& method) {
  for (auto& p : model.parameters()) p.set_requires_grad(method.trainsModel());
}

bool applyBf16Request(model::MaskedLM& model, bool requested,
                      const std::function<void(const std::string&)>& log) {
  model.setBf16Matmuls(false);
  if (!requested) return false;
  if (model.device().is_cuda()) {
    log("bf16 autocast on " + model.device().str());
    return true;
  }
  model.setBf16Matmuls(true);
  log(std::string("bf16 on the CPU: the encoder's matmuls in bf16 with fp32 accumulation, weights and the "
                  "rest in fp32") +
      (model::cpuHasNativeBf16()
           ? " (native bf16 instructions here)"
           : " (this CPU has no AVX512-BF16 or AMX: oneDNN emulates bf16, slower than fp32)"));
  return false;
}

std::string describeTorchFailure(const std::exception& e, int batchSize) {
  const std::string what = e.what();
  if (what.find("out of memory") != std::string::npos) {
    const int smaller = std::max(1, batchSize / 2);
    return "the device ran out of memory with batch size " + std::to_string(batchSize) + "; try --batch " +
           std::to_string(smaller) + " (with --grad-accum " +
           std::to_string(std::max(1, batchSize / smaller)) + " to keep the effective batch)";
  }
  // Torch messages carry a C++ backtrace after the first line: keep the sentence.
  return "training failed: " + what.substr(0, what.find('\n'));
}

std::vector<int> predict(Method& method, const std::vector<TaskExample>& examples, int batchSize,
                         int64_t padId, bool bf16Autocast, const std::atomic<bool>* cancel) {
  auto scored = predictScored(method, examples, batchSize, padId, bf16Autocast, cancel);
  if (scored.predicted.empty() && !examples.empty()) return {};
  return std::move(scored.predicted);
}

namespace {

// predictScored for examples with demonstration sets: every (example, set) input is one row; rows are
// sorted by length and batched; each example's class logits are the mean over its sets (in float64), its
// probabilities their softmax and its prediction their argmax.
ScoredPredictions predictWithSets(Method& method, const std::vector<TaskExample>& examples, int batchSize,
                                  int64_t padId, bool bf16Autocast, const std::atomic<bool>* cancel) {
  struct Row {
    size_t example;
    const EncodedInput* input;
  };
  std::vector<Row> rows;
  for (size_t e = 0; e < examples.size(); ++e) {
    if (examples[e].demoSets.empty())
      rows.push_back({e, &inputOf(method, examples[e])});
    else
      for (const auto& in : examples[e].demoSets) rows.push_back({e, &in});
  }
  std::stable_sort(rows.begin(), rows.end(),
                   [](const Row& a, const Row& b) { return a.input->ids.size() < b.input->ids.size(); });
  std::vector<std::vector<double>> sum(examples.size());
  std::vector<int> count(examples.size(), 0);
  torch::NoGradGuard noGrad;
  AutocastGuard autocast(bf16Autocast);
  method.train(false);
  const size_t bs = static_cast<size_t>(std::max(1, batchSize));
  for (size_t start = 0; start < rows.size(); start += bs) {
    if (cancel != nullptr && cancel->load()) return {};
    const size_t end = std::min(rows.size(), start + bs);
    std::vector<const EncodedInput*> inputs;
    std::vector<int> labels;
    for (size_t r = start; r < end; ++r) {
      inputs.push_back(rows[r].input);
      labels.push_back(examples[rows[r].example].label);
    }
    const Batch batch = collate(inputs, labels, padId, method.deviceForInputs());
    const auto logits = method.logits(batch).detach().to(torch::kCPU, torch::kFloat64).contiguous();
    const int64_t classes = logits.size(1);
    const double* l = logits.data_ptr<double>();
    for (size_t r = start; r < end; ++r) {
      auto& s = sum[rows[r].example];
      if (s.empty()) s.assign(static_cast<size_t>(classes), 0.0);
      for (int64_t c = 0; c < classes; ++c)
        s[static_cast<size_t>(c)] += l[static_cast<int64_t>(r - start) * classes + c];
      ++count[rows[r].example];
    }
  }
  ScoredPredictions out;
  out.predicted.resize(examples.size());
  out.probabilities.resize(examples.size());
  out.logits.resize(examples.size());
  for (size_t e = 0; e < examples.size(); ++e) {
    auto& s = sum[e];
    for (auto& v : s) v /= count[e];
    const auto mean = torch::tensor(s, torch::kFloat64);
    const auto probs = mean.softmax(0).contiguous();
    out.probabilities[e].assign(probs.data_ptr<double>(), probs.data_ptr<double>() + probs.numel());
    out.predicted[e] = eval::argmax(s);  // -1 when a mean logit is NaN or infinite
    if (out.predicted[e] < 0 && !s.empty() && out.nonFinite++ == 0) out.firstNonFinite = e;
    for (double v : s) out.logits[e].push_back(static_cast<float>(v));
  }
  return out;
}

}  // namespace

ScoredPredictions predictScored(Method& method, const std::vector<TaskExample>& examples, int batchSize,
                                int64_t padId, bool bf16Autocast, const std::atomic<bool>* cancel) {
  for (const auto& ex : examples)
    if (!ex.demoSets.empty())
      return predictWithSets(method, examples, batchSize, padId, bf16Autocast, cancel);
  ScoredPredictions out;
  out.predicted.assign(examples.size(), -1);
  out.probabilities.resize(examples.size());
  out.logits.resize(examples.size());
  if (examples.empty()) return out;
  // Sorting by length keeps padding (wasted compute) low; predictions go back to their original index.
  std::vector<size_t> order(examples.size());
  std::iota(order.begin(), order.end(), size_t(0));
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return inputOf(method, examples[a]).ids.size() < inputOf(method, examples[b]).ids.size();
  });
  torch::NoGradGuard noGrad;
  AutocastGuard autocast(bf16Autocast);
  method.train(false);
  const size_t bs = static_cast<size_t>(std::max(1, batchSize));
  for (size_t start = 0; start < order.size(); start += bs) {
    if (cancel != nullptr && cancel->load()) return {};
    std::vector<size_t> idx(order.begin() + static_cast<std::ptrdiff_t>(start),
                            order.begin() + static_cast<std::ptrdiff_t>(std::min(order.size(), start + bs)));
    const Batch batch = makeBatch(method, examples, idx, false, padId, method.deviceForInputs());
    const auto logits = method.logits(batch);
    // Two device-to-host copies per batch (the float64 softmax, so the probabilities sum to 1 closely, and
    // the logits); the prediction is read from the host logits, not from a third copy of a device argmax.
    const auto probs = logits.detach().to(torch::kCPU, torch::kFloat64).softmax(1).contiguous();
    const int64_t classes = probs.size(1);
    const double* p = probs.data_ptr<double>();
    const auto raw = logits.detach().to(torch::kCPU, torch::kFloat).contiguous();
    const float* l = raw.data_ptr<float>();
    for (size_t i = 0; i < idx.size(); ++i) {
      const float* row = l + static_cast<int64_t>(i) * classes;
      if (std::all_of(row, row + classes, [](float v) { return std::isfinite(v); })) {
        // The first maximum on ties, as torch's argmax.
        out.predicted[idx[i]] = static_cast<int>(std::max_element(row, row + classes) - row);
      } else if (out.nonFinite++ == 0 || idx[i] < out.firstNonFinite) {
        out.firstNonFinite = idx[i];  // batches run in length order: keep the lowest example index
      }
      out.probabilities[idx[i]].assign(p + static_cast<int64_t>(i) * classes,
                                       p + (static_cast<int64_t>(i) + 1) * classes);
      out.logits[idx[i]].assign(row, row + classes);
    }
  }
  return out;
}

std::vector<std::vector<float>> predictLogits(Method& method, const std::vector<TaskExample>& examples,
                                              int batchSize, int64_t padId, bool bf16Autocast,
                                              const std::atomic<bool>* cancel) {
  auto scored = predictScored(method, examples, batchSize, padId, bf16Autocast, cancel);
  if (scored.predicted.empty() && !examples.empty()) return {};
  return std::move(scored.logits);
}

double accuracyOf(const std::vector<int>& predictions, const std::vector<TaskExample>& examples) {
  if (examples.empty() || predictions.size() != examples.size()) return 0.0;
  size_t correct = 0;
  for (size_t i = 0; i < examples.size(); ++i) correct += predictions[i] == examples[i].label;
  return static_cast<double>(correct) / static_cast<double>(examples.size());
}

TrainOutcome trainMethod(model::MaskedLM& model, Method& method, const std::vector<TaskExample>& train,
                         const std::vector<TaskExample>& dev, const TrainerConfig& config,
                         const TrainCallbacks& callbacks, const std::atomic<bool>* cancel) {
  TrainOutcome out;
  if (train.empty()) throw Error("no training examples");
  if (config.steps <= 0) throw Error("the number of training steps must be positive");
  freezeForMethod(model, method);
  const auto named = namedTrainable(model, method);
  std::vector<torch::Tensor> decay, plain, all;
  for (const auto& [name, t] : named) {
    (config.weightDecay > 0.0 && !noDecay(name) ? decay : plain).push_back(t);
    all.push_back(t);
  }
  std::vector<torch::optim::OptimizerParamGroup> groups;
  if (!decay.empty()) {
    groups.emplace_back(decay, std::make_unique<torch::optim::AdamWOptions>(
                                   torch::optim::AdamWOptions(config.lr).weight_decay(config.weightDecay)));
  }
  if (!plain.empty()) {
    groups.emplace_back(plain, std::make_unique<torch::optim::AdamWOptions>(
                                   torch::optim::AdamWOptions(config.lr).weight_decay(0.0)));
  }
  torch::optim::AdamW optimizer(std::move(groups), torch::optim::AdamWOptions(config.lr).weight_decay(0.0));

  const auto device = method.deviceForInputs();
  BatchOrder order(train.size(), config.seed);
  const int warmup = static_cast<int>(std::lround(config.warmupRatio * config.steps));
  std::vector<torch::Tensor> best;
  int evalsWithoutGain = 0;
  int firstStep = 1;
  if (config.resume) {
    applyState(*config.resume, optimizer, named, config, warmup, order);
    firstStep = config.resume->step + 1;
    out.losses = config.resume->losses;
    out.devCurve = config.resume->devCurve;
    out.bestDevAccuracy = config.resume->bestDevAccuracy;
    out.bestStep = config.resume->bestStep;
    out.stepsDone = config.resume->step;
    evalsWithoutGain = config.resume->evalsWithoutGain;
    best = config.resume->best;
  }
  bool stopped = false;
  const auto started = std::chrono::steady_clock::now();
  // Examples drawn so far: the g-th draw of the batch order is in its epoch g / n, which is the visit of
  // that example (every epoch uses each example once). A resumed run has drawn batchSize * gradAccum per
  // step before.
  const uint64_t perStep =
      static_cast<uint64_t>(config.batchSize) * static_cast<uint64_t>(std::max(1, config.gradAccum));
  uint64_t drawn = static_cast<uint64_t>(firstStep - 1) * perStep;

  auto evaluateDev = [&](int step) -> bool {  // returns false when cancelled
    double acc = 0;
    if (config.devScore) {
      const auto scored =
          predictScored(method, dev, config.evalBatchSize, config.padId, config.bf16Autocast, cancel);
      if (scored.predicted.empty() && !dev.empty()) return false;
      acc = config.devScore(scored, dev);
    } else {
      const auto preds =
          predict(method, dev, config.evalBatchSize, config.padId, config.bf16Autocast, cancel);
      if (preds.empty() && !dev.empty()) return false;
      acc = accuracyOf(preds, dev);
    }
    out.devCurve.emplace_back(step, acc);
    if (callbacks.onEval) callbacks.onEval(step, acc);
    if (acc > out.bestDevAccuracy) {  // strictly better, as LM-BFF: the earliest of equal checkpoints
      out.bestDevAccuracy = acc;
      out.bestStep = step;
      best = snapshot(all);
      evalsWithoutGain = 0;
    } else {
      ++evalsWithoutGain;
    }
    return true;
  };

  for (int step = firstStep; step <= config.steps; ++step) {
    if (cancel != nullptr && cancel->load()) {
      out.status = RunStatus::Cancelled;
      out.message = "cancelled after step " + std::to_string(step - 1);
      break;
    }
    PhaseTimer timer(config.profile, device);
    method.train(true);
    timer.mark(StepProfile::Other);
    if (config.fusedAdamW) {
      // Gradients dropped rather than zeroed: backward then hands over its own buffers instead of adding
      // them into zeros (one pass fewer over every trainable tensor, and no zeroing pass).
      for (auto& t : all) t.mutable_grad() = torch::Tensor();
    } else {
      optimizer.zero_grad();
    }
    timer.mark(StepProfile::ZeroGrad);
    double stepLoss = 0.0;
    {
      AutocastGuard autocast(config.bf16Autocast);
      for (int micro = 0; micro < std::max(1, config.gradAccum); ++micro) {
        const auto idx = order.next(static_cast<size_t>(config.batchSize));
        std::vector<EncodedInput> fresh;
        if (config.trainInput) {
          // Demonstrations drawn afresh for this use of each example (LM-BFF resamples every step).
          for (size_t k = 0; k < idx.size(); ++k) {
            fresh.push_back(config.trainInput(idx[k], (drawn + k) / train.size()));
            method.adaptInput(fresh.back());
          }
        }
        drawn += idx.size();
        const Batch batch = makeBatch(method, train, idx, false, config.padId, device,
                                      config.softTargetTemperature, config.trainInput ? &fresh : nullptr);
        Batch plainBatch;
        if (method.needsPlainBatch()) plainBatch = makeBatch(method, train, idx, true, config.padId, device);
        timer.mark(StepProfile::Data);
        auto loss = (config.taskLoss ? config.taskLoss(method, batch)
                                     : method.loss(batch, method.needsPlainBatch() ? &plainBatch : nullptr)) /
                    static_cast<double>(std::max(1, config.gradAccum));
        timer.mark(StepProfile::Forward);
        loss.backward();
        timer.mark(StepProfile::Backward);
        stepLoss += loss.item<double>();
        timer.mark(StepProfile::HostSync);
      }
    }
    if (!std::isfinite(stepLoss)) {
      out.status = RunStatus::Failed;
      const std::string damaged = step == 1 ? firstNonFiniteWeight(model, method) : std::string();
      out.message = "the loss became " + std::string(std::isnan(stepLoss) ? "NaN" : "infinite") +
                    " at step " + std::to_string(step) +
                    (damaged.empty() ? "; try a smaller learning rate (now " + std::to_string(config.lr) + ")"
                                     : ": the weight '" + damaged +
                                           "' holds NaN or infinite values before any update (damaged model "
                                           "or state files)");
      break;
    }
    timer.mark(StepProfile::Other);
    if (config.fusedAdamW) {
      // zero_grad() would have left a zero gradient on a tensor that had one before, and AdamW keeps
      // updating such a tensor (its moments decay, momentum moves it): give it that zero gradient back.
      for (auto& t : all) {
        if (!t.grad().defined() && optimizer.state().count(optimizerKey(t)) != 0)
          t.mutable_grad() = torch::zeros_like(t);
      }
    }
    torch::Tensor gradScale;  // fused: clipping's factor, applied inside the AdamW pass
    if (config.maxGradNorm > 0.0) {
      if (config.fusedAdamW)
        gradScale = clipScale(all, config.maxGradNorm);
      else
        torch::nn::utils::clip_grad_norm_(all, config.maxGradNorm);
    }
    timer.mark(StepProfile::Clip);
    const double lr = config.lr * linearScheduleFactor(step - 1, config.steps, warmup);
    for (auto& group : optimizer.param_groups())
      static_cast<torch::optim::AdamWOptions&>(group.options()).lr(lr);
    if (config.fusedAdamW)
      fusedAdamWStep(optimizer, gradScale);
    else
      optimizer.step();
    timer.mark(StepProfile::Optimizer);
    out.losses.push_back(static_cast<float>(stepLoss));
    out.stepsDone = step;
    if (callbacks.onProgress) {
      const double elapsed =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
      callbacks.onProgress(step, config.steps, stepLoss, lr,
                           elapsed / (step - firstStep + 1) * (config.steps - step));
    }
    timer.mark(StepProfile::Other);
    timer.stepDone();
    const bool evalNow = (config.evalEvery > 0 && step % config.evalEvery == 0) || step == config.steps;
    if (evalNow && !dev.empty()) {
      if (!evaluateDev(step)) {
        out.status = RunStatus::Cancelled;
        out.message = "cancelled during the dev evaluation at step " + std::to_string(step);
        break;
      }
      if (config.earlyStopPatience > 0 && evalsWithoutGain >= config.earlyStopPatience) {
        if (callbacks.onLog) {
          callbacks.onLog("early stop at step " + std::to_string(step) + ": no dev gain in " +
                          std::to_string(evalsWithoutGain) + " evaluations");
        }
        break;
      }
    }
    if (config.stopAfterStep > 0 && step == config.stopAfterStep && step < config.steps) {
      out.resumable =
          captureState(optimizer, named, config, warmup, step, out, evalsWithoutGain, best, order);
      out.status = RunStatus::Cancelled;
      out.message = "stopped after step " + std::to_string(step) + " of " + std::to_string(config.steps);
      stopped = true;
      break;
    }
  }
  if (!best.empty() && !stopped) restore(all, best);
  method.train(false);
  for (auto& t : all) t.mutable_grad() = torch::Tensor();
  return out;
}

}  // namespace pwb::train
