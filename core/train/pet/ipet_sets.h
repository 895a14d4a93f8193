#pragma once
// iPET's training sets (Schick & Schütze 2021, sec. 3.2; pet/modeling.py train_ipet /
// generate_ipet_train_set): generation j >= 1 trains each pattern-verbalizer pair on the labelled set T plus
// a set that a random subset of the *other* members of generation j-1 labelled on the unlabeled pool.
//   size:      |T| * d^j - |T| new examples (d = growth factor, PET 5), per class in T's proportions:
//              int(count_c(T) * new / |T|) examples of class c;
//   labellers: round(lambda * (n - 1)) of the other n - 1 members (lambda = 0.25 in PET), drawn at random;
//   labels:    softmax of the labellers' (weighted) mean logits, the class is its argmax;
//   selection: per class, drawn without replacement with probability proportional to the example's
//              largest class probability; a class with fewer candidates than asked repeats its candidates
//              first (PET's upsampling).
// Differences from PET's code, on purpose: the random draws use our SplitMix64 (data/random.h), not Python's
// random and NumPy's generators, so the chosen examples differ from PET's for the same seed; at least one
// labeller is used (PET's round() gives 0 when lambda * (n - 1) < 0.5, e.g. 2 members, and then fails); a
// class that no pool example is assigned to is skipped with a notice (PET loops forever).
// Torch-free.
#include <cstddef>
#include <string>
#include <vector>

#include "data/random.h"
#include "train/pet/soft_labels.h"

namespace pwb::train::pet {

struct IpetSetSizes {
  int newExamples = 0;                // |T| * d^j - |T|, truncated
  std::vector<int> examplesPerClass;  // int(count_c * newExamples / |T|)
};
// trainCounts: per class, its examples in the labelled training set T. generation >= 1.
IpetSetSizes ipetSetSizes(const std::vector<int>& trainCounts, double growth, int generation);

// Labellers per member: round-half-to-even(lambda * (members - 1)) as Python's round(), at least 1 (when
// there is another member).
int ipetLabellerCount(int members, double lambda);

struct IpetSet {
  std::vector<int> labellers;     // members of the previous generation that labelled the set, ascending
  std::vector<size_t> poolIndex;  // chosen pool rows (repeats possible after upsampling)
  std::vector<int> labels;        // their assigned class
  std::vector<std::string> notices;
};

// The set for `member` of the new generation from the previous generation's pool logits (one LogitRows per
// member, all over the same pool) and member weights (1 each, or PET's train-accuracy weights).
IpetSet drawIpetSet(int member, const std::vector<const LogitRows*>& previous,
                    const std::vector<double>& weights, const IpetSetSizes& sizes, double lambda,
                    data::SplitMix64& rng);

}  // namespace pwb::train::pet
