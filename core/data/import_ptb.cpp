// Stanford Sentiment Treebank PTB trees, one per line: "(3 (2 It) (4 (4 (2 's) ...".
// Label = the root's number; text = the leaves joined by single spaces, with the PTB escapes undone
// (-LRB- -> "(", "\/" -> "/") exactly as pytreebank does, so the text equals the SST fastText export.
#include <cctype>
#include <optional>

#include "data/importers.h"

namespace pwb::data {
namespace {

std::string unescapeLeaf(std::string_view leaf) {
  if (leaf == "-LRB-") return "(";
  if (leaf == "-RRB-") return ")";
  if (leaf == "-LSB-") return "[";
  if (leaf == "-RSB-") return "]";
  if (leaf == "-LCB-") return "{";
  if (leaf == "-RCB-") return "}";
  std::string out;
  out.reserve(leaf.size());
  for (size_t i = 0; i < leaf.size(); ++i) {
    if (leaf[i] == '\\' && i + 1 < leaf.size() && (leaf[i + 1] == '/' || leaf[i + 1] == '*')) continue;
    out += leaf[i];
  }
  return out;
}

struct Tree {
  std::string label, text;
};

// Returns the parsed tree or an error sentence.
std::optional<Tree> parseTree(std::string_view s, std::string& error) {
  Tree tree;
  int depth = 0;
  bool closedRoot = false;
  size_t i = 0;
  auto skipSpaces = [&] {
    while (i < s.size() && s[i] == ' ') ++i;
  };
  while (true) {
    skipSpaces();
    if (i >= s.size()) break;
    if (closedRoot) {
      error = "malformed tree: text after the root's closing parenthesis at column " + std::to_string(i + 1);
      return std::nullopt;
    }
    if (s[i] == '(') {
      ++i;
      const size_t start = i;
      while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
      if (i == start) {
        error = "malformed tree: expected a numeric label after '(' at column " + std::to_string(start + 1);
        return std::nullopt;
      }
      if (depth == 0) tree.label = std::string(s.substr(start, i - start));
      ++depth;
      skipSpaces();
      if (i < s.size() && s[i] != '(' && s[i] != ')') {
        const size_t leafStart = i;
        while (i < s.size() && s[i] != ')' && s[i] != '(' && s[i] != ' ') ++i;
        if (!tree.text.empty()) tree.text += ' ';
        tree.text += unescapeLeaf(s.substr(leafStart, i - leafStart));
      }
    } else if (s[i] == ')') {
      ++i;
      if (--depth < 0) {
        error = "malformed tree: unbalanced ')' at column " + std::to_string(i);
        return std::nullopt;
      }
      if (depth == 0) closedRoot = true;
    } else {
      error = "malformed tree: unexpected text at column " + std::to_string(i + 1);
      return std::nullopt;
    }
  }
  if (depth != 0 || !closedRoot) {
    error = "malformed tree: " + std::to_string(depth) + " unclosed parenthesis(es)";
    return std::nullopt;
  }
  return tree;
}

}  // namespace

void importPtb(ImportContext& ctx) {
  ctx.ds.columns = {"sentence"};
  for (const auto& line : ctx.lines) {
    if (ctx.rows.full()) break;
    if (trimView(line.text).empty()) {
      ctx.rows.blankLine(line.number);
      continue;
    }
    if (!ctx.rows.acceptLine(line)) continue;
    std::string error;
    auto tree = parseTree(trimView(line.text), error);
    if (!tree) {
      ctx.rows.problem(line.number, error);
      continue;
    }
    ctx.rows.add(line.number, {tree->text}, tree->label);
  }
}

}  // namespace pwb::data
