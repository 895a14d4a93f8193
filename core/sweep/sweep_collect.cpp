#include "sweep/sweep_collect.h"

#include <map>

#include "common/error.h"
#include "common/text_file.h"
#include "store/run_store.h"
#include "store/transaction.h"
#include "sweep/sweep_status.h"

namespace pwb::sweep {
namespace {

using store::RunStore;

// Row ids of the task file -> row ids of the project, found by content (save* return an equal row).
struct IdMaps {
  std::map<int64_t, int64_t> datasets, models, templates, verbalizers;
};

std::optional<int64_t> mapDataset(RunStore& src, RunStore& dst, IdMaps& m, std::optional<int64_t> id) {
  if (!id) return std::nullopt;
  auto it = m.datasets.find(*id);
  if (it == m.datasets.end()) it = m.datasets.emplace(*id, dst.saveDataset(src.getDataset(*id))).first;
  return it->second;
}

std::optional<int64_t> mapModel(RunStore& src, RunStore& dst, IdMaps& m, std::optional<int64_t> id) {
  if (!id) return std::nullopt;
  auto it = m.models.find(*id);
  if (it == m.models.end()) it = m.models.emplace(*id, dst.saveModel(src.getModel(*id))).first;
  return it->second;
}

std::optional<int64_t> mapTemplate(RunStore& src, RunStore& dst, IdMaps& m, std::optional<int64_t> id) {
  if (!id) return std::nullopt;
  auto it = m.templates.find(*id);
  if (it == m.templates.end()) it = m.templates.emplace(*id, dst.saveTemplate(src.getTemplate(*id))).first;
  return it->second;
}

std::optional<int64_t> mapVerbalizer(RunStore& src, RunStore& dst, IdMaps& m, std::optional<int64_t> id) {
  if (!id) return std::nullopt;
  auto it = m.verbalizers.find(*id);
  if (it == m.verbalizers.end())
    it = m.verbalizers.emplace(*id, dst.saveVerbalizer(src.getVerbalizer(*id))).first;
  return it->second;
}

}  // namespace

void collectRunFile(const std::string& runFile, RunStore& project, CollectSummary& summary,
                    const std::string& job, const CollectOptions& options) {
  if (!fileExists(runFile)) throw fileError(runFile, "the task's run file is missing");
  store::StoreOptions so;
  so.recoverInterrupted = false;  // a task file is read as written; nothing of it is "ours" to recover
  RunStore src(runFile, so);      // a newer schema is refused here, naming the file
  IdMaps ids;
  for (store::RunRecord run : src.listRuns()) {
    if (run.uid.empty()) throw fileError(runFile, "run " + std::to_string(run.id) + " has no uid");
    if (project.findRunByUid(run.uid)) {
      ++summary.runsPresent;
      continue;
    }
    if (options.failAfterRuns >= 0 && summary.runsAdded >= options.failAfterRuns)
      throw fileError(
          runFile, "collect stopped by the test hook after " + std::to_string(summary.runsAdded) + " runs");
    const int64_t srcId = run.id;
    run.datasetId = mapDataset(src, project, ids, run.datasetId);
    run.modelId = mapModel(src, project, ids, run.modelId);
    run.templateId = mapTemplate(src, project, ids, run.templateId);
    run.verbalizerId = mapVerbalizer(src, project, ids, run.verbalizerId);
    if (run.job.empty()) run.job = job;
    const int64_t id = project.importRun(run);
    for (const auto& key : src.metricKeys(srcId)) project.importMetrics(id, key, src.runMetrics(srcId, key));
    for (const auto& listed : src.listEvaluations(srcId)) {
      store::EvaluationRecord e = src.getEvaluation(listed.id, true);
      e.id = 0;
      e.runId = id;
      e.templateId = mapTemplate(src, project, ids, e.templateId);
      e.verbalizerId = mapVerbalizer(src, project, ids, e.verbalizerId);
      e.datasetId = mapDataset(src, project, ids, e.datasetId);
      project.saveEvaluation(e);
    }
    for (const auto& listed : src.listArtifacts(srcId)) {
      store::ArtifactRecord a = src.getArtifact(listed.id);
      a.id = 0;
      a.runId = id;
      project.saveArtifact(a);
    }
    ++summary.runsAdded;
    if (options.afterRun) options.afterRun(summary.runsAdded);
  }
}

CollectSummary collectSweep(const SweepDir& dir, RunStore& project, const CollectOptions& options) {
  project.database().requireWritable("collect the sweep in " + dir.dir());
  CollectSummary summary;
  const auto statuses = sweepStatus(dir);
  // One transaction over every task: the save* calls inside nest as savepoints (store/transaction.h).
  store::Transaction tx(project.database());
  for (const auto& s : statuses) {
    if (s.state != TaskState::Done) {
      ++summary.tasksNotDone;
      continue;
    }
    ++summary.tasksDone;
    collectRunFile(dir.runFile(s.index), project, summary, s.job, options);
  }
  tx.commit();
  return summary;
}

}  // namespace pwb::sweep
