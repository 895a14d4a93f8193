// LM-BFF template strings. Their grammar (src/dataset.py, tokenize_multipart_input): the string is split
// at '*'; every part is a variable when it matches one, else literal text with '_' for a space:
//   cls, mask, sep, sep+ (sep and the token type +1 after it), sent_i, +sent_i (a space before),
//   sent-_i (drop the last character), sentl_i (lower-case the first), sentu_i (upper-case the first),
//   combinations such as +sentl_i and sentl-_i, label_i / labelx_i (label words of demonstrations).
// The converted template has a space before every [MASK] (see below) and no *cls* / final *sep+*.
#include "common/error.h"
#include "prompt/template.h"
#include "prompt/template_import.h"

namespace pwb::prompt {
namespace {

const char* const kSource = "LM-BFF template";

std::vector<std::string> splitStars(const std::string& s) {
  std::vector<std::string> parts(1);
  for (char c : s) {
    if (c == '*') {
      parts.emplace_back();
    } else {
      parts.back() += c;
    }
  }
  return parts;
}

struct SentenceVar {
  bool space = false, lower = false, upper = false, dropLast = false;
  int index = -1;
};

// Parses [+]sent[l|u][-]_<digits>; false when the part is not a sentence variable.
bool parseSentence(const std::string& part, SentenceVar& v) {
  size_t i = 0;
  if (i < part.size() && part[i] == '+') {
    v.space = true;
    ++i;
  }
  if (part.compare(i, 4, "sent") != 0) return false;
  i += 4;
  if (i < part.size() && (part[i] == 'l' || part[i] == 'u')) {
    (part[i] == 'l' ? v.lower : v.upper) = true;
    ++i;
  }
  if (i < part.size() && part[i] == '-') {
    v.dropLast = true;
    ++i;
  }
  if (i >= part.size() || part[i] != '_') return false;
  ++i;
  if (i >= part.size() || part.find_first_not_of("0123456789", i) != std::string::npos) return false;
  v.index = std::stoi(part.substr(i, 3));
  return true;
}

}  // namespace

ImportedTemplate importLmBffTemplate(const std::string& lmbff) {
  ImportedTemplate out;
  const std::vector<std::string> parts = splitStars(lmbff);
  int lastVar = -1, firstVar = -1;
  for (size_t k = 0; k < parts.size(); ++k) {
    if (parts[k].empty()) continue;
    if (firstVar < 0) firstVar = static_cast<int>(k);
    lastVar = static_cast<int>(k);
  }
  int separators = 0;
  for (size_t k = 0; k < parts.size(); ++k) {
    const std::string& part = parts[k];
    const int at = static_cast<int>(k);
    if (part.empty()) continue;
    if (part == "cls") {
      if (at != firstVar) {
        throw Error("'*cls*' can only start the template (the [CLS] token begins every prompt)",
                    ErrorLocation{kSource, 0, 0, {}});
      }
      continue;  // the tokenizer adds it
    }
    if (part == "mask") {
      // LM-BFF predicts label words in their leading-space form (" great" -> Ġgreat) wherever the mask is;
      // a space before [MASK] gives the verbalizer that form. RoBERTa's <mask> absorbs the space (lstrip),
      // so the ids stay LM-BFF's; WordPiece ignores it.
      if (out.text.empty() || out.text.back() != ' ') out.text += " ";
      out.text += "[MASK]";
      continue;
    }
    if (part == "sep" || part == "sep+") {
      if (at == lastVar) {
        if (part == "sep") out.notes.push_back("the final '*sep*' is the tokenizer's own end token");
        continue;  // the tokenizer ends every prompt with it
      }
      if (++separators > 1) {
        throw Error(
            "several '*sep+*' inside the template (demonstrations, LM-BFF's in-context examples) are not "
            "supported — a workbench template has at most two segments",
            ErrorLocation{kSource, 0, 0, {}});
      }
      if (part == "sep") {
        out.notes.push_back(
            "'*sep*' inside the template becomes the pair boundary [SEP]: BERT token type ids are 1 "
            "after it, where LM-BFF kept 0 (only '*sep+*' switches the segment there)");
      }
      out.text += " [SEP] ";
      continue;
    }
    if (part.rfind("label_", 0) == 0 || part.rfind("labelx_", 0) == 0) {
      throw Error(
          "'*" + part +
              "*' inserts the label word of a demonstration (LM-BFF's in-context examples), which workbench "
              "templates do not have — remove the demonstrations and keep the query part",
          ErrorLocation{kSource, 0, 0, {}});
    }
    SentenceVar v;
    if (parseSentence(part, v)) {
      if (v.index > 1) {
        throw Error("'*" + part + "*' refers to sentence " + std::to_string(v.index) +
                        "; only *sent_0* (text_a) and *sent_1* (text_b) exist outside demonstrations",
                    ErrorLocation{kSource, 0, 0, {}});
      }
      if (v.space) out.text += " ";
      out.text += v.index == 0 ? "{text_a" : "{text_b";
      if (v.lower) out.text += "|lower_first";
      if (v.upper) out.text += "|upper_first";
      if (v.dropLast) out.text += "|drop_last";
      out.text += "}";
      continue;
    }
    std::string literal = part;
    for (char& c : literal) {
      if (c == '_') c = ' ';
    }
    out.text += escapeTemplateText(literal);
  }
  // Refuse what the workbench parser would refuse, with the converted text in view.
  try {
    parseTemplate(out.text, kSource);
  } catch (const Error& e) {
    throw Error("the converted template '" + out.text + "' is invalid: " + e.message(),
                ErrorLocation{kSource, 0, 0, {}});
  }
  return out;
}

}  // namespace pwb::prompt
