#pragma once
// How a run's numbers are shown to people, the same in `pwb runs`, `pwb export --runs-table` and the GUI:
// rates (accuracies, F1) as percent with one decimal ("60.1"), as `pwb train` and `pwb eval` print them;
// everything else (loss, learning rate, counts) as is. JSON output keeps the stored fractions.
#include <string>

namespace pwb::store {

// True for metrics that are fractions in [0, 1] shown as percent: any key naming an accuracy ("acc") or
// an F1 score ("f1") or a probe's precision at k ("p_at_"), e.g. test_accuracy, best_dev_accuracy, dev_acc,
// test_macro_f1, test_p_at_1.
bool isRateMetric(const std::string& key);

// "60.1" for a rate 0.6009; whole numbers as such ("30"); other values with 4 significant digits
// ("0.6931", "3e-05", "12.35"); "" for NaN.
std::string formatMetric(const std::string& key, double value);

// A column header for the metric: "test_accuracy (%)" for rates, else the key.
std::string metricHeader(const std::string& key);

}  // namespace pwb::store
