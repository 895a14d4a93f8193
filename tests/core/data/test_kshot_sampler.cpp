// K-shot sampling (LM-BFF protocol) must be exactly reproducible from (file, K, seed) on any platform:
// the expected ids below were produced by this implementation and pin the generator and the shuffle.
#include <QtTest>
#include <nlohmann/json.hpp>
#include <set>

#include "common/error.h"
#include "data/checksum.h"
#include "data/dataset_import.h"
#include "data/kshot_sampler.h"
#include "data/random.h"

using namespace pwb::data;

namespace {

std::string shared(const char* rel) {
  return std::string(PWB_REFERENCE_DIR) + "/data/" + rel;
}

const Dataset& sst2Train() {
  static const Dataset ds = importDataset(shared("sst2_sentence/stsa.binary.train"));
  return ds;
}

}  // namespace

class TestKShotSampler : public QObject {
  Q_OBJECT
 private slots:
  void splitMix64ReferenceValues() {
    // Reference outputs of Vigna's splitmix64.c for seed 1234567.
    SplitMix64 rng(1234567);
    QCOMPARE(rng.next(), uint64_t(6457827717110365317ULL));
    QCOMPARE(rng.next(), uint64_t(3203168211198807973ULL));
    QCOMPARE(rng.next(), uint64_t(9817491932198370423ULL));
    SplitMix64 r2(7);
    for (int i = 0; i < 1000; ++i) QVERIFY(r2.below(3) < 3);
  }

  void fixedFirstIdsPerSeed() {
    const std::vector<std::pair<uint64_t, std::string>> expected = {
        {13, "L6236"}, {21, "L2389"}, {42, "L6747"}, {87, "L2361"}, {100, "L4989"}};
    QCOMPARE(lmBffSeeds(), (std::vector<uint64_t>{13, 21, 42, 87, 100}));
    for (const auto& [seed, firstId] : expected) {
      const auto split = sampleKShot(sst2Train(), 16, seed);
      QCOMPARE(split.manifest.trainIds.front(), firstId);
    }
    const auto s13 = sampleKShot(sst2Train(), 16, 13);
    QCOMPARE(s13.manifest.trainChecksum, std::string("ddc6da8add1f6764"));
    QCOMPARE(s13.manifest.devChecksum, std::string("dd104d2f723f1d69"));
  }

  void sameSeedSameIds() {
    const auto a = sampleKShot(sst2Train(), 16, 42);
    const auto b = sampleKShot(sst2Train(), 16, 42);
    QCOMPARE(a.manifest.trainIds, b.manifest.trainIds);
    QCOMPARE(a.manifest.devIds, b.manifest.devIds);
    const auto c = sampleKShot(sst2Train(), 16, 87);
    QVERIFY(a.manifest.trainIds != c.manifest.trainIds);
  }

  void kPerClassExactAndDisjoint() {
    const Dataset sst5 = importDataset(shared("sst5/stsa.fine.train"));
    for (uint64_t seed : lmBffSeeds()) {
      const auto split = sampleKShot(sst5, 16, seed);
      QCOMPARE(split.train.examples.size(), size_t(80));
      QCOMPARE(split.dev.examples.size(), size_t(80));
      for (const auto& [label, n] : split.train.labelCounts()) QCOMPARE(n, size_t(16));
      for (const auto& [label, n] : split.dev.labelCounts()) QCOMPARE(n, size_t(16));
      QCOMPARE(split.train.labels, sst5.labels);
      std::set<std::string> ids(split.manifest.trainIds.begin(), split.manifest.trainIds.end());
      QCOMPARE(ids.size(), size_t(80));
      for (const auto& id : split.manifest.devIds) QVERIFY2(!ids.count(id), id.c_str());
      // The examples are the source's, label and text included.
      const auto* src = sst5.findById(split.train.examples[0].id);
      QVERIFY(src);
      QCOMPARE(src->fields, split.train.examples[0].fields);
      QCOMPARE(src->label, split.train.examples[0].label);
    }
  }

  void manifestRoundTripAndReproduce() {
    const auto split = sampleKShot(sst2Train(), 8, 21);
    const nlohmann::json j = split.manifest.toJson();
    QCOMPARE(j.at("seed").get<int>(), 21);
    QCOMPARE(j.at("k").get<int>(), 8);
    QCOMPARE(j.at("source").at("checksum").get<std::string>(), sst2Train().checksumHex());
    QCOMPARE(j.at("train").at("ids").size(), size_t(16));
    const SplitManifest back = SplitManifest::fromJson(nlohmann::json::parse(j.dump()));
    const auto again = applyManifest(sst2Train(), back);
    QCOMPARE(again.manifest.trainIds, split.manifest.trainIds);
    QCOMPARE(again.dev.examples.size(), size_t(16));

    nlohmann::json edited = j;
    edited["train"]["ids"][0] = "L1";
    try {
      SplitManifest::fromJson(edited, "m.json");
      QFAIL("edited manifest accepted");
    } catch (const pwb::Error& e) {
      QCOMPARE(
          std::string(e.what()),
          std::string("m.json: 'train.checksum': does not match the listed train ids (edited manifest?)"));
    }
    const Dataset other = importDataset(shared("sst2_sentence/stsa.binary.dev"));
    try {
      applyManifest(other, back);
      QFAIL("manifest applied to another file");
    } catch (const pwb::Error& e) {
      QVERIFY(std::string(e.what()).find("not the file this split was drawn from") != std::string::npos);
    }
  }

  void tooFewExamplesOrUnlabeled() {
    const Dataset dev = importDataset(shared("sst2_sentence/stsa.binary.dev"));
    try {
      sampleKShot(dev, 300, 13);
      QFAIL("impossible K accepted");
    } catch (const pwb::Error& e) {
      QVERIFY2(std::string(e.what()).find("class '0' has 428 examples, fewer than the 600 needed") !=
                   std::string::npos,
               e.what());
    }
    const Dataset test = importDataset(shared("rte_superglue_jsonl/test.jsonl"));
    QVERIFY_THROWS_EXCEPTION(pwb::Error, sampleKShot(test, 16, 13));
    QVERIFY_THROWS_EXCEPTION(pwb::Error, sampleKShot(dev, 0, 13));
  }

  void randomSplitMr() {
    const Dataset mr = importDataset(shared("mr/rt-polarity.all"));
    const auto split = randomSplit(mr, 2000, 42);
    QCOMPARE(split.train.examples.size(), size_t(8662));
    QCOMPARE(split.dev.examples.size(), size_t(2000));
    std::set<std::string> all(split.manifest.trainIds.begin(), split.manifest.trainIds.end());
    all.insert(split.manifest.devIds.begin(), split.manifest.devIds.end());
    QCOMPARE(all.size(), size_t(10662));
    QCOMPARE(randomSplit(mr, 2000, 42).manifest.devIds, split.manifest.devIds);
    QCOMPARE(split.manifest.protocol, std::string("random-split"));
  }
};

QTEST_GUILESS_MAIN(TestKShotSampler)
#include "test_kshot_sampler.moc"
