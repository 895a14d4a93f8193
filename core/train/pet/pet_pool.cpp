#include "train/pet/pet_pool.h"

#include <set>

#include "common/error.h"
#include "data/random.h"

namespace pwb::train::pet {

Pool buildPool(const data::Dataset& train, const data::KShotSplit& split, const data::Dataset* fromFile,
               uint64_t seed, int cap) {
  Pool pool;
  if (fromFile != nullptr) {
    pool.source = fromFile->path;
    pool.rows = fromFile->examples;
    if (!fromFile->unlabeled)
      pool.notices.push_back("the pool file " + fromFile->path +
                             " has labels: they are ignored, the text is used");
  } else {
    pool.source = train.path;
    std::set<std::string> used(split.manifest.trainIds.begin(), split.manifest.trainIds.end());
    used.insert(split.manifest.devIds.begin(), split.manifest.devIds.end());
    for (const auto& ex : train.examples)
      if (used.count(ex.id) == 0) pool.rows.push_back(ex);
  }
  for (auto& ex : pool.rows) ex.label.clear();
  // A generator of its own for the pool: the K-shot sampler's stream is not disturbed.
  data::SplitMix64 rng(seed ^ 0x5045545f504f4f4cULL);  // "PET_POOL"
  rng.shuffle(pool.rows);
  if (cap > 0 && pool.rows.size() > static_cast<size_t>(cap)) pool.rows.resize(static_cast<size_t>(cap));
  if (pool.rows.empty()) {
    throw fileError(pool.source,
                    fromFile != nullptr
                        ? "the unlabeled pool is empty"
                        : "no unlabeled pool: every example of the training file is in the seed's "
                          "K-shot split (give a pool file)");
  }
  return pool;
}

}  // namespace pwb::train::pet
