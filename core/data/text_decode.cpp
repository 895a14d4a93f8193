#include "data/text_decode.h"

#include <algorithm>

#include "common/error.h"

namespace pwb::data {
namespace {

// Length of the well-formed UTF-8 sequence at p, 0 when malformed (RFC 3629 table).
size_t utf8SequenceLength(const unsigned char* p, size_t left) {
  const unsigned char c = p[0];
  if (c < 0x80) return 1;
  auto cont = [&](size_t i, unsigned char lo = 0x80, unsigned char hi = 0xBF) {
    return i < left && p[i] >= lo && p[i] <= hi;
  };
  if (c >= 0xC2 && c <= 0xDF) return cont(1) ? 2 : 0;
  if (c == 0xE0) return cont(1, 0xA0) && cont(2) ? 3 : 0;
  if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF) return cont(1) && cont(2) ? 3 : 0;
  if (c == 0xED) return cont(1, 0x80, 0x9F) && cont(2) ? 3 : 0;
  if (c == 0xF0) return cont(1, 0x90) && cont(2) && cont(3) ? 4 : 0;
  if (c >= 0xF1 && c <= 0xF3) return cont(1) && cont(2) && cont(3) ? 4 : 0;
  if (c == 0xF4) return cont(1, 0x80, 0x8F) && cont(2) && cont(3) ? 4 : 0;
  return 0;
}

void appendUtf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// Windows-1252 0x80-0x9F; 0 marks the five undefined bytes.
const uint16_t kCp1252High[32] = {0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
                                  0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0,      0x017D, 0,
                                  0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
                                  0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

bool cp1252Undefined(unsigned char c) {
  return c >= 0x80 && c <= 0x9F && kCp1252High[c - 0x80] == 0;
}

}  // namespace

bool isValidUtf8(const std::string& bytes) {
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  size_t i = 0;
  while (i < bytes.size()) {
    const size_t n = utf8SequenceLength(p + i, bytes.size() - i);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

std::string cp1252ToUtf8(const std::string& bytes) {
  std::string out;
  out.reserve(bytes.size() + bytes.size() / 8);
  for (unsigned char c : bytes) {
    if (c < 0x80) {
      out += static_cast<char>(c);
    } else if (c <= 0x9F) {
      const uint16_t cp = kCp1252High[c - 0x80];
      appendUtf8(out, cp ? cp : 0xFFFD);
    } else {
      appendUtf8(out, c);  // 0xA0-0xFF are the Latin-1 code points
    }
  }
  return out;
}

DecodedText decodeText(const std::string& rawBytes, const std::string& path) {
  std::string_view bytes(rawBytes);
  DecodedText out;
  if (bytes.size() >= 3 && bytes.substr(0, 3) == "\xEF\xBB\xBF") bytes.remove_prefix(3);
  if (bytes.find('\0') != std::string_view::npos)
    throw fileError(path, "this is not a text file (it contains NUL bytes); expected a text data set");

  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  size_t multiByte = 0, invalid = 0;
  for (size_t i = 0; i < bytes.size();) {
    const size_t n = utf8SequenceLength(p + i, bytes.size() - i);
    if (n == 0) {
      ++invalid;
      ++i;
    } else {
      if (n > 1) ++multiByte;
      i += n;
    }
  }
  if (invalid == 0) {
    out.text.assign(bytes);
    out.encoding = "UTF-8";
    return out;
  }
  if (multiByte == 0) {
    // No valid multi-byte sequence anywhere: an 8-bit file. Windows-1252 is the superset of Latin-1
    // that such corpora really use (MR has 0x85 "…" and 0x96/0x97 dashes).
    out.text = cp1252ToUtf8(std::string(bytes));
    out.encoding = "Windows-1252";
    out.warnings.push_back("the file is not valid UTF-8; decoded as Windows-1252");
    int line = 1;
    for (unsigned char c : bytes) {
      if (c == '\n') ++line;
      if (cp1252Undefined(c) && (out.badLines.empty() || out.badLines.back() != line))
        out.badLines.push_back(line);
    }
    return out;
  }
  // Mostly UTF-8 with some broken bytes: keep UTF-8, replace the bad bytes and flag their lines.
  out.encoding = "UTF-8";
  out.text.reserve(bytes.size());
  int line = 1;
  for (size_t i = 0; i < bytes.size();) {
    const size_t n = utf8SequenceLength(p + i, bytes.size() - i);
    if (n == 0) {
      appendUtf8(out.text, 0xFFFD);
      if (out.badLines.empty() || out.badLines.back() != line) out.badLines.push_back(line);
      ++i;
    } else {
      if (p[i] == '\n') ++line;
      out.text.append(bytes.substr(i, n));
      i += n;
    }
  }
  out.warnings.push_back("the file is UTF-8 with " + std::to_string(invalid) +
                         " invalid byte(s); those rows are reported as bad");
  return out;
}

}  // namespace pwb::data
