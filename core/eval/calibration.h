#pragma once
// Class probabilities from class scores, and calibration by a prior (Zhao et al. 2021, "Calibrate before
// use"): p'(c) = (p(c) / prior(c)) / sum_c' p(c') / prior(c'). Torch-free.
#include <vector>

namespace pwb::eval {

// Softmax over class scores (log-space); numerically stable.
std::vector<double> softmax(const std::vector<double>& scores);

// Divides by the prior and renormalises. Throws pwb::Error when sizes differ or a prior entry is not > 0.
std::vector<double> applyPrior(const std::vector<double>& probs, const std::vector<double>& prior);

// Mean of several probability vectors (the content-free prior averages "N/A" and "").
std::vector<double> meanProbs(const std::vector<std::vector<double>>& probs);

// Index of the largest value (the first one on ties); -1 for an empty vector.
int argmax(const std::vector<double>& values);

}  // namespace pwb::eval
