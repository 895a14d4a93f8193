// runTemplateSearch: the one entry point of the CLI (`pwb search-template`) and the GUI's Search view. Loads
// the model once, checks the request before any forward pass, draws the K-shot splits (one per seed, as
// LM-BFF), runs the chosen method, and ranks every candidate on the dev splits (candidate_ranking.h).
#include <algorithm>
#include <chrono>
#include <optional>
#include <set>

#include "common/error.h"
#include "data/dataset_import.h"
#include "data/kshot_sampler.h"
#include "eval/eval_session.h"
#include "search/autoprompt.h"
#include "search/candidate_ranking.h"
#include "search/lmbff_candidates.h"
#include "search/search_types.h"
#include "search/template_generation.h"
#include "search/trigger_template.h"

namespace pwb::search {
namespace {

// Each check names the SearchRequest field (the CLI option of the same name).
void validate(const SearchRequest& r) {
  if (r.modelDir.empty()) throw Error("no model folder given (modelDir)");
  if (r.trainPath.empty()) {
    throw Error("no training file given (trainPath): the K-shot train and dev splits are drawn from it");
  }
  if (r.verbalizerText.empty()) {
    throw Error("no verbalizer given (verbalizerText): every search scores its label words at the [MASK]");
  }
  if (r.shots < 1)
    throw Error("shots (K examples per class) must be at least 1, got " + std::to_string(r.shots));
  if (r.shots < 2) {
    throw Error(
        "the dev split is too small: shots = 1 gives one dev example per class, so a template's dev "
        "accuracy per class is 0 or 100 % and cannot rank templates; use shots >= 2");
  }
  if (r.seeds.empty()) throw Error("no seed given (seeds): each seed draws one K-shot split");
  std::set<uint64_t> seen;
  for (uint64_t s : r.seeds) {
    if (!seen.insert(s).second) throw Error("seed " + std::to_string(s) + " is listed twice in seeds");
  }
  try {
    data::parseSampler(r.sampler);
  } catch (const Error& e) {
    throw Error("sampler: " + e.message());
  }
  if (r.threads < 0) throw Error("threads must be 0 (all cores) or more, got " + std::to_string(r.threads));
  if (r.maxLength < 0)
    throw Error("maxLength must be 0 (the model's) or more, got " + std::to_string(r.maxLength));
  if (r.rankTop < 0) throw Error("rankTop must be 0 (all) or more, got " + std::to_string(r.rankTop));
  switch (r.method) {
    case SearchMethod::AutoPrompt: {
      const AutoPromptOptions& a = r.autoprompt;
      if (a.steps < 1) {
        throw Error("the search budget is 0: autoprompt.steps must be at least 1, got " +
                    std::to_string(a.steps));
      }
      if (a.candidates < 1) {
        throw Error("autoprompt.candidates (top-k tokens per step) must be at least 1, got " +
                    std::to_string(a.candidates));
      }
      if (a.batchSize < 1) {
        throw Error("autoprompt.batchSize must be at least 1, got " + std::to_string(a.batchSize));
      }
      if (a.patience < 0) {
        throw Error("autoprompt.patience must be 0 (never stop early) or more, got " +
                    std::to_string(a.patience));
      }
      if (r.templateText.empty()) {
        throw Error(
            "AutoPrompt needs a template with trigger slots (templateText), e.g. {s} [T] [T] [T] [MASK] .");
      }
      parseTriggerTemplate(r.templateText, "templateText");  // no trigger slot / no [MASK]: named there
      break;
    }
    case SearchMethod::Generate: {
      const GenerateOptions& g = r.generate;
      if (g.maskRun < 1 || g.maskRun > 16) {
        throw Error("generate.maskRun (masks per span) must be 1 to 16, got " + std::to_string(g.maskRun));
      }
      if (g.beam < 1) {
        throw Error("the search budget is 0: generate.beam (beam width) must be at least 1, got " +
                    std::to_string(g.beam));
      }
      if (g.keep < 1) {
        throw Error("the search budget is 0: generate.keep (templates kept) must be at least 1, got " +
                    std::to_string(g.keep));
      }
      break;
    }
    case SearchMethod::LmBffList:
      if (r.lmbff.file.empty()) throw Error("no LM-BFF template list given (lmbff.file)");
      if (r.lmbff.limit < 0) {
        throw Error("lmbff.limit must be 0 (all lines) or more, got " + std::to_string(r.lmbff.limit));
      }
      break;
  }
}

// "generated pair seed 13" + "generated pair seed 21" -> "generated pair seeds 13, 21"; origins that differ
// otherwise are joined with "; ".
std::string mergeOrigin(const std::string& have, const std::string& add) {
  const auto at = add.rfind(" seed ");
  if (at != std::string::npos) {
    const std::string prefix = add.substr(0, at), seed = add.substr(at + 6);
    const bool number = !seed.empty() && seed.find_first_not_of("0123456789") == std::string::npos;
    for (const char* word : {" seed ", " seeds "}) {
      const std::string head = prefix + word;
      if (!number || have.compare(0, head.size(), head) != 0) continue;
      const std::string list = have.substr(head.size());
      if (list.find_first_not_of("0123456789, ") != std::string::npos) continue;
      return prefix + " seeds " + list + ", " + seed;
    }
  }
  return have + "; " + add;
}

// Adds `c` unless its template is already there; a repeat extends the origin (mergeOrigin) and keeps the
// better method score (higher log-prob for generation, lower loss for AutoPrompt).
void addDistinct(std::vector<TemplateCandidate>& list, TemplateCandidate c, bool higherIsBetter) {
  for (TemplateCandidate& o : list) {
    if (o.templateText != c.templateText) continue;
    o.origin = mergeOrigin(o.origin, c.origin);
    o.searchScore =
        higherIsBetter ? std::max(o.searchScore, c.searchScore) : std::min(o.searchScore, c.searchScore);
    return;
  }
  list.push_back(std::move(c));
}

// Notes for multi-token label words: how generation and ranking treat them.
void noteMultiToken(const std::vector<eval::LabelWord>& words, SearchMethod method,
                    std::vector<std::string>& notes) {
  for (const eval::LabelWord& w : words) {
    if (!w.multiToken()) continue;
    std::string pieces;
    for (const std::string& t : w.tokens) pieces += (pieces.empty() ? "" : " ") + t;
    std::string how = "dev ranking scores it by the mean log-probability of its pieces at the one [MASK]";
    if (method == SearchMethod::Generate) how = "generation puts it in the text as written; " + how;
    notes.push_back("label word '" + w.word + "' (" + w.label + ") is " + std::to_string(w.tokens.size()) +
                    " tokens (" + pieces + "): " + how);
  }
}

}  // namespace

SearchResult runTemplateSearch(const SearchRequest& request, const SearchCallback& callback,
                               const std::atomic<bool>* cancel) {
  const auto started = std::chrono::steady_clock::now();
  validate(request);
  SearchResult result;
  auto stopped = [&] { return cancel && cancel->load(); };

  // Files first (cheap), then the model, loaded once for every seed and the ranking.
  std::optional<LmBffCandidateList> list;
  if (request.method == SearchMethod::LmBffList)
    list = readLmBffCandidates(request.lmbff.file, request.lmbff.limit);
  const data::Dataset train = data::importDataset(request.trainPath);
  if (train.unlabeled)
    throw fileError(request.trainPath, "has no labels: K-shot splits need labelled examples");
  eval::SessionOptions so;
  so.device = request.device;
  so.threads = request.threads;
  eval::EvalSession session(request.modelDir, so);
  const std::vector<eval::LabelWord> words = session.resolveVerbalizer(request.verbalizerText, train.labels);
  noteMultiToken(words, request.method, result.notes);

  const data::Sampler sampler = data::parseSampler(request.sampler);
  std::vector<data::KShotSplit> splits;
  for (uint64_t seed : request.seeds) {
    try {
      splits.push_back(data::sampleKShot(train, request.shots, seed, sampler));
    } catch (const Error& e) {
      throw Error("cannot draw the K-shot split (shots = " + std::to_string(request.shots) + " train + " +
                      std::to_string(request.shots) + " dev per class, seed " + std::to_string(seed) +
                      "): " + e.message(),
                  e.where());
    }
  }

  std::vector<TemplateCandidate> candidates;
  const bool higherIsBetter = request.method == SearchMethod::Generate;
  // A seed's search reports what it found; the caller sees those joined to the earlier seeds' candidates.
  SearchCallback seedCallback;
  if (callback) {
    seedCallback = [&](const SearchProgress& p, const std::vector<TemplateCandidate>& found) {
      std::vector<TemplateCandidate> all = candidates;
      for (const TemplateCandidate& c : found) addDistinct(all, c, higherIsBetter);
      callback(p, all);
    };
  }
  switch (request.method) {
    case SearchMethod::AutoPrompt:
      for (size_t i = 0; i < splits.size() && !stopped(); ++i) {
        for (TemplateCandidate& c :
             autoPromptSearch(session, request, splits[i], request.seeds[i], seedCallback, cancel)) {
          addDistinct(candidates, std::move(c), higherIsBetter);
        }
      }
      // Lowest training loss first, so rankTop keeps the triggers that fit the training split best.
      std::stable_sort(candidates.begin(), candidates.end(),
                       [](const TemplateCandidate& a, const TemplateCandidate& b) {
                         return a.searchScore < b.searchScore;
                       });
      break;
    case SearchMethod::Generate: {
      for (size_t i = 0; i < splits.size() && !stopped(); ++i) {
        for (TemplateCandidate& c : generateTemplates(session, request, splits[i], seedCallback, cancel)) {
          addDistinct(candidates, std::move(c), higherIsBetter);
        }
      }
      // Best beam score first, so rankTop keeps the spans the model liked most.
      std::stable_sort(candidates.begin(), candidates.end(),
                       [](const TemplateCandidate& a, const TemplateCandidate& b) {
                         return a.searchScore > b.searchScore;
                       });
      break;
    }
    case SearchMethod::LmBffList:
      candidates = list->candidates;
      for (const std::string& s : list->skipped) result.notes.push_back(s);
      break;
  }

  if (!stopped()) rankOnDev(session, request, splits, candidates, callback, cancel, &result.notes);
  result.candidates = std::move(candidates);
  result.cancelled = stopped();
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return result;
}

}  // namespace pwb::search
