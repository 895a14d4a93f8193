#pragma once
// Who owns a run: host name and process id, so that a later open can tell a crashed trainer (its process is
// gone) from one that is still working.
#include <cstdint>
#include <optional>
#include <string>

namespace pwb::store {

std::string currentHost();
int64_t currentPid();
// True when a process with this id exists on this machine (a zombie counts as alive until reaped).
bool processAlive(int64_t pid);
// When the process with this id started (seconds since the epoch, /proc/<pid>/stat's start time plus the
// boot time); nullopt where that cannot be read (no /proc, no such process).
std::optional<double> processStartedAt(int64_t pid);
// True when `pid` on this machine is still the process that left its last sign of life at `lastSignAt`
// (epoch seconds): it exists and did not start after that moment. A process id reused by a newer process
// after the owner died is not the owner; where the start time cannot be read, an existing process is
// taken for the owner (never mark a live trainer's run interrupted).
bool ownerAlive(int64_t pid, double lastSignAt);

}  // namespace pwb::store
