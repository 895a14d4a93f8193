#pragma once
// Micro-F1, macro-F1 and subset accuracy of label sets (see multilabel_types.h for the conventions).
#include <vector>

#include "multilabel/multilabel_types.h"

namespace pwb::multilabel {

// gold[i] and pred[i] are label indices in [0, numLabels) (order and repeats do not matter). Throws
// pwb::Error when the sizes differ or an index is out of range.
MultiLabelMetrics multiLabelMetrics(const std::vector<std::vector<int>>& gold,
                                    const std::vector<std::vector<int>>& pred, size_t numLabels);

}  // namespace pwb::multilabel
