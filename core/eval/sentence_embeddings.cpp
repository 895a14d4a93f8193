#include "eval/sentence_embeddings.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>

#include "common/error.h"
#include "common/paths.h"
#include "common/text_file.h"
#include "data/checksum.h"
#include "model/masked_lm.h"
#include "model/model_config.h"
#include "model/padded_batch.h"
#include "model/weight_files.h"
#include "tokenize/tokenizer.h"

namespace pwb::eval {
namespace {

constexpr char kMagic[8] = {'P', 'W', 'B', 'E', 'M', 'B', '1', '\n'};

// A fast 64-bit content hash of a file (8-byte words through SplitMix's finaliser, then the tail bytes):
// weights are hashed in full so a fine-tuned copy of a model never reuses the original's embeddings, at
// about a second per GB.
uint64_t hashFileContents(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw fileError(path, "cannot read the file to identify the embedding model");
  uint64_t h = 0x6a09e667f3bcc908ULL;
  std::vector<char> buf(size_t(1) << 20);
  uint64_t total = 0;
  while (in) {
    in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
    const size_t n = static_cast<size_t>(in.gcount());
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
      uint64_t w;
      std::memcpy(&w, buf.data() + i, 8);
      uint64_t z = h ^ (w + 0x9e3779b97f4a7c15ULL);
      z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
      z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
      h = z ^ (z >> 31);
    }
    for (; i < n; ++i) h = (h ^ static_cast<unsigned char>(buf[i])) * 0x100000001b3ULL;
    total += n;
  }
  return h ^ total;
}

// hashFileContents, remembered for the process by (path, size, modification time): the demonstration
// pool, dev and test sets of every seed ask for the same model's identity.
uint64_t fileHash(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0)
    throw fileError(path, "cannot read the file to identify the embedding model");
  const std::string key = path + "|" + std::to_string(st.st_size) + "|" + std::to_string(st.st_mtim.tv_sec) +
                          "." + std::to_string(st.st_mtim.tv_nsec);
  static std::mutex mutex;
  static std::map<std::string, uint64_t> known;
  {
    std::lock_guard<std::mutex> lock(mutex);
    auto it = known.find(key);
    if (it != known.end()) return it->second;
  }
  const uint64_t h = hashFileContents(path);
  std::lock_guard<std::mutex> lock(mutex);
  known[key] = h;
  return h;
}

// A sentence-transformers folder (modules.json) says how it pools: its Pooling module's config must be mean
// pooling over a word-embedding dimension equal to the encoder's hidden size, else these embeddings would
// not be the model's.
void checkSentenceTransformersPooling(const std::string& modelDir, int64_t hiddenSize) {
  const std::string modules = joinPath(modelDir, "modules.json");
  if (!fileExists(modules)) return;
  const nlohmann::json list = readJsonFile(modules);
  if (!list.is_array()) throw fileError(modules, "expected a JSON array of modules");
  for (const auto& m : list) {
    if (!m.is_object() || m.value("type", "").find("Pooling") == std::string::npos) continue;
    const std::string config = joinPath(joinPath(modelDir, m.value("path", "")), "config.json");
    if (!fileExists(config)) continue;
    const nlohmann::json c = readJsonFile(config);
    if (c.contains("word_embedding_dimension") && c["word_embedding_dimension"].is_number_integer() &&
        c["word_embedding_dimension"].get<int64_t>() != hiddenSize)
      throw keyError(config, "word_embedding_dimension",
                     "the pooling expects hidden size " + c["word_embedding_dimension"].dump() +
                         ", the encoder in " + modelDir + " has " + std::to_string(hiddenSize));
    if (c.contains("pooling_mode_mean_tokens") && c["pooling_mode_mean_tokens"] == false)
      throw keyError(config, "pooling_mode_mean_tokens",
                     "this sentence-transformers model does not pool by the mean of its tokens; only mean "
                     "pooling (LM-BFF's SBERT models) is implemented");
  }
}

std::string textsChecksum(const std::vector<std::string>& texts) {
  // Length-prefixed, so ["ab", "c"] and ["a", "bc"] differ.
  uint64_t h = data::fnv1a64(std::to_string(texts.size()));
  for (const auto& t : texts) h = data::fnv1a64(t, data::fnv1a64(std::to_string(t.size()) + ":", h));
  return data::toHex64(h);
}

