#pragma once
// Helpers shared by the fuzz targets: most parsers read files, so each input is written to a scratch
// folder private to this process (under $TMPDIR, /dev/shm when it exists: no disk I/O per execution).
#include <cstddef>
#include <cstdint>
#include <string>

namespace pwb::fuzz {

// The process's scratch folder, created on first use and removed at exit.
const std::string& scratchDir();

// Writes bytes to scratchDir()/name (replacing it) and returns the full path.
std::string writeScratch(const std::string& name, const uint8_t* data, size_t size);
std::string writeScratch(const std::string& name, const std::string& bytes);

// Removes scratchDir()/name if it exists.
void removeScratch(const std::string& name);

}  // namespace pwb::fuzz
