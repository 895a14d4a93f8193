// pwb — the Prompt Workbench command line tool. Dispatches to the self-registered sub-commands and turns
// every error into one clear line on stderr (exit 1), never a crash.
#include <algorithm>
#include <exception>
#include <iostream>

#include "command_registry.h"
#include "common/error.h"

namespace {

void printHelp() {
  auto cmds = pwb::cli::commands();
  std::sort(cmds.begin(), cmds.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  std::cout << "pwb " PWB_VERSION " - prompt-based learning on masked language models\n\n"
            << "Usage: pwb <command> [options]\n       pwb <command> --help\n\nCommands:\n";
  for (const auto& c : cmds) {
    std::cout << "  " << c.name << std::string(c.name.size() < 12 ? 12 - c.name.size() : 1, ' ') << c.summary
              << "\n";
  }
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    printHelp();
    return args.empty() ? 2 : 0;
  }
  if (args[0] == "--version") {
    std::cout << "pwb " PWB_VERSION "\n";
    return 0;
  }
  const auto& cmds = pwb::cli::commands();
  auto it = std::find_if(cmds.begin(), cmds.end(), [&](const auto& c) { return c.name == args[0]; });
  if (it == cmds.end()) {
    std::cerr << "pwb: unknown command '" << args[0] << "' (see pwb --help)\n";
    return 2;
  }
  try {
    return it->run(std::vector<std::string>(args.begin() + 1, args.end()));
  } catch (const std::exception& e) {
    std::cerr << "pwb " << it->name << ": error: " << e.what() << "\n";
    return 1;
  }
}
