#include "data/pandas_csv.h"

#include <algorithm>
#include <cstdlib>

#include "common/error.h"
#include "data/text_decode.h"

namespace pwb::data {
namespace {

using Field = std::optional<std::string>;

// pandas 1.5's default na_values (pandas/_libs/parsers.pyx STR_NA_VALUES).
bool isNaString(const std::string& s) {
  static const std::vector<std::string> na = {"",     "#N/A", "#N/A N/A", "#NA",     "-1.#IND", "-1.#QNAN",
                                              "-NaN", "-nan", "1.#IND",   "1.#QNAN", "<NA>",    "N/A",
                                              "NA",   "NULL", "NaN",      "n/a",     "nan",     "null"};
  return std::find(na.begin(), na.end(), s) != na.end();
}

bool isBlank(char c) {
  return c == ' ' || c == '\t';
}

// pandas' str_to_int64: optional surrounding spaces/tabs, an optional sign, digits, within int64.
// Returns the canonical decimal text.
std::optional<std::string> asInteger(const std::string& s) {
  size_t b = 0, e = s.size();
  while (b < e && isBlank(s[b])) ++b;
  while (e > b && isBlank(s[e - 1])) --e;
  bool negative = false;
  if (b < e && (s[b] == '+' || s[b] == '-')) negative = s[b++] == '-';
  if (b == e) return std::nullopt;
  for (size_t i = b; i < e; ++i)
    if (s[i] < '0' || s[i] > '9') return std::nullopt;
  while (b + 1 < e && s[b] == '0') ++b;
  std::string digits = s.substr(b, e - b);
  const std::string limit = negative ? "9223372036854775808" : "9223372036854775807";
  if (digits.size() > limit.size() || (digits.size() == limit.size() && digits > limit)) return std::nullopt;
  if (digits == "0") negative = false;
  return (negative ? "-" : "") + digits;
}

// A number pandas would parse as a float: decimal digits with an optional point and exponent, or inf /
// infinity with an optional sign (any case). Decides only whether a column is refused.
bool isFloatLike(const std::string& s) {
  size_t b = 0, e = s.size();
  while (b < e && isBlank(s[b])) ++b;
  while (e > b && isBlank(s[e - 1])) --e;
  if (b == e) return false;
  std::string t = s.substr(b, e - b);
  std::string lower;
  for (char c : t) lower.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c));
  if (lower[0] == '+' || lower[0] == '-') lower.erase(0, 1);
  if (lower == "inf" || lower == "infinity") return true;
  if (t.find_first_not_of("0123456789+-.eE") != std::string::npos) return false;
  char* end = nullptr;
  std::strtod(t.c_str(), &end);
  return end == t.c_str() + t.size();
}

std::optional<bool> asBoolean(const std::string& s) {
  if (s == "True" || s == "TRUE" || s == "true") return true;
  if (s == "False" || s == "FALSE" || s == "false") return false;
  return std::nullopt;
}

class Tokenizer {
 public:
  Tokenizer(const std::string& bytes, const std::string& origin) : s_(bytes), origin_(origin) {
    if (s_.compare(0, 3, "\xEF\xBB\xBF") == 0) i_ = 3;
  }

  // Reads the next record; false at the end of the input.
  bool next(std::vector<std::string>& fields, int& startLine) {
    fields.clear();
    skipBlankLines();
    if (i_ >= s_.size()) return false;
    startLine = line_;
    std::string cur;
    for (;;) {
      if (i_ >= s_.size()) {  // end of input ends the record
        fields.push_back(std::move(cur));
        return true;
      }
      const char c = s_[i_];
      if (c == '"' && cur.empty() && atFieldStart_) {
        readQuoted(cur, startLine);
        atFieldStart_ = false;
        continue;
      }
      ++i_;
      if (c == ',') {
        fields.push_back(std::move(cur));
        cur.clear();
        atFieldStart_ = true;
      } else if (c == '\n' || c == '\r') {
        if (c == '\r') requireCrLf(i_);
        if (c == '\r') ++i_;
        ++line_;
        fields.push_back(std::move(cur));
        atFieldStart_ = true;
        return true;
      } else {
        cur.push_back(c);
        atFieldStart_ = false;
      }
    }
  }

 private:
  // Empty lines and lines of only spaces/tabs are not records (skip_blank_lines=True).
  void skipBlankLines() {
    for (;;) {
      size_t j = i_;
      while (j < s_.size() && isBlank(s_[j])) ++j;
      if (j >= s_.size()) {
        i_ = j;
        return;
      }
      if (s_[j] == '\n' || s_[j] == '\r') {
        if (s_[j] == '\r') {
          requireCrLf(j + 1);
          ++j;
        }
        i_ = j + 1;
        ++line_;
        continue;
      }
      return;
    }
  }

  // pandas' C tokenizer mishandles a carriage return that is not followed by a line feed outside quotes
  // (it drops a following comma, re-reads earlier text after a blank line, or starts a file with an
  // extra empty row), so such files are refused rather than written differently. `next` is the index
  // after the '\r'.
  void requireCrLf(size_t next) const {
    if (next < s_.size() && s_[next] == '\n') return;
    throw lineError(origin_, line_,
                    "a carriage return without a line feed outside quotes: pandas' reading of such files is "
                    "not reproduced (convert the line ends to \\n or \\r\\n)");
  }

  // At an opening quote: reads up to the closing quote ("" is one quote); the caller continues the field.
  void readQuoted(std::string& cur, int startLine) {
    ++i_;
    for (;;) {
      if (i_ >= s_.size())
        throw lineError(origin_, startLine, "the quoted field that starts in this row is never closed");
      const char c = s_[i_++];
      if (c == '"') {
        if (i_ < s_.size() && s_[i_] == '"') {
          cur.push_back('"');
          ++i_;
          continue;
        }
        return;
      }
      if (c == '\n' || (c == '\r' && !(i_ < s_.size() && s_[i_] == '\n'))) ++line_;
      cur.push_back(c);
    }
  }

