// Demonstration sampling (data/demo_sampler.h): LM-BFF's similarity filter on a hand-made pool where the
// answer is known, uniform random draws per class, determinism in (seed, query, draw) whatever the order
// or thread of the calls, the query never its own demonstration, and the errors for a class without
// examples. Demonstration options round-trip through JSON.
#include <QtTest>
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "common/error.h"
#include "data/demo_options.h"
#include "data/demo_sampler.h"
#include "prompt/demonstration.h"

using pwb::data::Dataset;
using pwb::data::DemoOptions;
using pwb::data::DemoOrder;
using pwb::data::DemoSampler;
using pwb::data::DemoSampling;

namespace {

// Rows 0-3 class "neg", rows 4-7 class "pos" (ids "L1".."L8").
Dataset pool8() {
  Dataset d;
  d.path = "train.tsv";
  d.columns = {"sentence"};
  for (int i = 0; i < 8; ++i) {
    pwb::data::Example e;
    e.id = "L" + std::to_string(i + 1);
    e.line = i + 1;
    e.fields = {"text " + std::to_string(i)};
    e.label = i < 4 ? "neg" : "pos";
    d.examples.push_back(e);
  }
  d.labels = {"neg", "pos"};
  return d;
}

// Unit vectors at the given angles (degrees): cosine with the query (1, 0) is cos(angle).
std::vector<float> angles(const std::vector<double>& degrees) {
  std::vector<float> v;
  for (double a : degrees) {
    v.push_back(static_cast<float>(std::cos(a * M_PI / 180.0)));
    v.push_back(static_cast<float>(std::sin(a * M_PI / 180.0)));
  }
  return v;
}

// cos:      0.94  0.0   0.77  -0.77 | 0.34  0.98  -1.0  0.64
const std::vector<double> kAngles = {20, 90, 40, 140, 70, 10, 180, 50};

DemoOptions opts(DemoSampling s, int perClass = 1, DemoOrder order = DemoOrder::ByClass) {
  DemoOptions o;
  o.sampling = s;
  o.perClass = perClass;
  o.order = order;
  return o;
}

}  // namespace

