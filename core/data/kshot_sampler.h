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

struct SplitManifest {
  std::string protocol;  // "lm-bff-kshot" or "random-split"
  std::string rng = "splitmix64";
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
// set is unlabeled.
KShotSplit sampleKShot(const Dataset& source, int k, uint64_t seed);

// Random held-out split (e.g. MR: 8,662 train / 2,000 test): shuffle, the first heldOut are "dev".
KShotSplit randomSplit(const Dataset& source, size_t heldOut, uint64_t seed);

// Rebuilds the split recorded in a manifest; throws pwb::Error when the source file's checksum
// differs or an id is missing.
KShotSplit applyManifest(const Dataset& source, const SplitManifest& manifest);

}  // namespace pwb::data
