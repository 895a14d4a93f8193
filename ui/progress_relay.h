#pragma once
// Turns a worker's progress callback (done, total) into updates of a progress bar on the GUI thread:
// queued, throttled to whole percent steps, and dropped when the bar is gone.
#include <QPointer>
#include <QProgressBar>
#include <atomic>
#include <functional>
#include <memory>

#include "gui_channel.h"

namespace pwb::ui {

inline std::function<void(int64_t, int64_t)> progressTo(QProgressBar* bar) {
  QPointer<QProgressBar> target(bar);
  auto last = std::make_shared<std::atomic<int>>(-1);
  return [target, last](int64_t done, int64_t total) {
    const int permille = total > 0 ? int(done * 1000 / total) : 0;
    if (last->exchange(permille) == permille) return;
    postToGui(target, [target, permille]() {
      target->setRange(0, 1000);
      target->setValue(permille);
    });
  };
}

}  // namespace pwb::ui
