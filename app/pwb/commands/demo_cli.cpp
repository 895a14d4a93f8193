#include "demo_cli.h"

namespace pwb::cli {

namespace {

const char* const kSamplingNames = "none, random or similar";

// A whole number option within [lo, hi]; a UsageError naming the option otherwise.
int intInRange(const Args& a, const std::string& name, int fallback, int lo, int hi) {
  const int v = a.getInt(name, fallback);
  if (v < lo || v > hi) {
    throw UsageError(a.spelling(name) + " must be between " + std::to_string(lo) + " and " +
                     std::to_string(hi) + ", got " + std::to_string(v));
  }
  return v;
}

}  // namespace

const std::set<std::string>& demoOptionNames() {
  static const std::set<std::string> names = {
      "demos",         "demos-per-class",  "demo-sets",        "demo-order",
      "demo-embedder", "demo-similar-top", "demo-first-limit", "demo-other-limit"};
  return names;
}

const std::set<std::string>& demoSourceOptionNames() {
  static const std::set<std::string> names = {"demo-train", "demo-train-format", "demo-shots", "demo-seed",
                                              "demo-sampler"};
  return names;
}

std::set<std::string> withOptions(std::set<std::string> names, const std::set<std::string>& more) {
  names.insert(more.begin(), more.end());
  return names;
}

const char* demoUsage() {
  return R"(
Demonstrations (LM-BFF / GPT-3 in-context: solved examples placed in the input; the template says where,
see TEMPLATES.md):
  --demos S            none (default) | random (uniform per class) | similar (LM-BFF's filter: per query,
                       only among the most similar examples of each class by sentence-embedding cosine)
  --demos-per-class N  demonstrations per class in each input (default 1)
  --demo-sets N        demonstration sets drawn per evaluated example; its class probabilities are the
                       mean over the sets (default 16, LM-BFF's num_sample)
  --demo-order O       class (default: class order, as LM-BFF) | shuffle (one random order per set)
  --demo-embedder DIR  with --demos similar: Hugging Face BERT/RoBERTa folder for the sentence embeddings
                       (mean pooling; e.g. a sentence-transformers model as LM-BFF's SBERT; default: the
                       task model); computed once per data set and cached
  --demo-similar-top FRACTION   with --demos similar: sample among this top fraction of each class
                       (default 0.5, LM-BFF's demo_filter_rate)
  --demo-first-limit N tokens kept of the query's sentence (LM-BFF first_sent_limit; default 0 = no limit)
  --demo-other-limit N tokens kept of each demonstration sentence (LM-BFF other_sent_limit; default 0)
)";
}

const char* demoSourceUsage(bool seedList) {
  if (seedList) {
    return R"(  --demo-train FILE    where demonstrations come from: the K-shot train split of FILE (see --demo-shots);
                       with --k and without --demo-train, the train split of each seed of --data
  --demo-train-format F  format of FILE instead of auto-detection
  --demo-shots K       K per class sampled from FILE (LM-BFF protocol, as `pwb train --k K`); default 0 =
                       FILE as it is (e.g. an existing K-shot train file)
  --demo-seed LIST     without --k: comma-separated seeds, one run per seed with that seed's split and
                       draws (default 13); with --k the seeds are --seeds
  --demo-sampler S     K-shot sampler of --demo-shots: splitmix64 (default) | lmbff (as `pwb train --sampler`)
)";
  }
  return R"(  --demo-train FILE    where demonstrations come from (required with --demos): the K-shot train split of
                       FILE (see --demo-shots)
  --demo-train-format F  format of FILE instead of auto-detection
  --demo-shots K       K per class sampled from FILE (LM-BFF protocol, as `pwb train --k K`); default 0 =
                       FILE as it is (e.g. an existing K-shot train file)
  --demo-seed S        seed of the K-shot split and of the demonstration draws (default 13)
  --demo-sampler S     K-shot sampler of --demo-shots: splitmix64 (default) | lmbff (as `pwb train --sampler`)
)";
}

