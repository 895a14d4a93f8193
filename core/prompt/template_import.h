#pragma once
// Converting templates published in other tools' syntaxes into the workbench template language, so
// users can paste what papers and repositories publish:
//   LM-BFF (Gao et al. 2021):  *cls**sent_0*_It_was*mask*.*sep+*          -> {text_a} It was[MASK].
//   OpenPrompt:                {"placeholder":"text_a"} It was {"mask"}    -> {text_a} It was [MASK]
// The converted text renders to the same string the original tool tokenizes. What cannot be expressed
// (demonstrations, shared soft vectors, Python post-processing) is refused with a pwb::Error that says why.
#include <string>
#include <vector>

namespace pwb::prompt {

struct ImportedTemplate {
  std::string text;                // in the workbench template language (parseTemplate accepts it)
  std::vector<std::string> notes;  // differences the user should know about, one sentence each
};

ImportedTemplate importLmBffTemplate(const std::string& lmbff);
ImportedTemplate importOpenPromptTemplate(const std::string& openprompt);

// "pwb" (the workbench language), "lmbff" or "openprompt", guessed from the text: LM-BFF variables
// (*cls*, *mask*, *sent...*) or OpenPrompt dictionaries ({"...": ...}, {'mask'}).
std::string detectTemplateFormat(const std::string& text);

// format: "auto", "pwb", "lmbff" or "openprompt"; anything else is a pwb::Error listing these.
ImportedTemplate importTemplate(const std::string& text, const std::string& format = "auto");

}  // namespace pwb::prompt
