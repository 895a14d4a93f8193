#include "store/state_artifact.h"

#include <filesystem>
#include <fstream>

#include "common/error.h"
#include "store/sha256.h"

namespace pwb::store {
namespace {

void writeBytes(const std::string& path, const void* data, size_t size) {
  // Written under a temporary name and renamed: a reader never sees half a file.
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out.write(static_cast<const char*>(data), static_cast<std::streamsize>(size));
    out.flush();
    if (!out) throw fileError(path, "writing failed");
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) throw fileError(path, "cannot replace the file: " + ec.message());
}

}  // namespace

ArtifactRecord inlineStateArtifact(int64_t runId, const std::string& name, const nlohmann::json& stateInfo,
                                   std::vector<uint8_t> tensorBytes) {
  ArtifactRecord a;
  a.runId = runId;
  a.kind = kTrainStateKind;
  a.name = name;
  a.data = std::move(tensorBytes);
  a.meta = {{"format", "pwb-train-state"}, {"stored", "inline"}, {"state", stateInfo}};
  return a;
}

bool isInlineState(const ArtifactRecord& a) {
  return a.kind == kTrainStateKind && !a.path && a.meta.is_object() && a.meta.value("stored", "") == "inline";
}

std::string stateFolderOf(const ArtifactRecord& a) {
  if (a.kind != kTrainStateKind || isInlineState(a)) return "";
  if (a.meta.is_object() && a.meta.contains("folder") && a.meta["folder"].is_string())
    return a.meta["folder"].get<std::string>();
  if (a.path) return std::filesystem::path(*a.path).parent_path().string();
  return "";
}

std::string stateLocation(const std::vector<ArtifactRecord>& artifacts) {
  std::string where;
  for (const auto& a : artifacts) {
    if (a.kind != kTrainStateKind) continue;
    where = isInlineState(a) ? "the project file" : stateFolderOf(a);
  }
  return where;
}

void writeInlineState(const ArtifactRecord& a, const std::string& dir, const std::string& source) {
  const std::string what = source + ": artifact " + std::to_string(a.id);
  if (!isInlineState(a)) throw Error(what + " is not a training state kept in the project file");
  if (!a.meta.contains("state") || !a.meta["state"].is_object() ||
      a.meta["state"].value("format", "") != "pwb-train-state") {
    throw Error(what + ": meta.state is not a training state record (expected format \"pwb-train-state\")");
  }
  if (a.data.empty()) throw Error(what + " holds no tensor bytes");
  if (!a.sha256.empty() && sha256Hex(a.data.data(), a.data.size()) != a.sha256) {
    throw Error(what + ": the stored tensor bytes do not match their sha256 (the project file is damaged)");
  }
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) throw fileError(dir, "cannot create the folder: " + ec.message());
  writeBytes(dir + "/method.safetensors", a.data.data(), a.data.size());
  const std::string info = a.meta["state"].dump(2) + "\n";
  writeBytes(dir + "/method.json", info.data(), info.size());
}

}  // namespace pwb::store
