#include "train/pet/ipet_sets.h"

#include <algorithm>
#include <cmath>

#include "common/error.h"

namespace pwb::train::pet {
namespace {

double uniform01(data::SplitMix64& rng) {
  return static_cast<double>(rng.next() >> 11) * (1.0 / 9007199254740992.0);  // 53 bits -> [0, 1)
}

// `count` distinct positions of `weights`, each drawn with probability proportional to its weight among
// those not drawn yet (sequential sampling without replacement). Zero weights are drawn last, uniformly.
std::vector<size_t> drawWithoutReplacement(std::vector<double> weights, size_t count, data::SplitMix64& rng) {
  std::vector<size_t> chosen;
  std::vector<bool> taken(weights.size(), false);
  for (size_t d = 0; d < count && d < weights.size(); ++d) {
    double total = 0.0;
    for (size_t i = 0; i < weights.size(); ++i) total += taken[i] ? 0.0 : weights[i];
    size_t pick = weights.size();
    if (total > 0.0) {
      const double u = uniform01(rng) * total;
      double run = 0.0;
      for (size_t i = 0; i < weights.size(); ++i) {
        if (taken[i] || weights[i] <= 0.0) continue;
        run += weights[i];
        pick = i;
        if (u < run) break;
      }
    } else {
      std::vector<size_t> left;
      for (size_t i = 0; i < weights.size(); ++i)
        if (!taken[i]) left.push_back(i);
      pick = left[static_cast<size_t>(rng.below(left.size()))];
    }
    taken[pick] = true;
    chosen.push_back(pick);
  }
  return chosen;
}

}  // namespace

IpetSetSizes ipetSetSizes(const std::vector<int>& trainCounts, double growth, int generation) {
  if (generation < 1) throw Error("iPET sets are drawn for generations 1 and later");
  if (!(growth >= 1.0) || !std::isfinite(growth)) throw Error("the iPET growth factor must be at least 1");
  int total = 0;
  for (int c : trainCounts) total += c;
  if (total <= 0) throw Error("iPET needs a labelled training set");
  IpetSetSizes s;
  s.newExamples = static_cast<int>(total * std::pow(growth, generation) - total);
  const double multiplier = static_cast<double>(s.newExamples) / total;
  for (int c : trainCounts) s.examplesPerClass.push_back(static_cast<int>(c * multiplier));
  return s;
}

int ipetLabellerCount(int members, double lambda) {
  if (members < 2) return 0;
  const int n = static_cast<int>(std::nearbyint(lambda * (members - 1)));  // to nearest, ties to even
  return std::clamp(n, 1, members - 1);
}

IpetSet drawIpetSet(int member, const std::vector<const LogitRows*>& previous,
                    const std::vector<double>& weights, const IpetSetSizes& sizes, double lambda,
                    data::SplitMix64& rng) {
  const int n = static_cast<int>(previous.size());
  if (member < 0 || member >= n) throw Error("iPET: member " + std::to_string(member) + " out of range");
  if (n < 2) throw Error("iPET needs at least two pattern-verbalizer pairs (each learns from the others)");
  IpetSet set;
  std::vector<int> others;
  for (int m = 0; m < n; ++m)
    if (m != member) others.push_back(m);
  const int k = ipetLabellerCount(n, lambda);
  rng.shuffle(others);
  set.labellers.assign(others.begin(), others.begin() + k);
  std::sort(set.labellers.begin(), set.labellers.end());
  std::vector<const LogitRows*> lists;
  std::vector<double> w;
  for (int m : set.labellers) {
    lists.push_back(previous[static_cast<size_t>(m)]);
    w.push_back(weights.at(static_cast<size_t>(m)));
  }
  const auto probs = softLabels(ensembleLogits(lists, w), 1.0);
  const auto assigned = argmaxRows(probs);
  for (size_t c = 0; c < sizes.examplesPerClass.size(); ++c) {
    const size_t want = static_cast<size_t>(std::max(0, sizes.examplesPerClass[c]));
    if (want == 0) continue;
    std::vector<size_t> candidates;
    for (size_t i = 0; i < assigned.size(); ++i)
      if (assigned[i] == static_cast<int>(c)) candidates.push_back(i);
    if (candidates.empty()) {
      set.notices.push_back("iPET: no pool example was labelled class " + std::to_string(c) +
                            " by the labelling members; that class gets no new examples");
      continue;
    }
    std::vector<size_t> pool = candidates;
    while (pool.size() < want) pool.insert(pool.end(), candidates.begin(), candidates.end());
    std::vector<double> weight;
    for (size_t i : pool) weight.push_back(*std::max_element(probs[i].begin(), probs[i].end()));
    for (size_t pick : drawWithoutReplacement(weight, want, rng)) {
      set.poolIndex.push_back(pool[pick]);
      set.labels.push_back(static_cast<int>(c));
    }
  }
  return set;
}

}  // namespace pwb::train::pet
