// TSV/CSV files. Plain TSV (GLUE SST-2) is split on TABs with quotes kept literally; quoted files
// (HF RTE export, CSV) follow RFC 4180: a quoted field may hold delimiters, newlines and doubled quotes.
#include <cctype>
#include <optional>

#include "common/error.h"
#include "data/importers.h"

namespace pwb::data {
namespace {

struct Record {
  std::vector<std::string> fields;
  int line = 0;      // where it starts
  int lastLine = 0;  // where it ends (quoted newlines)
};

// Reads records from the lines, quoted (RFC 4180) or not. Errors go to the collector; after an
// unterminated quote the reader resumes on the line after the one where the quote opened.
class RecordReader {
 public:
  RecordReader(ImportContext& ctx, char delimiter, bool quoted)
      : ctx_(ctx), delim_(delimiter), quoted_(quoted) {}

  // Next record, skipping blank and rejected lines; nullopt at the end.
  std::optional<Record> next() {
    while (index_ < ctx_.lines.size()) {
      const TextLine& line = ctx_.lines[index_];
      if (trimView(line.text).empty()) {
        ctx_.rows.blankLine(line.number);
        ++index_;
        continue;
      }
      if (!ctx_.rows.acceptLine(line)) {
        ++index_;
        continue;
      }
      if (!quoted_) {
        ++index_;
        return splitPlain(line);
      }
      const size_t start = index_;
      std::string error;
      auto rec = parseQuoted(error);
      if (rec) return rec;
      ctx_.rows.problem(ctx_.lines[start].number, error);
      index_ = resume_;
    }
    return std::nullopt;
  }

 private:
  Record splitPlain(const TextLine& line) const {
    Record r;
    r.line = r.lastLine = line.number;
    size_t start = 0;
    while (true) {
      const size_t end = line.text.find(delim_, start);
      r.fields.emplace_back(line.text.substr(start, end == std::string_view::npos ? end : end - start));
      if (end == std::string_view::npos) break;
      start = end + 1;
    }
    return r;
  }

  // RFC 4180 over possibly several physical lines starting at index_.
  std::optional<Record> parseQuoted(std::string& error) {
    const size_t start = index_;
    Record r;
    r.line = ctx_.lines[index_].number;
    std::string_view text = ctx_.lines[index_].text;
    size_t pos = 0;
    size_t bytes = 0;
    int badLine = 0;  // first continuation line with undecodable bytes
    std::string field;
    while (true) {
      if (pos < text.size() && text[pos] == '"') {
        ++pos;
        while (true) {
          if (pos >= text.size()) {
            // The quoted field goes on in the next physical line.
            if (index_ + 1 >= ctx_.lines.size() || bytes > ctx_.options.maxLineBytes) {
              error = "unterminated quoted field (the quote opened here is never closed)";
              resume_ = start + 1;
              return std::nullopt;
            }
            field += '\n';
            ++index_;
            if (ctx_.rows.badEncoding(ctx_.lines[index_].number) && badLine == 0)
              badLine = ctx_.lines[index_].number;
            text = ctx_.lines[index_].text;
            bytes += text.size();
            pos = 0;
            continue;
          }
          const char c = text[pos++];
          if (c != '"') {
            field += c;
          } else if (pos < text.size() && text[pos] == '"') {
            field += '"';
            ++pos;
          } else {
            break;  // closing quote
          }
        }
        // After a closing quote only a delimiter or the end of the record may follow; anything else is
        // kept literally, as Python's csv module does.
        while (pos < text.size() && text[pos] != delim_) field += text[pos++];
      } else {
        const size_t end = text.find(delim_, pos);
        field += text.substr(pos, end == std::string_view::npos ? end : end - pos);
        pos = end == std::string_view::npos ? text.size() : end;
      }
      r.fields.push_back(std::move(field));
      field.clear();
      if (pos < text.size() && text[pos] == delim_) {
        ++pos;
        continue;
      }
      break;
    }
    r.lastLine = ctx_.lines[index_].number;
    ++index_;
    if (badLine != 0) {
      // The record is complete, so reading goes on after it; only this record is dropped.
      error = "bad encoding: bytes that are neither UTF-8 nor Windows-1252 on line " +
              std::to_string(badLine) + ", inside a quoted field";
      resume_ = index_;
      return std::nullopt;
    }
    return r;
  }