data::DemoOptions demoOptionsFrom(const Args& a) {
  data::DemoOptions o;
  const std::string sampling = a.get("demos", "none");
  if (sampling == "none") {
    o.sampling = data::DemoSampling::None;
  } else if (sampling == "random") {
    o.sampling = data::DemoSampling::Random;
  } else if (sampling == "similar") {
    o.sampling = data::DemoSampling::Similar;
  } else {
    throw UsageError(a.spelling("demos") + " must be " + kSamplingNames + ", got '" + sampling + "'");
  }
  if (!o.enabled()) {
    for (const auto& name : demoOptionNames()) {
      if (name != "demos" && a.has(name))
        throw UsageError(a.spelling(name) + " needs --demos random or similar");
    }
    return o;
  }
  o.perClass = intInRange(a, "demos-per-class", o.perClass, 1, 64);
  o.sets = intInRange(a, "demo-sets", o.sets, 1, 1024);
  const std::string order = a.get("demo-order", "class");
  if (order == "class") {
    o.order = data::DemoOrder::ByClass;
  } else if (order == "shuffle") {
    o.order = data::DemoOrder::Shuffled;
  } else {
    throw UsageError(a.spelling("demo-order") + " must be class or shuffle, got '" + order + "'");
  }
  for (const char* name : {"demo-embedder", "demo-similar-top"}) {
    if (a.has(name) && o.sampling != data::DemoSampling::Similar)
      throw UsageError(a.spelling(name) + " needs --demos similar");
  }
  o.embeddingModel = a.get("demo-embedder", "");
  if (a.has("demo-embedder") && o.embeddingModel.empty())
    throw UsageError(a.spelling("demo-embedder") + " needs a folder");
  o.similarFraction = a.getDouble("demo-similar-top", o.similarFraction);
  if (!(o.similarFraction > 0 && o.similarFraction <= 1))
    throw UsageError(a.spelling("demo-similar-top") + " must be a fraction in (0, 1], got " +
                     a.get("demo-similar-top"));
  o.firstSentenceTokens = intInRange(a, "demo-first-limit", 0, 0, 100000);
  o.otherSentenceTokens = intInRange(a, "demo-other-limit", 0, 0, 100000);
  return o;
}

DemoSource demoSourceFrom(const Args& a, const data::DemoOptions& options, bool seedList) {
  DemoSource s;
  if (!options.enabled()) {
    for (const auto& name : demoSourceOptionNames()) {
      if (a.has(name)) throw UsageError(a.spelling(name) + " needs --demos random or similar");
    }
    return s;
  }
  s.trainPath = a.get("demo-train", "");
  if (a.has("demo-train") && s.trainPath.empty())
    throw UsageError(a.spelling("demo-train") + " needs a file");
  for (const char* name : {"demo-train-format", "demo-shots", "demo-sampler"}) {
    if (a.has(name) && s.trainPath.empty()) throw UsageError(a.spelling(name) + " needs --demo-train");
  }
  s.format = a.get("demo-train-format", "auto");
  s.shots = intInRange(a, "demo-shots", 0, 0, 100000);
  if (a.has("demo-sampler")) {
    try {
      s.sampler = data::parseSampler(a.get("demo-sampler"));
    } catch (const Error& e) {
      throw UsageError(a.spelling("demo-sampler") + ": " + e.message());
    }
    if (s.shots == 0) throw UsageError(a.spelling("demo-sampler") + " needs --demo-shots");
  }
  s.seedGiven = a.has("demo-seed");
  s.seeds = s.seedGiven ? parseList<uint64_t>("demo-seed", a.get("demo-seed")) : std::vector<uint64_t>{13};
  if (s.seeds.size() > 1 && !seedList)
    throw UsageError(a.spelling("demo-seed") + " takes one seed here, got '" + a.get("demo-seed") + "'");
  return s;
}

data::Dataset demoPool(const DemoSource& source, const data::Dataset& file, uint64_t seed) {
  if (source.shots == 0) return file;
  return data::sampleKShot(file, source.shots, seed, source.sampler).train;
}

std::string demoSummary(const data::DemoOptions& options, const data::Dataset& pool, uint64_t seed) {
  std::string line = std::string("demos:      ") + data::demoSamplingName(options.sampling);
  if (options.sampling == data::DemoSampling::Similar) {
    line += " (top " + std::to_string(static_cast<int>(options.similarFraction * 100 + 0.5)) +
            "% of each class, embeddings: " +
            (options.embeddingModel.empty() ? "the task model" : options.embeddingModel) + ")";
  }
  line += ", " + std::to_string(options.perClass) + " per class, " + data::demoOrderName(options.order) +
          " order, " + std::to_string(options.sets) + " sets, seed " + std::to_string(seed) + ", from " +
          std::to_string(pool.examples.size()) + " examples of " + pool.path;
  return line;
}

}  // namespace pwb::cli
