// Reads LM-BFF's auto_template/<TASK>/16-<seed>.sort.txt lists as search candidates.
#include "search/lmbff_candidates.h"

#include "common/error.h"
#include "common/text_file.h"
#include "prompt/template.h"
#include "prompt/template_import.h"

namespace pwb::search {
namespace {

std::string baseName(const std::string& path) {
  const auto slash = path.find_last_of("/\\");
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

std::string trimmed(const std::string& s) {
  const auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  const auto e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

}  // namespace

LmBffCandidateList readLmBffCandidates(const std::string& path, int limit) {
  if (path.empty()) throw Error("no LM-BFF template list given (lmbff.file)");
  if (limit < 0) throw Error("lmbff.limit must be 0 (all lines) or more, got " + std::to_string(limit));
  // The shipped lists are a few kB; 16 MB is far more than any template list.
  const std::string bytes = readFileBytes(path, size_t(16) << 20);
  if (bytes.find('\0') != std::string::npos) {
    throw fileError(path,
                    "is not a text file (it contains NUL bytes); expected one LM-BFF template per line");
  }
  LmBffCandidateList out;
  const std::string name = baseName(path);
  int lineNo = 0, rank = 0;
  size_t pos = 0;
  while (pos < bytes.size()) {
    size_t end = bytes.find('\n', pos);
    if (end == std::string::npos) end = bytes.size();
    const std::string line = trimmed(bytes.substr(pos, end - pos));
    pos = end + 1;
    ++lineNo;
    if (line.empty()) continue;
    if (limit > 0 && out.linesRead == limit) break;
    ++out.linesRead;
    ++rank;
    const std::string where = path + ":" + std::to_string(lineNo) + ": ";
    try {
      const prompt::ImportedTemplate t = prompt::importLmBffTemplate(line);
      const prompt::Template parsed = prompt::parseTemplate(t.text);
      if (parsed.maskCount() == 0) {
        out.skipped.push_back(where + "'" + line + "' has no *mask* (no place for the label word)");
        continue;
      }
      // The search ranks templates zero-shot without demonstrations (LM-BFF's auto-T lists have none);
      // a demonstration form would need a demonstration source the ranking does not draw.
      if (parsed.hasDemonstrations()) {
        out.skipped.push_back(
            where + "'" + line +
            "' has demonstrations (*label_i*): template search ranks templates without them");
        continue;
      }
      TemplateCandidate c;
      c.templateText = t.text;
      c.origin = name + ":" + std::to_string(lineNo);
      c.searchScore = rank;
      out.candidates.push_back(std::move(c));
    } catch (const Error& e) {
      out.skipped.push_back(where + "'" + line + "' skipped: " + e.message());
    }
  }
  if (out.linesRead == 0)
    throw fileError(path, "has no template line (expected one LM-BFF template per line)");
  if (out.candidates.empty()) {
    std::string first;
    for (size_t i = 0; i < out.skipped.size() && i < 3; ++i) first += "\n  " + out.skipped[i];
    throw fileError(path, "no line converts to a template; the first problems:" + first);
  }
  return out;
}

}  // namespace pwb::search
