#include "tokenize/tokenizer.h"

#include <sys/stat.h>

#include <algorithm>
#include <exception>
#include <thread>

#include "common/error.h"
#include "common/text_file.h"
#include "tokenize/tokenizer_loaders.h"

namespace pwb::tokenize {

std::vector<Encoding> Tokenizer::encodeBatch(const std::vector<std::string>& texts, int threads) const {
  std::vector<Encoding> out(texts.size());
  const size_t n = texts.size();
  const size_t workers = std::max<size_t>(1, std::min<size_t>(threads > 0 ? size_t(threads) : 1, n));
  if (workers <= 1) {
    for (size_t i = 0; i < n; ++i) out[i] = encode(texts[i]);
    return out;
  }
  // Contiguous slices: each thread writes only its own results, and keeps its buffers warm.
  std::vector<std::exception_ptr> errors(workers);
  auto run = [&](size_t w) {
    try {
      for (size_t i = n * w / workers; i < n * (w + 1) / workers; ++i) out[i] = encode(texts[i]);
    } catch (...) {
      errors[w] = std::current_exception();
    }
  };
  std::vector<std::thread> pool;
  pool.reserve(workers - 1);
  for (size_t w = 1; w < workers; ++w) pool.emplace_back(run, w);
  run(0);
  for (auto& t : pool) t.join();
  for (auto& e : errors)
    if (e) std::rethrow_exception(e);
  return out;
}

std::unique_ptr<Tokenizer> loadTokenizer(const std::string& modelDir) {
  struct stat st {};
  if (::stat(modelDir.c_str(), &st) != 0) throw fileError(modelDir, "model folder not found");
  if (!S_ISDIR(st.st_mode))
    throw fileError(modelDir, "not a folder (expected a model folder with tokenizer files)");
  const std::string json = joinPath(modelDir, "tokenizer.json");
  if (fileExists(json)) return std::make_unique<PipelineTokenizer>(specFromTokenizerJson(json));
  if (fileExists(joinPath(modelDir, "vocab.txt")))
    return std::make_unique<PipelineTokenizer>(specFromVocabTxt(modelDir));
  if (fileExists(joinPath(modelDir, "vocab.json")) || fileExists(joinPath(modelDir, "merges.txt")))
    return std::make_unique<PipelineTokenizer>(specFromVocabJsonMerges(modelDir));
  throw fileError(modelDir,
                  "no tokenizer files: expected tokenizer.json, vocab.txt, or vocab.json + merges.txt");
}

}  // namespace pwb::tokenize
