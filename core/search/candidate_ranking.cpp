// Dev ranking of search candidates: zero-shot accuracy of each template on every seed's K-shot dev split.
#include "search/candidate_ranking.h"

#include <algorithm>
#include <cmath>
#include <optional>

#include "common/error.h"
#include "data/dataset_import.h"
#include "eval/eval_session.h"

namespace pwb::search {
namespace {

double mean(const std::vector<double>& v) {
  double s = 0;
  for (double x : v) s += x;
  return v.empty() ? 0 : s / static_cast<double>(v.size());
}

// Sample standard deviation (n - 1), 0 for fewer than two values.
double sampleStd(const std::vector<double>& v) {
  if (v.size() < 2) return 0;
  const double m = mean(v);
  double s = 0;
  for (double x : v) s += (x - m) * (x - m);
  return std::sqrt(s / static_cast<double>(v.size() - 1));
}

}  // namespace

void sortByDev(std::vector<TemplateCandidate>& candidates) {
  std::stable_sort(candidates.begin(), candidates.end(),
                   [](const TemplateCandidate& a, const TemplateCandidate& b) {
                     if (a.devMean != b.devMean) return a.devMean > b.devMean;
                     return a.devStd < b.devStd;
                   });
}

void rankOnDev(eval::EvalSession& session, const SearchRequest& request,
               const std::vector<data::KShotSplit>& splits, std::vector<TemplateCandidate>& candidates,
               const SearchCallback& callback, const std::atomic<bool>* cancel,
               std::vector<std::string>* notes) {
  if (request.verbalizerText.empty()) {
    throw Error(
        "ranking templates needs a verbalizer (verbalizerText): dev accuracy is scored with its words");
  }
  if (splits.empty()) throw Error("no K-shot dev split to rank the templates on");
  if (request.rankTop < 0)
    throw Error("rankTop must be 0 (all) or more, got " + std::to_string(request.rankTop));
  // A verbalizer that does not fit the data fails here once, not once per candidate.
  session.resolveVerbalizer(request.verbalizerText, splits.front().dev.labels);
  if (request.rankTop > 0 && candidates.size() > static_cast<size_t>(request.rankTop)) {
    candidates.resize(static_cast<size_t>(request.rankTop));
  }

  eval::GridRequest grid;
  for (const data::KShotSplit& split : splits) {
    grid.runs.push_back({"seed " + std::to_string(split.manifest.seed), split.dev});
  }
  grid.verbalizers = {request.verbalizerText};
  grid.options.maxLength = request.maxLength;
  grid.keepExamples = false;

  std::optional<eval::GridRequest> testGrid;
  if (!request.testPath.empty()) {
    data::Dataset test = data::importDataset(request.testPath);
    if (test.unlabeled) {
      throw fileError(request.testPath, "has no gold labels: test accuracy cannot be reported");
    }
    testGrid = grid;
    testGrid->runs = {{"test", std::move(test)}};
  }

  std::vector<TemplateCandidate> scored, pending = std::move(candidates);
  candidates.clear();
  SearchProgress progress;
  progress.phase = "rank";
  progress.total = static_cast<int64_t>(pending.size());
  size_t next = 0;
  auto stopped = [&] { return cancel && cancel->load(); };
  for (; next < pending.size() && !stopped(); ++next) {
    TemplateCandidate c = pending[next];
    grid.templates = {c.templateText};
    eval::GridResult r;
    try {
      r = session.runGrid(grid, {}, cancel);
    } catch (const eval::Cancelled&) {
      break;
    } catch (const Error& e) {
      if (notes)
        notes->push_back("template '" + c.templateText + "' (" + c.origin + ") not ranked: " + e.message());
      ++progress.done;
      continue;
    }
    c.devAccuracy.clear();
    for (const eval::CellResult& run : r.cells[0][0].runs) c.devAccuracy.push_back(run.metrics.accuracy);
    c.devMean = mean(c.devAccuracy);
    c.devStd = sampleStd(c.devAccuracy);
    scored.push_back(std::move(c));
    sortByDev(scored);
    ++progress.done;
    progress.bestTemplate = scored.front().templateText;
    progress.bestDev = scored.front().devMean;
    if (callback) callback(progress, scored);
  }

  // Test accuracy (reported only), best first so that a cancel keeps it for the winners.
  if (testGrid) {
    progress.phase = "test";
    progress.done = 0;
    progress.total = static_cast<int64_t>(scored.size());
    for (TemplateCandidate& c : scored) {
      if (stopped()) break;
      testGrid->templates = {c.templateText};
      try {
        c.testMean = session.runGrid(*testGrid, {}, cancel).cells[0][0].runs[0].metrics.accuracy;
      } catch (const eval::Cancelled&) {
        break;
      } catch (const Error& e) {
        if (notes) notes->push_back("template '" + c.templateText + "': no test accuracy: " + e.message());
      }
      ++progress.done;
      if (callback) callback(progress, scored);
    }
  }

  candidates = std::move(scored);
  // Not scored before a cancel: kept, unranked (empty devAccuracy), after the ranked ones.
  for (; next < pending.size(); ++next) {
    pending[next].devAccuracy.clear();
    candidates.push_back(std::move(pending[next]));
  }
}

}  // namespace pwb::search
