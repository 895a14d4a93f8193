#pragma once
// The one error type of core/: a sentence for the user plus where the problem is (file, line, column,
// key). Every entry point (CLI command, GUI action, worker thread) catches it and shows what() as is.
#include <stdexcept>
#include <string>

namespace pwb {

struct ErrorLocation {
  std::string file;  // path of the offending input, empty when not a file
  int line = 0;      // 1-based, 0 = unknown
  int column = 0;    // 1-based, 0 = unknown
  std::string key;   // JSON key, tensor name, column name ... empty when not applicable
};

class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& message, ErrorLocation where = {});
  const std::string& message() const { return message_; }  // the sentence without the location prefix
  const ErrorLocation& where() const { return where_; }

 private:
  std::string message_;
  ErrorLocation where_;
};

// Shorthands used by the readers: "<file>: <message>", "<file>:<line>: <message>", "<file>: key '<k>': ..."
Error fileError(const std::string& file, const std::string& message);
Error lineError(const std::string& file, int line, const std::string& message, int column = 0);
Error keyError(const std::string& file, const std::string& key, const std::string& message);

}  // namespace pwb
