#pragma once
// What a template's field modifiers do to a data field's text before it is inserted into the prompt.
#include <string>
#include <vector>

#include "prompt/template.h"

namespace pwb::prompt {

// Applies the text modifiers in a fixed order whatever the order written: case of the first character
// (lower_first / upper_first), then the end (no_final_punct, drop_last), then the leading space (space).
// `shorten` does not change the text. Case changes cover ASCII and Latin-1 letters (À..Þ / à..þ).
std::string applyFieldModifiers(const std::string& value, const std::vector<FieldModifier>& modifiers);

std::string lowerFirst(const std::string& s);
std::string upperFirst(const std::string& s);
std::string withoutFinalPunctuation(const std::string& s);  // "a film ." -> "a film"; "wow?!" -> "wow"
std::string withoutLastCharacter(const std::string& s);     // the last UTF-8 character, as LM-BFF's text[:-1]

}  // namespace pwb::prompt
