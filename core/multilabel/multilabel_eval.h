#pragma once
// Multi-label evaluation with a loaded EvalSession (scheme: multilabel_types.h). `pwb multilabel` and the
// GUI's multi-label panel both call runMultiLabel. Torch-free header.
#include <atomic>

#include "eval/eval_session.h"
#include "multilabel/multilabel_types.h"

namespace pwb::multilabel {

// "label-words" | "yes-no"; throws pwb::Error naming them.
MultiLabelScheme parseMultiLabelScheme(const std::string& text);
const char* multiLabelSchemeName(MultiLabelScheme scheme);

// Threshold 0 means 1 / number of labels (LabelWords) or 0.5 (YesNo). Throws pwb::Error for a threshold
// outside [0, 1], a verbalizer that does not name every label of the set (or names another; YesNo: the yes
// and no classes), a template without exactly one [MASK] (YesNo: or without the field {label}), and
// eval::Cancelled when *cancel is raised. Runs torch on the calling thread.
MultiLabelResult runMultiLabel(eval::EvalSession& session, const MultiLabelRequest& request,
                               const eval::Progress& progress = {},
                               const std::atomic<bool>* cancel = nullptr);

// The labels whose probability is >= threshold (labels order).
std::vector<int> labelsAbove(const std::vector<double>& probs, double threshold);

}  // namespace pwb::multilabel
