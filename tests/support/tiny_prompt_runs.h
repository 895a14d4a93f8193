// Tiny training runs whose trained prompts the export tests export, load and evaluate: the tiny-bert
// fixture, a few SST-2 lines, three steps with large learning rates (so the trained state differs from
// its initialisation). One definition for test_prompt_export and test_export_roundtrip.
#pragma once

#include <fstream>
#include <string>
#include <vector>

#include "train/training.h"

namespace pwb::test {

// The first and last n lines of a label-space file (the SST-2 files are sorted by label) written to `to`.
inline std::string labelSpaceSlice(const std::string& from, size_t n, const std::string& to) {
  std::ifstream in(from);
  std::vector<std::string> lines;
  for (std::string l; std::getline(in, l);) lines.push_back(l);
  std::ofstream out(to);
  for (size_t i = 0; i < n; ++i) out << lines[i] << "\n";
  for (size_t i = lines.size() - n; i < lines.size(); ++i) out << lines[i] << "\n";
  return to;
}

// One seed (13), K = 4, 3 steps of batch 4, 4 soft tokens / prefix positions, an MLP P-tuning encoder,
// recorded in `db`; no output folder (callers set one where they need it).
inline train::TrainRequest tinyPromptRunRequest(const std::string& modelDir, const std::string& method,
                                                const std::string& templateText,
                                                const std::string& verbalizer, const std::string& trainFile,
                                                const std::string& testFile, const std::string& db) {
  train::TrainRequest r;
  r.modelDir = modelDir;
  r.method = method;
  r.templateText = templateText;
  r.verbalizer = verbalizer;
  r.trainPath = trainFile;
  r.testPath = testFile;
  r.k = 4;
  r.seeds = {13};
  r.steps = 3;
  r.batchSize = 4;
  r.evalEvery = 3;
  r.lr = method == "prompt-ft" ? 1e-3 : 3e-2;  // big steps: the trained state must differ from the init
  r.maxLength = 48;
  r.options.numSoftTokens = 4;
  r.options.init = "random-uniform";
  r.options.encoder = "mlp";
  r.options.encoderHiddenSize = 16;
  r.options.prefixLength = 4;
  r.device = "cpu";
  r.threads = 2;
  r.dbPath = db;
  return r;
}

}  // namespace pwb::test
