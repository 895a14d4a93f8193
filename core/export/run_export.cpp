#include "export/run_export.h"

#include <filesystem>

#include "common/error.h"
#include "common/text_file.h"
#include "export/bundle.h"
#include "store/run_store.h"

namespace pwb::exporting {
namespace {

std::string stateFolderOf(const store::ArtifactRecord& a) {
  if (a.meta.is_object() && a.meta.contains("folder") && a.meta["folder"].is_string()) {
    return a.meta["folder"].get<std::string>();
  }
  if (a.path) return std::filesystem::path(*a.path).parent_path().string();
  return "";
}

}  // namespace

std::string runStateDir(const std::string& dbPath, int64_t runId) {
  store::StoreOptions so;
  so.mode = store::OpenMode::ReadOnly;
  so.recoverInterrupted = false;
  store::RunStore st(dbPath, so);
  const auto run = st.getRun(runId);
  std::string folder;
  for (const auto& a : st.listArtifacts(runId)) {
    if (a.kind == "train-state") folder = stateFolderOf(a);
  }
  const std::string where = dbPath + " run " + std::to_string(runId);
  if (folder.empty()) {
    throw fileError(dbPath,
                    "run " + std::to_string(runId) + " (" + run.name +
                        ") has no saved training state: train with an output folder to keep the prompt");
  }
  if (!fileExists(joinPath(folder, "method.json"))) {
    throw fileError(folder, "the training state of " + where + " is gone (method.json missing)");
  }
  return folder;
}

ExportResult exportRun(const RunExportRequest& r) {
  if (r.format != "bundle" && r.format != "peft") {
    throw Error("unknown export format '" + r.format + "' (bundle or peft)");
  }
  if (r.outDir.empty()) throw Error("no output folder given");
  const std::string state = runStateDir(r.dbPath, r.runId);
  if (r.format == "peft") {
    PeftExportOptions o;
    o.modelDir = r.modelDir;
    return exportPeft(state, r.outDir, o);
  }
  store::StoreOptions so;
  so.mode = store::OpenMode::ReadOnly;
  so.recoverInterrupted = false;
  store::RunStore st(r.dbPath, so);
  const auto run = st.getRun(r.runId);
  BundleRequest b;
  b.stateDir = state;
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
