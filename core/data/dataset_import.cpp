#include "data/dataset_import.h"

#include "common/error.h"
#include "common/text_file.h"
#include "data/checksum.h"
#include "data/format_detect.h"
#include "data/importers.h"
#include "data/text_decode.h"

namespace pwb::data {
namespace {

Dataset importWith(const std::string& path, const ImportOptions& options,
                   const std::string& labelListSeparator) {
  const std::string bytes = readFileBytes(path, options.maxFileBytes);
  Dataset ds;
  ds.path = path;
  ds.checksum = fnv1a64(bytes);
  if (bytes.empty()) throw fileError(path, "the file is empty; expected one example per line");
  DecodedText decoded = decodeText(bytes, path);
  ds.encoding = decoded.encoding;
  ds.warnings = decoded.warnings;
  const std::vector<TextLine> lines = splitLines(decoded.text);

  std::string format = options.format.empty() ? "auto" : options.format;
  if (format == "auto") {
    format = detectFormat(lines).format;
  } else if (!isFormatName(format)) {
    std::string known;
    for (const auto& n : formatNames()) known += (known.empty() ? "" : ", ") + n;
    throw fileError(path, "unknown data format '" + format + "' (known: auto, " + known + ")");
  }
  ds.format = format;

  RowCollector rows(ds, options, decoded.badLines);
  ImportContext ctx{path, decoded.text, lines, options, ds, rows, labelListSeparator};
  if (format == "tsv")
    importDelimited(ctx, '\t', true, false);
  else if (format == "tsv-quoted")
    importDelimited(ctx, '\t', true, true);
  else if (format == "tsv-noheader")
    importDelimited(ctx, '\t', false, false);
  else if (format == "csv")
    importDelimited(ctx, ',', true, true);
  else if (format == "csv-noheader")
    importDelimited(ctx, ',', false, true);
  else if (format == "label-space")
    importLabelSpace(ctx);
  else if (format == "lines")
    importPlainLines(ctx);
  else if (format == "fasttext")
    importFastText(ctx);
  else if (format == "jsonl")
    importJsonl(ctx);
  else if (format == "mc-jsonl")
    importChoiceJsonl(ctx);
  else
    importPtb(ctx);
  rows.finish();
  if (format == "mc-jsonl" && !ds.unlabeled && options.labelNames.empty()) {
    // Every option letter is a class, also one that no row's answer is (a verbalizer names them all).
    ds.labels.clear();
    for (const auto& c : ds.columns)
      if (c.rfind("option_", 0) == 0) ds.labels.push_back(c.substr(7));
  }
  if (ds.examples.empty() && ds.problems.empty())
    throw fileError(path, "no examples found (the file has only blank lines or a header)");
  return ds;
}

}  // namespace

Dataset importDataset(const std::string& path, const ImportOptions& options) {
  return importWith(path, options, "");
}

Dataset importDatasetWithLabelLists(const std::string& path, const ImportOptions& options,
                                    const std::string& separator) {
  if (separator.empty()) throw Error("the label separator must not be empty");
  return importWith(path, options, separator);
}

}  // namespace pwb::data
