#pragma once
// The architecture of a BERT/RoBERTa masked-LM folder, read from its config.json. Torch-free so that the
// GUI and the model-info facade can use it.
#include <cstdint>
#include <string>

namespace pwb::model {

struct ModelConfig {
  std::string modelType;  // "bert" | "roberta"
  int64_t vocabSize = 0;
  int64_t hiddenSize = 0;
  int64_t numLayers = 0;
  int64_t numHeads = 0;
  int64_t intermediateSize = 0;
  int64_t maxPositions = 0;
  int64_t typeVocabSize = 2;
  int64_t padTokenId = 0;
  double layerNormEps = 1e-12;
  std::string hiddenAct = "gelu";  // "gelu" (erf) | "gelu_new" / "gelu_pytorch_tanh" (tanh) | "relu"
  double hiddenDropoutProb = 0.1;
  double attentionDropoutProb = 0.1;
  // Std of the normal initialisation of new weights (Hugging Face _init_weights), e.g. a classification head.
  double initializerRange = 0.02;
  // Dropout of Hugging Face's sequence-classification heads: classifier_dropout, or hidden_dropout_prob
  // when the config has none (null).
  double classifierDropout = 0.1;
  bool tieWordEmbeddings = true;  // decoder weight shared with the word embeddings
  std::string dir;                // model folder ("" for a config built in code)
  std::string configHash;         // FNV-1a 64 of config.json's bytes, 16 hex digits (cache keys)

  int64_t headDim() const { return numHeads > 0 ? hiddenSize / numHeads : 0; }
  bool isRoberta() const { return modelType == "roberta" || modelType == "xlm-roberta"; }
  // First position id of a sequence: 0 for BERT, pad_token_id + 1 for RoBERTa.
  int64_t positionOffset() const { return isRoberta() ? padTokenId + 1 : 0; }
  // Tokens one sequence may hold, special tokens included: the position ids a sequence can use
  // (BERT: max_position_embeddings; RoBERTa: max_position_embeddings - pad_token_id - 1, i.e. 512 of 514,
  // because its positions start at pad_token_id + 1). Every renderer and length check (evaluation,
  // training, PEFT evaluation, fill-mask) uses this one number.
  int64_t usableTokens() const { return maxPositions - positionOffset(); }

  // Reads and validates config.json (path to the file). Throws pwb::Error naming the file and key for a
  // missing/invalid field, an unsupported model_type, hidden_act or position_embedding_type.
  static ModelConfig fromFile(const std::string& configJsonPath);
  // Same from JSON text; `source` names it in errors.
  static ModelConfig fromJsonText(const std::string& text, const std::string& source);
  // Sizes of bert-base-uncased (12 layers, 768 hidden, 12 heads, 3072 ffn, vocab 30522) for benches/tests.
  static ModelConfig bertBase();
};

}  // namespace pwb::model
