#include "train/methods/p_tuning/bilstm.h"

#include <cmath>
#include <string>
#include <vector>

namespace pwb::train::methods {
namespace {

using torch::autograd::AutogradContext;
using torch::autograd::variable_list;

inline float sigmoid(float x) {
  return 1.0F / (1.0F + std::exp(-x));
}

// One direction of one layer: x [T,in] -> h [T,hidden]. Saves the activated gates, the cell states and the
// outputs; the backward runs the recurrence back and then forms each weight gradient in one product.
struct LstmDirection : torch::autograd::Function<LstmDirection> {
  static torch::Tensor forward(AutogradContext* ctx, const torch::Tensor& xIn, const torch::Tensor& wih,
                               const torch::Tensor& whh, const torch::Tensor& bih, const torch::Tensor& bhh,
                               bool reverse) {
    const auto x = xIn.contiguous();
    const int64_t T = x.size(0), h = whh.size(1);
    const auto gx = at::addmm(bih + bhh, x, wih.t());   // input projections of every step at once, [T,4h]
    auto acts = torch::empty({T, 4 * h}, x.options());  // i, f, g, o after their activations
    auto cells = torch::empty({T, h}, x.options()), outs = torch::empty({T, h}, x.options());
    auto hPrev = torch::zeros({h}, x.options()), cPrev = torch::zeros({h}, x.options());
    for (int64_t s = 0; s < T; ++s) {
      const int64_t t = reverse ? T - 1 - s : s;
      const auto pre = gx[t] + at::mv(whh, hPrev);
      const float *g = pre.data_ptr<float>(), *cp = cPrev.data_ptr<float>();
      float *a = acts[t].data_ptr<float>(), *c = cells[t].data_ptr<float>(), *o = outs[t].data_ptr<float>();
      for (int64_t j = 0; j < h; ++j) {
        a[j] = sigmoid(g[j]);
        a[h + j] = sigmoid(g[h + j]);
        a[2 * h + j] = std::tanh(g[2 * h + j]);
        a[3 * h + j] = sigmoid(g[3 * h + j]);
        c[j] = a[h + j] * cp[j] + a[j] * a[2 * h + j];
        o[j] = a[3 * h + j] * std::tanh(c[j]);
      }
      hPrev = outs[t];
      cPrev = cells[t];
    }
    ctx->save_for_backward({x, wih, whh, acts, cells, outs});
    ctx->saved_data["reverse"] = reverse;
    return outs;
  }

  static variable_list backward(AutogradContext* ctx, variable_list grads) {
    const auto saved = ctx->get_saved_variables();
    const auto &x = saved[0], &wih = saved[1], &whh = saved[2], &acts = saved[3], &cells = saved[4],
               &outs = saved[5];
    const bool reverse = ctx->saved_data["reverse"].toBool();
    const int64_t T = x.size(0), h = whh.size(1);
    const auto dy = grads[0].contiguous();
    auto dA = torch::empty({T, 4 * h}, x.options());  // gradients of the gates before their activations
    auto hPrevRows = torch::zeros({T, h}, x.options());
    auto dh = torch::zeros({h}, x.options()), dc = torch::zeros({h}, x.options());
    const auto zeros = torch::zeros({h}, x.options());
    for (int64_t s = T - 1; s >= 0; --s) {
      const int64_t t = reverse ? T - 1 - s : s;
      const int64_t before = reverse ? t + 1 : t - 1;  // the step processed just before t, if any
      const bool first = s == 0;
      const auto cPrevT = first ? zeros : cells[before];
      if (!first) hPrevRows[t].copy_(outs[before]);
      const float *a = acts[t].data_ptr<float>(), *c = cells[t].data_ptr<float>(),
                  *cp = cPrevT.data_ptr<float>(), *gy = dy[t].data_ptr<float>();
      float *dhp = dh.data_ptr<float>(), *dcp = dc.data_ptr<float>(), *da = dA[t].data_ptr<float>();
      for (int64_t j = 0; j < h; ++j) {
        const float i = a[j], f = a[h + j], g = a[2 * h + j], o = a[3 * h + j];
        const float tc = std::tanh(c[j]), dOut = gy[j] + dhp[j];
        const float dCell = dcp[j] + dOut * o * (1.0F - tc * tc);
        da[j] = dCell * g * i * (1.0F - i);
        da[h + j] = dCell * cp[j] * f * (1.0F - f);
        da[2 * h + j] = dCell * i * (1.0F - g * g);
        da[3 * h + j] = dOut * tc * o * (1.0F - o);
        dcp[j] = dCell * f;
      }
      dh = at::mv(whh.t(), dA[t]);  // the gradient reaching the previous step's output
    }
    torch::Tensor dx, dwih, dwhh, db;
    if (ctx->needs_input_grad(0)) dx = dA.mm(wih);
    if (ctx->needs_input_grad(1)) dwih = dA.t().mm(x);
    if (ctx->needs_input_grad(2)) dwhh = dA.t().mm(hPrevRows);
    if (ctx->needs_input_grad(3) || ctx->needs_input_grad(4)) db = dA.sum(0);
    // Both biases get the same gradient; separate tensors, since a gradient may be modified in place later.
    return {dx,
            dwih,
            dwhh,
            ctx->needs_input_grad(3) ? db : torch::Tensor(),
            ctx->needs_input_grad(4) ? (ctx->needs_input_grad(3) ? db.clone() : db) : torch::Tensor(),
            torch::Tensor()};
  }
};

torch::Tensor param(const torch::nn::LSTM& lstm, const std::string& name) {
  return lstm->named_parameters(false)[name];
}

}  // namespace

bool bidirectionalLstmApplies(const torch::nn::LSTM& lstm, const torch::Tensor& x) {
  const auto& o = lstm->options;
  if (!o.bidirectional() || !o.bias() || o.dropout() > 0 || o.proj_size() > 0) return false;
  if (!x.device().is_cpu() || x.scalar_type() != torch::kFloat || x.dim() != 2) return false;
  for (const auto& p : lstm->parameters())
    if (!p.device().is_cpu() || p.scalar_type() != torch::kFloat) return false;
  return true;
}

torch::Tensor bidirectionalLstm(const torch::nn::LSTM& lstm, const torch::Tensor& x) {
  torch::Tensor out = x;
  for (int64_t l = 0; l < lstm->options.num_layers(); ++l) {
    std::vector<torch::Tensor> dirs;
    for (const bool reverse : {false, true}) {
      const std::string sfx = std::to_string(l) + (reverse ? "_reverse" : "");
      dirs.push_back(LstmDirection::apply(out, param(lstm, "weight_ih_l" + sfx),
                                          param(lstm, "weight_hh_l" + sfx), param(lstm, "bias_ih_l" + sfx),
                                          param(lstm, "bias_hh_l" + sfx), reverse));
    }
    out = torch::cat(dirs, 1);
  }
  return out;
}

}  // namespace pwb::train::methods
