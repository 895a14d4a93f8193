// LM-BFF template strings. Their grammar (src/dataset.py, tokenize_multipart_input): the string is split
// at '*'; every part is a variable when it matches one, else literal text with '_' for a space:
//   cls, mask, sep, sep+ (sep and the token type +1 after it), sent_i, +sent_i (a space before),
//   sent-_i (drop the last character), sentl_i (lower-case the first), sentu_i (upper-case the first),
//   combinations such as +sentl_i and sentl-_i, label_i / labelx_i (label words of demonstrations).
// The converted template has a space before every [MASK] (see below) and no *cls* / final *sep+*.
//
// Demonstrations: LM-BFF's run.py (auto_demo) appends to the query template one copy per class with the
// sentence indices shifted (*sent_0* -> *sent_{n+n*i}* for class i, n = sentences per example) and *mask*
// replaced by *label_i*, each copy closed by *sep+*; GPT-3's in-context form uses *labelx_i* (the label of
// the i-th drawn example) and may put the copies before the query (gpt3_in_context_head). All copies must
// be the same text: they import as ONE [DEMOS] block that the renderer repeats per demonstration, in the
// order the sampler gives (class order, LM-BFF's).
#include <set>

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

std::string ensureSpaceBefore(std::string text) {
  if (text.empty() || text.back() != ' ') text += " ";
  return text;
}

// Converts one '*'-part that is not cls/sep into workbench syntax, appended to `out`. `column` maps a
// sentence variable to the column it reads (0 = text_a, 1 = text_b) or throws.
// `spaceModifier`: *+sent* becomes {...|space} (the space belongs to the field, so LM-BFF's sentence limits
// count it as LM-BFF does: its part is " " + sentence) instead of a literal space before the field; both
// render the same text.
template <typename ColumnOf>
void appendPart(std::string& out, const std::string& part, ColumnOf column, bool spaceModifier = false) {
  if (part == "mask") {
    // LM-BFF predicts label words in their leading-space form (" great" -> Ġgreat) wherever the mask is;
    // a space before [MASK] gives the verbalizer that form. RoBERTa's <mask> absorbs the space (lstrip),
    // so the ids stay LM-BFF's; WordPiece ignores it.
    out = ensureSpaceBefore(out) + "[MASK]";
    return;
  }
  if (part.rfind("label_", 0) == 0 || part.rfind("labelx_", 0) == 0) {
    // LM-BFF's label_word_list holds the ids of " word": the same space as before [MASK].
    out = ensureSpaceBefore(out) + "[LABEL]";
    return;
  }
  SentenceVar v;
  if (parseSentence(part, v)) {
    const int c = column(v, part);
    if (v.space && !spaceModifier) out += " ";
    out += c == 0 ? "{text_a" : "{text_b";
    if (v.lower) out += "|lower_first";
    if (v.upper) out += "|upper_first";
    if (v.dropLast) out += "|drop_last";
    if (v.space && spaceModifier) out += "|space";
    out += "}";
    return;
  }
  std::string literal = part;
  for (char& c : literal) {
    if (c == '_') c = ' ';
  }
  out += escapeTemplateText(literal);
}

// Spaces next to [DEMOS] / [/DEMOS] are layout in the workbench language; LM-BFF's are real (a `_` or a
// *+sent*): keep them with the escaped space.
std::string keepEdgeSpaces(std::string text, bool front = true, bool back = true) {
  if (front && !text.empty() && text.front() == ' ') text = "\\" + text;
  if (back && text.size() >= 2 && text.back() == ' ' && text[text.size() - 2] != '\\') {
    text.pop_back();
    text += "\\ ";
  }
  return text;
}

int labelIndex(const std::string& part) {
  const size_t u = part.find('_');
  const std::string digits = part.substr(u + 1);
  if (digits.empty() || digits.size() > 3 || digits.find_first_not_of("0123456789") != std::string::npos) {
    throw Error("'*" + part + "*' — expected a label number such as *label_0*",
                ErrorLocation{kSource, 0, 0, {}});
  }
  return std::stoi(digits);
}

[[noreturn]] void fail(const std::string& message) {
  throw Error(message, ErrorLocation{kSource, 0, 0, {}});
}

void checkParses(const std::string& text) {
  try {
    parseTemplate(text, kSource);
  } catch (const Error& e) {
    fail("the converted template '" + text + "' is invalid: " + e.message());
  }
}

