// pwb tokenize: shows how a model's tokenizer splits a text (or a pair): id, token, character offsets
// and segment per token, as a table or as JSON for scripts and the GUI.
#include <iomanip>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli_args.h"
#include "command_registry.h"
#include "common/error.h"
#include "common/paths.h"
#include "tokenize/tokenizer.h"

namespace {

const char* kUsage =
    "Usage: pwb tokenize [--model DIR] [--pair TEXT_B] [--raw] [--json] \"TEXT\"\n"
    "\n"
    "Encodes TEXT with the tokenizer of the model folder DIR (tokenizer.json, or vocab.txt /\n"
    "vocab.json + merges.txt) and prints one line per token: index, id, token, character offsets\n"
    "[begin, end) into its text (code points), token type id and sequence (A, B, or - for special tokens).\n"
    "\n"
    "Options:\n"
    "  --model DIR    model folder with the tokenizer files (default: the bundled demo-bert-mini)\n"
    "  --pair TEXT_B  encode the pair (TEXT, TEXT_B), as for sentence-pair tasks\n"
    "  --raw          no special tokens ([CLS]/[SEP], <s>/</s>)\n"
    "  --json         print {\"tokens\": [{\"id\", \"token\", \"begin\", \"end\", \"type_id\", "
    "\"sequence\"}...]}\n";

// Pads to a width in characters (not bytes), so tokens like "Ġgreat" or "上" line up.
std::string padRight(const std::string& s, size_t width) {
  size_t chars = 0;
  for (unsigned char c : s) chars += (c & 0xC0) != 0x80;
  return chars >= width ? s : s + std::string(width - chars, ' ');
}

int run(const std::vector<std::string>& argv) {
  const pwb::cli::Args args(argv, {"model", "pair"}, {"json", "raw"});
  if (args.help()) {
    std::cout << kUsage;
    return 0;
  }
  if (args.positionals().size() != 1)
    throw pwb::cli::UsageError("expected exactly one TEXT argument (quote it), see pwb tokenize --help");
  const std::string& text = args.positionals()[0];
  auto tok = pwb::tokenize::loadTokenizer(args.get("model", pwb::demoModelDir()));
  if (args.has("raw") && args.has("pair")) throw pwb::Error("--raw and --pair cannot be combined");
  const pwb::tokenize::Encoding e = args.has("pair")  ? tok->encodePair(text, args.get("pair"))
                                    : args.has("raw") ? tok->encodeRaw(text)
                                                      : tok->encode(text);
  if (args.has("json")) {
    nlohmann::json out = {{"kind", tok->kind()}, {"tokens", nlohmann::json::array()}};
    for (size_t i = 0; i < e.size(); ++i)
      out["tokens"].push_back({{"id", e.ids[i]},
                               {"token", e.tokens[i]},
                               {"begin", e.offsets[i].first},
                               {"end", e.offsets[i].second},
                               {"type_id", e.typeIds[i]},
                               {"sequence", e.sequenceIds[i]},
                               {"special", e.specialMask[i] != 0}});
    // Replace rather than throw on bytes that are not UTF-8 (a token can be part of a character).
    std::cout << out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    return 0;
  }
  std::cout << std::setw(5) << "#" << std::setw(8) << "id"
            << "  " << std::left << std::setw(20) << "token" << std::right << std::setw(12) << "offsets"
            << std::setw(6) << "type" << std::setw(5) << "seq"
            << "\n";
  for (size_t i = 0; i < e.size(); ++i) {
    const std::string offsets =
        "[" + std::to_string(e.offsets[i].first) + "," + std::to_string(e.offsets[i].second) + ")";
    const int seq = e.sequenceIds[i];
    std::cout << std::setw(5) << i << std::setw(8) << e.ids[i] << "  " << padRight(e.tokens[i], 20)
              << std::setw(12) << offsets << std::setw(6) << e.typeIds[i] << std::setw(5)
              << (seq < 0    ? "-"
                  : seq == 0 ? "A"
                             : "B")
              << "\n";
  }
  std::cout << e.size() << " tokens (" << tok->kind() << ", vocabulary " << tok->vocabSize() << ")\n";
  return 0;
}

const pwb::cli::CommandRegistrar reg{{"tokenize", "show the tokens, ids and offsets of a text", kUsage, run}};

}  // namespace
