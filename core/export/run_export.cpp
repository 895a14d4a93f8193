#include "export/run_export.h"

#include <unistd.h>

#include <chrono>
#include <filesystem>

#include "common/error.h"
#include "common/text_file.h"
#include "export/bundle.h"
#include "store/run_store.h"
#include "store/state_artifact.h"

namespace pwb::exporting {
namespace {

namespace fs = std::filesystem;

store::RunStore openReadOnly(const std::string& dbPath) {
  store::StoreOptions so;
  so.mode = store::OpenMode::ReadOnly;
  so.recoverInterrupted = false;
  return store::RunStore(dbPath, so);
}

}  // namespace

RunStateFolder::RunStateFolder(RunStateFolder&& o) noexcept
    : dir_(std::move(o.dir_)), temporary_(std::exchange(o.temporary_, false)) {}

RunStateFolder& RunStateFolder::operator=(RunStateFolder&& o) noexcept {
  if (this != &o) {
    removeTemporary();
    dir_ = std::move(o.dir_);
    temporary_ = std::exchange(o.temporary_, false);
  }
  return *this;
}

RunStateFolder::~RunStateFolder() {
  removeTemporary();
}

void RunStateFolder::removeTemporary() {
  if (!temporary_ || dir_.empty()) return;
  std::error_code ec;
  fs::remove_all(dir_, ec);
  temporary_ = false;
}

RunStateFolder openRunState(const std::string& dbPath, int64_t runId) {
  auto st = openReadOnly(dbPath);
  const auto run = st.getRun(runId);
  const store::ArtifactRecord* found = nullptr;
  const auto artifacts = st.listArtifacts(runId);
  for (const auto& a : artifacts) {
    if (a.kind == store::kTrainStateKind) found = &a;
  }
  const std::string where = dbPath + " run " + std::to_string(runId);
  if (!found) {
    throw fileError(dbPath, "run " + std::to_string(runId) + " (" + run.name +
                                ") has no saved training state: prompt tuning, P-tuning and P-tuning v2 keep "
                                "theirs in the project file, but a method that trains the model's weights "
                                "(and a run recorded by an older version) only in an output folder: train "
                                "with --output DIR");
  }
  if (store::isInlineState(*found)) {
    const auto stamp = std::chrono::steady_clock::now().time_since_epoch().count();
    const fs::path tmp = fs::temp_directory_path() / ("pwb-run-state-" + std::to_string(::getpid()) + "-" +
                                                      std::to_string(runId) + "-" + std::to_string(stamp));
    RunStateFolder folder(tmp.string(), true);
    store::writeInlineState(st.getArtifact(found->id), folder.dir(), where);
    return folder;
  }
  const std::string dir = store::stateFolderOf(*found);
  if (dir.empty() || !fileExists(joinPath(dir, "method.json"))) {
    throw fileError(dir.empty() ? dbPath : dir,
                    "the training state of " + where + " is gone (method.json missing)");
  }
  return RunStateFolder(dir, false);
}

ExportResult exportRun(const RunExportRequest& r) {
  if (r.format != "bundle" && r.format != "peft") {
    throw Error("unknown export format '" + r.format + "' (bundle or peft)");
  }
  if (r.outDir.empty()) throw Error("no output folder given");
  const RunStateFolder state = openRunState(r.dbPath, r.runId);
  if (r.format == "peft") {
    PeftExportOptions o;
    o.modelDir = r.modelDir;
    return exportPeft(state.dir(), r.outDir, o);
  }
  auto st = openReadOnly(r.dbPath);
  const auto run = st.getRun(r.runId);
  BundleRequest b;
  b.stateDir = state.dir();
  b.modelDir = r.modelDir;
  if (b.modelDir.empty() && run.config.contains("model") && run.config["model"].is_string()) {
    b.modelDir = run.config["model"].get<std::string>();
  }
  if (run.config.is_object()) {
    for (auto it = run.config.begin(); it != run.config.end(); ++it) {
      if (it.key() != "method_config" && it.key() != "template" && it.key() != "verbalizer" &&
          it.key() != "model") {
        b.hyperparameters[it.key()] = it.value();
      }
    }
  }
  if (run.results.is_object()) b.metrics = run.results;
  b.source = {{"database", r.dbPath}, {"run_id", r.runId}, {"run_name", run.name}};
  if (state.inProjectFile()) b.source["state"] = "kept in the project file";
  b.trainedWithVersion = run.programVersion;
  writeBundle(b, r.outDir);
  ExportResult out;
  out.dir = r.outDir;
  out.files = {kBundleInfoFile, kBundleTensorsFile};
  if (fileExists(joinPath(r.outDir, kBundleModelFile)) && readBundleInfo(r.outDir).trainsModel) {
    out.files.push_back(kBundleModelFile);
  }
  return out;
}

}  // namespace pwb::exporting
