#pragma once
// K-shot splits as in LM-BFF (Gao et al. 2021): from the training file, K examples per class for
// training and another K per class for development, for each of the seeds 13 21 42 87 100; the test
// set stays the original test file. A manifest records everything needed to rebuild and compare a split.
#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

#include "data/dataset.h"

namespace pwb::data {

const std::vector<uint64_t>& lmBffSeeds();  // 13 21 42 87 100

// Which generator orders the examples before the per-class take.
// - SplitMix64 (the default, "splitmix64"): our portable generator (data/random.h).
// - LmBff ("lmbff"): NumPy's legacy MT19937 seeded with the seed and np.random.shuffle, as LM-BFF's
//   tools/generate_k_shot_data.py does, with the classes in the order they first occur in the shuffled
//   rows. On a data set whose rows are exactly LM-BFF's (same file, no skipped rows) it picks the same
//   examples in the same order as LM-BFF. The files themselves: data/lmbff_split_files.h.
enum class Sampler { SplitMix64, LmBff };
std::string samplerName(Sampler s);  // "splitmix64" | "lmbff"
// Throws pwb::Error naming the accepted names.
Sampler parseSampler(const std::string& name);
const std::vector<std::string>& samplerNames();

struct SplitManifest {
  std::string protocol;            // "lm-bff-kshot" or "random-split"
  std::string rng = "splitmix64";  // "splitmix64" or "numpy-mt19937" (Sampler::LmBff)
  uint64_t seed = 0;
  int k = 0;                   // per class (k-shot); 0 for a random split
  std::string sourcePath;      // as given when sampling
  std::string sourceChecksum;  // Dataset::checksumHex() of the file sampled from
  size_t sourceRows = 0;
  std::vector<std::string> labels;            // classes sampled (k-shot)
  std::vector<std::string> trainIds, devIds;  // for a random split: dev = held-out part
  std::string trainChecksum, devChecksum;     // idListChecksum of the id lists

  nlohmann::json toJson() const;
  // Validates fields and the id-list checksums; errors name `origin` (a file name) and the key.
  static SplitManifest fromJson(const nlohmann::json& j, const std::string& origin = "manifest");
};

struct KShotSplit {
  SplitManifest manifest;
  Dataset train, dev;
};

// LM-BFF protocol: shuffle the labelled examples with the seed, then per class take the first K for
// train and the next K for dev. Throws pwb::Error when a class has fewer than 2K examples or the
// set is unlabeled (LM-BFF's script silently takes fewer), or, for Sampler::LmBff, when the seed is
// not below 2^32 (np.random.seed's range).
KShotSplit sampleKShot(const Dataset& source, int k, uint64_t seed, Sampler sampler = Sampler::SplitMix64);

// Random held-out split (e.g. MR: 8,662 train / 2,000 test): shuffle, the first heldOut are "dev".
KShotSplit randomSplit(const Dataset& source, size_t heldOut, uint64_t seed);

// Rebuilds the split recorded in a manifest; throws pwb::Error when the source file's checksum
// differs or an id is missing.
KShotSplit applyManifest(const Dataset& source, const SplitManifest& manifest);

}  // namespace pwb::data
