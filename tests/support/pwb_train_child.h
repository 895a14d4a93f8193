// `pwb train --db` on the tiny-bert fixture as a child process, for the tests that run the real CLI against
// a project (kill -9, two writers, the GUI beside a CLI writer). One thread, K = 4, short sentences: the
// tests measure what happens to the project file, not speed.
#pragma once

#include <QProcess>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

namespace pwb::test {

// train.txt and test.txt in `dataDir` (written with writeTinyBertData), verbalizer 0=bad;1=good.
inline QStringList tinyBertTrainArgs(const QString& model, const QString& dataDir, const QString& db,
                                     const QString& seeds, int steps, int evalEvery) {
  return {"train",
          "--model",
          model,
          "--train",
          dataDir + "/train.txt",
          "--test",
          dataDir + "/test.txt",
          "--verbalizer",
          "0=bad;1=good",
          "--k",
          "4",
          "--seeds",
          seeds,
          "--steps",
          QString::number(steps),
          "--batch",
          "4",
          "--eval-every",
          QString::number(evalEvery),
          "--lr",
          "1e-3",
          "--device",
          "cpu",
          "--threads",
          "1",
          "--max-length",
          "32",
          "--db",
          db};
}

// A `pwb` child without the OpenBLAS restart (core/common/blas_tuning): it would load LibTorch twice per
// process, and kernel speed does not matter here.
inline void withoutBlasRestart(QProcess& p) {
  QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
  env.insert("PWB_NO_BLAS_RESTART", "1");
  p.setProcessEnvironment(env);
}

}  // namespace pwb::test
