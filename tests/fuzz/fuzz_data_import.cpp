// Fuzzes every data-set importer through importDataset on a scratch file: format detection ("auto") and
// each format forced, in skip and stop modes. The first input byte picks the format and the mode.
#include <cstdint>
#include <string>
#include <vector>

#include "common/error.h"
#include "data/dataset_import.h"
#include "data/format_detect.h"
#include "fuzz_support.h"

using namespace pwb::data;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  const std::vector<std::string>& formats = formatNames();
  const size_t pick = data[0] % (formats.size() + 1);
  ImportOptions options;
  options.format = pick == formats.size() ? "auto" : formats[pick];
  options.onBadRow = (data[0] & 0x80) ? OnBadRow::Stop : OnBadRow::Skip;
  options.maxLineBytes = 4096;  // small enough that the fuzzer reaches the long-line path
  if (data[0] & 0x40) {
    options.fixedLabel = "1";
    options.labelNames = {{"0", "negative"}, {"1", "positive"}};
  }
  const std::string path = pwb::fuzz::writeScratch("input", data + 1, size - 1);
  try {
    const Dataset ds = importDataset(path, options);
    volatile size_t sink = ds.columns.size();
    for (const auto& ex : ds.examples) sink += ex.label.size();
    (void)sink;
  } catch (const pwb::Error&) {
  }
  return 0;
}
