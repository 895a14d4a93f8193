// Field modifiers as text transformations (LM-BFF's sentl / sentu / sent- / +sent variants).
#include "prompt/field_text.h"

namespace pwb::prompt {
namespace {

bool isTrailingPunct(char c) {
  return c == '.' || c == '!' || c == '?' || c == ',' || c == ';' || c == ':';
}

bool isSpace(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

// Shifts the first character between the cases: ASCII, and Latin-1 letters encoded as C3 80..C3 BE.
std::string shiftFirst(const std::string& s, bool toLower) {
  if (s.empty()) return s;
  std::string out = s;
  const auto c0 = static_cast<unsigned char>(s[0]);
  if (toLower && c0 >= 'A' && c0 <= 'Z') {
    out[0] = static_cast<char>(c0 + 32);
  } else if (!toLower && c0 >= 'a' && c0 <= 'z') {
    out[0] = static_cast<char>(c0 - 32);
  } else if (c0 == 0xC3 && s.size() >= 2) {
    const auto c1 = static_cast<unsigned char>(s[1]);
    // U+00C0..U+00DE upper, U+00E0..U+00FE lower; U+00D7 (×) and U+00F7 (÷) are not letters.
    if (toLower && c1 >= 0x80 && c1 <= 0x9E && c1 != 0x97) out[1] = static_cast<char>(c1 + 0x20);
    if (!toLower && c1 >= 0xA0 && c1 <= 0xBE && c1 != 0xB7) out[1] = static_cast<char>(c1 - 0x20);
  }
  return out;
}

}  // namespace

std::string lowerFirst(const std::string& s) {
  return shiftFirst(s, true);
}
std::string upperFirst(const std::string& s) {
  return shiftFirst(s, false);
}

std::string withoutFinalPunctuation(const std::string& s) {
  size_t end = s.size();
  while (end > 0 && (isSpace(s[end - 1]) || isTrailingPunct(s[end - 1]))) --end;
  return s.substr(0, end);
}

std::string withoutLastCharacter(const std::string& s) {
  if (s.empty()) return s;
  size_t end = s.size() - 1;
  while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) --end;
  return s.substr(0, end);
}

std::string applyFieldModifiers(const std::string& value, const std::vector<FieldModifier>& modifiers) {
  auto has = [&](FieldModifier m) {
    for (FieldModifier x : modifiers) {
      if (x == m) return true;
    }
    return false;
  };
  std::string out = value;
  if (has(FieldModifier::LowerFirst)) out = lowerFirst(out);
  if (has(FieldModifier::UpperFirst)) out = upperFirst(out);
  if (has(FieldModifier::NoFinalPunct)) out = withoutFinalPunctuation(out);
  if (has(FieldModifier::DropLast)) out = withoutLastCharacter(out);
  if (has(FieldModifier::Space)) out = " " + out;
  return out;
}

}  // namespace pwb::prompt
