#pragma once
// `pwb export --db FILE --run ID`: a recorded training run's saved state (the run store's "train-state"
// artifact, written by core/train: a folder, or kept inside the project file) exported as our bundle or as
// a PEFT adapter. Torch-free header.
#include <cstdint>
#include <string>
#include <utility>

#include "export/peft_export.h"

namespace pwb::exporting {

struct RunExportRequest {
  std::string dbPath;
  int64_t runId = 0;
  std::string format = "bundle";  // "bundle" | "peft"
  std::string outDir;
  std::string modelDir;  // "" = the model folder the run recorded
};

// A run's saved training state as a folder: the output folder it was saved to, or — for a prompt-only run
// trained without one, whose state the project file keeps (store/state_artifact.h) — a temporary copy
// that is removed with this object.
class RunStateFolder {
 public:
  RunStateFolder() = default;
  RunStateFolder(std::string dir, bool temporary) : dir_(std::move(dir)), temporary_(temporary) {}
  RunStateFolder(RunStateFolder&& other) noexcept;
  RunStateFolder& operator=(RunStateFolder&& other) noexcept;
  RunStateFolder(const RunStateFolder&) = delete;
  RunStateFolder& operator=(const RunStateFolder&) = delete;
  ~RunStateFolder();
  const std::string& dir() const { return dir_; }
  bool inProjectFile() const { return temporary_; }

 private:
  void removeTemporary();
  std::string dir_;
  bool temporary_ = false;
};

// Throws pwb::Error naming the database and run when there is none (a run of a method that trains the
// model, trained without an output folder), the folder is gone, or the kept bytes are damaged.
RunStateFolder openRunState(const std::string& dbPath, int64_t runId);

// Throws pwb::Error: unknown run / format, no saved state, PEFT refusal, bad files.
ExportResult exportRun(const RunExportRequest& request);

}  // namespace pwb::exporting
