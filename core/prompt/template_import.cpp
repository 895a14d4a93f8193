// Choosing the importer for a pasted template.
#include "prompt/template_import.h"

#include <cctype>

#include "common/error.h"
#include "prompt/template.h"

namespace pwb::prompt {

std::string detectTemplateFormat(const std::string& text) {
  for (const char* marker : {"*cls*", "*mask*", "*sep+*", "*sent_", "*+sent", "*sentl", "*sent-", "*sentu"}) {
    if (text.find(marker) != std::string::npos) return "lmbff";
  }
  for (size_t i = 0; i + 1 < text.size(); ++i) {
    if (text[i] != '{' || (i > 0 && text[i - 1] == '\\')) continue;
    size_t j = i + 1;
    while (j < text.size() && std::isspace(static_cast<unsigned char>(text[j]))) ++j;
    if (j < text.size() && (text[j] == '"' || text[j] == '\'')) return "openprompt";
  }
  return "pwb";
}

ImportedTemplate importTemplate(const std::string& text, const std::string& format) {
  const std::string f = format == "auto" ? detectTemplateFormat(text) : format;
  if (f == "lmbff") return importLmBffTemplate(text);
  if (f == "openprompt") return importOpenPromptTemplate(text);
  if (f == "pwb") {
    parseTemplate(text);
    return ImportedTemplate{text, {}};
  }
  throw Error("unknown template format '" + format + "' — expected auto, pwb, lmbff or openprompt");
}

}  // namespace pwb::prompt
