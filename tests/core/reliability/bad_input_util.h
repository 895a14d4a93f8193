#pragma once
// Small helpers for the reliability tests: writing byte strings and safetensors files into a temp folder,
// and asserting that an action throws a pwb::Error whose text contains the expected words.
#include <QtTest>
#include <cstdint>
#include <fstream>
#include <functional>
#include <string>

#include "common/error.h"

namespace pwb::reliability {

inline void writeBytes(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

inline std::string readBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// 8-byte little-endian header length, the header, then the data section.
inline std::string safetensorsBytes(const std::string& header, const std::string& data,
                                    uint64_t claimed = 0) {
  const uint64_t n = claimed ? claimed : header.size();
  std::string out(8, '\0');
  for (int i = 0; i < 8; ++i) out[i] = static_cast<char>((n >> (8 * i)) & 0xff);
  return out + header + data;
}

// The error message of fn(), or "" when it did not throw pwb::Error.
inline std::string errorOf(const std::function<void()>& fn) {
  try {
    fn();
  } catch (const pwb::Error& e) {
    return e.what();
  }
  return "";
}

}  // namespace pwb::reliability

// Asserts that `action` throws pwb::Error and that every given fragment is in its message.
#define PWB_EXPECT_ERROR(action, ...)                                                                     \
  do {                                                                                                    \
    const std::string pwbMsg_ = pwb::reliability::errorOf([&] { action; });                               \
    QVERIFY2(!pwbMsg_.empty(), "no pwb::Error thrown by: " #action);                                      \
    for (const char* pwbFrag_ : {__VA_ARGS__})                                                            \
      QVERIFY2(                                                                                           \
          pwbMsg_.find(pwbFrag_) != std::string::npos,                                                    \
          qPrintable(QString("message '%1' lacks '%2'").arg(QString::fromStdString(pwbMsg_), pwbFrag_))); \
  } while (0)
