// Fuzzes PET / ensemble inputs (core/train/pet, core/combine):
//   0  readMember on a damaged member.json of a PET work folder (what a resumed `pwb pet` reads): a
//      pwb::Error naming the file or a member that, written back with writeMember, reads back the same;
//   1  claimWorkDir against a damaged pet.json (the job settings a resumed job compares with);
//   2  the ensemble arithmetic on member outputs the input spells (probabilities, logits, weights, NaN,
//      infinities, negative and huge values, ragged shapes): combine::normalisedWeights and
//      meanDistribution (weights sum to 1, distributions stay distributions, one member of weight 1 is
//      reproduced bit for bit), pet::ensembleLogits and softLabels (rows sum to 1), and both
//      parseWeighting.
// The first input byte picks the mode. Any exception other than pwb::Error escapes and is a crash.
// Only torch-free sources of pwb_train are compiled in (pet_work_dir.cpp, soft_labels.cpp).
#include <cmath>
#include <cstdint>
#include <cstring>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "combine/ensemble_math.h"
#include "common/error.h"
#include "fuzz_support.h"
#include "train/pet/pet_work_dir.h"
#include "train/pet/soft_labels.h"

using nlohmann::json;
using namespace pwb::train::pet;

namespace {

bool allFinite(const LogitRows& rows) {
  for (const auto& r : rows)
    for (float v : r)
      if (!std::isfinite(v)) return false;
  return true;
}

bool sameMember(const StoredMember& a, const StoredMember& b) {
  const PetMember& x = a.member;
  const PetMember& y = b.member;
  return x.generation == y.generation && x.pvp == y.pvp && x.templateText == y.templateText &&
         x.verbalizer == y.verbalizer && x.runId == y.runId && x.testAccuracy == y.testAccuracy &&
         x.trainAccuracyBefore == y.trainAccuracyBefore && x.addedExamples == y.addedExamples &&
         x.labellerRunIds == y.labellerRunIds && x.trainSeconds == y.trainSeconds &&
         x.scoreSeconds == y.scoreSeconds && a.poolLogits == b.poolLogits && a.testLogits == b.testLogits;
}

void member(const std::string& bytes) {
  const std::string& dir = pwb::fuzz::scratchDir();
  pwb::fuzz::writeScratch("member.json", bytes);
  // The job's template, verbalizer and row counts: taken from the file where it has them, so that the
  // reader gets past its checks as often as the bytes allow.
  std::string tmpl = "{s} It was [MASK] .", verbalizer = "0=terrible;1=great";
  size_t poolRows = 2, testRows = 1;
  try {
    const json j = json::parse(bytes);
    if (j.is_object()) {
      if (j.contains("template") && j["template"].is_string()) tmpl = j["template"];
      if (j.contains("verbalizer") && j["verbalizer"].is_string()) verbalizer = j["verbalizer"];
      if (j.contains("pool_logits") && j["pool_logits"].is_array()) poolRows = j["pool_logits"].size();
      if (j.contains("test_logits") && j["test_logits"].is_array()) testRows = j["test_logits"].size();
    }
  } catch (const json::exception&) {
  }
  const auto m = readMember(dir, tmpl, verbalizer, poolRows, testRows);
  if (!m || !m->member.reused) __builtin_trap();
  // JSON has no NaN or infinity (nlohmann writes null): only finite members can round-trip.
  if (!allFinite(m->poolLogits) || !allFinite(m->testLogits) || !std::isfinite(m->member.testAccuracy) ||
      !std::isfinite(m->member.trainAccuracyBefore) || !std::isfinite(m->member.trainSeconds) ||
      !std::isfinite(m->member.scoreSeconds))
    return;
  writeMember(dir, *m);
  std::optional<StoredMember> back;
  try {
    back = readMember(dir, tmpl, verbalizer, poolRows, testRows);
  } catch (const pwb::Error&) {
    __builtin_trap();
  }
  if (!back || !sameMember(*m, *back)) __builtin_trap();
}

void settings(const std::string& bytes) {
  pwb::fuzz::writeScratch("pet.json", bytes);
  const json job = {{"model", "/models/demo"},
                    {"k", 16},
                    {"lr", 1e-5},
                    {"templates", {"{s} It was [MASK] ."}},
                    {"weighting", "pet"},
                    {"temperature", 2.0},
                    {"pool", ""},
                    {"db", nullptr}};
  pwb::train::pet::claimWorkDir(pwb::fuzz::scratchDir(), job);
}

// A small reader of numbers from the input: each byte gives a value, a few bytes mean NaN, infinities,
// negative, zero or huge values.
struct Numbers {
  const uint8_t* p;
  size_t n, at = 0;
  double next() {
    if (at >= n) return 0.25;
    const uint8_t b = p[at++];
    switch (b) {
      case 0xFF:
        return std::nan("");
      case 0xFE:
        return INFINITY;
      case 0xFD:
        return -INFINITY;
      case 0xFC:
        return -1.0;
      case 0xFB:
        return 1e300;
      case 0xFA:
        return 1e-310;
      default:
        return b / 249.0;
    }
  }
  uint8_t byte() { return at < n ? p[at++] : 0; }
};

void ensemble(const uint8_t* data, size_t size) {
  Numbers in{data, size};
  const size_t members = 1 + in.byte() % 4, examples = in.byte() % 5, classes = 1 + in.byte() % 4;
  const bool ragged = in.byte() == 0x5A;
  std::vector<std::vector<std::vector<double>>> probs(members);
  std::vector<LogitRows> logits(members);
  for (size_t m = 0; m < members; ++m) {
    for (size_t i = 0; i < examples; ++i) {
      const size_t c = ragged && m == members - 1 && i == 0 ? classes + 1 : classes;
      std::vector<double> row(c);
      for (double& v : row) v = in.next();
      probs[m].push_back(row);
      logits[m].push_back(std::vector<float>(row.begin(), row.end()));
    }
  }
  std::vector<double> raw(members);
  for (double& w : raw) w = in.next();

  // combine: weights normalised, the weighted mean of (row-normalised) distributions.
  std::vector<double> w;
  try {
    w = pwb::combine::normalisedWeights(raw);
  } catch (const pwb::Error&) {
    w.clear();
  }
  if (!w.empty()) {
    double sum = 0;
    for (double x : w) {
      if (!(x >= 0 && x <= 1)) __builtin_trap();
      sum += x;
    }
    if (std::fabs(sum - 1) > 1e-9) __builtin_trap();
    bool distributions = true;
    auto normalised = probs;
    for (auto& member : normalised)
      for (auto& row : member) {
        double s = 0;
        for (double v : row) s += v;
        if (!(s > 0) || !std::isfinite(s)) distributions = false;
        for (double& v : row) v = distributions ? v / s : v;
      }
    try {
      const auto mean = pwb::combine::meanDistribution(normalised, w);
      if (mean.size() != examples) __builtin_trap();
      for (const auto& row : mean) {
        if (distributions) {
          double s = 0;
          for (double v : row) s += v;
          if (std::fabs(s - 1) > 1e-9) __builtin_trap();
        }
        (void)pwb::combine::argmax(row);
      }
      if (members == 1 && mean != normalised[0] && distributions) __builtin_trap();
    } catch (const pwb::Error&) {
      if (!ragged) __builtin_trap();  // only ragged shapes are refused
    }
  }

  // PET: the weighted mean of logits and its soft labels.
  std::vector<const LogitRows*> ptrs;
  for (const auto& l : logits) ptrs.push_back(&l);
  try {
    const LogitRows mean = ensembleLogits(ptrs, raw);
    const double temperature = 0.5 + in.byte() % 8;
    const LogitRows soft = softLabels(mean, temperature);
    if (soft.size() != mean.size()) __builtin_trap();
    if (allFinite(mean)) {
      for (const auto& row : soft) {
        double s = 0;
        for (float v : row) {
          if (!(v >= 0 && v <= 1)) __builtin_trap();
          s += v;
        }
        if (std::fabs(s - 1) > 1e-5) __builtin_trap();
      }
    }
    (void)argmaxRows(soft);
  } catch (const pwb::Error&) {
  }
  const std::string name(reinterpret_cast<const char*>(data), std::min<size_t>(size, 8));
  for (const std::string& text : {name, std::string("pet"), std::string("uniform")}) {
    try {
      (void)pwb::combine::parseWeighting(text);
    } catch (const pwb::Error&) {
    }
    try {
      (void)parseWeighting(text);
    } catch (const pwb::Error&) {
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  const int mode = data[0] % 3;
  const std::string text(reinterpret_cast<const char*>(data + 1), size - 1);
  try {
    switch (mode) {
      case 0:
        member(text);
        break;
      case 1:
        settings(text);
        break;
      case 2:
        ensemble(data + 1, size - 1);
        break;
    }
  } catch (const pwb::Error& e) {
    if (e.message().empty()) __builtin_trap();
  }
  return 0;
}
