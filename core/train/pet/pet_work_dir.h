#pragma once
// The work folder of a PET / iPET job: what makes it resumable.
//   <dir>/pet.json                      the job's settings; a job run again must have the same ones
//   <dir>/seed<S>/g<G>/pvp<P>/member.json  a finished member: its run, accuracies, logits on the pool and
//                                        the test set (written last, atomically: its presence is the marker)
//   <dir>/seed<S>/g<G>/pvp<P>/ipet_set.json  iPET: the examples the previous generation labelled for it
//   <dir>/seed<S>/soft_labels_g<G>.json   the pool's soft labels from generation G's ensemble
//   <dir>/seed<S>/distilled_g<G>.json     the classifier distilled from generation G (its run: the marker),
//                                         its state in distilled_g<G>/
// Torch-free.
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "train/pet/pet_request.h"
#include "train/pet/pet_result.h"
#include "train/pet/soft_labels.h"

namespace pwb::train::pet {

// The settings that decide what a member or the distillation computes (not seeds, threads or device, and
// not the number of generations: generation j's members do not depend on how many follow, so a job with
// more generations continues a folder of fewer).
nlohmann::json jobSettings(const PetRequest& request);
// Writes <dir>/pet.json, or, when it exists, checks it against `settings`: a pwb::Error names the first
// setting that differs (a folder of another job is never mixed into this one).
void claimWorkDir(const std::string& dir, const nlohmann::json& settings);

std::string memberDir(const std::string& workDir, int64_t seed, int generation, int pvp);
std::string seedDir(const std::string& workDir, int64_t seed);

struct StoredMember {
  PetMember member;
  LogitRows poolLogits, testLogits;
};
void writeMember(const std::string& dir, const StoredMember& m);
// The member in dir when its marker is there and it was trained with this template and verbalizer on a pool
// of poolRows rows; std::nullopt when it is not finished. A damaged marker is a pwb::Error naming the file.
std::optional<StoredMember> readMember(const std::string& dir, const std::string& templateText,
                                       const std::string& verbalizer, size_t poolRows, size_t testRows);

// Writes JSON to path through a temporary file and a rename (never half a file at path).
void writeJsonAtomically(const std::string& path, const nlohmann::json& j);

}  // namespace pwb::train::pet
