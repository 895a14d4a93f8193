#pragma once
// Reading small text/JSON inputs (configs, vocabularies, templates) with errors that name the file.
#include <nlohmann/json_fwd.hpp>
#include <string>

namespace pwb {

// Whole file as bytes; throws pwb::Error naming the path when it is missing, a directory or unreadable.
// maxBytes guards against a "config" that is really a multi-GB file.
std::string readFileBytes(const std::string& path, size_t maxBytes = size_t(1) << 30);

// Parses JSON from a file; a syntax error becomes "<path>: invalid JSON at byte N: ...".
nlohmann::json readJsonFile(const std::string& path, size_t maxBytes = size_t(256) << 20);

bool fileExists(const std::string& path);
std::string joinPath(const std::string& dir, const std::string& name);

}  // namespace pwb
