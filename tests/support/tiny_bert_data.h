// A small labelled data set in tiny-bert's vocabulary, for tests that train on the tiny-bert fixture.
#pragma once

#include <fstream>
#include <string>

namespace pwb::test {

// Writes `count` label-space lines ("1 the film is wonderful .") starting at pattern index `offset`, so
// that different offsets give disjoint train/test files.
inline void writeTinyBertData(const std::string& path, int count, int offset) {
  const char* subjects[] = {"film", "movie", "story", "acting"};
  const char* positive[] = {"wonderful", "great", "like"};
  const char* negative[] = {"terrible", "boring"};
  std::ofstream out(path);
  for (int j = 0; j < count; ++j) {
    const int i = j + offset;
    const int label = i % 2;
    out << label << " the " << subjects[i % 4] << " is " << ((i / 2) % 2 ? "very " : "")
        << (label ? positive[(i / 2) % 3] : negative[(i / 2) % 2]) << " .\n";
  }
}

}  // namespace pwb::test
