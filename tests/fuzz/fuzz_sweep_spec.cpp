// Fuzzes the sweep file (core/sweep, SWEEPS.md) and what reads Slurm's output for a sweep:
//   0  parseSweepText; a parsed sweep written back with sweepSpecJson must parse to the same sweep
//      (the promise of sweep_spec.h), gridSize is finite, and small grids expand twice to the same tasks
//      (indices 0..n-1, distinct 16-hex-digit keys, no more than gridSize / count), each task's request
//      built as `pwb sweep` builds it (taskRequest: errors are pwb::Error);
//   1  locateJsonPath on valid JSON along a path chosen by the input: the offset stays inside the text
//      and an object member's offset is its key's opening quote;
//   2  parseArrayIndices, parseSqueue, parseScontrol, parseSacct, parseSbatchJobId, slurmTaskState.
// The first input byte picks the mode. Any exception other than pwb::Error escapes and is a crash.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "common/error.h"
#include "sweep/json_locate.h"
#include "sweep/slurm_state.h"
#include "sweep/sweep_expand.h"
#include "sweep/sweep_spec.h"

using json = nlohmann::json;
using namespace pwb::sweep;

namespace {

bool sameSpec(const SweepSpec& a, const SweepSpec& b) {
  return a.name == b.name && a.mode == b.mode && a.count == b.count && a.randomSeed == b.randomSeed &&
         a.fixed == b.fixed && a.axes == b.axes && a.exclude == b.exclude && a.only == b.only &&
         a.maxRuns == b.maxRuns && a.secondsPerStep == b.secondsPerStep;
}

bool sameTasks(const std::vector<SweepTask>& a, const std::vector<SweepTask>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (a[i].index != b[i].index || a[i].key != b[i].key || a[i].settings != b[i].settings) return false;
  return true;
}

void sweepFile(const std::string& text) {
  const SweepSpec spec = parseSweepText(text, "fuzz.json", "/fuzz/base");
  // Written back and read again: the same sweep. A parse error here is a broken promise, not bad input.
  SweepSpec again;
  try {
    again = parseSweepText(sweepSpecJson(spec).dump(2), "fuzz.json", "/fuzz/base");
  } catch (const pwb::Error&) {
    __builtin_trap();
  }
  if (!sameSpec(spec, again)) __builtin_trap();
  const double size = gridSize(spec);
  if (!(size >= 0) || size > 1e300) __builtin_trap();
  if (size > 300) return;
  std::vector<SweepTask> tasks;
  try {
    tasks = expandSweep(spec);
  } catch (const pwb::Error&) {
    return;  // no run left after exclude/only
  }
  if (tasks.empty() || static_cast<double>(tasks.size()) > size) __builtin_trap();
  if (spec.mode == SweepMode::Random && static_cast<int64_t>(tasks.size()) > spec.count) __builtin_trap();
  std::set<std::string> keys;
  for (size_t i = 0; i < tasks.size(); ++i) {
    if (tasks[i].index != static_cast<int64_t>(i) || tasks[i].key.size() != 16) __builtin_trap();
    if (tasks[i].key.find_first_not_of("0123456789abcdef") != std::string::npos) __builtin_trap();
    if (!keys.insert(tasks[i].key).second) __builtin_trap();
    if (tasks[i].key != taskKey(tasks[i].settings)) __builtin_trap();
  }
  if (!sameTasks(tasks, expandSweep(again))) __builtin_trap();
  for (size_t i = 0; i < tasks.size() && i < 8; ++i) {
    try {
      (void)taskRequest(tasks[i].settings, false);
    } catch (const pwb::Error&) {
    }
  }
}

void locate(const std::string& text) {
  // The path is chosen by the bytes after the first NUL; the text before it is the JSON.
  const size_t cut = text.find('\0');
  const std::string doc = text.substr(0, cut);
  const std::string choice = cut == std::string::npos ? std::string() : text.substr(cut + 1);
  if (!json::accept(doc)) return;
  json value;
  try {
    value = json::parse(doc);
  } catch (const json::exception&) {
    return;  // accept() and parse() agree on syntax; a number beyond double is out_of_range only here
  }
  std::vector<std::string> path;
  bool lastIsKey = false;
  const json* at = &value;
  for (unsigned char c : choice) {
    if (at->is_object() && !at->empty()) {
      auto it = at->begin();
      std::advance(it, c % at->size());
      path.push_back(it.key());
      lastIsKey = true;
      at = &*it;
    } else if (at->is_array() && !at->empty()) {
      const size_t i = c % at->size();
      path.push_back(std::to_string(i));
      lastIsKey = false;
      at = &(*at)[i];
    } else {
      break;
    }
  }
  const size_t offset = locateJsonPath(doc, path);
  if (offset > doc.size()) __builtin_trap();
  const TextPosition pos = positionOfOffset(doc, offset);
  if (pos.line < 1 || pos.column < 1) __builtin_trap();
  // Keys are matched as written (escapes other than \" \\ \/ are not decoded): only check the position
  // when the text has no escape at all. With a key repeated in one object nlohmann keeps the last value and
  // the scanner follows the first (an error then points into the first): only check paths whose keys each
  // occur once in the text.
  bool unique = true;
  for (const std::string& key : path) {
    const std::string quoted = "\"" + key + "\"";
    const size_t first = doc.find(quoted);
    if (first != std::string::npos && doc.find(quoted, first + 1) != std::string::npos) unique = false;
  }
  if (!path.empty() && lastIsKey && unique && doc.find('\\') == std::string::npos && doc[offset] != '"')
    __builtin_trap();
}

void slurm(const std::string& text) {
  // Ranges of millions of tasks are allowed (Slurm's MaxArraySize goes to 4,000,001) and take seconds
  // each: keep the fuzzer to range ends below 100,000, which exercises the same code.
  for (size_t i = 0; i + 1 < text.size(); ++i) {
    if (text[i] != '-' && text[i] != ':') continue;
    size_t digits = 0;
    while (i + 1 + digits < text.size() && text[i + 1 + digits] >= '0' && text[i + 1 + digits] <= '9')
      ++digits;
    if (digits > 5) return;
  }
  const size_t nl = text.find('\n');
  const std::string first = text.substr(0, nl);
  try {
    const auto indices = parseArrayIndices(first);
    for (size_t i = 1; i < indices.size(); ++i)
      if (indices[i] <= indices[i - 1]) __builtin_trap();
  } catch (const pwb::Error&) {
  }
  for (const std::string& job : {std::string("1234"), first.substr(0, 8)}) {
    for (const auto& r : parseSqueue(text, job))
      if (r.arrayJob != job) __builtin_trap();
    for (const auto& r : parseScontrol(text, job))
      if (r.arrayJob != job) __builtin_trap();
    for (const auto& r : parseSacct(text, job))
      if (r.arrayJob != job) __builtin_trap();
  }
  try {
    const std::string id = parseSbatchJobId(text);
    if (id.empty() || id.find_first_not_of("0123456789") != std::string::npos) __builtin_trap();
  } catch (const pwb::Error&) {
  }
  (void)slurmTaskState(first);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  const int mode = data[0] % 3;
  const std::string text(reinterpret_cast<const char*>(data + 1), size - 1);
  try {
    switch (mode) {
      case 0:
        sweepFile(text);
        break;
      case 1:
        locate(text);
        break;
      case 2:
        slurm(text);
        break;
    }
  } catch (const pwb::Error& e) {
    if (e.message().empty()) __builtin_trap();
  }
  return 0;
}
