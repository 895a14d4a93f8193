// Building a MaskedLM from a checkpoint folder (or with random weights), and device/thread helpers.
#include <thread>

#include "common/error.h"
#include "common/text_file.h"
#include "model/checkpoint.h"
#include "model/masked_lm.h"
#include "model/safetensors_tensor.h"

namespace pwb::model {
namespace {

void finishSetup(MaskedLM& m, const LoadOptions& options) {
  m.eval();
  const auto dev = resolveDevice(options.device);
  const auto dt = options.bf16 ? torch::kBFloat16 : torch::kFloat;
  if (dev != m.device() || dt != m.dtype()) m.moveTo(dev, dt);
}

}  // namespace

torch::Device resolveDevice(const std::string& name) {
  if (name == "cpu") return torch::Device(torch::kCPU);
  const bool cuda = torch::cuda::is_available();
  if (name == "auto") return cuda ? torch::Device(torch::kCUDA) : torch::Device(torch::kCPU);
  if (name == "cuda" || name.rfind("cuda:", 0) == 0) {
    if (!cuda)
      throw Error("device '" + name +
                  "' requested but CUDA is not available (this LibTorch build has no CUDA "
                  "support or no GPU is visible); use --device cpu or auto");
    if (name == "cuda") return torch::Device(torch::kCUDA);
    const std::string idx = name.substr(5);
    if (idx.empty() || idx.find_first_not_of("0123456789") != std::string::npos || idx.size() > 3)
      throw Error("invalid device '" + name + "' (expected cuda:N)");
    const int n = std::stoi(idx);
    if (n >= static_cast<int>(torch::cuda::device_count()))
      throw Error("device '" + name + "' does not exist (" + std::to_string(torch::cuda::device_count()) +
                  " GPUs)");
    return torch::Device(torch::kCUDA, static_cast<c10::DeviceIndex>(n));
  }
  throw Error("unknown device '" + name + "' (expected cpu, cuda, cuda:N or auto)");
}

void setComputeThreads(int n) {
  if (n <= 0) n = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  at::set_num_threads(n);
}

std::shared_ptr<MaskedLM> MaskedLM::load(const std::string& dir, const LoadOptions& options) {
  const std::string configPath = joinPath(dir, "config.json");
  if (!fileExists(configPath))
    throw fileError(dir,
                    "not a model folder: config.json is missing (expected a Hugging Face BERT/RoBERTa "
                    "masked-LM folder)");
  const ModelConfig config = ModelConfig::fromFile(configPath);
  const auto cp = Checkpoint::open(dir, config, !options.encoderOnly);
  auto model = std::make_shared<MaskedLM>(config);
  torch::NoGradGuard noGrad;
  for (auto& p : model->named_parameters()) {
    if (options.encoderOnly && !cp->has(p.key())) {  // a head tensor the encoder-only folder lacks
      p.value().zero_();
      continue;
    }
    const WeightSource& src = cp->source(p.key());
    p.value().copy_(readFloatTensor(*src.file, *src.entry));
  }
  const WeightSource* poolerWeight = cp->pooler("weight");
  const WeightSource* poolerBias = cp->pooler("bias");
  if (poolerWeight != nullptr && poolerBias != nullptr) {
    model->setPooler(readFloatTensor(*poolerWeight->file, *poolerWeight->entry),
                     readFloatTensor(*poolerBias->file, *poolerBias->entry));
  }
  finishSetup(*model, options);
  return model;
}

void MaskedLM::setPooler(torch::Tensor weight, torch::Tensor bias) {
  const std::vector<int64_t> w{config_.hiddenSize, config_.hiddenSize}, b{config_.hiddenSize};
  if (weight.sizes().vec() != w || bias.sizes().vec() != b)
    throw Error("pooler weights of shape " + c10::str(weight.sizes()) + " / " + c10::str(bias.sizes()) +
                " do not fit hidden size " + std::to_string(config_.hiddenSize));
  poolerWeight_ = weight.detach().to(torch::kCPU, torch::kFloat).contiguous();
  poolerBias_ = bias.detach().to(torch::kCPU, torch::kFloat).contiguous();
}

std::shared_ptr<MaskedLM> MaskedLM::randomInit(const ModelConfig& config, const LoadOptions& options,
                                               uint64_t seed) {
  auto model = std::make_shared<MaskedLM>(config);
  torch::NoGradGuard noGrad;
  auto gen = at::detail::createCPUGenerator(seed);
  for (auto& p : model->named_parameters()) {
    const std::string& n = p.key();
    const bool isNorm = n.find("LayerNorm") != std::string::npos || n.find("layer_norm") != std::string::npos;
    const bool isBias = n.size() > 5 && n.compare(n.size() - 5, 5, ".bias") == 0;
    if (isNorm && !isBias)
      p.value().fill_(1.0);
    else if (isBias)
      p.value().zero_();
    else
      p.value().normal_(0.0, 0.02, gen);
  }
  finishSetup(*model, options);
  return model;
}

}  // namespace pwb::model
