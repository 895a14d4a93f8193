#pragma once
// The arithmetic of an ensemble, apart from where the numbers come from: per example the weighted mean of
// the members' class distributions. Torch-free, store-free (tests check it against hand numbers).
#include <string>
#include <vector>

namespace pwb::combine {

enum class Weighting {
  Uniform,  // every member counts the same
  // PET's weights (Schick & Schuetze 2021, section 3.1): each member by its PVP's accuracy on the training
  // set before training ("train_accuracy_before" in the run's results).
  Pet,
};

const char* weightingName(Weighting w);             // "uniform" | "pet"
Weighting parseWeighting(const std::string& text);  // throws pwb::Error naming the valid values

// The raw weights, one per member, normalised to sum to 1. Throws pwb::Error when one is negative or not
// finite, or when they sum to 0 (every PET weight 0: no member classifies a training example right).
std::vector<double> normalisedWeights(const std::vector<double>& raw);

// members[m][i][c]: member m's probability of class c for example i. Returns, per example, the
// weighted mean sum_m w_m * p_m (w already normalised): a distribution again (sums to 1 when every
// member's does). With one member of weight 1 it is that member's distribution bit for bit. Throws
// pwb::Error when the members differ in example or class count.
std::vector<std::vector<double>> meanDistribution(
    const std::vector<std::vector<std::vector<double>>>& members, const std::vector<double>& weights);

}  // namespace pwb::combine
