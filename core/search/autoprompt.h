#pragma once
// AutoPrompt (Shin et al. 2020, github.com/ucinlp/autoprompt): trigger tokens for the [T] slots of a
// template (trigger_template.h), chosen by gradients through the frozen masked LM. Torch-free header.
//
// Per iteration, for one trigger position (round robin): the gradient of the training loss with respect to
// that position's input embedding, over a batch of the K-shot training split; every vocabulary token v is
// ranked by the first-order estimate -grad . e_v of how much putting v there lowers the loss (HotFlip); the
// top-k candidates are scored exactly on the same batch (batched forward passes) and the best one is kept
// when it lowers the loss. After each kept change the template is scored on the split's dev examples; the
// search stops after `steps` iterations or `patience` iterations without a better dev accuracy. See
// SEARCH.md for the differences from the reference code.
#include <atomic>
#include <cstdint>
#include <vector>

#include "data/kshot_sampler.h"
#include "search/search_types.h"

namespace pwb::eval {
class EvalSession;
}

namespace pwb::search {

// One seed's search on `split` (train: gradients and candidate scores; dev: early stopping) with
// request.templateText (trigger slots) and request.verbalizerText (single-token label words) and
// request.autoprompt's options. Returns every template that set a new best dev score during the search, in
// the order found (the last one is the search's answer), as ordinary hard templates: the trigger tokens
// written back as text (SEARCH.md, "Writing triggers back"); searchScore is its training-batch loss.
// Throws pwb::Error for bad input (template, verbalizer, options, split); a raised cancel flag returns the
// templates found so far. `callback` (may be empty) gets the progress after every iteration.
std::vector<TemplateCandidate> autoPromptSearch(eval::EvalSession& session, const SearchRequest& request,
                                                const data::KShotSplit& split, uint64_t seed,
                                                const SearchCallback& callback,
                                                const std::atomic<bool>* cancel);

}  // namespace pwb::search
