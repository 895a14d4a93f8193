#include "data/kshot_sampler.h"

#include <map>
#include <nlohmann/json.hpp>

#include "common/error.h"
#include "data/checksum.h"
#include "data/numpy_random.h"
#include "data/random.h"

namespace pwb::data {
namespace {

SplitManifest baseManifest(const Dataset& source, const std::string& protocol, uint64_t seed) {
  SplitManifest m;
  m.protocol = protocol;
  m.seed = seed;
  m.sourcePath = source.path;
  m.sourceChecksum = source.checksumHex();
  m.sourceRows = source.examples.size();
  return m;
}

KShotSplit materialise(const Dataset& source, SplitManifest manifest) {
  manifest.trainChecksum = idListChecksum(manifest.trainIds);
  manifest.devChecksum = idListChecksum(manifest.devIds);
  KShotSplit split;
  split.train = selectExamples(source, manifest.trainIds);
  split.dev = selectExamples(source, manifest.devIds);
  split.manifest = std::move(manifest);
  return split;
}

}  // namespace

const std::vector<uint64_t>& lmBffSeeds() {
  static const std::vector<uint64_t> seeds = {13, 21, 42, 87, 100};
  return seeds;
}

std::string samplerName(Sampler s) {
  return s == Sampler::LmBff ? "lmbff" : "splitmix64";
}

const std::vector<std::string>& samplerNames() {
  static const std::vector<std::string> names = {"splitmix64", "lmbff"};
  return names;
}

Sampler parseSampler(const std::string& name) {
  if (name == "splitmix64") return Sampler::SplitMix64;
  if (name == "lmbff") return Sampler::LmBff;
  throw Error("unknown sampler '" + name + "' (expected splitmix64 or lmbff)");
}

KShotSplit sampleKShot(const Dataset& source, int k, uint64_t seed, Sampler sampler) {
  if (k <= 0) throw Error("K must be a positive number of examples per class, got " + std::to_string(k));
  std::map<std::string, size_t> available = source.labelCounts();
  if (available.empty())
    throw fileError(source.path, "cannot draw a K-shot sample from an unlabeled data set");
  for (const auto& [label, n] : available)
    if (n < 2 * static_cast<size_t>(k))
      throw fileError(source.path, "class '" + label + "' has " + std::to_string(n) +
                                       " examples, fewer than the " + std::to_string(2 * k) +
                                       " needed for K=" + std::to_string(k) + " train + K dev");
  std::vector<size_t> order;
  order.reserve(source.examples.size());
  for (size_t i = 0; i < source.examples.size(); ++i)
    if (!source.examples[i].label.empty()) order.push_back(i);
  SplitManifest m = baseManifest(source, "lm-bff-kshot", seed);
  m.k = k;
  for (const auto& [label, n] : available) m.labels.push_back(label);
  if (sampler == Sampler::SplitMix64) {
    SplitMix64 rng(seed);
    rng.shuffle(order);
    // Per class, in shuffled order: the first K go to train, the next K to dev (LM-BFF).
    std::map<std::string, int> taken;
    for (size_t i : order) {
      const Example& e = source.examples[i];
      int& t = taken[e.label];
      if (t < k)
        m.trainIds.push_back(e.id);
      else if (t < 2 * k)
        m.devIds.push_back(e.id);
      else
        continue;
      ++t;
    }
    return materialise(source, std::move(m));
  }
  if (seed > 0xffffffffULL)
    throw Error("the lmbff sampler takes seeds below 2^32 (np.random.seed's range), got " +
                std::to_string(seed));
  m.rng = "numpy-mt19937";
  // LM-BFF shuffles every row of the file, so the permutation covers unlabeled rows too (their ""
  // group is never taken).
  order.resize(source.examples.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  NumpyLegacyRandom rng(static_cast<uint32_t>(seed));
  rng.shuffle(order);
  // LM-BFF groups the shuffled rows by label, classes in order of first occurrence, and writes each
  // class's first K (train) and next K (dev) class after class: keep that order.
  std::vector<std::string> classOrder;
  std::map<std::string, std::vector<size_t>> byClass;
  for (size_t i : order) {
    auto& rows = byClass[source.examples[i].label];
    if (rows.empty()) classOrder.push_back(source.examples[i].label);
    rows.push_back(i);
  }
  for (const auto& label : classOrder) {
    if (label.empty()) continue;
    const auto& rows = byClass[label];
    const size_t kk = static_cast<size_t>(k);
    for (size_t j = 0; j < kk; ++j) m.trainIds.push_back(source.examples[rows[j]].id);
    for (size_t j = kk; j < 2 * kk; ++j) m.devIds.push_back(source.examples[rows[j]].id);
  }
  return materialise(source, std::move(m));
}

KShotSplit randomSplit(const Dataset& source, size_t heldOut, uint64_t seed) {
  if (heldOut >= source.examples.size())
    throw fileError(source.path, "cannot hold out " + std::to_string(heldOut) + " of " +
                                     std::to_string(source.examples.size()) + " examples");
  std::vector<size_t> order(source.examples.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  SplitMix64 rng(seed);
  rng.shuffle(order);
  SplitManifest m = baseManifest(source, "random-split", seed);
  for (size_t j = 0; j < order.size(); ++j)
    (j < heldOut ? m.devIds : m.trainIds).push_back(source.examples[order[j]].id);
  m.labels = source.labels;
  return materialise(source, std::move(m));
}

KShotSplit applyManifest(const Dataset& source, const SplitManifest& manifest) {
  if (manifest.sourceChecksum != source.checksumHex())
    throw fileError(source.path, "checksum " + source.checksumHex() + " differs from the manifest's " +
                                     manifest.sourceChecksum + ": not the file this split was drawn from");
  return materialise(source, manifest);
}

nlohmann::json SplitManifest::toJson() const {
  return nlohmann::json{
      {"protocol", protocol},
      {"rng", rng},
      {"seed", seed},
      {"k", k},
      {"source", {{"path", sourcePath}, {"checksum", sourceChecksum}, {"rows", sourceRows}}},
      {"labels", labels},
      {"train", {{"ids", trainIds}, {"checksum", trainChecksum}}},
      {"dev", {{"ids", devIds}, {"checksum", devChecksum}}}};
}

SplitManifest SplitManifest::fromJson(const nlohmann::json& j, const std::string& origin) {
  auto need = [&](const nlohmann::json& obj, const char* key,
                  const std::string& where) -> const nlohmann::json& {
    if (!obj.is_object() || !obj.contains(key))
      throw keyError(origin, where + key, "missing in the split manifest");
    return obj.at(key);
  };
  SplitManifest m;
  try {
    m.protocol = need(j, "protocol", "").get<std::string>();
    m.rng = need(j, "rng", "").get<std::string>();
    if (m.rng != "splitmix64" && m.rng != "numpy-mt19937")
      throw keyError(origin, "rng", "unsupported generator '" + m.rng + "'");
    m.seed = need(j, "seed", "").get<uint64_t>();
    m.k = need(j, "k", "").get<int>();
    const auto& src = need(j, "source", "");
    m.sourcePath = need(src, "path", "source.").get<std::string>();
    m.sourceChecksum = need(src, "checksum", "source.").get<std::string>();
    m.sourceRows = need(src, "rows", "source.").get<size_t>();
    m.labels = need(j, "labels", "").get<std::vector<std::string>>();
    const auto& train = need(j, "train", "");
    const auto& dev = need(j, "dev", "");
    m.trainIds = need(train, "ids", "train.").get<std::vector<std::string>>();
    m.trainChecksum = need(train, "checksum", "train.").get<std::string>();
    m.devIds = need(dev, "ids", "dev.").get<std::vector<std::string>>();
    m.devChecksum = need(dev, "checksum", "dev.").get<std::string>();
  } catch (const nlohmann::json::exception& e) {
    throw fileError(origin, std::string("malformed split manifest: ") + e.what());
  }
  if (idListChecksum(m.trainIds) != m.trainChecksum)
    throw keyError(origin, "train.checksum", "does not match the listed train ids (edited manifest?)");
  if (idListChecksum(m.devIds) != m.devChecksum)
    throw keyError(origin, "dev.checksum", "does not match the listed dev ids (edited manifest?)");
  return m;
}

}  // namespace pwb::data
