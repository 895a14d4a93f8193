// fastText / Flair lines: "__label__N<TAB or space><text>"; the label keeps its own spelling ("N").
#include "data/importers.h"

namespace pwb::data {

void importFastText(ImportContext& ctx) {
  static constexpr std::string_view kPrefix = "__label__";
  ctx.ds.columns = {"sentence"};
  for (const auto& line : ctx.lines) {
    if (ctx.rows.full()) break;
    if (trimView(line.text).empty()) {
      ctx.rows.blankLine(line.number);
      continue;
    }
    if (!ctx.rows.acceptLine(line)) continue;
    const std::string_view t = line.text;
    if (t.substr(0, kPrefix.size()) != kPrefix) {
      ctx.rows.problem(line.number, "missing label: the line does not start with __label__");
      continue;
    }
    const size_t end = t.find_first_of(" \t");
    const std::string_view label =
        t.substr(kPrefix.size(), end == std::string_view::npos ? t.npos : end - kPrefix.size());
    if (label.empty()) {
      ctx.rows.problem(line.number, "missing label: nothing after __label__");
      continue;
    }
    std::string_view text = end == std::string_view::npos ? std::string_view() : t.substr(end + 1);
    if (trimView(text).substr(0, kPrefix.size()) == kPrefix) {
      ctx.rows.problem(line.number, "several __label__ tags: multi-label rows are not supported");
      continue;
    }
    ctx.rows.add(line.number, {std::string(text)}, std::string(label));
  }
}

}  // namespace pwb::data