struct Group {
  std::vector<std::string> parts;
  std::string closedBy;  // "sep", "sep+" or "" (the template's end)
  bool mask = false;
  std::vector<std::string> labels;
  std::string source;  // the group as written, for messages
};

// LM-BFF templates with demonstrations (see the top of this file).
ImportedTemplate importDemonstrations(const std::vector<std::string>& parts) {
  ImportedTemplate out;
  std::vector<Group> groups(1);
  bool first = true, clsInside = false;
  for (const std::string& part : parts) {
    if (part.empty()) continue;
    if (part == "cls") {
      // LM-BFF's head form prepends the demonstrations to the whole template, *cls* included.
      if (!first) clsInside = true;
      first = false;
      continue;
    }
    first = false;
    if (part == "sep" || part == "sep+") {
      groups.back().closedBy = part;
      groups.emplace_back();
      continue;
    }
    Group& g = groups.back();
    g.parts.push_back(part);
    SentenceVar v;
    const bool variable = part == "mask" || part.rfind("label", 0) == 0 || parseSentence(part, v);
    g.source += variable ? "*" + part + "*" : part;
    if (part == "mask") g.mask = true;
    if (part.rfind("label_", 0) == 0 || part.rfind("labelx_", 0) == 0) g.labels.push_back(part);
  }
  while (!groups.empty() && groups.back().parts.empty()) groups.pop_back();
  int query = -1;
  for (size_t k = 0; k < groups.size(); ++k) {
    const Group& g = groups[k];
    if (g.parts.empty()) fail("two '*sep+*' in a row — expected a demonstration or the query between them");
    if (g.mask && !g.labels.empty()) {
      fail("'" + g.source + "' has both *mask* and '*" + g.labels[0] +
           "*' — the query has the mask, each demonstration (between separators) one label word");
    }
    if (g.mask) {
      if (query >= 0) fail("two parts with *mask* — a template with demonstrations has one query");
      query = static_cast<int>(k);
    } else if (g.labels.size() != 1) {
      fail(g.labels.empty()
               ? "'" + g.source +
                     "' between separators is neither the query (no *mask*) nor a demonstration (no "
                     "*label_i*) — with demonstrations, the query is one segment (no *sep+* inside it)"
               : "'" + g.source + "' has " + std::to_string(g.labels.size()) +
                     " label words — each demonstration (between separators) shows one");
    }
  }
  if (query < 0) fail("the template has demonstrations (*label_i*) but no query part with *mask*");
  const bool head = query != 0;
  if (head && query != static_cast<int>(groups.size()) - 1) {
    fail("the query part '" + groups[query].source +
         "' stands between demonstrations — the workbench puts all demonstrations on one side of the query");
  }
  if (clsInside && !head) fail("'*cls*' can only start the template (the [CLS] token begins every prompt)");

  // Sentences per example: the query's sentence indices (0, or 0 and 1).
  int sentences = 0;
  for (const std::string& part : groups[query].parts) {
    SentenceVar v;
    if (!parseSentence(part, v)) continue;
    if (v.index > 1) {
      fail(
          "'*" + part + "*' in the query refers to sentence " + std::to_string(v.index) +
          "; the query has *sent_0* (text_a) and *sent_1* (text_b), demonstrations the sentences after them");
    }
    sentences = std::max(sentences, v.index + 1);
  }
  if (sentences == 0) sentences = 1;
  std::string queryText;
  for (const std::string& part : groups[query].parts) {
    appendPart(
        queryText, part, [](const SentenceVar& v, const std::string&) { return v.index; }, true);
  }

  std::string block;
  bool shorthand = false, plainSep = false;
  std::set<std::string> kinds;
  int ordinal = 0;
  for (size_t k = 0; k < groups.size(); ++k) {
    if (static_cast<int>(k) == query) continue;
    const Group& g = groups[k];
    const std::string& label = g.labels[0];
    const bool x = label.rfind("labelx_", 0) == 0;
    kinds.insert(x ? "labelx" : "label");
    const int i = labelIndex(label);
    // *label_i* is the class i: the sampler hands demonstrations in class order, so the copies must be
    // label_0, label_1, ... in that order. *labelx_i* is the i-th drawn example: any order.
    if (!x && i != ordinal) {
      fail("'*" + label + "*' is demonstration " + std::to_string(ordinal + 1) +
           " — the workbench places demonstrations in class order, so the copies must be *label_0*, "
           "*label_1*, ... in that order");
    }
    std::string text;
    for (const std::string& part : g.parts) {
      appendPart(
          text, part,
          [&](const SentenceVar& v, const std::string& p) {
            const int j = v.index - (sentences + sentences * i);
            if (j >= 0 && j < sentences) return j;
            if (v.index < sentences) {
              shorthand = true;  // the demonstration written with the query's own indices
              return v.index;
            }
            fail("'*" + p + "*' in the demonstration of '*" + label +
                 "*' — LM-BFF numbers its sentences from *sent_" + std::to_string(sentences + sentences * i) +
                 "* (" + std::to_string(sentences) + " per example), or write the query's own *sent_0*" +
                 (sentences > 1 ? " / *sent_1*" : ""));
          },
          true);
    }
    if (ordinal > 0 && text != block) {
      fail("the demonstrations differ: '" + block + "' and '" + text +
           "' — a workbench template renders every demonstration with one block");
    }
    block = text;
    ++ordinal;
  }
  for (size_t k = 0; k + 1 < groups.size(); ++k) plainSep = plainSep || groups[k].closedBy == "sep";
  if (kinds.size() > 1) fail("the template mixes *label_i* and *labelx_i* demonstrations — use one kind");

  const std::string demos = "[DEMOS]" + keepEdgeSpaces(block) + "[/DEMOS]";
  // The template's own start is not layout (a leading space there is kept), its end is.
  out.text = head ? demos + keepEdgeSpaces(queryText, true, false)
                  : keepEdgeSpaces(queryText, false, true) + " " + demos;
  if (shorthand) {
    out.notes.push_back(
        "the demonstrations use the query's sentence numbers (*sent_0*): they are read as each "
        "demonstration's "
        "own sentences, which LM-BFF numbers from *sent_" +
        std::to_string(sentences) + "*");
  }
  if (plainSep) {
    out.notes.push_back("'*sep*' between the query and the demonstrations is read as '*sep+*'");
  }
  out.notes.push_back(
      "BERT token type ids: LM-BFF gives demonstration i the segment i+1 (it resizes BERT's token type table "
      "to 10 rows); the workbench gives every demonstration type 1, the model's second segment");
  if (head) {
    out.notes.push_back(
        "the demonstrations come before the query (GPT-3 head form); [CLS] begins the input, where LM-BFF's "
        "generated template has *cls* between the demonstrations and the query");
  }
  checkParses(out.text);
  return out;
}

}  // namespace

