#include "command_registry.h"

namespace pwb::cli {

std::vector<Command>& commands() {
  static std::vector<Command> all;
  return all;
}

CommandRegistrar::CommandRegistrar(Command c) {
  commands().push_back(std::move(c));
}

}  // namespace pwb::cli
