// Fuzzes the model-folder readers that see downloaded bytes before anything else: the safetensors header
// parser (SafetensorsFile), the shard index (findWeightFiles) together with the checkpoint cross-check
// (Checkpoint::open against a real config), and config.json (ModelConfig::fromJsonText).
// The first input byte picks the mode; the rest is the file.
#include <cstdint>
#include <string>

#include "common/error.h"
#include "common/text_file.h"
#include "fuzz_support.h"
#include "model/checkpoint.h"
#include "model/model_config.h"
#include "model/safetensors_reader.h"
#include "model/weight_files.h"

using namespace pwb::model;

namespace {

const std::string kLegacy = std::string(PWB_REFERENCE_DIR) + "/fixtures/tiny-bert-legacy";

// Every tensor's bytes must be inside the file: reading them whole turns an offset bug into a short read
// (an error) or, if validation let a range past the buffer, an ASan report that libFuzzer shows.
unsigned touchTensors(const SafetensorsFile& f) {
  unsigned sum = 0;
  for (const TensorEntry& e : f.tensors()) {
    if (f.find(e.name) != &e) __builtin_trap();
    if (e.end > e.begin) {
      const std::vector<uint8_t> b = f.bytes(e);
      sum += b.front() + b.back();
    }
    if (e.numel() < 0) __builtin_trap();
  }
  return sum;
}

const ModelConfig& legacyConfig() {
  static const ModelConfig c = ModelConfig::fromFile(kLegacy + "/config.json");
  return c;
}

// The real shards of tiny-bert-legacy, so that a mutated index is checked against real files.
void writeLegacyShardsOnce() {
  static const bool done = [] {
    for (const char* n : {"model-00001-of-00002.safetensors", "model-00002-of-00002.safetensors"})
      pwb::fuzz::writeScratch(n, pwb::readFileBytes(kLegacy + "/" + n));
    return true;
  }();
  (void)done;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  const int mode = data[0] % 4;
  ++data;
  --size;
  const std::string& dir = pwb::fuzz::scratchDir();
  try {
    switch (mode) {
      case 0: {
        const std::string path = pwb::fuzz::writeScratch("model.safetensors", data, size);
        SafetensorsFile f(path);
        volatile unsigned sink = touchTensors(f);
        (void)sink;
        break;
      }
      case 1: {
        writeLegacyShardsOnce();
        pwb::fuzz::removeScratch("model.safetensors");
        pwb::fuzz::writeScratch("model.safetensors.index.json", data, size);
        const WeightFiles w = findWeightFiles(dir);
        auto ck = Checkpoint::open(dir, legacyConfig());
        volatile int64_t sink = ck->parameterCount() + ck->storedBytes() + int64_t(ck->storedDtype().size());
        (void)sink;
        (void)w;
        break;
      }
      case 2: {
        pwb::fuzz::removeScratch("model.safetensors.index.json");
        pwb::fuzz::writeScratch("model.safetensors", data, size);
        auto ck = Checkpoint::open(dir, legacyConfig());
        for (const ParamSpec& s : ck->specs()) {
          const WeightSource& src = ck->source(s.name);
          if (!src.file || !src.entry) __builtin_trap();
          volatile unsigned sink = src.entry->end > src.entry->begin ? src.file->bytes(*src.entry).back() : 0;
          (void)sink;
        }
        break;
      }
      case 3: {
        const ModelConfig c =
            ModelConfig::fromJsonText(std::string(reinterpret_cast<const char*>(data), size), "config.json");
        volatile int64_t sink = c.headDim() + c.positionOffset();
        (void)sink;
        break;
      }
    }
  } catch (const pwb::Error&) {
    // The documented outcome for bad input.
  }
  return 0;
}
