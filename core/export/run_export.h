#pragma once
// `pwb export --db FILE --run ID`: a recorded training run's saved state (the run store's "train-state"
// artifact, written by core/train) exported as our bundle or as a PEFT adapter. Torch-free header.
#include <cstdint>
#include <string>

#include "export/peft_export.h"

namespace pwb::exporting {

struct RunExportRequest {
  std::string dbPath;
  int64_t runId = 0;
  std::string format = "bundle";  // "bundle" | "peft"
  std::string outDir;
  std::string modelDir;  // "" = the model folder the run recorded
};

// The training-state folder of a run; throws pwb::Error naming the database and run when there is none
// (the run was not trained with an output folder) or the folder is gone.
std::string runStateDir(const std::string& dbPath, int64_t runId);

// Throws pwb::Error: unknown run / format, no saved state, PEFT refusal, bad files.
ExportResult exportRun(const RunExportRequest& request);

}  // namespace pwb::exporting
