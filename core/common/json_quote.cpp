#include "common/json_quote.h"

namespace pwb {

namespace {

size_t cutPoint(const std::string& s, size_t maxChars) {
  if (s.size() <= maxChars) return s.size();
  size_t cut = maxChars;
  // Back off continuation bytes (10xxxxxx) so the cut does not split a character.
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  return cut;
}

std::string sizeNote(const std::string& s, size_t cut) {
  return cut < s.size() ? "... (" + std::to_string(s.size()) + " bytes)" : std::string();
}

}  // namespace

std::string clipForMessage(const std::string& text, size_t maxChars) {
  const size_t cut = cutPoint(text, maxChars);
  return text.substr(0, cut) + sizeNote(text, cut);
}

std::string quoteJsonValue(const nlohmann::json& value, size_t maxChars) {
  if (value.is_array()) {
    return "array of " + std::to_string(value.size()) + (value.size() == 1 ? " element" : " elements");
  }
  if (value.is_object()) {
    return "object of " + std::to_string(value.size()) + (value.size() == 1 ? " key" : " keys");
  }
  if (value.is_string()) {
    const std::string& s = value.get_ref<const std::string&>();
    const size_t cut = cutPoint(s, maxChars);
    // replace: a string built in memory (not parsed) may hold invalid UTF-8, and dump() would throw.
    std::string quoted =
        nlohmann::json(s.substr(0, cut)).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    return quoted + sizeNote(s, cut);
  }
  if (value.is_binary()) return "binary value";  // not produced by the text parser, but dump() would recurse
  return value.dump();                           // number, boolean, null, discarded: no recursion
}

}  // namespace pwb
