#pragma once
// Shared by the Qt Tests: the text of the pwb::Error that f throws, or "(no error)" when it throws none,
// so a test can assert on the message (QVERIFY2(msg.contains(...), qPrintable(msg))).
#include <QString>

#include "common/error.h"

namespace pwb::test {

template <typename F>
QString errorOf(F f) {
  try {
    f();
  } catch (const pwb::Error& e) {
    return QString::fromStdString(e.what());
  }
  return QStringLiteral("(no error)");
}

}  // namespace pwb::test
