#pragma once
// The demonstration options (issue 14) of every command that uses demonstrations — `pwb eval`,
// `pwb compare` and `pwb train` — parsed in one place, so the spelling, the defaults, the checks and the
// --help text are the same everywhere:
//   --demos none|random|similar   --demos-per-class N   --demo-sets N   --demo-order class|shuffle
//   --demo-embedder DIR           --demo-similar-top FRACTION
//   --demo-first-limit N          --demo-other-limit N
// and, for eval/compare (training draws from its own K-shot train split), where demonstrations come from:
//   --demo-train FILE  --demo-train-format F  --demo-shots K  --demo-seed S  --demo-sampler S
#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "cli_args.h"
#include "data/dataset.h"
#include "data/demo_options.h"
#include "data/kshot_sampler.h"

namespace pwb::cli {

// Option names (without "--") for the Args constructor: demoOptionNames() for every command,
// demoSourceOptionNames() in addition for eval and compare. All take a value.
const std::set<std::string>& demoOptionNames();
const std::set<std::string>& demoSourceOptionNames();
// `names` with `more` added, for building an Args option table.
std::set<std::string> withOptions(std::set<std::string> names, const std::set<std::string>& more);

// --help text for the options above (one paragraph each, indented like the commands' usage texts).
// demoSourceUsage(true): the source of a command with seeds (compare: a seed list).
const char* demoUsage();
const char* demoSourceUsage(bool seedList);

// The demonstration options given. Without --demos (or with --demos none) every other demonstration
// option is a UsageError naming it ("--demo-sets needs --demos random or similar"), as are a malformed
// number, a value out of range and an unknown choice. --demo-embedder and --demo-similar-top need
// --demos similar.
data::DemoOptions demoOptionsFrom(const Args& a);

// Where the demonstrations of eval/compare come from: the K-shot train split (LM-BFF protocol, the split
// `pwb train --k K --seeds S` trains on) of a training file for each seed, or the file as it is.
struct DemoSource {
  std::string trainPath;        // --demo-train; "" = none given
  std::string format = "auto";  // --demo-train-format
  int shots = 0;                // --demo-shots: K per class; 0 = use the file as it is
  std::vector<uint64_t> seeds;  // --demo-seed (a list where the command allows one); default {13}
  data::Sampler sampler = data::Sampler::SplitMix64;  // --demo-sampler
  bool seedGiven = false;                             // --demo-seed was given
};

// Reads the source options. Any of them given while demonstrations are off (options.enabled() false) is
// a UsageError naming it; so is a seed list where seedList is false, a malformed number or sampler name.
// It does not require --demo-train: a command that can take the pool elsewhere (compare --k) decides.
DemoSource demoSourceFrom(const Args& a, const data::DemoOptions& options, bool seedList);

// The demonstration pool for one seed: the K-shot train split of `file` (source.shots per class, sampled
// with `seed`) or, with shots 0, `file` itself. Throws pwb::Error from the K-shot sampler (too few
// examples of a class, an unlabeled file).
data::Dataset demoPool(const DemoSource& source, const data::Dataset& file, uint64_t seed);

// One line for the text reports: "demos:      random, 1 per class, class order, 16 sets, seed 13, from 32
// examples of train.tsv".
std::string demoSummary(const data::DemoOptions& options, const data::Dataset& pool, uint64_t seed);

}  // namespace pwb::cli
