#include "train/probe_task.h"

#include <algorithm>

#include "common/error.h"
#include "probe/probe_answers.h"
#include "probe/probe_format.h"
#include "probe/probe_import.h"
#include "prompt/template.h"

namespace pwb::train {
namespace {

std::string issueList(const std::vector<probe::AnswerIssue>& issues, size_t shown) {
  std::string s;
  for (size_t i = 0; i < issues.size() && i < shown; ++i) {
    std::string pieces;
    for (const auto& p : issues[i].pieces) pieces += (pieces.empty() ? "" : " ") + p;
    s += (i ? ", " : "") + std::string("line ") + std::to_string(issues[i].line) + " '" + issues[i].answer +
         "'" + (pieces.empty() ? "" : " [" + pieces + "]");
  }
  if (issues.size() > shown) s += ", ...";
  return s;
}

}  // namespace

void validateProbeRequest(const TrainRequest& r) {
  auto need = [](bool ok, const std::string& what) {
    if (!ok) throw Error(what);
  };
  need(r.method == "prompt-ft" || r.method == "prompt-tuning" || r.method == "p-tuning",
       "knowledge probing trains with the whole vocabulary at [MASK]: use prompt-ft, prompt-tuning or "
       "p-tuning (not '" +
           r.method + "')");
  need(!r.devPath.empty(), "knowledge probing needs a dev file (--dev): its P@1 picks the checkpoint");
  probe::parseMultiPieceAnswers(r.multiPieceAnswers);
  need(r.lrGrid.size() <= 1 && r.batchGrid.size() <= 1,
       "knowledge probing trains one configuration per seed: no learning-rate/batch grid");
  need(!r.demos.enabled(), "demonstrations are not available for knowledge probing");
  need(r.addedTrain.empty(), "PET/iPET's added examples are not available for knowledge probing");
  need(r.resumeFrom.empty() && r.stopAfterStep == 0,
       "knowledge probing runs cannot be stopped and resumed (--resume, --stop-after)");
  need(r.options.init != "label-words",
       "prompt tuning's label-words initialisation needs label words: knowledge probing has none (use "
       "vocab-sample, random-uniform or text)");
  need(r.options.petMlmAlpha == 0.0, "PET's auxiliary MLM loss is not available for knowledge probing");
}

ProbeTask::ProbeTask(const TrainRequest& request, const tokenize::Tokenizer& tokenizer,
                     const std::string& slotKind, int positionLimit)
    : request_(request), tok_(tokenizer), slotKind_(slotKind) {
  validateProbeRequest(request);
  const auto mode = probe::parseMultiPieceAnswers(request.multiPieceAnswers);
  probe::ProbeImportOptions io;
  io.format = request.trainFormat;
  io.answerColumn = request.targetColumn;
  auto trainSet = probe::importProbeSet(request.trainPath, io);
  columns_ = trainSet.data.columns;

  auto tmpl = prompt::parseTemplate(request.templateText);
  tmpl.requireMask();
  if (tmpl.maskCount() != 1)
    throw Error("a probing template needs exactly one [MASK] (this one has " +
                std::to_string(tmpl.maskCount()) + "): the answer is one token of the vocabulary");
  if (tmpl.hasDemonstrations()) throw Error("demonstrations are not available for knowledge probing");
  tmpl.validate(columns_);
  const int soft = tmpl.softCount(), pseudo = tmpl.pseudoCount();
  if (slotKind_ != "soft" && soft > 0)
    throw Error("the template has [SOFT] vectors, which only prompt-tuning trains (method is '" +
                request.method + "')");
  if (slotKind_ != "pseudo" && pseudo > 0)
    throw Error("the template has [P] pseudo tokens, which only p-tuning trains (method is '" +
                request.method + "')");
  templateSlots_ = slotKind_ == "soft" ? soft : slotKind_ == "pseudo" ? pseudo : 0;
  // The same length budget as TaskBuilder: vectors inserted after [CLS] take input positions.
  const int inserted = templateSlots_ == 0 && !slotKind_.empty() ? request.options.numSoftTokens : 0;
  int limit = request.maxLength;
  if (positionLimit > 0 && positionLimit < limit) limit = positionLimit;
  const int budget = limit - inserted;
  if (budget < 8)
    throw Error("the length limit " + std::to_string(limit) + " leaves " + std::to_string(budget) +
                " tokens for the prompt: too short (at least 8)");
  renderer_ = std::make_unique<prompt::PromptRenderer>(tmpl, columns_, tok_, budget);
  if (templateSlots_ > 0) {
    slotInitIds_.assign(static_cast<size_t>(templateSlots_), -1);
    const auto probeRender = renderer_->render(std::vector<std::string>(columns_.size(), "x"));
    for (const auto& s : probeRender.softSlots)
      if (s.pseudo == (slotKind_ == "pseudo") && s.index < templateSlots_)
        slotInitIds_[static_cast<size_t>(s.index)] = s.initId;
  }
  notes_.push_back(std::string("knowledge probing: cross-entropy over the whole vocabulary (") +
                   "answers of several word pieces: " + probe::multiPieceAnswersName(mode) +
                   "); the whole training file is trained on, dev P@1 picks the checkpoint");
  train_ = load(request.trainPath, request.trainFormat, "training");
  dev_ = load(request.devPath, request.devFormat, "dev");
  test_ = load(request.testPath, request.testFormat, "test");
}

ProbeSplit ProbeTask::load(const std::string& path, const std::string& format, const std::string& what) {
  probe::ProbeImportOptions io;
  io.format = format;
  io.answerColumn = request_.targetColumn;
  const auto set = probe::importProbeSet(path, io);
  ProbeSplit out;
  out.path = path;
  out.rows = set.data.examples.size();
  // Every split renders the training file's fields, found by name.
  std::vector<int> fieldOf;
  for (const auto& c : columns_) {
    const auto it = std::find(set.data.columns.begin(), set.data.columns.end(), c);
    if (it == set.data.columns.end())
      throw fileError(path, "the " + what + " file has no field '" + c + "' (the training file's fields)");
    fieldOf.push_back(static_cast<int>(it - set.data.columns.begin()));
  }
  if (!set.data.problems.empty())
    notes_.push_back(std::to_string(set.data.problems.size()) + " rows of the " + what +
                     " file skipped: " + probe::problemsReport(set.data, 3));
  const auto mode = probe::parseMultiPieceAnswers(request_.multiPieceAnswers);
  const auto plan = probe::planAnswers(set.data.examples, set.data.examples.size(), tok_,
                                       renderer_->maskFollowsSpace(0), mode);
  if (!plan.multiPiece.empty())
    notes_.push_back(path + ": " + std::to_string(plan.multiPiece.size()) +
                     (mode == probe::MultiPieceAnswers::Skip
                          ? " answers are not one token of the vocabulary: skipped (LAMA's convention): "
                          : " answers are several word pieces: trained and scored by their first piece: ") +
                     issueList(plan.multiPiece, 5));
  if (!plan.unknown.empty())
    notes_.push_back(
        path + ": " + std::to_string(plan.unknown.size()) +
        " answers are out of the vocabulary (the unknown token): skipped: " + issueList(plan.unknown, 5));
  if (plan.scored.empty())
    throw fileError(path,
                    "no row of the " + what + " file has an answer that is one token of the vocabulary");
  for (size_t j = 0; j < plan.scored.size(); ++j) {
    const data::Example& ex = set.data.examples[plan.scored[j]];
    std::vector<std::string> fields;
    for (int f : fieldOf) fields.push_back(ex.fields.at(static_cast<size_t>(f)));
    const auto r = renderer_->render(fields);
    TaskExample te;
    te.prompt.ids = r.ids;
    te.prompt.typeIds = r.typeIds;
    te.prompt.maskPos = r.maskPositions.empty() ? -1 : r.maskPositions.front();
    if (templateSlots_ > 0) {
      te.prompt.slotIds.assign(r.ids.size(), -1);
      for (const auto& s : r.softSlots)
        if (s.pseudo == (slotKind_ == "pseudo")) te.prompt.slotIds[static_cast<size_t>(s.position)] = s.index;
    }
    te.label = static_cast<int>(plan.tokenIds[j]);
    out.examples.push_back(std::move(te));
    out.ids.push_back(ex.id);
    out.answers.push_back(ex.label);
    out.firstPiece.push_back(plan.firstPiece[j]);
  }
  out.source = set.data;
  return out;
}

}  // namespace pwb::train