  const std::string& s_;
  const std::string& origin_;
  size_t i_ = 0;
  int line_ = 1;
  bool atFieldStart_ = true;
};

std::string csvQuote(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

}  // namespace

void requireUtf8(const std::string& bytes, const std::string& origin, const std::string& reader) {
  if (isValidUtf8(bytes)) return;
  int line = 1;
  size_t start = 0;
  while (start <= bytes.size()) {
    size_t end = bytes.find('\n', start);
    if (end == std::string::npos) end = bytes.size();
    if (!isValidUtf8(bytes.substr(start, end - start)))
      throw lineError(origin, line, "not UTF-8: " + reader + " reads UTF-8 only");
    start = end + 1;
    ++line;
  }
  throw fileError(origin, "not UTF-8: " + reader + " reads UTF-8 only");
}

PandasCsvTable readPandasCsv(const std::string& bytes, const std::string& origin) {
  requireUtf8(bytes, origin, "LM-BFF's pandas reader");
  PandasCsvTable t;
  Tokenizer tok(bytes, origin);
  std::vector<std::string> fields;
  int line = 0;
  size_t columns = 0;
  while (tok.next(fields, line)) {
    if (t.rows.empty()) columns = fields.size();
    if (fields.size() > columns)
      throw lineError(origin, line,
                      "expected " + std::to_string(columns) + " fields (as in the first row), saw " +
                          std::to_string(fields.size()));
    std::vector<Field> row;
    for (auto& f : fields) row.push_back(isNaString(f) ? Field{} : Field{std::move(f)});
    row.resize(columns);
    t.rows.push_back(std::move(row));
    t.lines.push_back(line);
  }
  if (t.rows.empty()) throw fileError(origin, "no rows");
  for (size_t c = 0; c < columns; ++c) {
    bool anyMissing = false, anyPresent = false, allInt = true, allBool = true, allNumeric = true;
    for (const auto& row : t.rows) {
      if (!row[c]) {
        anyMissing = true;
        continue;
      }
      anyPresent = true;
      const bool isInt = asInteger(*row[c]).has_value();
      allInt = allInt && isInt;
      allBool = allBool && asBoolean(*row[c]).has_value();
      allNumeric = allNumeric && (isInt || isFloatLike(*row[c]));
    }
    using T = PandasCsvTable::ColumnType;
    T type = T::Text;
    if (!anyPresent)
      type = T::AllMissing;
    else if (allInt)
      type = anyMissing ? T::IntegerWithMissing : T::Integer;
    else if (allBool)
      type = T::Boolean;
    else if (allNumeric)
      throw keyError(origin, "column " + std::to_string(c + 1),
                     "holds non-integer numbers, which pandas would rewrite in its float format: "
                     "not reproduced here");
    if (type == T::IntegerWithMissing) {
      for (size_t r = 0; r < t.rows.size(); ++r) {
        const auto& v = t.rows[r][c];
        if (v && asInteger(*v)->size() > 16)
          throw lineError(origin, t.lines[r],
                          "column " + std::to_string(c + 1) +
                              " mixes missing values with an integer of 16 or more digits, which pandas "
                              "would rewrite in float notation: not reproduced here");
      }
    }
    t.types.push_back(type);
  }
  // LM-BFF takes rows through DataFrame.values: when no column holds text or booleans and one has missing
  // values, that array is float64, so the integers of every column come back as floats ("7.0").
  using T = PandasCsvTable::ColumnType;
  const bool allNumeric = std::all_of(t.types.begin(), t.types.end(), [](T c) {
    return c == T::Integer || c == T::IntegerWithMissing || c == T::AllMissing;
  });
  const bool anyFloat = std::any_of(t.types.begin(), t.types.end(),
                                    [](T c) { return c == T::IntegerWithMissing || c == T::AllMissing; });
  if (allNumeric && anyFloat) {
    for (auto& c : t.types)
      if (c == T::Integer) c = T::IntegerWithMissing;
    for (size_t r = 0; r < t.rows.size(); ++r)
      for (const auto& v : t.rows[r])
        if (v && asInteger(*v)->size() > 16)
          throw lineError(origin, t.lines[r],
                          "an integer of 16 or more digits in a table that pandas turns into floats: not "
                          "reproduced here");
  }
  return t;
}

std::string PandasCsvTable::cellText(size_t row, size_t column) const {
  const auto& v = rows.at(row).at(column);
  if (!v) return "";
  switch (types.at(column)) {
    case ColumnType::Integer:
      return *asInteger(*v);
    case ColumnType::IntegerWithMissing: {
      const std::string digits = *asInteger(*v);
      // Python's repr of a float: 15 or fewer digits stay positional with ".0" (16+ digits were refused).
      return digits + ".0";
    }
    case ColumnType::Boolean:
      return *asBoolean(*v) ? "True" : "False";
    case ColumnType::Text:
    case ColumnType::AllMissing:
      break;
  }
  return *v;
}

std::string PandasCsvTable::csvLine(size_t row) const {
  const size_t n = rows.at(row).size();
  if (n == 1) {  // Python's csv writer quotes a row made of one empty field
    const std::string only = cellText(row, 0);
    return (only.empty() ? std::string("\"\"") : csvQuote(only)) + "\n";
  }
  std::string out;
  for (size_t c = 0; c < n; ++c) {
    if (c > 0) out.push_back(',');
    out += csvQuote(cellText(row, c));
  }
  out.push_back('\n');
  return out;
}

}  // namespace pwb::data
