#pragma once
// The template lists LM-BFF ships (auto_template/<TASK>/16-<seed>.sort.txt: one LM-BFF template string per
// line, sorted best first by LM-BFF's own dev score with RoBERTa-large), read as search candidates. Each line
// is converted with prompt::importLmBffTemplate; a line that cannot be converted (demonstrations, a third
// sentence, no *mask*) is skipped with its file:line and the reason, never fatal.
#include <string>
#include <vector>

#include "search/search_types.h"

namespace pwb::search {

struct LmBffCandidateList {
  std::vector<TemplateCandidate> candidates;  // in file order; searchScore = the 1-based rank in the file
  std::vector<std::string> skipped;           // "<file>:<line>: <reason>"
  int linesRead = 0;                          // non-empty lines considered (after `limit`)
};

// Reads the first `limit` non-empty lines (0 = all). origin = "<file name>:<line>". Throws pwb::Error naming
// the file for a missing/unreadable/binary file, a negative limit, a file without any template line, or one
// where no line converts (then the first reasons are quoted).
LmBffCandidateList readLmBffCandidates(const std::string& path, int limit = 0);

}  // namespace pwb::search
