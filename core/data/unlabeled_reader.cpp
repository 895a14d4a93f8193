#include "data/unlabeled_reader.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "common/error.h"
#include "data/format_detect.h"
#include "data/line_splitter.h"
#include "data/text_decode.h"

namespace pwb::data {
namespace {

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

bool isIdName(const std::string& name) {
  const auto n = lower(name);
  return n == "id" || n == "idx" || n == "guid" || n == "index";
}

bool isLabelName(const std::string& name) {
  const auto n = lower(name);
  return n == "label" || n == "labels" || n == "gold_label" || n == "class" || n == "target";
}

// Fields of one TSV line; a field wholly in double quotes is unquoted ("" -> ").
std::vector<std::string> splitTsv(const std::string& line) {
  std::vector<std::string> out;
  size_t start = 0;
  while (true) {
    const size_t tab = line.find('\t', start);
    std::string f = line.substr(start, tab == std::string::npos ? std::string::npos : tab - start);
    if (f.size() >= 2 && f.front() == '"' && f.back() == '"') {
      std::string u;
      for (size_t i = 1; i + 1 < f.size(); ++i) {
        u += f[i];
        if (f[i] == '"' && i + 2 < f.size() && f[i + 1] == '"') ++i;
      }
      f = u;
    }
    out.push_back(std::move(f));
    if (tab == std::string::npos) break;
    start = tab + 1;
  }
  return out;
}

// Fields of one CSV record (RFC 4180); false when a quote is left open.
bool splitCsv(const std::string& record, std::vector<std::string>& out) {
  out.clear();
  std::string field;
  bool quoted = false, wasQuoted = false;
  for (size_t i = 0; i < record.size(); ++i) {
    const char c = record[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < record.size() && record[i + 1] == '"') {
          field += '"';
          ++i;
        } else {
          quoted = false;
        }
      } else {
        field += c;
      }
    } else if (c == '"' && field.empty() && !wasQuoted) {
      quoted = wasQuoted = true;
    } else if (c == ',') {
      out.push_back(std::move(field));
      field.clear();
      wasQuoted = false;
    } else {
      field += c;
    }
  }
  out.push_back(std::move(field));
  return !quoted;
}

bool quotesOpen(const std::string& record) {
  return std::count(record.begin(), record.end(), '"') % 2 == 1;
}

int resolveColumn(const std::string& name, const std::vector<std::string>& header, bool hasHeader,
                  const std::string& path) {
  for (size_t i = 0; i < header.size() && hasHeader; ++i) {
    if (header[i] == name) return static_cast<int>(i);
  }
  if (!name.empty() && name.find_first_not_of("0123456789") == std::string::npos) {
    const long n = std::stol(name);
    if (n >= 1 && static_cast<size_t>(n) <= header.size()) return static_cast<int>(n - 1);
  }
  std::string list;
  for (size_t i = 0; i < header.size(); ++i)
    list += (i ? ", " : "") + (hasHeader ? "'" + header[i] + "'" : std::to_string(i + 1));
  throw fileError(path, "no column '" + name + "' (the columns are " + list + ")");
}

std::string scalarText(const nlohmann::ordered_json& v) {
  return v.is_string() ? v.get<std::string>() : v.dump();
}

}  // namespace

