// Names of configuration groups shown side by side (Runs view), against hand-written expectations on
// hand-made configs: only what differs between groups of the same method, short keys, compact values.
#include <QtTest>

#include "store/group_names.h"

using namespace pwb::store;
using nlohmann::json;

namespace {

ConfigGroup group(const std::string& method, json config) {
  ConfigGroup g;
  g.method = method;
  config["method"] = method;
  g.config = std::move(config);
  return g;
}

// The config a `pwb train` run records (run_recorder.cpp), less the seed.
json trainConfig(double lr, const json& methodConfig) {
  return {{"model", "/home/u/models/roberta-large"},
          {"template", "{sentence} It was [MASK]."},
          {"verbalizer", "0=terrible;1=great"},
          {"train", "/data/SST-2/train.tsv"},
          {"k", 16},
          {"steps", 1000},
          {"batch_size", 8},
          {"lr", lr},
          {"bf16", false},
          {"method_config", methodConfig}};
}

std::vector<std::string> names(const std::vector<ConfigGroup>& groups) {
  return groupNames(groups);
}

}  // namespace

class TestStoreGroupNames : public QObject {
  Q_OBJECT

 private slots:
  void onlyWhatDiffersNamesAGroup() {
    const auto n = names({group("prompt-ft", trainConfig(1e-5, json::object())),
                          group("prompt-ft", trainConfig(2e-5, json::object()))});
    QCOMPARE(n, (std::vector<std::string>{"prompt-ft · lr 1e-5", "prompt-ft · lr 2e-5"}));
  }

  void aSingleGroupIsItsMethod() {
    QCOMPARE(names({group("fine-tune", trainConfig(1e-5, json::object()))}),
             (std::vector<std::string>{"fine-tune"}));
    QCOMPARE(names({}), std::vector<std::string>{});
  }

  // A setting only P-tuning has does not name the prompt-ft groups; within P-tuning it is the difference.
  void methodsAreComparedWithinThemselves() {
    const auto n = names({group("prompt-ft", trainConfig(1e-5, json::object())),
                          group("p-tuning", trainConfig(1e-5, {{"init", "vocab"}, {"tokens", 4}})),
                          group("p-tuning", trainConfig(1e-5, {{"init", "random"}, {"tokens", 4}})),
                          group("prompt-ft", trainConfig(3e-5, json::object()))});
    QCOMPARE(n, (std::vector<std::string>{"prompt-ft · lr 1e-5", "p-tuning · init vocab",
                                          "p-tuning · init random", "prompt-ft · lr 3e-5"}));
  }

  // Several keys differ: in key order, underscores spaced, booleans on/off, paths by their file name or
  // as many trailing folders as keep them apart.
  void severalDifferencesAndCompactValues() {
    json a = trainConfig(1e-5, json::object()), b = a;
    b["batch_size"] = 16;
    b["bf16"] = true;
    b["train"] = "/data/SST-2/16-13/train.tsv";
    b["model"] = "/home/u/models/bert-base-uncased/";
    const auto n = names({group("prompt-ft", a), group("prompt-ft", b)});
    QCOMPARE(n,
             (std::vector<std::string>{
                 "prompt-ft · batch size 8 · bf16 off · model roberta-large · train SST-2/train.tsv",
                 "prompt-ft · batch size 16 · bf16 on · model bert-base-uncased · train 16-13/train.tsv"}));
  }

  // Two differing keys ending the same way keep their full path; a key missing in one group is left out.
  void clashingShortKeysAndMissingKeys() {
    json a = trainConfig(1e-5, {{"lr", 0.3}}), b = trainConfig(2e-5, {{"lr", 0.03}}),
         c = trainConfig(1e-5, json::object());
    const auto n = names({group("p-tuning-v2", a), group("p-tuning-v2", b), group("p-tuning-v2", c)});
    QCOMPARE(n, (std::vector<std::string>{"p-tuning-v2 · lr 1e-5 · method config.lr 0.3",
                                          "p-tuning-v2 · lr 2e-5 · method config.lr 0.03",
                                          "p-tuning-v2 · lr 1e-5"}));
  }

  // Long templates keep both ends around "…"; equal compact names are numbered.
  void longValuesAndClashes() {
    json a = trainConfig(1e-5, json::object()), b = a;
    b["template"] = "{sentence} All in all, the movie was [MASK].";
    const auto n = names({group("prompt-ft", a), group("prompt-ft", b)});
    QCOMPARE(n[0], std::string("prompt-ft · template {sentence} It was [MASK]."));  // 25 characters: kept
    QCOMPARE(n[1], std::string("prompt-ft · template {sentence} Al…e was [MASK]."));
    json c = a, d = a;
    c["template"] = "{sentence} It is, overall, [MASK] indeed.";
    d["template"] = "{sentence} It is, in total, [MASK] indeed.";
    QCOMPARE(names({group("prompt-ft", c), group("prompt-ft", d)}),
             (std::vector<std::string>{"prompt-ft · template {sentence} It…MASK] indeed.",
                                       "prompt-ft · template {sentence} It…MASK] indeed. (2)"}));
  }

  void compactValues() {
    QCOMPARE(compactConfigValue(2e-5), std::string("2e-5"));
    QCOMPARE(compactConfigValue(1.5e-4), std::string("0.00015"));
    QCOMPARE(compactConfigValue(3e6), std::string("3e6"));
    QCOMPARE(compactConfigValue(0.1), std::string("0.1"));
    QCOMPARE(compactConfigValue(0.1 + 0.2), std::string("0.30000000000000004"));  // distinct from 0.3
    QCOMPARE(compactConfigValue(250), std::string("250"));
    QCOMPARE(compactConfigValue(-3), std::string("-3"));
    QCOMPARE(compactConfigValue(json::array({1e-5, 2e-5})), std::string("[1e-5, 2e-5]"));
    QCOMPARE(compactConfigValue(nullptr), std::string("none"));
    QCOMPARE(compactConfigValue(false), std::string("off"));
    QCOMPARE(compactConfigValue("/"), std::string("/"));
    QCOMPARE(compactConfigValue("/data/SST-2/16-13/train.tsv"), std::string("train.tsv"));
    QCOMPARE(compactConfigValue("/data/SST-2/16-13/train.tsv", 2), std::string("16-13/train.tsv"));
    QCOMPARE(compactConfigValue("/data/x.tsv", 5), std::string("/data/x.tsv"));
    QCOMPARE(compactConfigValue("models/bert/", 1), std::string("bert"));
    // Elision counts characters, not bytes: "é" is never split.
    QCOMPARE(compactConfigValue(std::string(20, 'a') + "ééééééééééé"),
             std::string(13, 'a') + "…" + "aaééééééééééé");
  }
};

QTEST_GUILESS_MAIN(TestStoreGroupNames)
#include "test_store_group_names.moc"
