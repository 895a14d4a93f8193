// pwb — the Prompt Workbench command line tool. Dispatches to the self-registered sub-commands and turns
// every error into one clear line on stderr, never a crash: exit 2 when the command line itself is wrong
// (unknown command or option, missing value), 1 when the command failed.
#include <algorithm>
#include <exception>
#include <iostream>

#include "cli_args.h"
#include "command_registry.h"
#include "common/allocator_tuning.h"
#include "common/blas_tuning.h"
#include "common/error.h"

namespace {

std::vector<pwb::cli::Command> sortedCommands() {
  auto cmds = pwb::cli::commands();
  std::sort(cmds.begin(), cmds.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  return cmds;
}

void printHelp(std::ostream& out) {
  out << "pwb " PWB_VERSION " - prompt-based learning on masked language models\n\n"
      << "Usage: pwb <command> [options]\n"
      << "       pwb <command> --help      every option of a command\n"
      << "       pwb --version\n\nCommands:\n";
  for (const auto& c : sortedCommands()) {
    out << "  " << c.name << std::string(c.name.size() < 12 ? 12 - c.name.size() : 1, ' ') << c.summary
        << "\n";
  }
  out << "\nOptions shared by the commands (the same name means the same thing everywhere):\n"
      << "  --model DIR           Hugging Face BERT/RoBERTa folder (default: the bundled demo-bert-mini)\n"
      << "  --data FILE           data file, format detected from its content\n"
      << "  --data-format F       data format instead of detection (train: --train-format, --test-format)\n"
      << "  --output-format F     format of the output: md, csv or json (export: bundle or peft)\n"
      << "  --json                JSON output, short for --output-format json\n"
      << "  --k K                 K-shot: K examples per class\n"
      << "  --limit N             use (or list) at most N examples\n"
      << "  --nearest N           vocabulary tokens nearest to each soft vector\n"
      << "  --device D            auto (default: CUDA when available, else CPU), cpu, cuda or cuda:N\n"
      << "  --threads N           CPU threads (default: all cores)\n"
      << "\nTemplates look like \"{s} it was [MASK] .\", verbalizers like \"1=great;0=terrible\".\n"
      << "Example: pwb fill-mask \"the movie was [MASK] .\"\n"
      << "The demo model and data are found next to the program (../share/prompt-workbench) or in\n"
      << "$PWB_RESOURCES. See also: man pwb.\n";
}

const pwb::cli::Command* findCommand(const std::string& name) {
  for (const auto& c : pwb::cli::commands())
    if (c.name == name) return &c;
  return nullptr;
}

int unknownCommand(const std::string& name) {
  std::cerr << "pwb: unknown command '" << name << "'";
  for (const auto& c : sortedCommands()) {
    if (pwb::cli::editDistance(name, c.name) <= 2) {
      std::cerr << " (did you mean '" << c.name << "'?)";
      break;
    }
  }
  std::cerr << "; see pwb --help\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  pwb::common::restartWithTunedBlasIfNeeded();  // before any torch work: 6-8x faster fp32 GEMM
  pwb::common::keepFreedMemoryForReuse();       // no page faults for each step's tensors again
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) {
    printHelp(std::cerr);
    return 2;
  }
  if (args[0] == "--help" || args[0] == "-h") {
    printHelp(std::cout);
    return 0;
  }
  if (args[0] == "help") {  // "pwb help" and "pwb help <command>"
    if (args.size() == 1) {
      printHelp(std::cout);
      return 0;
    }
    const pwb::cli::Command* c = findCommand(args[1]);
    if (!c) return unknownCommand(args[1]);
    // The command's own --help: the same text as `pwb <command> --help`, also where it is assembled at run
    // time (pwb sweep lists the sub-commands that registered themselves).
    try {
      return c->run({"--help"});
    } catch (const std::exception&) {
      std::cout << c->usage;
      return 0;
    }
  }
  if (args[0] == "--version" || args[0] == "-V") {
    std::cout << "pwb " PWB_VERSION "\n";
    return 0;
  }
  const pwb::cli::Command* c = findCommand(args[0]);
  if (!c) return unknownCommand(args[0]);
  try {
    return c->run(std::vector<std::string>(args.begin() + 1, args.end()));
  } catch (const pwb::cli::UsageError& e) {
    std::cerr << "pwb " << c->name << ": error: " << e.what() << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "pwb " << c->name << ": error: " << e.what() << "\n";
    return 1;
  }
}
