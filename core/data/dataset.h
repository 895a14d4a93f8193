#pragma once
// The in-memory form of a labelled text-classification data set, whatever file format it came from.
// Every example keeps the line it came from so problems, ids and manifests point back into the file.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace pwb::data {

struct Example {
  std::string id;                   // stable, line based: "L<line>" (the line where the row starts)
  std::vector<std::string> fields;  // text fields in Dataset::columns order (text_a, optional text_b)
  std::string label;                // empty for an unlabeled set (e.g. SuperGLUE test)
  int line = 0;                     // 1-based line in the source file
};

// A row that was not imported, with where it is and why.
struct Problem {
  std::string file;
  int line = 0;
  std::string message;
  std::string text() const;  // "<file>:<line>: <message>"
};

struct Dataset {
  std::string path;
  std::string format;                // importer name, see formatNames()
  std::string encoding;              // "UTF-8" or "Windows-1252"
  std::vector<std::string> columns;  // field names for templates ("sentence"; "premise","hypothesis")
  std::vector<Example> examples;
  std::vector<std::string> labels;  // sorted distinct labels (empty strings excluded)
  std::vector<Problem> problems;    // skipped rows
  std::vector<std::string> warnings;
  uint64_t checksum = 0;   // FNV-1a 64 of the file bytes
  bool unlabeled = false;  // true when no example has a label (a test set without gold labels)

  std::string checksumHex() const;
  // Index of a field by name; also accepts the aliases text_a / text_b (first / second column).
  // Returns -1 when unknown.
  int fieldIndex(const std::string& name) const;
  std::map<std::string, size_t> labelCounts() const;  // label -> number of examples
  const Example* findById(const std::string& id) const;
  // One line for people: "10662 rows, labels 0: 5331, 1: 5331, 0 rows skipped (Windows-1252)".
  std::string summary() const;
};

// Keeps the examples whose ids are listed, in the order given; throws pwb::Error naming an unknown id.
Dataset selectExamples(const Dataset& source, const std::vector<std::string>& ids);

// Recomputes Dataset::labels (sorted distinct non-empty labels) and Dataset::unlabeled.
void refreshLabels(Dataset& ds);

}  // namespace pwb::data