UnlabeledReader::UnlabeledReader(const std::string& path, const UnlabeledOptions& options)
    : path_(path), options_(options) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) throw fileError(path, "no such file");
  totalBytes_ = std::filesystem::file_size(path, ec);
  if (totalBytes_ == 0) throw fileError(path, "the file is empty");
  // The head decides the format, as `pwb data inspect` would decide it.
  std::string head;
  {
    std::ifstream probe(path, std::ios::binary);
    if (!probe) throw fileError(path, "cannot open the file");
    head.resize(static_cast<size_t>(std::min<uint64_t>(totalBytes_, 256 << 10)));
    probe.read(head.data(), static_cast<std::streamsize>(head.size()));
    head.resize(static_cast<size_t>(probe.gcount()));
  }
  if (head.find('\0') != std::string::npos)
    throw fileError(path, "binary content (NUL bytes), not a text file");
  if (head.size() < totalBytes_) {  // do not judge a cut last line
    const size_t lf = head.rfind('\n');
    if (lf != std::string::npos) head.resize(lf + 1);
  }
  const auto decoded = decodeText(head, path);
  const auto lines = splitLines(decoded.text);
  std::vector<TextLine> nonBlank;
  for (const auto& l : lines) {
    if (!trimView(l.text).empty()) nonBlank.push_back(l);
  }
  if (nonBlank.empty()) throw fileError(path, "no text in the file (only blank lines)");

  std::string fmt = options_.format;
  if (fmt == "auto") {
    const auto guess = detectFormat(nonBlank);
    fmt = guess.format;
    if (fmt == "ptb") fmt = "lines";
  }
  if (fmt == "label-space" || fmt == "fasttext") {
    stripLabel_ = true;
    notices_.push_back(path + " looks labelled (" + fmt +
                       " lines): the labels are not used, each line's text " +
                       "after its label is classified");
    fmt = "lines";
  }
  if (fmt == "tsv-quoted") fmt = "tsv";
  header_ = fmt == "tsv" || fmt == "csv";
  if (fmt == "tsv-noheader") fmt = "tsv";
  if (fmt == "csv-noheader") fmt = "csv";
  if (fmt != "lines" && fmt != "tsv" && fmt != "csv" && fmt != "jsonl")
    throw fileError(path, "cannot read the format '" + options_.format +
                              "' for predictions (expected auto, lines, tsv, csv or jsonl)");
  format_ = fmt;

  in_ = std::make_unique<std::ifstream>(path, std::ios::binary);
  if (!*in_) throw fileError(path, "cannot open the file");
  if (in_->peek() == 0xEF) {  // UTF-8 byte order mark
    char bom[3];
    in_->read(bom, 3);
    if (!(static_cast<unsigned char>(bom[1]) == 0xBB && static_cast<unsigned char>(bom[2]) == 0xBF)) {
      in_->seekg(0);
    } else {
      bytesRead_ = 3;
    }
  }

  if (format_ == "lines") {
    if (!options_.textFields.empty())
      throw fileError(path,
                      "plain lines have one text per line: no text fields to choose (use tsv, csv or jsonl)");
    columns_ = {"sentence"};
    return;
  }
  if (format_ == "jsonl") {
    textKeys_ = options_.textFields;
    columns_ = textKeys_;
    keysChosen_ = !textKeys_.empty();
    idKey_ = options_.idField;
    return;
  }
  // TSV / CSV: the header (or the first record's width) fixes the columns.
  std::string record;
  int line = 0;
  bool tooLong = false;
  std::vector<std::string> header;
  while (readRecord(record, line, tooLong)) {
    if (tooLong) throw lineError(path, line, "the first line is longer than the line limit");
    if (trimView(record).empty()) continue;
    if (format_ == "tsv") {
      header = splitTsv(record);
    } else if (!splitCsv(record, header)) {
      throw lineError(path, line, "unclosed quote in the header");
    }
    break;
  }
  if (header.empty()) throw fileError(path, "no header line");
  columnCount_ = header.size();
  if (!header_) {
    // No header: the first record is data; read it again.
    in_->clear();
    in_->seekg(0);
    lineNo_ = 0;
    bytesRead_ = 0;
    header.assign(columnCount_, "");
  }
  if (!options_.idField.empty()) {
    idIndex_ = resolveColumn(options_.idField, header, header_, path);
  } else if (header_) {
    for (size_t i = 0; i < header.size(); ++i) {
      if (isIdName(header[i])) {
        idIndex_ = static_cast<int>(i);
        break;
      }
    }
  }
  std::vector<std::string> labelColumns;
  if (!options_.textFields.empty()) {
    for (const auto& f : options_.textFields) textIndex_.push_back(resolveColumn(f, header, header_, path));
  } else {
    for (size_t i = 0; i < header.size(); ++i) {
      if (static_cast<int>(i) == idIndex_) continue;
      if (header_ && isLabelName(header[i])) {
        labelColumns.push_back(header[i]);
        continue;
      }
      textIndex_.push_back(static_cast<int>(i));
    }
  }
  if (header_) {
    for (const auto& h : header) {
      if (isLabelName(h) && std::find(labelColumns.begin(), labelColumns.end(), h) == labelColumns.end()) {
        bool chosen = false;
        for (int t : textIndex_) chosen = chosen || header[static_cast<size_t>(t)] == h;
        if (!chosen) labelColumns.push_back(h);
      }
    }
  }
  if (!labelColumns.empty())
    notices_.push_back(path + " has a label column ('" + labelColumns.front() +
                       "'): it is not used, the text columns are classified");
  if (textIndex_.empty()) throw fileError(path, "no text column (every column is a label or an id)");
  for (size_t i = 0; i < textIndex_.size(); ++i) {
    const auto& h = header[static_cast<size_t>(textIndex_[i])];
    columns_.push_back(header_ && !h.empty()    ? h
                       : textIndex_.size() == 1 ? "sentence"
                                                : (i == 0   ? "text_a"
                                                   : i == 1 ? "text_b"
                                                            : "text_" + std::to_string(i + 1)));
  }
}

UnlabeledReader::~UnlabeledReader() = default;

bool UnlabeledReader::readPhysicalLine(std::string& line, bool& tooLong) {
  line.clear();
  tooLong = false;
  auto* buf = in_->rdbuf();
  bool any = false;
  while (true) {
    const int c = buf->sbumpc();
    if (c == std::char_traits<char>::eof()) break;
    any = true;
    ++bytesRead_;
    if (c == '\n') break;
    if (line.size() < options_.maxLineBytes) {
      line += static_cast<char>(c);
    } else {
      tooLong = true;  // the rest of the line is read and dropped, never kept
    }
  }
  if (!any) return false;
  ++lineNo_;
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return true;
}

