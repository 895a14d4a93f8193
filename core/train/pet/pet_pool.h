#pragma once
// PET's unlabeled pool for one seed: a given file (its labels, if any, are dropped: the text is used) or the
// training file without the seed's K-shot train and dev examples; shuffled with the seed (SplitMix64, so
// the same seed gives the same pool everywhere) and cut to `cap` rows (0 = all). Torch-free.
#include <cstdint>
#include <string>
#include <vector>

#include "data/dataset.h"
#include "data/kshot_sampler.h"

namespace pwb::train::pet {

struct Pool {
  std::vector<data::Example> rows;   // labels cleared
  std::string source;                // the file they came from
  std::vector<std::string> notices;  // e.g. "the pool file has labels: used as text only"
};

// fromFile: the imported pool file, or nullptr to take the rest of `train` after `split`. Throws pwb::Error
// naming the file when the pool is empty.
Pool buildPool(const data::Dataset& train, const data::KShotSplit& split, const data::Dataset* fromFile,
               uint64_t seed, int cap);

}  // namespace pwb::train::pet
