#include "train/methods/p_tuning/prompt_encoder.h"

#include "common/error.h"
#include "train/methods/p_tuning/bilstm.h"

namespace pwb::train::methods {

PromptEncoderImpl::PromptEncoderImpl(int64_t numTokens, int64_t hidden, int64_t encoderHidden,
                                     const std::string& type)
    : type_(type) {
  namespace nn = torch::nn;
  embedding_ = register_module("embedding", nn::Embedding(numTokens, hidden));
  if (type == "lstm") {
    lstm_ = register_module(
        "lstm_head",
        nn::LSTM(nn::LSTMOptions(hidden, encoderHidden).num_layers(2).bidirectional(true).batch_first(true)));
    mlp_ = register_module("mlp_head", nn::Sequential(nn::Linear(2 * encoderHidden, 2 * encoderHidden),
                                                      nn::ReLU(), nn::Linear(2 * encoderHidden, hidden)));
  } else if (type == "mlp") {
    mlp_ = register_module("mlp_head", nn::Sequential(nn::Linear(hidden, encoderHidden), nn::ReLU(),
                                                      nn::Linear(encoderHidden, encoderHidden), nn::ReLU(),
                                                      nn::Linear(encoderHidden, hidden)));
  } else {
    throw Error("unknown P-tuning prompt encoder '" + type + "' (lstm or mlp)");
  }
}

torch::Tensor PromptEncoderImpl::forward() {
  auto x = embedding_->weight;  // [N,H]
  if (lstm_) {                  // [N,2e]
    x = bidirectionalLstmApplies(lstm_, x) ? bidirectionalLstm(lstm_, x)
                                           : std::get<0>(lstm_->forward(x.unsqueeze(0))).squeeze(0);
  }
  return mlp_->forward(x);
}

}  // namespace pwb::train::methods
