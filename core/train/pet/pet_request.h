#pragma once
// What a PET / iPET job is asked to do (Schick & Schütze 2021). Torch-free: the CLI and the GUI fill it in.
//
// `base` is an ordinary training request: model, train/test files, K, seeds, the training protocol (steps,
// batch, lr, ... e.g. from a preset), device, threads, project file. Its method, template and verbalizer are
// ignored: every pattern-verbalizer pair (templates x verbalizers) is trained with prompt-based fine-tuning
// ("prompt-ft") and the final classifier with fine-tuning ("fine-tune", the [CLS] head) on the soft labels.
// PET's auxiliary MLM loss (its alpha) is not used here: base.options.petMlmAlpha is forced to 0 for the
// members (the demo protocol trains without it; the option stays available in `pwb train`).
#include <cstdint>
#include <string>
#include <vector>

#include "train/train_request.h"

namespace pwb::train::pet {

struct PetRequest {
  TrainRequest base;
  std::vector<std::string> templates;    // at least one; every template is paired with every verbalizer
  std::vector<std::string> verbalizers;  // at least one; all must name the same label set
  // The unlabeled pool: a file (labels in it are ignored, the text is used) or, when empty, the training
  // file minus the seed's K-shot train and dev examples. Shuffled with the seed and cut to poolSize rows
  // (0 = all).
  std::string poolPath;
  std::string poolFormat = "auto";
  int poolSize = 10000;
  double temperature = 2.0;       // soft labels: softmax(ensemble logits / T), and the distillation loss's T
  std::string weighting = "pet";  // "uniform" | "pet" (each member's accuracy on the training set before
                                  // training; the run's results key "train_accuracy_before")
  // iPET: generations of members, generation 0 being PET's members; 1 = plain PET. Generation j >= 1
  // trains on the K-shot set plus |T| * growth^j - |T| examples labelled by round(lambda * (n-1)) other
  // members of generation j-1 (train/pet/ipet_sets.h).
  int generations = 1;
  double growth = 5.0;
  double lambda = 0.25;
  // The final distillation's protocol: steps / lr / batch; 0 = the base request's.
  int distillSteps = 0;
  double distillLr = 0.0;
  int distillBatch = 0;
  bool distill = true;            // false: stop after the (last generation's) ensemble
  bool keepMemberStates = false;  // save every member's trained weights in its work folder
  // Work folder (required): per seed and generation the members' pool/test logits and a marker, the iPET
  // sets, the soft labels, the distilled classifier's state. A job run again with the same folder and
  // settings continues from the finished members instead of training them again.
  std::string workDir;
};

// Checks what needs no file: names, ranges, at least one template/verbalizer, a work folder, a project
// file. Throws pwb::Error naming the field.
void validatePetRequest(const PetRequest& request);

}  // namespace pwb::train::pet
