#pragma once
// What a PET / iPET job reports: per seed, per generation its members and ensembles, the distilled
// classifier, and the wall time of every stage. Torch-free.
#include <cstdint>
#include <string>
#include <vector>

#include "train/train_result.h"

namespace pwb::train::pet {

struct PetMember {
  int generation = 0;
  int pvp = 0;  // index into templates x verbalizers (template-major)
  std::string templateText, verbalizer;
  std::string runId;  // the member's stored run
  double testAccuracy = 0.0;
  double trainAccuracyBefore =
      -1.0;               // its PVP's accuracy on the K-shot train split before training; -1 unknown
  int addedExamples = 0;  // iPET: examples labelled by the previous generation
  std::vector<std::string> labellerRunIds;
  bool reused = false;        // found finished in the work folder (a resumed job)
  double trainSeconds = 0.0;  // training and test evaluation (0 when reused)
  double scoreSeconds = 0.0;  // scoring the pool and the test set (0 when reused)
};

struct PetGeneration {
  int generation = 0;
  std::vector<PetMember> members;
  double uniformAccuracy = 0.0;    // test accuracy of the members' uniform ensemble
  double weightedAccuracy = -1.0;  // with PET's weights; -1 when a member lacks train_accuracy_before
  double seconds = 0.0;            // wall time of the generation (members, scoring, iPET sets)
};

struct PetSeedResult {
  int64_t seed = 0;
  RunStatus status = RunStatus::Finished;
  std::string message;
  size_t poolRows = 0;
  std::vector<PetGeneration> generations;
  bool hasDistilled = false;
  double distilledAccuracy = 0.0;
  std::string distilledRunId;
  std::string softLabelsPath;
  double distillSeconds = 0.0;
};

struct PetResult {
  std::vector<PetSeedResult> seeds;
  RunStatus status = RunStatus::Finished;
  std::string message;
  double seconds = 0.0;
};

}  // namespace pwb::train::pet
