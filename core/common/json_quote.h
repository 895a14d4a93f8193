#pragma once
// Quoting an untrusted JSON value inside an error message. json::dump() recurses into arrays and objects
// (a value nested 100k levels deep overflows the stack) and copies every byte of a huge string into the
// message; quoteJsonValue() does neither.
#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>

namespace pwb {

// Numbers, booleans and null as written; strings quoted and cut after maxChars bytes (at a UTF-8 character
// boundary, then "..."); arrays and objects by type name and size only ("array of 3 elements").
std::string quoteJsonValue(const nlohmann::json& value, size_t maxChars = 64);

// An untrusted string for a message, unquoted: cut after maxChars bytes at a UTF-8 character boundary,
// then "... (N bytes)".
std::string clipForMessage(const std::string& text, size_t maxChars = 64);

}  // namespace pwb