class TestDemoSampler : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void similarKeepsTheTopHalfOfEachClass() {
    DemoSampler s(pool8(), {"neg", "pos"}, opts(DemoSampling::Similar), 13);
    s.setEmbeddings(angles(kAngles), 2);
    const float query[2] = {1.0f, 0.0f};
    // Evaluation (no exclusion): LM-BFF's limit int(8 // 2 * 0.5) = 2 per class, most similar first.
    const auto c = s.candidates(-1, query);
    QCOMPARE(c.size(), size_t(2));
    QCOMPARE(c[0], (std::vector<int>{0, 2}));  // cos 0.94, 0.77 (not 0.0 or -0.77)
    QCOMPARE(c[1], (std::vector<int>{5, 7}));  // cos 0.98, 0.64 (not 0.34 or -1.0)
    // Every draw comes from those, and both of each class are drawn about equally often.
    std::map<int, int> seen;
    for (uint64_t d = 0; d < 400; ++d) {
      const auto rows = s.draw("test:L9", d, -1, query);
      QCOMPARE(rows.size(), size_t(2));
      QVERIFY(rows[0] == 0 || rows[0] == 2);
      QVERIFY(rows[1] == 5 || rows[1] == 7);
      ++seen[rows[0]];
      ++seen[rows[1]];
    }
    QCOMPARE(seen.size(), size_t(4));
    for (const auto& [row, n] : seen) QVERIFY2(n > 150 && n < 250, std::to_string(n).c_str());
    // A query pointing the other way (-1, 0) gets the other halves.
    const float away[2] = {-1.0f, 0.0f};
    const auto o = s.candidates(-1, away);
    QCOMPARE(o[0], (std::vector<int>{3, 1}));  // cos 0.77, 0.0
    QCOMPARE(o[1], (std::vector<int>{6, 4}));  // cos 1.0, -0.34
  }

  void similarWhileTrainingExcludesTheQuery() {
    DemoSampler s(pool8(), {"neg", "pos"}, opts(DemoSampling::Similar), 13);
    s.setEmbeddings(angles(kAngles), 2);
    // The query is pool row 0 itself (its embedding): 7 candidates, limit max(1, int(7 // 2 * 0.5)) = 1.
    const std::vector<float> all = angles(kAngles);
    const auto c = s.candidates(0, all.data());
    QCOMPARE(c[0], (std::vector<int>{2}));  // row 2 at 20 degrees from row 0; row 0 itself excluded
    QCOMPARE(c[1], (std::vector<int>{5}));  // row 5 at 10 degrees
    // A fraction of 1 keeps everything but the query, in similarity order.
    DemoOptions o = opts(DemoSampling::Similar);
    o.similarFraction = 1.0;
    DemoSampler full(pool8(), {"neg", "pos"}, o, 13);
    full.setEmbeddings(angles(kAngles), 2);
    const auto f = full.candidates(0, all.data());
    QCOMPARE(f[0], (std::vector<int>{2, 1, 3}));
    QCOMPARE(f[1], (std::vector<int>{5, 7, 4}));  // only 3 of 4 kept: int(7 // 2 * 1.0) = 3, as LM-BFF
  }

  void similarNeedsEmbeddings() {
    DemoSampler s(pool8(), {"neg", "pos"}, opts(DemoSampling::Similar), 13);
    const float query[2] = {1.0f, 0.0f};
    QVERIFY_THROWS_EXCEPTION(pwb::Error, s.draw("q", 0, -1, query));
    QVERIFY_THROWS_EXCEPTION(pwb::Error, s.setEmbeddings(std::vector<float>(15, 0.0f), 2));
    s.setEmbeddings(angles(kAngles), 2);
    QVERIFY_THROWS_EXCEPTION(pwb::Error, s.draw("q", 0, -1, nullptr));
  }

  void randomIsUniformPerClassAndInClassOrder() {
    DemoSampler s(pool8(), {"neg", "pos"}, opts(DemoSampling::Random), 42);
    std::map<int, int> count;
    for (uint64_t d = 0; d < 4000; ++d) {
      const auto rows = s.draw("L3", d);
      QCOMPARE(rows.size(), size_t(2));
      QCOMPARE(s.classOf(rows[0]), 0);  // class order: neg then pos (LM-BFF)
      QCOMPARE(s.classOf(rows[1]), 1);
      ++count[rows[0]];
      ++count[rows[1]];
    }
    QCOMPARE(count.size(), size_t(8));
    // Binomial(4000, 1/4): mean 1000, sd 27.4; 900..1100 is beyond 3.6 sd.
    for (const auto& [row, n] : count) QVERIFY2(n > 900 && n < 1100, std::to_string(n).c_str());
  }

  void perClassCountAndShuffledOrder() {
    DemoSampler s(pool8(), {"neg", "pos"}, opts(DemoSampling::Random, 3), 7);
    for (uint64_t d = 0; d < 50; ++d) {
      const auto rows = s.draw("q", d);
      QCOMPARE(rows.size(), size_t(6));
      QCOMPARE(std::set<int>(rows.begin(), rows.end()).size(), size_t(6));  // without replacement
      for (int i = 0; i < 6; ++i) QCOMPARE(s.classOf(rows[static_cast<size_t>(i)]), i < 3 ? 0 : 1);
    }
    DemoSampler shuffled(pool8(), {"neg", "pos"}, opts(DemoSampling::Random, 2, DemoOrder::Shuffled), 7);
    int notClassOrder = 0;
    for (uint64_t d = 0; d < 50; ++d) {
      const auto rows = shuffled.draw("q", d);
      QCOMPARE(rows.size(), size_t(4));
      int neg = 0;
      for (int r : rows) neg += shuffled.classOf(r) == 0;
      QCOMPARE(neg, 2);
      if (shuffled.classOf(rows[0]) != 0 || shuffled.classOf(rows[1]) != 0) ++notClassOrder;
    }
    QVERIFY(notClassOrder > 20);  // P(class order) = 1/6 per draw
    // More per class than the class has: all of it (LM-BFF draws one per class; never a duplicate).
    DemoSampler big(pool8(), {"neg", "pos"}, opts(DemoSampling::Random, 10), 7);
    QCOMPARE(big.draw("q", 0).size(), size_t(8));
  }

  void deterministicWhateverTheCallOrderOrThread() {
    const DemoSampler s(pool8(), {"neg", "pos"}, opts(DemoSampling::Random, 2, DemoOrder::Shuffled), 21);
    std::vector<std::string> keys;
    for (int i = 0; i < 40; ++i) keys.push_back("L" + std::to_string(100 + i));
    // Reference: every (key, draw) in order.
    std::map<std::pair<std::string, uint64_t>, std::vector<int>> ref;
    for (const auto& k : keys)
      for (uint64_t d = 0; d < 8; ++d) ref[{k, d}] = s.draw(k, d);
    // Reversed order, draws first (as a different batch size would visit them): identical.
    for (uint64_t d = 8; d-- > 0;)
      for (auto k = keys.rbegin(); k != keys.rend(); ++k) QCOMPARE(s.draw(*k, d), (ref[{*k, d}]));
    // Four threads at once, each a slice: identical.
    std::vector<std::map<std::pair<std::string, uint64_t>, std::vector<int>>> got(4);
    std::vector<std::thread> threads;
    for (size_t t = 0; t < 4; ++t)
      threads.emplace_back([&, t] {
        for (size_t i = t; i < keys.size(); i += 4)
          for (uint64_t d = 0; d < 8; ++d) got[t][{keys[i], d}] = s.draw(keys[i], d);
      });
    for (auto& th : threads) th.join();
    for (const auto& g : got)
      for (const auto& [key, rows] : g) QCOMPARE(rows, ref[key]);
    // A second sampler with the same inputs: identical; another seed: different somewhere.
    const DemoSampler again(pool8(), {"neg", "pos"}, opts(DemoSampling::Random, 2, DemoOrder::Shuffled), 21);
    const DemoSampler other(pool8(), {"neg", "pos"}, opts(DemoSampling::Random, 2, DemoOrder::Shuffled), 22);
    int differ = 0;
    for (const auto& [key, rows] : ref) {
      QCOMPARE(again.draw(key.first, key.second), rows);
      differ += other.draw(key.first, key.second) != rows;
    }
    QVERIFY(differ > 200);  // of 320
    // Pinned: the generator and the draw procedure are part of what a recorded run means.
    const DemoSampler pinned(pool8(), {"neg", "pos"}, opts(DemoSampling::Random), 13);
    QCOMPARE(pinned.draw("L5", 0), (std::vector<int>{2, 7}));
    QCOMPARE(pinned.draw("L5", 1), (std::vector<int>{2, 4}));
    QCOMPARE(pinned.ids({1, 6}), (std::vector<std::string>{"L2", "L7"}));
    const auto in = pinned.inputs({6, 1}, {"terrible", "great"});
    QCOMPARE(in.size(), size_t(2));
    QCOMPARE(in[0].id, std::string("L7"));
    QCOMPARE(in[0].fields, (std::vector<std::string>{"text 6"}));
    QCOMPARE(in[0].labelWord, std::string("great"));
    QCOMPARE(in[1].labelWord, std::string("terrible"));
    QVERIFY_THROWS_EXCEPTION(pwb::Error, pinned.inputs({1}, {"terrible"}));
  }

  void neverTheQueryWhileTraining() {
    DemoSampler s(pool8(), {"neg", "pos"}, opts(DemoSampling::Random, 3), 5);
    for (int q = 0; q < 8; ++q)
      for (uint64_t d = 0; d < 100; ++d) {
        const auto rows = s.draw(s.pool().examples[static_cast<size_t>(q)].id, d, q);
        QVERIFY(std::find(rows.begin(), rows.end(), q) == rows.end());
        QCOMPARE(rows.size(), size_t(6));  // 3 + 3, the query's class has exactly 3 left
      }
    QCOMPARE(s.rowOf("L4"), 3);
    QCOMPARE(s.rowOf("L99"), -1);
  }

  void labelWithoutExampleIsAnError() {
    try {
      DemoSampler s(pool8(), {"neg", "neutral", "pos"}, opts(DemoSampling::Random), 13);
      QFAIL("expected an error");
    } catch (const pwb::Error& e) {
      const std::string m = e.what();
      QVERIFY2(m.find("class 'neutral' has no training example") != std::string::npos, m.c_str());
      QVERIFY2(m.find("train.tsv") != std::string::npos, m.c_str());
    }
    // A pool example whose label is not a class of the task.
    try {
      DemoSampler s(pool8(), {"neg"}, opts(DemoSampling::Random), 13);
      QFAIL("expected an error");
    } catch (const pwb::Error& e) {
      QVERIFY2(std::string(e.what()).find("train.tsv:5: demonstration example L5 has label 'pos'") !=
                   std::string::npos,
               e.what());
    }
    // A class whose only example is the query itself (training, K=1).
    Dataset one = pool8();
    one.examples.resize(5);  // neg: rows 0-3, pos: row 4 only
    DemoSampler s(one, {"neg", "pos"}, opts(DemoSampling::Random), 13);
    QCOMPARE(s.draw("L5", 0).size(), size_t(2));  // evaluation: fine
    try {
      s.draw("L5", 0, 4);
      QFAIL("expected an error");
    } catch (const pwb::Error& e) {
      QVERIFY2(std::string(e.what()).find("class 'pos' has no demonstration left for query example L5") !=
                   std::string::npos,
               e.what());
    }
  }

  void optionsRoundTripAndErrors() {
    DemoOptions o;
    o.sampling = DemoSampling::Similar;
    o.perClass = 2;
    o.order = DemoOrder::Shuffled;
    o.sets = 4;
    o.embeddingModel = "/models/sbert";
    o.similarFraction = 0.25;
    o.firstSentenceTokens = 110;
    o.otherSentenceTokens = 50;
    const auto j = pwb::data::demoOptionsToJson(o);
    QCOMPARE(
        j.dump(),
        std::string(R"({"embedding_model":"/models/sbert","first_sentence_tokens":110,"order":"shuffle",)"
                    R"("other_sentence_tokens":50,"per_class":2,"sampling":"similar","sets":4,)"
                    R"("similar_fraction":0.25})"));
    const DemoOptions back = pwb::data::demoOptionsFromJson(j, "run.json");
    QCOMPARE(pwb::data::demoOptionsToJson(back), j);
    QVERIFY(!DemoOptions().enabled());
    QCOMPARE(pwb::data::demoOptionsFromJson(nlohmann::json::object(), "x").sets, 16);
    try {
      pwb::data::demoOptionsFromJson(nlohmann::json{{"per_class", "two"}}, "run.json");
      QFAIL("expected an error");
    } catch (const pwb::Error& e) {
      QCOMPARE(std::string(e.what()), std::string("run.json: 'per_class': expected an integer"));
    }
    try {
      pwb::data::demoOptionsFromJson(nlohmann::json{{"sampling", "nearest"}}, "run.json");
      QFAIL("expected an error");
    } catch (const pwb::Error& e) {
      QVERIFY2(std::string(e.what()).find("unknown demonstration sampling 'nearest'") != std::string::npos,
               e.what());
    }
    QVERIFY_THROWS_EXCEPTION(pwb::Error, pwb::data::demoOptionsFromJson(nlohmann::json{{"sets", 0}}, "r"));
    QVERIFY_THROWS_EXCEPTION(pwb::Error,
                             pwb::data::demoOptionsFromJson(nlohmann::json{{"similar_fraction", 1.5}}, "r"));
    QVERIFY_THROWS_EXCEPTION(pwb::Error,
                             DemoSampler(pool8(), {"neg", "pos"}, opts(DemoSampling::Random, 0), 1));
  }
};

QTEST_APPLESS_MAIN(TestDemoSampler)
#include "test_demo_sampler.moc"
