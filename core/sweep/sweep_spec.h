#pragma once
// A sweep file (SWEEPS.md): fixed settings, axes of values, grid or random choice, exclude/only rules and a
// run limit. parseSweepFile() reads and checks it; every error names file:line:column and the key.
// Torch-free, Qt-free: the CLI (`pwb sweep`), the Slurm submitter and the GUI's sweep builder use it.
#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace pwb::sweep {

// One setting a sweep run can take: the name is `pwb train`'s option name ("lr", "prefix-length", ...,
// plus "seed" for the single seed of a run). See settings() for the whole table.
enum class SettingType { String, Int, Double, Bool };

struct SettingInfo {
  std::string name;
  SettingType type = SettingType::String;
  // The methods the setting applies to; empty = every method. A setting that does not apply to a run's
  // method is dropped from that run (an axis over it is not multiplied for that method).
  std::vector<std::string> methods;
  std::string help;  // one line, for SWEEPS.md and the GUI
};

const std::vector<SettingInfo>& settings();               // in canonical axis order (method first)
const SettingInfo* findSetting(const std::string& name);  // nullptr when unknown

// True when `name` matters for a run with these (partial) settings: the method list of the table, and the
// verbalizer is also dropped for p-tuning-v2 with head "cls" (it scores through a classification head).
bool settingApplies(const std::string& name, const nlohmann::json& runSettings);

enum class SweepMode { Grid, Random };

struct SweepSpec {
  std::string path;                                 // the file it was read from ("" for text)
  std::string name;                                 // "name" (default: the file name without extension)
  SweepMode mode = SweepMode::Grid;                 // "mode": "grid" | "random"
  int64_t count = 0;                                // random: how many runs to draw ("count")
  uint64_t randomSeed = 0;                          // random: the draw's seed ("seed", default 0)
  nlohmann::json fixed = nlohmann::json::object();  // "fixed": setting -> value (typed, paths resolved)
  // "axes": setting -> values, in the order of settings() (not of the file), each non-empty and typed.
  std::vector<std::pair<std::string, std::vector<nlohmann::json>>> axes;
  // "exclude" / "only": lists of partial settings, each stored as setting -> array of allowed values (a
  // single value in the file becomes a one-element array). A run matching any "exclude" entry is dropped;
  // when "only" is given, a run must match one of its entries. An entry matches a run when every setting
  // it names is one of the run's settings (it applies to the run's method) with one of the listed values.
  std::vector<nlohmann::json> exclude, only;
  int64_t maxRuns = 1000;  // "max_runs": more runs than this need confirmation (--yes)
  // "seconds_per_step": method -> seconds, overriding the built-in figures for the cost estimate.
  std::map<std::string, double> secondsPerStep;
  std::string text;  // the file's bytes, copied verbatim into a sweep folder
};

// Reads and checks a sweep file. Relative paths in "train", "test" and "model" are taken relative to the
// file's folder. Throws pwb::Error "FILE:LINE:COLUMN: key 'K': message" (or JSON syntax errors at their
// line and column).
SweepSpec parseSweepFile(const std::string& path);
// The same for text; `sourceName` is used in errors and `baseDir` resolves relative paths.
SweepSpec parseSweepText(const std::string& text, const std::string& sourceName,
                         const std::string& baseDir = "");

// The sweep as a sweep file's JSON (what a sweep builder saves): parseSweepText(sweepSpecJson(s).dump(2))
// gives the same runs. Paths are written as they are in the spec (absolute after parsing a file).
nlohmann::json sweepSpecJson(const SweepSpec& spec);

}  // namespace pwb::sweep