model::ModelConfig encoderConfig(const std::string& modelDir) {
  const std::string configPath = joinPath(modelDir, "config.json");
  if (!fileExists(configPath))
    throw fileError(modelDir,
                    "not an encoder folder for sentence embeddings: config.json is missing "
                    "(expected a Hugging Face BERT/RoBERTa folder, e.g. a sentence-transformers model)");
  try {
    return model::ModelConfig::fromFile(configPath);
  } catch (const Error& e) {
    throw fileError(modelDir, "not a BERT/RoBERTa encoder for sentence embeddings: " + std::string(e.what()));
  }
}

bool ensureDir(const std::string& path) {
  if (path.empty()) return false;
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0) return S_ISDIR(st.st_mode);
  const auto slash = path.find_last_of('/');
  if (slash != std::string::npos && slash > 0 && !ensureDir(path.substr(0, slash))) return false;
  return ::mkdir(path.c_str(), 0755) == 0 || errno == EEXIST;
}

// The cache file: magic, rows, dim (uint64 each), the texts checksum (16 bytes), then rows x dim floats.
bool readCache(const std::string& path, size_t rows, const std::string& checksum, int expectedDim,
               EmbeddingResult& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  char magic[8];
  uint64_t r = 0, d = 0;
  char sum[16];
  if (!in.read(magic, 8) || std::memcmp(magic, kMagic, 8) != 0) return false;
  if (!in.read(reinterpret_cast<char*>(&r), 8) || !in.read(reinterpret_cast<char*>(&d), 8)) return false;
  if (!in.read(sum, 16) || std::string(sum, 16) != checksum) return false;
  if (r != rows || d == 0 || d > 65536 || (expectedDim > 0 && d != static_cast<uint64_t>(expectedDim)))
    return false;
  std::vector<float> v(rows * d);
  if (!in.read(reinterpret_cast<char*>(v.data()), static_cast<std::streamsize>(v.size() * sizeof(float))))
    return false;
  if (in.peek() != std::char_traits<char>::eof()) return false;  // trailing bytes: not our file
  out.vectors = std::move(v);
  out.dim = static_cast<int>(d);
  return true;
}

// Written to "<path>.tmp.<pid>" and renamed, so a reader never sees half a file. A cache that cannot be
// written is not an error (the embeddings were computed; the next run computes them again).
void writeCache(const std::string& path, const std::string& checksum, const EmbeddingResult& r) {
  const std::string tmp = path + ".tmp." + std::to_string(::getpid());
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) return;
    const uint64_t rows = r.dim > 0 ? r.vectors.size() / static_cast<size_t>(r.dim) : 0;
    const uint64_t d = static_cast<uint64_t>(r.dim);
    out.write(kMagic, 8);
    out.write(reinterpret_cast<const char*>(&rows), 8);
    out.write(reinterpret_cast<const char*>(&d), 8);
    out.write(checksum.data(), 16);
    out.write(reinterpret_cast<const char*>(r.vectors.data()),
              static_cast<std::streamsize>(r.vectors.size() * sizeof(float)));
    if (!out) {
      std::remove(tmp.c_str());
      return;
    }
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) std::remove(tmp.c_str());
}

// [CLS] text [SEP] cut to `limit` tokens, keeping the closing special token (as a tokenizer's truncation).
std::vector<int64_t> truncated(const tokenize::Encoding& e, size_t limit) {
  std::vector<int64_t> ids = e.ids;
  if (ids.size() > limit && limit >= 2) {
    const int64_t last = ids.back();
    ids.resize(limit - 1);
    ids.push_back(last);
  }
  return ids;
}

}  // namespace

std::string defaultEmbeddingCacheDir() {
  return userCacheDir() + "/embeddings";
}

