#pragma once
// The native masked-LM engine: a BERT/RoBERTa encoder + MLM head in LibTorch, loaded from a Hugging Face
// folder (safetensors only). Includes torch: only core code that computes with the model includes this
// header (the GUI uses model_info.h instead).
//
// Parameters are registered under the Hugging Face names of the canonical checkpoint, so
// named_parameters() mirrors it: "bert.embeddings.word_embeddings.weight",
// "bert.encoder.layer.0.attention.self.query.weight", ..., "cls.predictions.transform.dense.weight",
// "cls.predictions.bias" (RoBERTa: "roberta.*", "lm_head.dense.weight", "lm_head.layer_norm.weight",
// "lm_head.bias"). A tied decoder is not listed separately (as in HF): it is the word-embedding matrix.
//
// Shapes are batch-first. Dropout (hidden_dropout_prob, attention_probs_dropout_prob from the config) is
// active only while the module is_training(); load() returns the model in eval() mode.
#include <torch/torch.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "model/model_config.h"

namespace pwb::model {

struct LoadOptions {
  std::string device = "cpu";  // "cpu" | "cuda" | "cuda:N" | "auto" (cuda when available)
  // bf16 inference: weights and activations in bfloat16 (CPU matmuls via oneDNN, AMX where present, or
  // CUDA); mlmLogits/mlmLogitsFor still return fp32. Faster, slightly less exact (bench_engine measures the
  // accuracy effect); for inference only.
  bool bf16 = false;
  // Encoder only: the MLM head's tensors may be missing from the folder (a sentence-transformers model);
  // head parameters absent from it are zero, so only encode()/embeddingOutput() are meaningful.
  bool encoderOnly = false;
};

struct EncoderInput {
  torch::Tensor inputIds;       // [B,T] int64; may be undefined when inputsEmbeds is given
  torch::Tensor attentionMask;  // [B,T] 0/1 (any integer/bool/float dtype); undefined = all ones
  torch::Tensor tokenTypeIds;   // [B,T] int64; undefined = zeros
  // [B,T,H]: replaces the word-embedding lookup (soft prompts: cat(prompt, wordEmbeddings(ids))).
  // Position and token-type embeddings and the embedding LayerNorm are still added/applied.
  torch::Tensor inputsEmbeds;
  // Per layer {K, V}, each [B, heads, P, headDim] (or [1, heads, P, headDim], broadcast over B): prepended
  // to that layer's keys/values (P-tuning v2 / PEFT prefix tuning). The attention mask is extended with P
  // ones in front; the output keeps length T. Either empty or exactly numLayers entries.
  std::vector<std::pair<torch::Tensor, torch::Tensor>> prefixKeyValues;
  // [B,T] or [T] int64 override. Undefined = as HF: BERT 0..T-1; RoBERTa from inputIds, non-pad tokens
  // counted from pad_token_id+1 and pads get pad_token_id (create_position_ids_from_input_ids), or
  // pad_token_id+1.. sequentially when only inputsEmbeds is given.
  torch::Tensor positionIds;
  // Optional, for encodeRows: [N] int64, the flat indices b*T+t of the attended tokens in ascending order,
  // on the model's device. The training batches build it on the host (train/batch.h); without it
  // encodeRows derives it from attentionMask (a device-to-host read on CUDA).
  torch::Tensor tokenIndex;
};

class MaskedLM : public torch::nn::Module {
 public:
  // Loads config.json + model.safetensors (or the sharded index) from dir. Weights stored as F16/BF16 are
  // converted to fp32 (bf16 option: to bf16). Throws pwb::Error with a sentence naming the file/key for
  // every problem (missing files, pytorch_model.bin only, corrupt safetensors, missing key, shape mismatch).
  static std::shared_ptr<MaskedLM> load(const std::string& dir, const LoadOptions& options = {});
  // A model with the given architecture and random weights (normal(0, 0.02), LayerNorm 1/0), for benches
  // and tests; in eval() mode.
  static std::shared_ptr<MaskedLM> randomInit(const ModelConfig& config, const LoadOptions& options = {},
                                              uint64_t seed = 0);

  explicit MaskedLM(ModelConfig config);  // parameters allocated uninitialised on CPU, fp32

  const ModelConfig& config() const { return config_; }
  torch::Device device() const;
  torch::ScalarType dtype() const;  // kFloat, or kBFloat16 for the bf16 path

