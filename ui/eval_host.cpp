#include "eval_host.h"

#include "common/error.h"
#include "eval/eval_session.h"
#include "project.h"

namespace pwb::ui {

// The session of one model folder; created on the worker by the first call (loading takes a while).
struct EvalHost::Slot {
  std::unique_ptr<eval::EvalSession> session;
};

EvalHost::EvalHost(Project* project, QObject* parent) : QObject(parent), project_(project) {
  connect(project_, &Project::modelChanged, this, &EvalHost::modelChanged);
  modelChanged();
}

// Then worker_ runs what is still queued and joins; the tasks hold copies of what they need, not the host.
EvalHost::~EvalHost() {
  emit closing();
}

void EvalHost::modelChanged() {
  if (project_->modelDir() == modelDir_ && session_) return;
  modelDir_ = project_->modelDir();
  reload();
}

void EvalHost::setDevice(const QString& device) {
  if (device == device_) return;
  device_ = device;
  reload();
}

void EvalHost::setBf16(bool bf16) {
  if (bf16 == bf16_) return;
  bf16_ = bf16;
  reload();
}

void EvalHost::reload() {
  // A new slot: calls already queued keep (and finally release, on the worker) the old one.
  session_ = std::make_shared<Slot>();
}

eval::EvalSession& EvalHost::load(Slot& slot, const std::string& dir, int threads, const std::string& device,
                                  bool bf16) {
  if (dir.empty()) throw Error("no model is chosen: use File ▸ Choose Model");
  if (!slot.session) {
    eval::SessionOptions options;
    options.threads = threads;
    options.device = device;
    options.bf16 = bf16;
    slot.session = std::make_unique<eval::EvalSession>(dir, options);
  }
  slot.session->setThreads(threads);
  return *slot.session;
}

}  // namespace pwb::ui