ImportedTemplate importLmBffTemplate(const std::string& lmbff) {
  const std::vector<std::string> parts = splitStars(lmbff);
  for (const std::string& part : parts) {
    if (part.rfind("label_", 0) == 0 || part.rfind("labelx_", 0) == 0) return importDemonstrations(parts);
  }
  ImportedTemplate out;
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
      if (at != firstVar) fail("'*cls*' can only start the template (the [CLS] token begins every prompt)");
      continue;  // the tokenizer adds it
    }
    if (part == "sep" || part == "sep+") {
      if (at == lastVar) {
        if (part == "sep") out.notes.push_back("the final '*sep*' is the tokenizer's own end token");
        continue;  // the tokenizer ends every prompt with it
      }
      if (++separators > 1) {
        fail(
            "several '*sep+*' inside a template without demonstrations — a workbench query has at most two "
            "segments; demonstrations show their label word (*label_i*)");
      }
      if (part == "sep") {
        out.notes.push_back(
            "'*sep*' inside the template becomes the pair boundary [SEP]: BERT token type ids are 1 "
            "after it, where LM-BFF kept 0 (only '*sep+*' switches the segment there)");
      }
      out.text += " [SEP] ";
      continue;
    }
    appendPart(out.text, part, [](const SentenceVar& v, const std::string& p) {
      if (v.index > 1) {
        fail("'*" + p + "*' refers to sentence " + std::to_string(v.index) +
             "; only *sent_0* (text_a) and *sent_1* (text_b) exist outside demonstrations");
      }
      return v.index;
    });
  }
  // Refuse what the workbench parser would refuse, with the converted text in view.
  checkParses(out.text);
  return out;
}

}  // namespace pwb::prompt
