#pragma once
// Turns a request's files into encoded examples: imports the train/test sets, parses the template and
// verbalizer, resolves label words for the tokenizer, renders every example (the template and the plain
// sentence), and draws the K-shot train/dev split per seed. Torch-free.
#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "data/dataset.h"
#include "data/kshot_sampler.h"
#include "prompt/demonstration.h"
#include "prompt/prompt_renderer.h"
#include "prompt/verbalizer.h"
#include "regress/regression_targets.h"
#include "tokenize/tokenizer.h"
#include "train/encoded_example.h"
#include "train/train_request.h"

namespace pwb::train {

// False for the methods that score through a classification head (fine-tune, p-tuning-v2 with head
// "cls"): they take their classes from the data and ignore the verbalizer.
bool methodUsesVerbalizer(const TrainRequest& request);

class TaskBuilder {
 public:
  // slotKind: "soft", "pseudo" or "" (see MethodDescription). positionLimit: how many input positions the
  // model has (max_position_embeddings minus its first position id, ModelConfig::positionOffset()); 0 = no
  // limit beyond request.maxLength. Throws pwb::Error naming the file/field.
  //
  // Length budget of a rendered example: min(maxLength, positionLimit - prefix) - inserted, where
  //   inserted = the vectors prompt-tuning / p-tuning insert after [CLS] when the template has no
  //              [SOFT]/[P] slots (they are input tokens and take positions; slots written in the template
  //              are counted by the renderer itself), and
  //   prefix   = P-tuning v2's prefix length: its prefixes are keys/values only, not input tokens, so they
  //              do not count against maxLength; but the encoder numbers the text's positions after them
  //              (as Hugging Face BERT/RoBERTa with past_key_values, which P-tuning v2 and PEFT use), so
  //              they do take position-embedding rows.
  // Only shortenable fields are cut (the renderer's rule); the plain sentence is cut to
  // min(maxLength, positionLimit).
  TaskBuilder(const TrainRequest& request, const tokenize::Tokenizer& tokenizer, const std::string& slotKind,
              int positionLimit = 0);
  // The same from data sets already in memory instead of request.trainPath / testPath: `train` gives the
  // classes (its labels) and the text columns, `test` may be empty (predictions on unlabeled text rebuild
  // a saved method's rendering this way, export/predict_stream.h).
  TaskBuilder(const TrainRequest& request, const tokenize::Tokenizer& tokenizer, const std::string& slotKind,
              int positionLimit, data::Dataset train, data::Dataset test);

  const std::vector<std::string>& labels() const { return labels_; }  // class order (train set labels)
  // Per class its label-word ids; empty when the method does not use a verbalizer.
  const std::vector<std::vector<int64_t>>& labelTokenIds() const { return labelTokenIds_; }
  const std::vector<std::string>& notes() const { return notes_; }  // for the log (multi-token words ...)
  const data::Dataset& trainSource() const { return train_; }
  const data::Dataset& testSet() const { return test_; }
  // Number of trainable-vector slots the template itself has (0 when none) and their [SOFT:text] inits.
  int templateSlots() const { return templateSlots_; }
  const std::vector<int64_t>& slotInitIds() const { return slotInitIds_; }
  const prompt::Template& tmpl() const { return renderer_->tmpl(); }
  // The verbalizer as parsed; "" for a method that does not use one (usesVerbalizer()).
  std::string verbalizerSpec() const { return usesVerbalizer_ ? verbalizer_.toString() : std::string(); }
  bool usesVerbalizer() const { return usesVerbalizer_; }
  // A regression task (TrainRequest::task): the classes are the two poles ("lower", "upper": the rows at or
  // below / above the training targets' median, which the K-shot sampler draws K of each), the verbalizer
  // is built from request.poles, and every encoded example carries its target y and pole distribution.
  bool regression() const { return regression_; }
  const regress::Poles& poles() const { return poles_; }  // with the range used (regression only)

  // `demos`: the demonstrations placed in this rendering (required when the template has a demonstration
  // block, train/demo_inputs.h draws them); empty for a template without one.
  TaskExample encode(const data::Example& example, const std::vector<prompt::DemoInput>& demos = {}) const;
  // Only the template rendering (TaskExample::prompt) of an example with these demonstrations.
  EncodedInput encodePrompt(const data::Example& example, const std::vector<prompt::DemoInput>& demos) const;
  // Demonstrations: whether the template places them, each class's word in a demonstration (the
  // verbalizer's first word, labels() order) and LM-BFF's sentence limits from the request.
  bool usesDemonstrations() const { return renderer_->tmpl().hasDemonstrations(); }
  const std::vector<std::string>& demoLabelWords() const { return demoLabelWords_; }
  const TrainRequest& request() const { return request_; }
  // Stops early and returns what it has when *cancel turns true (the caller checks the flag). A regression
  // task gives each example its target y and pole distribution here (not in encode()): the targets of
  // testSet() for that set, of the training file for any other (its K-shot splits).
  std::vector<TaskExample> encodeAll(const data::Dataset& dataset,
                                     const std::atomic<bool>* cancel = nullptr) const;
  // Tokens a rendered template may take (slots written in the template included) and the plain sentence.
  int promptBudget() const { return promptBudget_; }
  int plainBudget() const { return plainBudget_; }

  data::KShotSplit sample(int64_t seed) const;

 private:
  void init(int positionLimit);  // everything after the data sets are read
  void setUpRegression();        // targets read, poles resolved, the two-pole view of both sets
  TrainRequest request_;
  const tokenize::Tokenizer& tok_;
  std::string slotKind_;
  data::Dataset train_, test_;
  bool usesVerbalizer_ = true;
  prompt::Verbalizer verbalizer_;
  std::unique_ptr<prompt::PromptRenderer> renderer_;
  std::vector<std::string> labels_;
  std::vector<std::vector<int64_t>> labelTokenIds_;
  std::vector<std::string> notes_;
  int templateSlots_ = 0;
  int promptBudget_ = 0;
  int plainBudget_ = 0;
  std::vector<int64_t> slotInitIds_;
  std::vector<std::string> demoLabelWords_;
  prompt::DemoLimits demoLimits_;
  bool regression_ = false;
  regress::Poles poles_;
  // Regression targets by example id ("L<line>", unique in a file), of the training and of the test file.
  std::map<std::string, double> trainTargets_, testTargets_;
};

}  // namespace pwb::train
