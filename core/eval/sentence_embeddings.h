#pragma once
// Sentence embeddings for LM-BFF's demonstration filter: the mean of the last hidden states over the real
// tokens (mean pooling, as sentence-transformers models such as LM-BFF's SBERT do), L2-normalised, from any
// Hugging Face BERT/RoBERTa folder (a sentence-transformers folder, or the task's masked LM). Computed in
// batches on the chosen device and cached on disk keyed by (model identity, texts checksum), so a second
// run over the same data does not recompute them. Torch-free header (torch in the .cpp).
#include <cstdint>
#include <string>
#include <vector>

namespace pwb::eval {

struct EmbeddingOptions {
  std::string device = "cpu";  // "cpu" | "cuda" | "cuda:N" | "auto"
  int batchSize = 32;
  int maxTokens = 0;     // per text, special tokens included; 0 = the model's usable positions
  int expectedDim = 0;   // 0 = any; otherwise the model's hidden size must equal it
  std::string cacheDir;  // "" = defaultEmbeddingCacheDir()
  bool useCache = true;
};

struct EmbeddingResult {
  std::vector<float> vectors;  // texts.size() x dim, row-major, each row of unit length (zero text: zeros)
  int dim = 0;
  bool fromCache = false;     // true when read from the cache, nothing computed
  std::string cacheFile;      // "" when the cache is off
  std::string modelIdentity;  // what the cache key names: model type, hidden size, config + weights hash
};

// userCacheDir()/embeddings (common/paths.h: $PWB_CACHE_DIR, $XDG_CACHE_HOME/prompt-workbench or
// ~/.cache/prompt-workbench).
std::string defaultEmbeddingCacheDir();

// Throws pwb::Error naming the folder when it is not a BERT/RoBERTa encoder (no config.json, another
// model_type, missing encoder weights) or when its hidden size differs from options.expectedDim.
EmbeddingResult computeSentenceEmbeddings(const std::string& modelDir, const std::vector<std::string>& texts,
                                          const EmbeddingOptions& options);
// The contract form: the vectors, and *dim (when given) set to the dimension.
std::vector<float> sentenceEmbeddings(const std::string& modelDir, const std::vector<std::string>& texts,
                                      const EmbeddingOptions& options, int* dim);

}  // namespace pwb::eval
