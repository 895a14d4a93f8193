#pragma once
// Knowledge probing with a loaded EvalSession: one hard template with one [MASK] over a probing data set,
// each answer ranked over the model's whole vocabulary (probe_types.h states LAMA's convention and where
// this differs). `pwb probe` and the GUI's probing panel both call runProbe. Torch-free header.
#include <atomic>

#include "eval/eval_session.h"
#include "probe/probe_types.h"

namespace pwb::probe {

// Throws pwb::Error for a template that is not a hard one-mask template of the data set's fields, and
// eval::Cancelled when *cancel is raised between batches. Runs torch on the calling thread.
ProbeResult runProbe(eval::EvalSession& session, const ProbeRequest& request,
                     const eval::Progress& progress = {}, const std::atomic<bool>* cancel = nullptr);

}  // namespace pwb::probe