EmbeddingResult computeSentenceEmbeddings(const std::string& modelDir, const std::vector<std::string>& texts,
                                          const EmbeddingOptions& options) {
  if (options.batchSize < 1) throw Error("embedding batch size must be at least 1");
  const model::ModelConfig config = encoderConfig(modelDir);
  if (options.expectedDim > 0 && config.hiddenSize != options.expectedDim)
    throw fileError(modelDir, "embedding model has hidden size " + std::to_string(config.hiddenSize) +
                                  ", expected " + std::to_string(options.expectedDim) +
                                  " (embeddings of different models cannot be compared)");
  checkSentenceTransformersPooling(modelDir, config.hiddenSize);
  const int64_t usable = config.usableTokens();
  const int64_t maxTokens = options.maxTokens > 0 ? std::min<int64_t>(options.maxTokens, usable) : usable;

  EmbeddingResult result;
  std::string identity = config.modelType + ";hidden=" + std::to_string(config.hiddenSize) +
                         ";config=" + config.configHash + ";max_tokens=" + std::to_string(maxTokens);
  for (const auto& f : model::findWeightFiles(modelDir).files)
    identity += ";weights=" + data::toHex64(fileHash(f));
  result.modelIdentity = identity;
  const std::string checksum = textsChecksum(texts);
  if (options.useCache) {
    const std::string dir = options.cacheDir.empty() ? defaultEmbeddingCacheDir() : options.cacheDir;
    result.cacheFile = joinPath(dir, data::toHex64(data::fnv1a64(identity + "\n" + checksum)) + ".emb");
    if (readCache(result.cacheFile, texts.size(), checksum, static_cast<int>(config.hiddenSize), result)) {
      result.fromCache = true;
      return result;
    }
  }

  model::LoadOptions load;
  load.device = options.device;
  load.encoderOnly = true;
  std::shared_ptr<model::MaskedLM> lm;
  try {
    lm = model::MaskedLM::load(modelDir, load);
  } catch (const Error& e) {
    throw fileError(modelDir, "cannot load the encoder for sentence embeddings: " + std::string(e.what()));
  }
  const auto tokenizer = tokenize::loadTokenizer(modelDir);
  const int64_t padId = model::paddingId(tokenizer->special().padId, config);
  const int64_t dim = config.hiddenSize;
  result.dim = static_cast<int>(dim);
  result.vectors.assign(texts.size() * static_cast<size_t>(dim), 0.0f);

  torch::NoGradGuard noGrad;
  const auto device = lm->device();
  for (size_t begin = 0; begin < texts.size(); begin += static_cast<size_t>(options.batchSize)) {
    const size_t end = std::min(texts.size(), begin + static_cast<size_t>(options.batchSize));
    std::vector<std::vector<int64_t>> ids;
    ids.reserve(end - begin);
    for (size_t i = begin; i < end; ++i)
      ids.push_back(truncated(tokenizer->encode(texts[i]), static_cast<size_t>(maxTokens)));
    model::TokenRows rows;
    for (const auto& r : ids) rows.push_back(&r);
    model::EncoderInput input = model::padBatch(rows, padId);
    const torch::Tensor hidden = lm->encode(input).to(torch::kFloat);  // [B,T,H] on the model's device
    const torch::Tensor mask = input.attentionMask.to(device, torch::kFloat).unsqueeze(-1);  // [B,T,1]
    // Mean over the real tokens, special tokens included (sentence-transformers' mean pooling), then L2.
    const torch::Tensor summed = (hidden * mask).sum(1);
    const torch::Tensor mean = summed / mask.sum(1).clamp_min(1e-9);
    const torch::Tensor unit = mean / mean.norm(2, 1, true).clamp_min(1e-12);
    const torch::Tensor cpu = unit.to(torch::kCPU).contiguous();
    std::memcpy(result.vectors.data() + begin * static_cast<size_t>(dim), cpu.data_ptr<float>(),
                (end - begin) * static_cast<size_t>(dim) * sizeof(float));
  }
  if (options.useCache && ensureDir(options.cacheDir.empty() ? defaultEmbeddingCacheDir() : options.cacheDir))
    writeCache(result.cacheFile, checksum, result);
  return result;
}

std::vector<float> sentenceEmbeddings(const std::string& modelDir, const std::vector<std::string>& texts,
                                      const EmbeddingOptions& options, int* dim) {
  EmbeddingResult r = computeSentenceEmbeddings(modelDir, texts, options);
  if (dim) *dim = r.dim;
  return std::move(r.vectors);
}

}  // namespace pwb::eval
