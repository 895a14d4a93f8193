#pragma once
// A run's trained state as the run store keeps it: the artifact of kind "train-state". Two forms:
//   folder   path = <folder>/method.safetensors, meta {"format": "pwb-train-state", "folder": <folder>}: the
//            state was saved to an output folder (core/train method_state.h) and stays there.
//   inline   data = the bytes of method.safetensors, meta {"format": "pwb-train-state", "stored": "inline",
//            "state": <method.json's object>}: a prompt-only method trained without an output folder keeps
//            its state inside the project file, so that it can still be exported.
// Torch-free: core/train writes these records, core/export and the GUI read them.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "store/records.h"

namespace pwb::store {

constexpr const char* kTrainStateKind = "train-state";

// The inline form (runId, name, data, meta filled in; sha256 and size are computed by saveArtifact).
ArtifactRecord inlineStateArtifact(int64_t runId, const std::string& name, const nlohmann::json& stateInfo,
                                   std::vector<uint8_t> tensorBytes);

bool isInlineState(const ArtifactRecord& artifact);
// The folder of a folder-form state ("" for the inline form or an artifact of another kind).
std::string stateFolderOf(const ArtifactRecord& artifact);

// Where a run's trained state is, for people: its folder, "the project file" (inline) or "" (none). The
// last train-state artifact wins (a run has at most one).
std::string stateLocation(const std::vector<ArtifactRecord>& artifacts);

// Writes an inline state (artifact read with its data, RunStore::getArtifact) as a training state folder:
// method.json + method.safetensors in `dir` (created when missing). Throws pwb::Error naming `source` (the
// project file) when the bytes do not match the recorded sha256 or the record is malformed.
void writeInlineState(const ArtifactRecord& artifact, const std::string& dir, const std::string& source);

}  // namespace pwb::store
