#pragma once
// A prompt template (PET "pattern"): the parsed form of the template language described in TEMPLATES.md,
// e.g. `{sentence|shorten} It was [MASK] .`, `{premise} ? [MASK] , {hypothesis|lower_first}`,
// `[SOFT*8] {s} it was [MASK] .`. No tokenizer here: rendering to ids is PromptRenderer's job.
#include <string>
#include <vector>

namespace pwb::prompt {

enum class ElementKind {
  Text,    // literal text, spaces included
  Field,   // {name|modifier|...}: a data field
  Mask,    // [MASK] (also `<mask>`): one mask token the model fills
  Soft,    // [SOFT], [SOFT*n], [SOFT:init text]: trainable prompt vectors (prompt tuning)
  Pseudo,  // [P], [P*n]: P-tuning v1 pseudo tokens (vectors produced by the prompt encoder)
  Sep,     // [SEP] inside the template: the boundary of a sentence pair (type ids 1 after it for BERT)
  Cls,     // [CLS] at the very start: accepted for readability, the tokenizer adds it anyway
  // Demonstrations (TEMPLATES.md): [DEMOS] ... [/DEMOS] encloses how ONE demonstration renders; the
  // renderer repeats it for each demonstration. [DEMOS] separates them with the tokenizer's separator token
  // (LM-BFF's *sep+*), [DEMOS:text] with that literal text (`text` holds it, escapes resolved).
  DemoBegin,
  DemoEnd,
  DemoLabel,  // [LABEL] inside the block: the demonstration's label word
};

enum class FieldModifier {
  LowerFirst,    // lower_first: lower-case the first letter (LM-BFF *sentl_i*)
  UpperFirst,    // upper_first: upper-case the first letter (LM-BFF *sentu_i*)
  NoFinalPunct,  // no_final_punct: drop trailing punctuation (. ! ? , ; : and the spaces around it)
  DropLast,      // drop_last: drop the last character, whatever it is (LM-BFF *sent-_i*)
  Space,         // space: add a leading space (BPE models: the word-inside-a-sentence form)
  Shorten,       // shorten: this field may be shortened to fit the model's maximum length
};

// Spelling in templates ("lower_first", ...) and the list of all of them for error messages.
const char* modifierName(FieldModifier m);
const std::vector<FieldModifier>& allModifiers();
std::string modifierNameList();  // "lower_first, upper_first, no_final_punct, drop_last, space, shorten"

struct SourcePos {
  int line = 1;    // 1-based
  int column = 1;  // 1-based, in Unicode code points
};

struct TemplateElement {
  ElementKind kind = ElementKind::Text;
  // Text: the literal (escapes resolved); Field: the field name as written; Soft: the init text of
  // [SOFT:init text] (empty for [SOFT]/[SOFT*n]).
  std::string text;
  std::vector<FieldModifier> modifiers;  // Field only, in the order written
  int count = 1;                         // Soft / Pseudo: number of vectors
  // Text only: the text came from the `\ ` escape, so the spaces are kept even next to [SOFT]/[P]/[SEP].
  bool verbatim = false;
  SourcePos pos;

  bool has(FieldModifier m) const;
};

class Template {
 public:
  Template() = default;

  const std::string& source() const { return source_; }
  const std::string& sourceName() const { return sourceName_; }
  const std::vector<TemplateElement>& elements() const { return elements_; }

  int maskCount() const;
  int softCount() const;           // total [SOFT] vectors
  int pseudoCount() const;         // total [P] vectors
  bool isPair() const;             // has a [SEP] with template content after it
  bool hasDemonstrations() const;  // has a [DEMOS] ... [/DEMOS] block
  // Element indices of [DEMOS] and [/DEMOS]; -1 without demonstrations.
  int demoBegin() const;
  int demoEnd() const;
  // Whether element k lies inside the demonstration block (between [DEMOS] and [/DEMOS], exclusive).
  bool inDemoBlock(int k) const;
  std::vector<std::string> fieldNames() const;  // distinct, in order of appearance

  // Throws pwb::Error when the template has no [MASK] (MLM scoring and prompt-based fine-tuning need one).
  void requireMask() const;
  // Throws pwb::Error naming the first field that matches neither a column nor an alias, with the list
  // of columns. `columns` are the data set's text columns in file order (not the label column).
  void validate(const std::vector<std::string>& columns) const;

  // The canonical spelling: parsing it gives the same elements (escapes added where needed).
  std::string toString() const;

  // Per element, the literal text as rendered (empty for other kinds): spaces touching [SOFT], [P],
  // [SEP], [CLS] or the template's end are layout and removed, unless written `\ ` (TEMPLATES.md, Spaces).
  std::vector<std::string> renderedLiterals() const;

  // The prompt as text for a live preview before any tokenizer is chosen: fields filled in with their
  // modifiers, [MASK] / [SOFT*n] / [SOFT:text] / [P*n] shown as written, a pair joined with " [SEP] ".
  // `fields` are in `columns` order; unknown fields throw as validate() does.
  std::string preview(const std::vector<std::string>& columns, const std::vector<std::string>& fields) const;

 private:
  friend Template parseTemplate(const std::string&, const std::string&);
  std::string source_;
  std::string sourceName_ = "template";
  std::vector<TemplateElement> elements_;
};

// Parses the template language. Errors are pwb::Error located at "<sourceName>:<line>:<column>" with
// what was expected, e.g. `template:1:12: unterminated field '{sente' — expected '}'`.
Template parseTemplate(const std::string& text, const std::string& sourceName = "template");

// Escapes literal text for the template language: { } [ ] \ | and "<mask>" get a backslash.
std::string escapeTemplateText(const std::string& text);

// Column index that a field name refers to, or -1: an exact column name wins; otherwise the aliases
// s / sentence / text / text_a / sent_0 = the first column and text_b / sent_1 = the second.
int resolveField(const std::string& name, const std::vector<std::string>& columns);

}  // namespace pwb::prompt