  // [..] int64 -> [.., H] word-embedding rows (for building inputsEmbeds; differentiable).
  torch::Tensor wordEmbeddings(const torch::Tensor& ids);
  // The embedding block's output (word + position + token type, LayerNorm, dropout): [B,T,H].
  torch::Tensor embeddingOutput(const EncoderInput& input);
  // Last hidden state [B,T,H].
  torch::Tensor encode(const EncoderInput& input);
  // Only the last hidden state's rows (batchIdx[i], posIdx[i]) -> [N,H]: equals
  // gatherPositions(encode(input), batchIdx, posIdx) up to float rounding, for less work
  // (core/model/masked_lm_rows.cpp): the layers run over the attended tokens only (no padding rows; only
  // attention sees the padded layout), and the last layer computes queries, attention output and FFN for
  // the chosen rows alone, since nothing else of it reaches them. The training and scoring paths that
  // need only [MASK] / [CLS] rows use it.
  torch::Tensor encodeRows(const EncoderInput& input, const torch::Tensor& batchIdx,
                           const torch::Tensor& posIdx);

  // MLM head on chosen rows: hidden [N,H] -> full-vocabulary logits [N,V] (fp32).
  torch::Tensor mlmLogits(const torch::Tensor& hidden);
  // Only the vocabulary columns tokenIds [K] (int64): [N,K] = transform(hidden) . decoder[tokenIds]^T +
  // bias[tokenIds]; never computes the full vocabulary. Equals mlmLogits(hidden).index_select(1, ids).
  torch::Tensor mlmLogitsFor(const torch::Tensor& hidden, const torch::Tensor& tokenIds);
  // The head's transform (dense, activation, LayerNorm): [N,H] -> [N,H]; mlmLogits = it . decoder^T + bias.
  torch::Tensor mlmTransform(const torch::Tensor& hidden);
  torch::Tensor decoderWeight() const;  // [V,H] (the word embeddings when tied)
  torch::Tensor decoderBias() const;    // [V]

  // hidden [B,T,H], batchIdx [N], posIdx [N] (int64) -> [N,H] (rows hidden[batchIdx[i], posIdx[i]]).
  static torch::Tensor gatherPositions(const torch::Tensor& hidden, const torch::Tensor& batchIdx,
                                       const torch::Tensor& posIdx);

  // bf16 matmuls on the CPU (model/bf16_linear.h; off by default): the encoder's and the head transform's
  // linear layers run their GEMMs on bf16 copies of input, weight and gradient with fp32 accumulation and
  // output, the weights and everything else staying fp32. Mixed precision for training and inference of an
  // fp32 model, about twice as fast on CPUs with AVX512-BF16 or AMX; CUDA tensors and a bf16 model ignore it
  // (CUDA has autocast). The label-word logits (a few decoder rows) stay fp32.
  void setBf16Matmuls(bool on);
  bool bf16Matmuls() const;

  // Moves parameters to a device / dtype (kFloat or kBFloat16).
  void moveTo(torch::Device device, torch::ScalarType dtype = torch::kFloat);

  // The checkpoint's pretrained pooler (dense weight [H,H] and bias [H], fp32 on the CPU), which the
  // masked LM does not use; Hugging Face's BertForSequenceClassification starts its head from it. Undefined
  // tensors when the checkpoint has none (or the model was built in code). Not a parameter of this module.
  const torch::Tensor& poolerWeight() const { return poolerWeight_; }
  const torch::Tensor& poolerBias() const { return poolerBias_; }
  void setPooler(torch::Tensor weight, torch::Tensor bias);

  struct Impl;  // the layers (model/masked_lm_impl.h)

 private:
  // Word (or inputsEmbeds) + position + token-type embeddings, before the embedding LayerNorm: [B,T,H].
  torch::Tensor embeddingSum(const EncoderInput& input);
  // P of the prefix keys/values (0 without); throws when their layer count differs from the model's.
  int64_t prefixLength(const EncoderInput& input) const;

  ModelConfig config_;
  std::shared_ptr<Impl> impl_;
  torch::Tensor poolerWeight_, poolerBias_;
  friend struct Impl;
};

// Resolves "cpu" / "cuda" / "cuda:N" / "auto"; throws pwb::Error for an unknown name or CUDA absent.
torch::Device resolveDevice(const std::string& name);

// Sets intra-op threads for the calling thread (at::set_num_threads); n <= 0 = hardware cores.
void setComputeThreads(int n);

}  // namespace pwb::model
