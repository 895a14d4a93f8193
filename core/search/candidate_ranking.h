#pragma once
// Every search method ends here: each candidate template is scored zero-shot (request.verbalizerText) on the
// K-shot dev split of every seed — never on test — and the list is sorted by the mean dev accuracy.
// Torch-free header.
#include <atomic>
#include <string>
#include <vector>

#include "data/kshot_sampler.h"
#include "search/search_types.h"

namespace pwb::eval {
class EvalSession;
}

namespace pwb::search {

// Fills devAccuracy (per split, in `splits` order = request.seeds order), devMean, devStd (sample std, n-1;
// 0 for one split) and, when request.testPath is set, testMean (zero-shot accuracy on that file: reported,
// never used to choose). Only the first request.rankTop candidates (in the order given) are ranked when
// rankTop > 0; the rest are dropped. Sorted best first: devMean, then the lower devStd, then the order given.
// Each candidate is one EvalSession grid row over all splits (its template encoded once per split, examples
// batched). A candidate that cannot be scored (a field the data lacks, a prompt too long) is dropped with a
// sentence in *notes. A raised cancel flag stops between candidates: `candidates` then holds the ones fully
// scored so far, sorted, followed by the ones not scored yet (empty devAccuracy), so nothing found is lost.
// Throws pwb::Error for an empty verbalizer, no split, or an unreadable test file.
void rankOnDev(eval::EvalSession& session, const SearchRequest& request,
               const std::vector<data::KShotSplit>& splits, std::vector<TemplateCandidate>& candidates,
               const SearchCallback& callback = {}, const std::atomic<bool>* cancel = nullptr,
               std::vector<std::string>* notes = nullptr);

// Sorts as rankOnDev does (stable).
void sortByDev(std::vector<TemplateCandidate>& candidates);

}  // namespace pwb::search