  ImportContext& ctx_;
  char delim_;
  bool quoted_;
  size_t index_ = 0;
  size_t resume_ = 0;  // where to go on after a bad quoted record
};

bool isIdColumn(std::string name) {
  for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return name == "idx" || name == "id" || name == "guid" || name == "index";
}

bool isLabelName(std::string name) {
  for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return name == "label" || name == "labels" || name == "gold_label" || name == "class" || name == "target";
}

// A label value is a short single token; numeric ones are the strongest hint.
bool looksLikeLabel(std::string_view v) {
  v = trimView(v);
  return !v.empty() && v.size() <= 32 && v.find_first_of(" \t\n") == std::string_view::npos;
}

bool isNumber(std::string_view v) {
  v = trimView(v);
  return !v.empty() && v.find_first_not_of("-0123456789") == std::string_view::npos;
}

std::string columnList(const std::vector<std::string>& header) {
  std::string s;
  for (size_t i = 0; i < header.size(); ++i) s += (i ? ", " : "") + header[i];
  return s;
}

}  // namespace

int resolveColumn(const std::string& spec, const std::vector<std::string>& header) {
  for (size_t i = 0; i < header.size(); ++i)
    if (header[i] == spec) return static_cast<int>(i);
  if (!spec.empty() && spec.size() < 6 && spec.find_first_not_of("0123456789") == std::string::npos) {
    const int n = std::stoi(spec);
    if (n >= 1 && n <= static_cast<int>(header.size())) return n - 1;
  }
  return -1;
}

void importDelimited(ImportContext& ctx, char delimiter, bool hasHeader, bool quoted) {
  RecordReader reader(ctx, delimiter, quoted);
  std::vector<std::string> header;
  std::optional<Record> first = reader.next();
  if (!first) return;
  if (hasHeader) {
    for (auto& h : first->fields) header.push_back(trimCopy(h));
    first.reset();
  } else {
    for (size_t i = 0; i < first->fields.size(); ++i) header.push_back("column" + std::to_string(i + 1));
  }
  const std::string what = hasHeader ? "header" : "first row";

  // Label column: as asked, else a column named like a label, else (headerless) the last short one.
  int labelCol = -1;
  if (!ctx.options.labelColumn.empty()) {
    labelCol = resolveColumn(ctx.options.labelColumn, header);
    if (labelCol < 0)
      throw fileError(ctx.path, "label column '" + ctx.options.labelColumn + "' is not in the " + what +
                                    " (" + columnList(header) + ")");
  } else if (ctx.options.fixedLabel.empty()) {
    for (size_t i = 0; i < header.size() && labelCol < 0; ++i)
      if (hasHeader && isLabelName(header[i])) labelCol = static_cast<int>(i);
    if (labelCol < 0 && !hasHeader && header.size() >= 2) {
      const auto& f = first->fields;
      labelCol =
          looksLikeLabel(f.back()) ? static_cast<int>(f.size()) - 1 : (looksLikeLabel(f.front()) ? 0 : -1);
    }
    if (labelCol < 0 && hasHeader && header.size() >= 2) labelCol = static_cast<int>(header.size()) - 1;
  }

  std::vector<int> textCols;
  for (const auto& spec : ctx.options.textColumns) {
    const int c = resolveColumn(spec, header);
    if (c < 0)
      throw fileError(ctx.path,
                      "text column '" + spec + "' is not in the " + what + " (" + columnList(header) + ")");
    textCols.push_back(c);
  }
  if (textCols.empty())
    for (size_t i = 0; i < header.size(); ++i)
      if (static_cast<int>(i) != labelCol && !(hasHeader && isIdColumn(header[i])))
        textCols.push_back(static_cast<int>(i));
  if (textCols.empty()) throw fileError(ctx.path, "no text column left besides the label column");

  ctx.ds.columns.clear();
  for (size_t i = 0; i < textCols.size(); ++i) {
    if (hasHeader)
      ctx.ds.columns.push_back(header[static_cast<size_t>(textCols[i])]);
    else
      ctx.ds.columns.push_back(textCols.size() == 1 ? "sentence"
                                                    : (i == 0   ? "text_a"
                                                       : i == 1 ? "text_b"
                                                                : "text_" + std::to_string(i + 1)));
  }

  auto handle = [&](const Record& r) {
    if (r.fields.size() != header.size()) {
      ctx.rows.problem(r.line, "wrong column count: expected " + std::to_string(header.size()) + " (" +
                                   columnList(header) + "), found " + std::to_string(r.fields.size()));
      return;
    }
    std::string label;
    if (labelCol >= 0) {
      label = trimCopy(r.fields[static_cast<size_t>(labelCol)]);
      if (label.empty()) {
        ctx.rows.problem(r.line, "missing label in column '" + header[static_cast<size_t>(labelCol)] + "'");
        return;
      }
    }
    std::vector<std::string> fields;
    for (int c : textCols) fields.push_back(r.fields[static_cast<size_t>(c)]);
    ctx.rows.add(r.line, std::move(fields), std::move(label));
  };
  if (first) handle(*first);
  while (!ctx.rows.full()) {
    auto r = reader.next();
    if (!r) break;
    handle(*r);
  }
}

}  // namespace pwb::data
