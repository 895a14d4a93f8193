// Fuzzes loading a tokenizer from the files of a model folder: tokenizer.json, vocab.txt,
// vocab.json + merges.txt and tokenizer_config.json. The first input byte picks which file the rest of
// the input becomes (the other files, when the mode needs them, are the tiny fixtures' real ones); a
// tokenizer that loads is then used on a fixed text.
#include <cstdint>
#include <string>

#include "common/error.h"
#include "common/text_file.h"
#include "fuzz_support.h"
#include "tokenize/tokenizer.h"
#include "tokenizer_checks.h"

namespace {

const std::string kBert = std::string(PWB_REFERENCE_DIR) + "/fixtures/tiny-bert";
const std::string kRoberta = std::string(PWB_REFERENCE_DIR) + "/fixtures/tiny-roberta";

const std::string& fixture(const std::string& dir, const char* name) {
  static std::string cache[2][4];
  static const char* names[] = {"tokenizer.json", "vocab.txt", "vocab.json", "merges.txt"};
  for (int i = 0; i < 4; ++i)
    if (std::string(names[i]) == name) {
      std::string& c = cache[dir == kBert ? 0 : 1][i];
      if (c.empty()) c = pwb::readFileBytes(dir + "/" + name);
      return c;
    }
  __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  const int mode = data[0] % 5;
  const std::string input(reinterpret_cast<const char*>(data + 1), size - 1);
  using pwb::fuzz::removeScratch;
  using pwb::fuzz::writeScratch;
  for (const char* n : {"tokenizer.json", "tokenizer_config.json", "vocab.txt", "vocab.json", "merges.txt"})
    removeScratch(n);
  switch (mode) {
    case 0:
      writeScratch("tokenizer.json", input);
      break;
    case 1:
      writeScratch("vocab.txt", input);
      break;
    case 2: {  // vocab.json NUL merges.txt
      const size_t cut = input.find('\0');
      writeScratch("vocab.json", input.substr(0, cut));
      writeScratch("merges.txt",
                   cut == std::string::npos ? fixture(kRoberta, "merges.txt") : input.substr(cut + 1));
      break;
    }
    case 3:  // tokenizer_config.json next to a real BPE vocabulary
      writeScratch("tokenizer_config.json", input);
      writeScratch("vocab.json", fixture(kRoberta, "vocab.json"));
      writeScratch("merges.txt", fixture(kRoberta, "merges.txt"));
      break;
    case 4:  // tokenizer_config.json next to a real WordPiece tokenizer.json
      writeScratch("tokenizer_config.json", input);
      writeScratch("tokenizer.json", fixture(kBert, "tokenizer.json"));
      break;
  }
  try {
    auto t = pwb::tokenize::loadTokenizer(pwb::fuzz::scratchDir());
    pwb::fuzz::exerciseTokenizer(*t, "Hello, WORLD! naïve café 中文 [MASK] <mask> unbelievable\t\x01 x");
  } catch (const pwb::Error&) {
  }
  return 0;
}
