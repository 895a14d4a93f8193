#pragma once
// Who owns a run: host name and process id, so that a later open can tell a crashed trainer (its process is
// gone) from one that is still working.
#include <cstdint>
#include <string>

namespace pwb::store {

std::string currentHost();
int64_t currentPid();
// True when a process with this id exists on this machine (a zombie counts as alive until reaped).
bool processAlive(int64_t pid);

}  // namespace pwb::store
