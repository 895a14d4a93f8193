#pragma once
// Sub-commands of `pwb` register themselves from their own file (commands/<name>.cpp), so adding a
// command touches one new file and nothing else.
#include <functional>
#include <string>
#include <vector>

namespace pwb::cli {

struct Command {
  std::string name;                                         // "fill-mask"
  std::string summary;                                      // one line for `pwb --help`
  std::string usage;                                        // full text for `pwb <name> --help`
  std::function<int(const std::vector<std::string>&)> run;  // arguments after the command name
};

std::vector<Command>& commands();

struct CommandRegistrar {
  explicit CommandRegistrar(Command c);
};

}  // namespace pwb::cli
