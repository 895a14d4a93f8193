// One text per line with no label in the file (MR rt-polarity.pos / .neg): the label comes from
// ImportOptions::fixedLabel, otherwise the set is unlabeled.
#include "data/importers.h"

namespace pwb::data {

void importPlainLines(ImportContext& ctx) {
  ctx.ds.columns = {"sentence"};
  for (const auto& line : ctx.lines) {
    if (ctx.rows.full()) break;
    if (trimView(line.text).empty()) {
      ctx.rows.blankLine(line.number);
      continue;
    }
    if (!ctx.rows.acceptLine(line)) continue;
    ctx.rows.add(line.number, {std::string(line.text)}, "");
  }
  if (ctx.options.fixedLabel.empty())
    ctx.ds.warnings.push_back("plain text lines carry no label; give a fixed label (--label) to label them");
}

}  // namespace pwb::data
