#pragma once
// Running the built pwb program from the CLI tests: each start loads LibTorch (~0.5 s), so argument lists
// run as parallel processes, a few at a time, with the source tree's resources (demo model).
#include <QProcess>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>
#include <memory>
#include <vector>

namespace pwb::test {

struct PwbRun {
  int exitCode = -1;
  QString out, err;
};

// Runs pwb once per argument list (at most `parallel` at the same time), with `extraEnv` added to the
// environment, and returns the results in the same order. A process still running after `timeoutMs` is
// killed and reported in `err`.
inline QList<PwbRun> runPwbAll(const QList<QStringList>& argLists, const QProcessEnvironment& extraEnv = {},
                               int parallel = 8, int timeoutMs = 120000) {
  QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
  env.insert("PWB_RESOURCES", PWB_RESOURCES_DIR);
  env.insert("PWB_NO_BLAS_RESTART", "1");  // no GEMM worth a restart here
  for (const QString& key : extraEnv.keys()) env.insert(key, extraEnv.value(key));
  QList<PwbRun> results;
  for (int begin = 0; begin < argLists.size(); begin += parallel) {
    std::vector<std::unique_ptr<QProcess>> procs;
    for (int i = begin; i < argLists.size() && i < begin + parallel; ++i) {
      procs.push_back(std::make_unique<QProcess>());
      procs.back()->setProcessEnvironment(env);
      procs.back()->start(PWB_CLI, argLists[i]);
    }
    for (auto& p : procs) {
      PwbRun r;
      if (!p->waitForFinished(timeoutMs) || p->exitStatus() != QProcess::NormalExit) {
        p->kill();
        p->waitForFinished();
        r.err = "pwb did not finish: " + p->errorString();
      } else {
        r.exitCode = p->exitCode();
        r.out = QString::fromUtf8(p->readAllStandardOutput());
        r.err = QString::fromUtf8(p->readAllStandardError());
      }
      results << r;
    }
  }
  return results;
}

inline PwbRun runPwb(const QStringList& args, int timeoutMs = 120000) {
  return runPwbAll({args}, {}, 1, timeoutMs).first();
}

}  // namespace pwb::test
