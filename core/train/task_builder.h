#pragma once
// Turns a request's files into encoded examples: imports the train/test sets, parses the template and
// verbalizer, resolves label words for the tokenizer, renders every example (the template and the plain
// sentence), and draws the K-shot train/dev split per seed. Torch-free.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "data/dataset.h"
#include "data/kshot_sampler.h"
#include "prompt/prompt_renderer.h"
#include "prompt/verbalizer.h"
#include "tokenize/tokenizer.h"
#include "train/encoded_example.h"
#include "train/train_request.h"

namespace pwb::train {

class TaskBuilder {
 public:
  // slotKind: "soft", "pseudo" or "" (see MethodDescription). Throws pwb::Error naming the file/field.
  TaskBuilder(const TrainRequest& request, const tokenize::Tokenizer& tokenizer, const std::string& slotKind);

  const std::vector<std::string>& labels() const { return labels_; }  // class order (train set labels)
  const std::vector<std::vector<int64_t>>& labelTokenIds() const { return labelTokenIds_; }
  const std::vector<std::string>& notes() const { return notes_; }  // for the log (multi-token words ...)
  const data::Dataset& trainSource() const { return train_; }
  const data::Dataset& testSet() const { return test_; }
  // Number of trainable-vector slots the template itself has (0 when none) and their [SOFT:text] inits.
  int templateSlots() const { return templateSlots_; }
  const std::vector<int64_t>& slotInitIds() const { return slotInitIds_; }
  const prompt::Template& tmpl() const { return renderer_->tmpl(); }
  std::string verbalizerSpec() const { return verbalizer_.toString(); }

  TaskExample encode(const data::Example& example) const;
  std::vector<TaskExample> encodeAll(const data::Dataset& dataset) const;

  data::KShotSplit sample(int64_t seed) const;

 private:
  TrainRequest request_;
  const tokenize::Tokenizer& tok_;
  std::string slotKind_;
  data::Dataset train_, test_;
  prompt::Verbalizer verbalizer_;
  std::unique_ptr<prompt::PromptRenderer> renderer_;
  std::vector<std::string> labels_;
  std::vector<std::vector<int64_t>> labelTokenIds_;
  std::vector<std::string> notes_;
  int templateSlots_ = 0;
  std::vector<int64_t> slotInitIds_;
};

}  // namespace pwb::train
