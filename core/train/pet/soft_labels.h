#pragma once
// PET's ensemble of pattern-verbalizer pairs and its soft labels (Schick & Schütze 2021, sec. 3.1; pet/
// modeling.py merge_logits): the ensemble's logits are the weighted mean of the members' logits,
//   s(x) = sum_m w_m s_m(x) / sum_m w_m,
// with w_m = 1 (uniform) or w_m = the member's accuracy on the training set before training (PET's
// weighting), and the soft label of x is softmax(s(x) / T) (T = 2 in PET). Torch-free, computed in double.
#include <string>
#include <vector>

namespace pwb::train::pet {

using LogitRows = std::vector<std::vector<float>>;  // [examples][classes]

enum class Weighting { Uniform, Pet };
Weighting parseWeighting(const std::string& name);  // "uniform" | "pet"; throws pwb::Error otherwise
std::string weightingName(Weighting w);

// Weighted mean of the members' logits. Throws pwb::Error when the members differ in shape, a weight is
// negative or all weights are zero, or there is no member.
LogitRows ensembleLogits(const std::vector<const LogitRows*>& members, const std::vector<double>& weights);

// Row-wise softmax(logits / temperature); temperature > 0.
LogitRows softLabels(const LogitRows& logits, double temperature);

// Index of the first largest value of each row.
std::vector<int> argmaxRows(const LogitRows& rows);
// Fraction of rows whose argmax is the gold class (0 for no rows).
double accuracyOfRows(const LogitRows& rows, const std::vector<int>& gold);

}  // namespace pwb::train::pet
