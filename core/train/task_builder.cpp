#include "train/task_builder.h"

#include <algorithm>
#include <cstdio>

#include "common/error.h"
#include "data/dataset_import.h"

namespace pwb::train {
namespace {

// [CLS] a [SEP] (or the pair) cut to maxLength by dropping text tokens before the final separator.
EncodedInput plainInput(const tokenize::Tokenizer& tok, const data::Example& ex, int maxLength) {
  const auto enc =
      ex.fields.size() >= 2 ? tok.encodePair(ex.fields[0], ex.fields[1]) : tok.encode(ex.fields.at(0));
  EncodedInput in;
  in.ids = enc.ids;
  in.typeIds = enc.typeIds;
  if (static_cast<int>(in.ids.size()) > maxLength && maxLength >= 2) {
    const int64_t lastId = in.ids.back(), lastType = in.typeIds.back();
    in.ids.resize(static_cast<size_t>(maxLength - 1));
    in.typeIds.resize(static_cast<size_t>(maxLength - 1));
    in.ids.push_back(lastId);
    in.typeIds.push_back(lastType);
  }
  return in;
}

}  // namespace

bool methodUsesVerbalizer(const TrainRequest& request) {
  return request.method != "fine-tune" && !(request.method == "p-tuning-v2" && request.options.head == "cls");
}

TaskBuilder::TaskBuilder(const TrainRequest& request, const tokenize::Tokenizer& tokenizer,
                         const std::string& slotKind, int positionLimit)
    : request_(request), tok_(tokenizer), slotKind_(slotKind) {
  data::ImportOptions trainOptions;
  trainOptions.format = request.trainFormat;
  data::parseSampler(request.sampler);  // an unknown sampler name fails before any file is read
  const bool regression = request.task == "regression";
  if (regression) trainOptions.labelColumn = request.targetColumn;
  train_ = data::importDataset(request.trainPath, trainOptions);
  data::ImportOptions testOptions;
  testOptions.format = request.testFormat;
  if (regression) testOptions.labelColumn = request.targetColumn;
  test_ = data::importDataset(request.testPath, testOptions);
  if (regression) setUpRegression();
  init(positionLimit);
}

TaskBuilder::TaskBuilder(const TrainRequest& request, const tokenize::Tokenizer& tokenizer,
                         const std::string& slotKind, int positionLimit, data::Dataset train,
                         data::Dataset test)
    : request_(request),
      tok_(tokenizer),
      slotKind_(slotKind),
      train_(std::move(train)),
      test_(std::move(test)) {
  data::parseSampler(request.sampler);
  init(positionLimit);
}

void TaskBuilder::setUpRegression() {
  if (!methodUsesVerbalizer(request_))
    throw Error("regression scores two pole words at [MASK]: the '" + request_.method +
                "' method reads a classification head instead (use prompt-ft, prompt-tuning, p-tuning or "
                "p-tuning-v2 with the verbalizer head)");
  if (train_.unlabeled) throw fileError(request_.trainPath, "the training set has no targets");
  if (test_.unlabeled) throw fileError(request_.testPath, "the test set has no targets");
  const auto trainY = regress::parseTargets(train_);
  const auto testY = regress::parseTargets(test_);
  // Rows whose target is not a number are counted and named (the first), never dropped silently.
  for (const data::Dataset* ds : {&train_, &test_}) {
    size_t bad = 0;
    const data::Problem* first = nullptr;
    for (const auto& p : ds->problems)
      if (p.message.rfind("target '", 0) == 0) {
        ++bad;
        if (!first) first = &p;
      }
    if (bad > 0)
      notes_.push_back(std::to_string(bad) + " rows of " + ds->path +
                       " skipped: the target is not a finite number (first: " + first->text() + ")");
  }
  poles_ = regress::resolveRange(regress::parsePoles(request_.poles), trainY);
  const double threshold = regress::median(trainY);
  for (size_t i = 0; i < trainY.size(); ++i) trainTargets_[train_.examples[i].id] = trainY[i];
  for (size_t i = 0; i < testY.size(); ++i) testTargets_[test_.examples[i].id] = testY[i];
  train_ = regress::poleDataset(train_, trainY, threshold);
  test_ = regress::poleDataset(test_, testY, threshold);
  prompt::Verbalizer v;
  v.classes = {{regress::kLowerPole, {poles_.lowerWord}}, {regress::kUpperPole, {poles_.upperWord}}};
  request_.verbalizer = v.toString();
  regression_ = true;
  char buf[160];
  std::snprintf(buf, sizeof buf, "regression: poles %s = %g, %s = %g; K-shot classes split at the median %g",
                poles_.lowerWord.c_str(), poles_.lower, poles_.upperWord.c_str(), poles_.upper, threshold);
  notes_.push_back(buf);
}

void TaskBuilder::init(int positionLimit) {
  const TrainRequest& request = request_;
  if (train_.unlabeled) throw fileError(request.trainPath, "the training set has no labels");
  if (test_.unlabeled)
    throw fileError(request.testPath, "the test set has no labels to measure accuracy against");
  labels_ = train_.labels;
  if (labels_.size() < 2) throw fileError(request.trainPath, "the training set needs at least two labels");
  for (const auto& l : test_.labels) {
    if (std::find(labels_.begin(), labels_.end(), l) == labels_.end()) {
      throw fileError(request.testPath, "label '" + l + "' does not occur in the training set");
    }
  }

  auto tmpl = prompt::parseTemplate(request.templateText);
  tmpl.validate(train_.columns);
  const int soft = tmpl.softCount(), pseudo = tmpl.pseudoCount();
  if (slotKind_ != "soft" && soft > 0) {
    throw Error("the template has [SOFT] vectors, which only prompt-tuning trains (method is '" +
                request.method + "')");
  }
  if (slotKind_ != "pseudo" && pseudo > 0) {
    throw Error("the template has [P] pseudo tokens, which only p-tuning trains (method is '" +
                request.method + "')");
  }
  templateSlots_ = slotKind_ == "soft" ? soft : slotKind_ == "pseudo" ? pseudo : 0;
  // When the template has no slots the method inserts its vectors after [CLS]: leave room for them. P-tuning
  // v2's prefixes take position rows only (see the header).
  int inserted = 0;
  if (templateSlots_ == 0 && !slotKind_.empty()) inserted = request.options.numSoftTokens;
  const int prefix = request.method == "p-tuning-v2" ? request.options.prefixLength : 0;
  int limit = request.maxLength;
  std::string limitName = "max length " + std::to_string(request.maxLength);
  if (positionLimit > 0 && positionLimit - prefix < limit) {
    limit = positionLimit - prefix;
    limitName = "the model's " + std::to_string(positionLimit) + " positions" +
                (prefix > 0 ? " less the " + std::to_string(prefix) + " prefix positions" : std::string());
  }
  promptBudget_ = limit - inserted;
  plainBudget_ = positionLimit > 0 ? std::min(request.maxLength, positionLimit) : request.maxLength;
  if (promptBudget_ < 8) {
    throw Error(
        limitName + (inserted > 0 ? " less the " + std::to_string(inserted) + " inserted vectors" : "") +
        " leaves " + std::to_string(promptBudget_) + " tokens for the prompt: too short (at least 8)");
  }
  renderer_ = std::make_unique<prompt::PromptRenderer>(tmpl, train_.columns, tok_, promptBudget_);

  // Demonstrations: a template with a demonstration block needs a source of them, and demonstrations
  // need a block to go in.
  if (tmpl.hasDemonstrations() && !request.demos.enabled())
    throw Error("template \"" + request.templateText +
                "\" has demonstrations but no demonstration source: choose a demonstration sampling "
                "(random or similar)");
  if (request.demos.enabled() && !tmpl.hasDemonstrations())
    throw Error("demonstrations (" + std::string(data::demoSamplingName(request.demos.sampling)) +
                ") need a template with a demonstration block (core/prompt/TEMPLATES.md); \"" +
                request.templateText + "\" has none");
  if (request.demos.enabled()) {
    const std::string why = demonstrationsUnsupported(request);
    if (!why.empty()) throw Error(why);
  }
  demoLimits_.firstSentenceTokens = request.demos.firstSentenceTokens;
  demoLimits_.otherSentenceTokens = request.demos.otherSentenceTokens;

  usesVerbalizer_ = methodUsesVerbalizer(request);
  if (usesVerbalizer_) {
    tmpl.requireMask();
    if (tmpl.maskCount() != 1) throw Error("training needs exactly one [MASK] in the template");
    verbalizer_ = prompt::parseVerbalizer(request.verbalizer);
    const auto resolved =
        prompt::resolveVerbalizer(verbalizer_, labels_, tok_, renderer_->maskFollowsSpace(0));
    notes_.insert(notes_.end(), resolved.notes.begin(), resolved.notes.end());
    for (const auto& cls : resolved.classes) {
      std::vector<int64_t> ids;
      for (const auto& w : cls.words) {
        if (w.status == prompt::WordStatus::Unknown) {
          throw Error("label word '" + w.word + "' of label '" + cls.label +
                      "' is not in the model's vocabulary");
        }
        if (w.status == prompt::WordStatus::Multi) {
          notes_.push_back("label word '" + w.word +
                           "' is several tokens; training scores its first token '" + w.pieces.front() + "'");
        }
        ids.push_back(w.ids.front());
      }
      labelTokenIds_.push_back(ids);
      demoLabelWords_.push_back(cls.words.front().word);
    }
  }
  // Methods with a classification head take their classes from the data (labels_) and never read the
  // verbalizer: its words need not exist, fit the labels or parse.
  if (templateSlots_ > 0) {
    slotInitIds_.assign(static_cast<size_t>(templateSlots_), -1);
    const std::vector<std::string> x(train_.columns.size(), "x");
    std::vector<prompt::DemoInput> probeDemos;
    if (tmpl.hasDemonstrations()) probeDemos.push_back({"probe", x, demoLabelWords_.at(0)});
    const auto probe = renderer_->render(x, probeDemos, demoLimits_);
    for (const auto& s : probe.softSlots) {
      if (s.pseudo == (slotKind_ == "pseudo") && s.index < templateSlots_)
        slotInitIds_[static_cast<size_t>(s.index)] = s.initId;
    }
  }
}

EncodedInput TaskBuilder::encodePrompt(const data::Example& ex,
                                       const std::vector<prompt::DemoInput>& demos) const {
  const auto r =
      demos.empty() ? renderer_->render(ex.fields) : renderer_->render(ex.fields, demos, demoLimits_);
  EncodedInput in;
  in.ids = r.ids;
  in.typeIds = r.typeIds;
  in.maskPos = r.maskPositions.empty() ? -1 : r.maskPositions.front();
  if (templateSlots_ > 0) {
    in.slotIds.assign(r.ids.size(), -1);
    for (const auto& s : r.softSlots) {
      if (s.pseudo == (slotKind_ == "pseudo")) in.slotIds[static_cast<size_t>(s.position)] = s.index;
    }
  }
  return in;
}

TaskExample TaskBuilder::encode(const data::Example& ex, const std::vector<prompt::DemoInput>& demos) const {
  TaskExample out;
  const auto it = std::find(labels_.begin(), labels_.end(), ex.label);
  if (it == labels_.end())
    throw Error("example " + ex.id + " has label '" + ex.label + "' unknown to the training set");
  out.label = static_cast<int>(it - labels_.begin());
  out.prompt = encodePrompt(ex, demos);
  out.plain = plainInput(tok_, ex, plainBudget_);
  return out;
}

std::vector<TaskExample> TaskBuilder::encodeAll(const data::Dataset& dataset,
                                                const std::atomic<bool>* cancel) const {
  std::vector<TaskExample> out;
  out.reserve(dataset.examples.size());
  const auto& targets = &dataset == &test_ ? testTargets_ : trainTargets_;
  for (const auto& ex : dataset.examples) {
    if (cancel != nullptr && cancel->load()) break;
    out.push_back(encode(ex));
    if (regression_) {
      const auto it = targets.find(ex.id);
      if (it == targets.end()) throw Error("example " + ex.id + " has no regression target");
      const auto t = regress::poleTarget(it->second, poles_.lower, poles_.upper);
      out.back().target = {t[0], t[1]};
      out.back().value = it->second;
    }
  }
  return out;
}

data::KShotSplit TaskBuilder::sample(int64_t seed) const {
  return data::sampleKShot(train_, request_.k, static_cast<uint64_t>(seed),
                           data::parseSampler(request_.sampler));
}

}  // namespace pwb::train
