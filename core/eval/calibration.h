#pragma once
// Class probabilities from class scores, and calibration by a prior (Zhao et al. 2021, "Calibrate before
// use"): p'(c) = (p(c) / prior(c)) / sum_c' p(c') / prior(c'). Torch-free.
#include <string>
#include <vector>

namespace pwb::eval {

// Softmax over class scores (log-space); numerically stable.
std::vector<double> softmax(const std::vector<double>& scores);

// Divides by the prior and renormalises. Throws pwb::Error when sizes differ or a prior entry is not > 0.
std::vector<double> applyPrior(const std::vector<double>& probs, const std::vector<double>& prior);

// Mean of several probability vectors (the content-free prior averages "N/A" and "").
std::vector<double> meanProbs(const std::vector<std::vector<double>>& probs);

// Index of the largest value (the first one on ties); -1 for an empty vector and for one holding NaN or an
// infinity: std::max_element would return index 0 for a leading NaN (every comparison with NaN is false),
// silently predicting the first class for an example the model did not score (issue 19).
int argmax(const std::vector<double>& values);

// True when every value is finite (no NaN, no infinity).
bool allFinite(const std::vector<double>& values);

// What evaluation and training tell the user about examples whose class scores were not finite:
// "3 of 20 examples have NaN or infinite class scores (first: L12): no class is predicted for them and they
// count as wrong".
std::string nonFiniteNote(int count, size_t total, const std::string& firstId);

}  // namespace pwb::eval
