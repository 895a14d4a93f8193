#pragma once
// PET and iPET as one job (Schick & Schütze 2021), per seed:
//   1. the unlabeled pool (train/pet/pet_pool.h);
//   2. generation 0: each pattern-verbalizer pair trained with prompt-based fine-tuning by the ordinary
//      training path (runTraining: a stored run each), then, with the trained model still loaded, its
//      logits on the pool and the test set; the model is released before the next member is trained;
//   3. iPET generations 1..G-1: each member trained on the K-shot set plus a set labelled by other members
//      of the previous generation (train/pet/ipet_sets.h), its run linked to theirs (role "teacher");
//   4. the last generation's ensemble logits on the pool (uniform or PET-weighted) -> soft labels
//      softmax(logits / T) -> fine-tuning ([CLS] head) on the pool with PET's distillation loss; that run
//      is linked to the members (role "teacher") and keeps the soft labels as an artifact.
// Every finished member leaves its logits and a marker in the work folder: a job that was killed or
// cancelled and is run again with the same folder and settings reuses them (same runs, no training).
// Torch-free header.
#include <atomic>
#include <functional>
#include <string>

#include "train/pet/pet_request.h"
#include "train/pet/pet_result.h"
#include "train/train_callbacks.h"

namespace pwb::train::pet {

struct PetCallbacks {
  TrainCallbacks run;  // forwarded to every member's and the distillation's training (log, progress, eval)
  // A stage starts: "members" (generation g, member i of n), "distill" (i = n = 1), for progress displays.
  std::function<void(int64_t seed, const std::string& stage, int generation, int index, int total)> onStage;
  std::function<void(int64_t seed, const PetMember& member)> onMemberDone;
  std::function<void(const PetSeedResult& seed)> onSeedDone;
};

// Runs the whole job on the calling thread. Errors in the request or its files are thrown as pwb::Error
// (finished members stay in the work folder and the project); cancel (may be null) stops after the current
// training step, the job's result then has status Cancelled.
PetResult runPet(const PetRequest& request, const PetCallbacks& callbacks = {},
                 const std::atomic<bool>* cancel = nullptr);

}  // namespace pwb::train::pet
