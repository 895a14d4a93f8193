#pragma once
// Shared helpers of the tokenizer tests: fixture paths, copying a folder's files into a temp folder (to
// force the vocab.txt / vocab.json fallback), and readable comparisons.
#include <QString>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "tokenize/tokenizer.h"

namespace tokenizer_test {

std::string shared(const std::string& rel);  // PWB_REFERENCE_DIR/rel
nlohmann::json loadJson(const std::string& path);
// Copies the named files of src into dst (which must exist).
void copyFiles(const std::string& src, const std::string& dst, const std::vector<std::string>& names);
void writeFile(const std::string& path, const std::string& content);
std::string describe(const std::vector<int64_t>& v);
std::string describe(const std::vector<std::pair<int, int>>& v);

}  // namespace tokenizer_test
