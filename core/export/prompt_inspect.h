#pragma once
// Soft-prompt interpretation for the CLI (`pwb prompt inspect`, `pwb export --nearest`) and the GUI: what a
// prompt folder holds and, for input vectors (prompt tuning, P-tuning), the vocabulary tokens nearest to
// each vector by cosine similarity against the model's word embeddings. Prefix vectors (P-tuning v2,
// prefix tuning) live in key/value space, not the embedding space: no neighbours are shown for them.
// Torch-free header.
#include <cstdint>
#include <string>
#include <vector>

namespace pwb::exporting {

struct TokenNeighbour {
  int64_t id = -1;
  std::string token;  // vocabulary spelling ("great", "##ly", "Ġgreat")
  double cosine = 0;
};

struct SoftVectorInfo {
  int index = 0;
  double norm = 0;                      // L2 norm of the vector
  std::vector<TokenNeighbour> nearest;  // best first; empty for prefix vectors
};

struct PromptInspection {
  std::string dir;
  std::string source;     // "bundle" | "peft"
  std::string method;     // bundle's method or the PEFT type as a method name
  std::string placement;  // "slots" | "before-cls" | "prefix" | "" (no vectors)
  std::string templateText, verbalizer;
  std::vector<std::string> labels;
  std::vector<std::pair<std::string, std::vector<int64_t>>> tensors;  // name, shape
  double meanEmbeddingNorm = 0;  // mean L2 norm of the vocabulary's embeddings, to compare vector norms with
  std::vector<SoftVectorInfo> vectors;
  std::vector<std::string> notes;
};

// Loads the prompt against the model in modelDir (identity / architecture checked as by loadPrompt) and
// finds the k nearest tokens of every input vector (special tokens excluded). Throws pwb::Error.
PromptInspection inspectPrompt(const std::string& promptDir, const std::string& modelDir, int k = 5);

// The model folder a prompt folder records (bundle: prompt.json; PEFT export: prompt_workbench.json), ""
// when it records none or that folder is gone.
std::string recordedModelDir(const std::string& promptDir);

// Plain-text report for the terminal.
std::string inspectionReport(const PromptInspection& inspection);

}  // namespace pwb::exporting
