#pragma once
// P-tuning's prompt-encoder LSTM on the CPU with a hand-written backward through time.
//
// The prompt encoder runs one short sequence (the N pseudo tokens) through a 2-layer bidirectional LSTM
// every training step. LibTorch's CPU LSTM computes each time step as separate ops, and autograd then
// accumulates the recurrent weights' gradient once per step and direction: for N = 8, hidden 384, that is
// 32 additions of a 1536 x 384 matrix per step, a sixth of a P-tuning step on the demo model (profiled with
// bench_train --trace, issue 20). This form keeps the same weights (the torch::nn::LSTM module's, so names,
// loading and export do not change) and the same formula (gates i, f, g, o as PyTorch), runs the recurrence
// itself, and computes each weight's gradient as one matrix product over all steps. Equal to LibTorch's LSTM
// up to float rounding (test_train_methods).
#include <torch/torch.h>

namespace pwb::train::methods {

// Whether bidirectionalLstm runs for this module and input (CPU fp32, bidirectional, with biases, no
// dropout between layers); otherwise call the module.
bool bidirectionalLstmApplies(const torch::nn::LSTM& lstm, const torch::Tensor& x);
// The module's output for one sequence x [T, input] (batch_first with batch 1, squeezed): [T, 2 * hidden].
torch::Tensor bidirectionalLstm(const torch::nn::LSTM& lstm, const torch::Tensor& x);

}  // namespace pwb::train::methods
