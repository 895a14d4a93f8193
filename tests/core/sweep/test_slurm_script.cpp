// The sbatch script of a sweep and the checks of the submit options, without Slurm: the exact lines the
// script must hold, the --array ranges with the %N limit, and the located errors for bad values.
#include <QtTest>

#include "support/error_of.h"
#include "sweep/slurm_script.h"

using namespace pwb::sweep;
using pwb::test::errorOf;

class TestSlurmScript : public QObject {
  Q_OBJECT
 private slots:
  void arrayRanges() {
    QCOMPARE(QString::fromStdString(arraySpec({0, 1, 2, 3}, 0)), QString("0-3"));
    QCOMPARE(QString::fromStdString(arraySpec({7, 3, 0, 1, 2}, 2)), QString("0-3,7%2"));
    QCOMPARE(QString::fromStdString(arraySpec({5}, 0)), QString("5"));
    QCOMPARE(QString::fromStdString(arraySpec({9, 3, 3, 4, 11, 10}, 0)), QString("3-4,9-11"));
    QVERIFY(errorOf([] { arraySpec({}, 0); }).contains("no task"));
    QVERIFY(errorOf([] { arraySpec({-1, 2}, 0); }).contains("negative"));
  }

  void fullScript() {
    SlurmOptions o;
    o.partition = "gpu";
    o.account = "lab42";
    o.time = "1-02:00:00";
    o.gres = "gpu:a100:1";
    o.cpusPerTask = 4;
    o.mem = "16G";
    o.maxParallel = 3;
    o.extraLines = {"--constraint=a100", "#SBATCH --qos=short"};
    o.jobName = "lmbff";
    const std::string s = slurmBatchScript(o, "/scratch/sweeps/sst2", "/opt/pwb/bin/pwb", {0, 1, 2, 5});
    const QString expected =
        "#!/bin/bash\n"
        "#SBATCH --job-name=lmbff\n"
        "#SBATCH --array=0-2,5%3\n"
        "#SBATCH --output=/scratch/sweeps/sst2/logs/slurm-%A_%a.out\n"
        "#SBATCH --error=/scratch/sweeps/sst2/logs/slurm-%A_%a.err\n"
        "#SBATCH --partition=gpu\n"
        "#SBATCH --account=lab42\n"
        "#SBATCH --time=1-02:00:00\n"
        "#SBATCH --gres=gpu:a100:1\n"
        "#SBATCH --cpus-per-task=4\n"
        "#SBATCH --mem=16G\n"
        "#SBATCH --constraint=a100\n"
        "#SBATCH --qos=short\n";
    QVERIFY2(QString::fromStdString(s).startsWith(expected), s.c_str());
    QVERIFY2(
        QString::fromStdString(s).endsWith("exec '/opt/pwb/bin/pwb' sweep task --dir '/scratch/sweeps/sst2' "
                                           "--index \"$SLURM_ARRAY_TASK_ID\" --threads 4\n"),
        s.c_str());
  }

  void minimalScriptLeavesDefaultsToTheCluster() {
    const std::string s = slurmBatchScript({}, "/d", "/usr/bin/pwb", {0, 1});
    const QString q = QString::fromStdString(s);
    QVERIFY(q.contains("#SBATCH --job-name=pwb-sweep\n#SBATCH --array=0-1\n"));
    for (const char* opt : {"--partition", "--account", "--time", "--gres", "--cpus-per-task", "--mem"})
      QVERIFY2(!q.contains(opt), opt);
    QVERIFY(q.endsWith("--index \"$SLURM_ARRAY_TASK_ID\"\n"));
  }

  void quotesPathsForTheShellAndSbatch() {
    const std::string s = slurmBatchScript({}, "/data/my sweep/it's", "/usr/bin/pwb", {0});
    const QString q = QString::fromStdString(s);
    QVERIFY2(q.contains("#SBATCH --output=\"/data/my sweep/it's/logs/slurm-%A_%a.out\"\n"), s.c_str());
    QVERIFY2(q.contains("--dir '/data/my sweep/it'\\''s'"), s.c_str());
    QCOMPARE(QString::fromStdString(shellQuote("a'b")), QString("'a'\\''b'"));
  }

  void rejectsBadValues() {
    auto err = [](auto set) {
      return errorOf([&] {
        SlurmOptions o;
        set(o);
        checkSlurmOptions(o);
      });
    };
    QVERIFY(err([](SlurmOptions& o) { o.time = "2h"; }).contains("--time: '2h' is not a Slurm time"));
    QVERIFY(err([](SlurmOptions& o) { o.mem = "16GB"; }).contains("--mem: '16GB'"));
    QVERIFY(err([](SlurmOptions& o) { o.gres = "gpu 1"; }).contains("--gres: 'gpu 1'"));
    QVERIFY(err([](SlurmOptions& o) {
              o.partition = "gpu\n#SBATCH --x";
            }).contains("--partition: the value must be one line"));
    QVERIFY(err([](SlurmOptions& o) {
              o.extraLines = {"echo hi"};
            }).contains("--sbatch-line: 'echo hi' is not an sbatch option"));
    QVERIFY(err([](SlurmOptions& o) { o.cpusPerTask = -2; }).contains("--cpus-per-task"));
    for (const char* t : {"30", "10:00", "02:00:00", "1-0", "1-02:30", "2-00:00:00"})
      QCOMPARE(err([&](SlurmOptions& o) { o.time = t; }), QString("(no error)"));
    QVERIFY(errorOf([] { slurmBatchScript({}, "relative/dir", "/usr/bin/pwb", {0}); }).contains("absolute"));
    QVERIFY(errorOf([] { slurmBatchScript({}, "/d", "pwb", {0}); }).contains("absolute"));
  }
};

QTEST_APPLESS_MAIN(TestSlurmScript)
#include "test_slurm_script.moc"
