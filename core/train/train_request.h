#pragma once
// What a training run is asked to do. Torch-free: the GUI fills it in and hands it to startTraining().
// Defaults are the demo protocol (demo-bert-mini README): K=16, 5 seeds, 250 steps, batch 8, eval every 50.
#include <cstdint>
#include <string>
#include <vector>

#include "data/demo_options.h"

namespace pwb::train {

// Options that only some methods read; the others ignore them.
struct MethodOptions {
  // Prompt Tuning: trainable vectors, placed where the template has [SOFT*N] or, when it has none,
  // right after [CLS]. P-tuning v1: pseudo tokens where the template has [P*N], else after [CLS].
  int numSoftTokens = 8;
  // Where those vectors go: "template" (as above) or "peft" (before [CLS], as Hugging Face PEFT prepends
  // them; an exported PEFT adapter then gives the run's logits). See train/slot_placement.h.
  std::string placement = "template";
  // Prompt Tuning initialisation: "random-uniform" (U(-0.5, 0.5), Lester et al.), "vocab-sample" (rows of
  // the word embeddings drawn from the most frequent tokens, see vocabSampleSize), "label-words" (the
  // verbalizer's label-word embeddings, cycled), "text" (the embeddings of initText's tokens, cycled).
  std::string init = "vocab-sample";
  std::string initText;
  int vocabSampleSize = 5000;
  // P-tuning v1 prompt encoder: "lstm" (2-layer BiLSTM + 2-layer MLP) or "mlp" (3-layer MLP, as PEFT).
  std::string encoder = "lstm";
  int encoderHiddenSize = 0;  // 0 = the model's hidden size (PEFT's default)
  bool jointTuning = false;   // P-tuning v1: train the model's weights too
  // P-tuning v2: prefix length per layer and the optional reparameterisation MLP (prefix_projection).
  int prefixLength = 16;
  bool reparameterize = false;
  int prefixHiddenSize = 0;         // 0 = the model's hidden size
  std::string head = "verbalizer";  // P-tuning v2 scoring: "verbalizer" ([MASK] label words) | "cls"
  // Fine-tuning's head and P-tuning v2's "cls" head (train/cls_head.h): "hf" = the reference code's head
  // (fine-tuning: Hugging Face's sequence-classification head, as LM-BFF; P-tuning v2: the frozen pooler,
  // dropout, linear); "linear" = dropout and one linear layer on the raw [CLS] state.
  std::string clsHead = "hf";
  // Prompt-based fine-tuning: PET's auxiliary MLM loss on the training sentences, weight alpha
  // (loss = (1 - alpha) * CE + alpha * MLM). 0 = off.
  double petMlmAlpha = 0.0;
};

// A training example given with the request instead of sampled from the training file (PET/iPET,
// core/train/pet): iPET's generation sets (a hard label) and PET's distillation set (a class distribution).
struct AddedExample {
  std::string id;                   // for messages, e.g. "pool:L120"
  std::vector<std::string> fields;  // text fields in the training file's column order
  std::string label;                // a label of the training file (for a soft example: its argmax class)
  std::vector<float> target;        // class distribution in label order; empty = hard label
};

// Multi-label training (TrainRequest::task "multilabel", train/multilabel_task.h).
struct MultiLabelTrainOptions {
  std::string labels;  // the declared label set joined by `separator`, in this order; "" = every label seen
  std::string separator = ",";               // TSV/CSV: what joins a row's labels in its column
  std::string scheme = "label-words";        // "label-words" | "yes-no" (multilabel/multilabel_types.h)
  std::string yesNoWords = "yes=yes;no=no";  // yes-no: the words of the classes yes and no
  double threshold = 0.0;                    // 0 = chosen on dev per seed; else fixed, in (0, 1)
};

struct TrainRequest {
  std::string modelDir;
  std::string method = "prompt-ft";  // prompt-ft | prompt-tuning | p-tuning | p-tuning-v2 | fine-tune
  std::string templateText = "{s} it was [MASK] .";
  std::string verbalizer = "great/terrible";  // label words, in the syntax of core/prompt
  std::string trainPath;
  std::string trainFormat = "auto";  // a format name of core/data, or "auto"
  std::string testPath;
  std::string testFormat = "auto";
  // Knowledge probing (task "probe", train/probe_task.h): the dev file whose P@1 picks the checkpoint, and
  // how answers of several word pieces are treated: "skip" (LAMA) | "first-piece".
  std::string devPath;
  std::string devFormat = "auto";
  std::string multiPieceAnswers = "skip";
  int k = 16;  // examples per class for train and for dev
  std::vector<int64_t> seeds = {13, 21, 42, 87, 100};
  // K-shot sampler (data/kshot_sampler.h): "splitmix64" (ours) or "lmbff" (NumPy's legacy MT19937 shuffle as
  // LM-BFF's generate_k_shot_data.py). Recorded in each run's config.
  std::string sampler = "splitmix64";
  int steps = 250;    // optimizer steps
  int batchSize = 8;  // examples per micro-batch; one step sees batchSize * gradAccum examples
  double lr = 1e-4;
  int evalEvery = 50;  // dev evaluation period in steps (and always at the last step); 0 = only at the end
  double warmupRatio = 0.0;
  double weightDecay = 0.0;  // AdamW decoupled decay, not applied to biases and LayerNorm weights
  double maxGradNorm = 1.0;  // 0 = no clipping
  int gradAccum = 1;
  int earlyStopPatience = 0;  // stop after this many dev evaluations without improvement; 0 = never
  int maxLength = 128;        // tokens per rendered example (the sentence is truncated, not the template)
  int evalBatchSize = 64;
  MethodOptions options;
  // Learning-rate x batch-size grid (LM-BFF): when both are non-empty, every pair is trained per seed and
  // the one with the best dev accuracy gives that seed's test accuracy.
  std::vector<double> lrGrid;
  std::vector<int> batchGrid;
  std::string device = "auto";  // auto | cpu | cuda | cuda:N
  int threads = 0;              // CPU intra-op threads for the worker; 0 = all cores
  bool bf16 = false;            // bf16: CUDA autocast; CPU bf16 matmuls (train/trainer.h applyBf16Request)
  std::string dbPath;           // record runs in this SQLite run store; "" = don't
  std::string outputDir;  // save each seed's trained state under outputDir/<method>-seed<S>/; "" = don't
  // Start from a saved state folder (written by a previous run) or bundle instead of fresh. A folder that a
  // stopped run wrote (stopAfterStep) continues that run exactly (same seed and settings required).
  std::string resumeFrom;
  // Stop after this many steps and save a resumable state (weights, AdamW moments, schedule position,
  // batch order and random generators) in outputDir/<method>-seed<S>/; 0 = train to the end. Needs one
  // seed, one grid point and an output folder.
  int stopAfterStep = 0;
  // Examples added to every seed's K-shot training split (iPET), or, with addedOnly, the whole training
  // set (PET's distillation on the scored pool); the K-shot dev split still picks the checkpoint. Examples
  // with a target distribution are trained with PET's distillation loss at softTargetTemperature
  // (train/distillation_loss.h); only the fine-tune method takes them.
  std::vector<AddedExample> addedTrain;
  bool addedOnly = false;
  double softTargetTemperature = 1.0;
  // Demonstrations (LM-BFF prompt-based fine-tuning with demonstrations): drawn from each seed's K-shot
  // training split, resampled at every training step (never the example itself) and averaged over
  // demos.sets sets at evaluation. Needs a template with a demonstration block and a method that reads
  // the template with a verbalizer (demonstrationsSupported).
  data::DemoOptions demos;
  // Regression (LM-BFF's STS-B form, core/regress): "classification" (default) or "regression". A
  // regression run reads a numeric target per row (targetColumn; "" = the "label" column or the last one),
  // scores two pole words at [MASK] (poles: "VL=LOWER;VU=UPPER", or "LOWER;UPPER" for the training targets'
  // min and max) and trains with LM-BFF's KL loss towards [(vu - y) / (vu - vl), (y - vl) / (vu - vl)]; the
  // K-shot sampler draws K rows above and K at or below the training targets' median (LM-BFF's few-shot
  // STS-B), the best checkpoint is the one with the best dev Pearson, and the test metrics are Pearson,
  // Spearman and MSE. Methods that score label words at [MASK] only (not fine-tune or the "cls" head).
  //
  // "multilabel" (train/multilabel_task.h): rows carry several labels of a declared set (targetColumn names
  // the labels column, "" = "labels"); the options are in `multilabel`.
  //
  // "probe": knowledge probing with the whole vocabulary as target (train/probe_task.h); targetColumn
  // then names the answer column ("" = "answer", else "obj_label").
  std::string task = "classification";
  std::string poles;
  std::string targetColumn;
  MultiLabelTrainOptions multilabel;
};

// Whether `method` (with its options) can take demonstrations, and why not ("" when it can): they are
// text in the rendered template with their label words, so every method that reads the template and
// scores label words at [MASK] takes them (prompt-ft, prompt-tuning, p-tuning, p-tuning-v2 with the
// verbalizer head); fine-tune and the p-tuning-v2 "cls" head read the plain sentence.
std::string demonstrationsUnsupported(const TrainRequest& request);

// Reads a preset name and overwrites the protocol fields it defines (steps, evalEvery, batchSize, lr, grids,
// method-specific defaults) for request.method. Names: demo, lmbff, lester, ptv2. Throws pwb::Error for
// an unknown name.
void applyPreset(const std::string& preset, TrainRequest& request);
std::vector<std::string> presetNames();

// Checks the fields that do not need any file (ranges, names); throws pwb::Error naming the field.
void validateRequest(const TrainRequest& request);

}  // namespace pwb::train
