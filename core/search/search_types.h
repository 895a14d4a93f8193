#pragma once
// What a template search is asked to do and what it returns (issue 16). Torch-free plain structs: the CLI
// (`pwb search-template`) and the GUI's Search view fill a SearchRequest, run runTemplateSearch() on a
// worker thread and show/record the candidates. Every method ends the same way: each candidate template is
// scored zero-shot on the K-shot *dev* split of every seed (never on test) and the list is sorted by the
// mean dev accuracy.
#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace pwb::search {

enum class SearchMethod {
  AutoPrompt,  // "autoprompt": gradient-guided trigger tokens in a template with [T] slots (Shin et al. 2020)
  Generate,    // "generate": LM-BFF auto-T with the masked LM itself filling mask runs (no T5)
  LmBffList,   // "lmbff-list": rank a candidate list LM-BFF ships (auto_template/<TASK>/16-<seed>.sort.txt)
};
const char* searchMethodName(SearchMethod m);  // "autoprompt" | "generate" | "lmbff-list"
// Throws pwb::Error naming the accepted names.
SearchMethod parseSearchMethod(const std::string& name);

struct AutoPromptOptions {
  int steps = 50;              // trigger-update iterations (one trigger position per iteration, round robin)
  int candidates = 10;         // top-k replacement tokens from the gradient estimate per iteration
  int batchSize = 16;          // K-shot training examples per gradient / candidate-scoring batch
  int patience = 10;           // stop after this many iterations without a better dev accuracy; 0 = never
  bool allowSubwords = false;  // also propose word-piece continuations (##ing, non-Ġ BPE pieces)
  bool allowSpecial = false;   // also propose special/unused tokens ([unused3], <s>, ...)
  std::string initToken;       // initial trigger token; "" = the tokenizer's mask token (AutoPrompt)
};

struct GenerateOptions {
  int maskRun = 3;  // n in `{s} [MASK]*n {label word} .`: masks decoded jointly
  int beam = 10;    // beam width of the joint decode
  int keep = 20;    // generated templates passed on to dev ranking
  // Which forms to generate: "s-masks-label" ({s} [MASK]*n {w} .), "label-masks-s" ({w} [MASK]*n {s}),
  // "pair" ({s1} [MASK]*n {w} [MASK]*n {s2}, two-column data only). Empty = every form the data allows.
  std::vector<std::string> forms;
};

struct LmBffListOptions {
  std::string file;  // an LM-BFF *.sort.txt (one LM-BFF template string per line)
  int limit = 0;     // rank only the first `limit` lines (they are sorted by LM-BFF's own score); 0 = all
};

struct SearchRequest {
  SearchMethod method = SearchMethod::AutoPrompt;
  std::string modelDir;
  std::string trainPath;       // the full training file; K-shot train/dev splits are drawn from it per seed
  std::string testPath;        // optional: the winners' test accuracy is reported, never used to choose
  std::string templateText;    // AutoPrompt: a template with [T] slots; otherwise unused
  std::string verbalizerText;  // label words (single-token words; see the method's notes for others)
  int shots = 16;
  std::vector<uint64_t> seeds = {13, 21, 42, 87, 100};
  std::string sampler = "splitmix64";  // data::parseSampler names
  std::string device = "cpu";
  int threads = 0;
  int maxLength = 0;  // 0 = the model's maximum
  int rankTop = 0;    // rank at most this many candidates on dev; 0 = all
  AutoPromptOptions autoprompt;
  GenerateOptions generate;
  LmBffListOptions lmbff;
};

struct TemplateCandidate {
  std::string templateText;  // an ordinary hard template in our language (TEMPLATES.md)
  std::string
      origin;  // where it came from: "autoprompt seed 13", "generated s-masks-label", "16-13.sort.txt:4"
  double searchScore =
      0;  // the method's own score (AutoPrompt: train loss; Generate: beam log-prob; list: rank)
  std::vector<double> devAccuracy;  // per seed, in SearchRequest::seeds order (empty until ranked)
  double devMean = 0, devStd = 0;   // over devAccuracy (sample std, n-1)
  std::optional<double> testMean;   // zero-shot test accuracy when a test file was given
};

struct SearchProgress {
  std::string phase;  // "search seed 13", "generate", "rank", ...
  int64_t done = 0, total = 0;
  std::string bestTemplate;  // the best found so far ("" before the first score)
  double bestDev = 0;
};

// Called on the worker thread with the candidates found so far (what a cancel keeps).
using SearchCallback = std::function<void(const SearchProgress&, const std::vector<TemplateCandidate>&)>;

struct SearchResult {
  std::vector<TemplateCandidate> candidates;  // sorted by devMean, best first
  bool cancelled = false;                     // cancel raised: `candidates` are those scored so far
  double seconds = 0;
  std::vector<std::string> notes;  // what the search skipped or changed (multi-token words, ...)
};

// Runs the search. Throws pwb::Error for bad input (naming file/field/option); a raised cancel flag returns
// what was found with cancelled = true (never a half-written record).
SearchResult runTemplateSearch(const SearchRequest& request, const SearchCallback& callback = {},
                               const std::atomic<bool>* cancel = nullptr);

}  // namespace pwb::search
