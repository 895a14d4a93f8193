#pragma once
// P-tuning's prompt encoder, laid out as PEFT's PromptEncoder so that names and shapes match:
//   embedding.weight [N,H]
//   lstm: lstm_head.{weight,bias}_{ih,hh}_l{0,1}[_reverse] (hidden e, bidirectional, 2 layers),
//         mlp_head.0 Linear(2e,2e), ReLU, mlp_head.2 Linear(2e,H)
//   mlp:  mlp_head.0 Linear(H,e), ReLU, mlp_head.2 Linear(e,e), ReLU, mlp_head.4 Linear(e,H)
#include <torch/torch.h>

#include <string>

namespace pwb::train::methods {

class PromptEncoderImpl : public torch::nn::Module {
 public:
  PromptEncoderImpl(int64_t numTokens, int64_t hidden, int64_t encoderHidden, const std::string& type);
  torch::Tensor forward();  // [N,H]: the vectors placed at the [P] slots
  const std::string& type() const { return type_; }

 private:
  std::string type_;
  torch::nn::Embedding embedding_{nullptr};
  torch::nn::LSTM lstm_{nullptr};
  torch::nn::Sequential mlp_{nullptr};
};
TORCH_MODULE(PromptEncoder);

}  // namespace pwb::train::methods