bool UnlabeledReader::readRecord(std::string& record, int& line, bool& tooLong) {
  if (!readPhysicalLine(record, tooLong)) return false;
  line = lineNo_;
  if (format_ != "csv") return true;
  // A quoted CSV field may hold line breaks: keep reading until the quotes close (within the line limit).
  std::string more;
  bool moreTooLong = false;
  while (!tooLong && quotesOpen(record) && readPhysicalLine(more, moreTooLong)) {
    if (moreTooLong || record.size() + more.size() + 1 > options_.maxLineBytes) {
      tooLong = true;
      break;
    }
    record += "\n" + more;
  }
  return true;
}

void UnlabeledReader::bad(int line, const std::string& message) {
  ++badRows_;
  if (problems_.size() < options_.keptProblems) problems_.push_back({path_, line, message});
}

bool UnlabeledReader::parse(const std::string& record, int line, UnlabeledRow& row) {
  row.line = line;
  row.fields.clear();
  row.id.clear();
  if (!isValidUtf8(record)) {
    bad(line, "not valid UTF-8");
    return false;
  }
  if (format_ == "lines") {
    std::string text = trimCopy(record);
    if (stripLabel_) {
      const size_t sp = text.find_first_of(" \t");
      text = sp == std::string::npos ? std::string() : trimCopy(std::string_view(text).substr(sp + 1));
    }
    if (text.empty()) {
      bad(line, "no text");
      return false;
    }
    row.fields.push_back(std::move(text));
    return true;
  }
  if (format_ == "jsonl") {
    nlohmann::ordered_json obj;
    try {
      obj = nlohmann::ordered_json::parse(record);
    } catch (const std::exception& e) {
      std::string what = e.what();
      bad(line, "invalid JSON: " + what.substr(what.find(']') == std::string::npos ? 0 : what.find(']') + 2));
      return false;
    }
    if (!obj.is_object()) {
      bad(line, "not a JSON object");
      return false;
    }
    if (!keysChosen_) {
      // The first valid object decides the text keys: every string value that is not a label or an id.
      for (auto it = obj.begin(); it != obj.end(); ++it) {
        if (isIdName(it.key()) || isLabelName(it.key()) || !it.value().is_string()) continue;
        textKeys_.push_back(it.key());
      }
      if (textKeys_.empty()) {
        bad(line, "no string field to classify (choose the fields with the text field option)");
        return false;
      }
      columns_ = textKeys_;
      keysChosen_ = true;
    }
    if (!labelKeySeen_) {
      for (auto it = obj.begin(); it != obj.end(); ++it) {
        if (isLabelName(it.key()) &&
            std::find(textKeys_.begin(), textKeys_.end(), it.key()) == textKeys_.end()) {
          labelKeySeen_ = true;
          notices_.push_back(path_ + " has a label key ('" + it.key() +
                             "'): it is not used, the text fields are classified");
          break;
        }
      }
    }
    if (idKey_.empty()) {
      for (auto it = obj.begin(); it != obj.end(); ++it) {
        if (isIdName(it.key())) {
          row.id = scalarText(it.value());
          break;
        }
      }
    } else if (obj.contains(idKey_)) {
      row.id = scalarText(obj[idKey_]);
    }
    for (const auto& k : textKeys_) {
      if (!obj.contains(k) || obj[k].is_null()) {
        bad(line, "no field '" + k + "'");
        return false;
      }
      row.fields.push_back(scalarText(obj[k]));
    }
  } else {
    std::vector<std::string> fields;
    if (format_ == "tsv") {
      fields = splitTsv(record);
    } else if (!splitCsv(record, fields)) {
      bad(line, "unclosed quote");
      return false;
    }
    if (fields.size() != columnCount_) {
      bad(line, "wrong column count: expected " + std::to_string(columnCount_) + ", found " +
                    std::to_string(fields.size()));
      return false;
    }
    if (idIndex_ >= 0) row.id = fields[static_cast<size_t>(idIndex_)];
    for (int t : textIndex_) row.fields.push_back(fields[static_cast<size_t>(t)]);
  }
  bool anyText = false;
  for (const auto& f : row.fields) anyText = anyText || !trimView(f).empty();
  if (!anyText) {
    bad(line, "no text");
    return false;
  }
  return true;
}

bool UnlabeledReader::next(size_t maxRows, std::vector<UnlabeledRow>& out) {
  out.clear();
  std::string record;
  int line = 0;
  bool tooLong = false;
  bool any = false;
  while (out.size() < std::max<size_t>(1, maxRows) && readRecord(record, line, tooLong)) {
    any = true;
    if (!tooLong && trimView(record).empty()) continue;  // blank lines are not rows
    UnlabeledRow row;
    row.row = rowsRead_++;
    if (tooLong) {
      bad(line, "line longer than " + std::to_string(options_.maxLineBytes) + " bytes");
      continue;
    }
    if (parse(record, line, row)) out.push_back(std::move(row));
  }
  return any || !out.empty();
}

}  // namespace pwb::data
