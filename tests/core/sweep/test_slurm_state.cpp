// Slurm's answers parsed without Slurm: squeue, scontrol and sacct output as Debian's Slurm 22.05 prints it
// (copied from a run of packaging/slurm/local_cluster.sh), the state words mapped to task states, and the
// order squeue -> scontrol -> sacct -> "forgotten" followed with a scripted runner.
#include <QTemporaryDir>
#include <QtTest>
#include <map>

#include "support/error_of.h"
#include "sweep/slurm_state.h"
#include "sweep/slurm_sweep.h"
#include "sweep/sweep_expand.h"
#include "sweep/sweep_spec.h"

using namespace pwb::sweep;
using pwb::test::errorOf;

namespace {

QString states(const std::vector<SlurmTaskReport>& reports) {
  QStringList out;
  for (const auto& r : reports)
    out << QString::fromStdString(r.job() + "=" + r.state + (r.exitCode.empty() ? "" : "/" + r.exitCode));
  return out.join(' ');
}

CommandResult answer(int code, const std::string& out, const std::string& err = "") {
  CommandResult r;
  r.exitCode = code;
  r.out = out;
  r.err = err;
  return r;
}

}  // namespace

class TestSlurmState : public QObject {
  Q_OBJECT
 private slots:
  void mapsEveryStateWord() {
    const std::map<std::string, TaskState> expected = {
        {"PENDING", TaskState::Pending},      {"PD", TaskState::Pending},
        {"REQUEUED", TaskState::Pending},     {"RUNNING", TaskState::Running},
        {"COMPLETING", TaskState::Running},   {"R", TaskState::Running},
        {"COMPLETED", TaskState::Done},       {"CD", TaskState::Done},
        {"CANCELLED", TaskState::Cancelled},  {"CANCELLED by 0", TaskState::Cancelled},
        {"CA", TaskState::Cancelled},         {"FAILED", TaskState::Failed},
        {"TIMEOUT", TaskState::Failed},       {"NODE_FAIL", TaskState::Failed},
        {"OUT_OF_MEMORY", TaskState::Failed}, {"PREEMPTED", TaskState::Failed},
        {"BOOT_FAIL", TaskState::Failed},     {"cancelled+", TaskState::Cancelled},
        {"SOMETHING_NEW", TaskState::Failed}};
    for (const auto& [word, state] : expected) QVERIFY2(slurmTaskState(word) == state, word.c_str());
  }

  void arrayIndexLists() {
    QCOMPARE(parseArrayIndices("7"), std::vector<int64_t>({7}));
    QCOMPARE(parseArrayIndices("0,2"), std::vector<int64_t>({0, 2}));
    QCOMPARE(parseArrayIndices("1-3%1"), std::vector<int64_t>({1, 2, 3}));
    QCOMPARE(parseArrayIndices("[0-3%2]"), std::vector<int64_t>({0, 1, 2, 3}));
    QCOMPARE(parseArrayIndices("[0,4-5]"), std::vector<int64_t>({0, 4, 5}));
    QCOMPARE(parseArrayIndices("0-6:3"), std::vector<int64_t>({0, 3, 6}));
    QVERIFY(errorOf([] { parseArrayIndices("x"); }).contains("not a Slurm array task list: 'x'"));
    QVERIFY(errorOf([] { parseArrayIndices("5-2"); }).contains("not a Slurm array task list"));
  }

  void squeueLines() {
    // squeue -h -r -j 9 -o "%i|%T|%r" while task 0 runs and 1-3 wait behind %1; a line of another job.
    const std::string text =
        "9_1|PENDING|JobArrayTaskLimit\n9_2|PENDING|JobArrayTaskLimit\n"
        "9_3|PENDING|JobArrayTaskLimit\n9_0|RUNNING|None\n12_0|RUNNING|None\n";
    const auto r = parseSqueue(text, "9");
    QCOMPARE(states(r), QString("9_1=PENDING 9_2=PENDING 9_3=PENDING 9_0=RUNNING"));
    QCOMPARE(QString::fromStdString(r[0].reason), QString("JobArrayTaskLimit"));
    // Without -r squeue folds pending tasks into one line.
    QCOMPARE(states(parseSqueue("8_[0,2]|CANCELLED|None\n", "8")), QString("8_0=CANCELLED 8_2=CANCELLED"));
    QVERIFY(parseSqueue("", "9").empty());
  }

  void scontrolRecords() {
    // scontrol -o show job 9 after task 1 failed (exit 1), task 2 runs, task 3 still waits.
    const std::string text =
        "JobId=9 ArrayJobId=9 ArrayTaskId=3 ArrayTaskThrottle=1 JobName=wrap UserId=root(0) JobState=PENDING "
        "Reason=JobArrayTaskLimit Dependency=(null) ExitCode=0:0 RunTime=00:00:00\n"
        "JobId=12 ArrayJobId=9 ArrayTaskId=2 ArrayTaskThrottle=1 JobName=wrap JobState=RUNNING Reason=None "
        "ExitCode=0:0\n"
        "JobId=11 ArrayJobId=9 ArrayTaskId=1 ArrayTaskThrottle=1 JobName=wrap JobState=FAILED "
        "Reason=NonZeroExitCode ExitCode=1:0\n"
        "JobId=10 ArrayJobId=9 ArrayTaskId=0 ArrayTaskThrottle=1 JobName=wrap JobState=COMPLETED Reason=None "
        "ExitCode=0:0\n"
        "JobId=20 ArrayJobId=20 ArrayTaskId=0 JobState=RUNNING ExitCode=0:0\n";
    QCOMPARE(states(parseScontrol(text, "9")),
             QString("9_3=PENDING/0:0 9_2=RUNNING/0:0 9_1=FAILED/1:0 9_0=COMPLETED/0:0"));
    // A pending record that still holds several tasks.
    QCOMPARE(
        states(parseScontrol("JobId=9 ArrayJobId=9 ArrayTaskId=1-3%1 JobState=PENDING ExitCode=0:0\n", "9")),
        QString("9_1=PENDING/0:0 9_2=PENDING/0:0 9_3=PENDING/0:0"));
  }

  void sacctLines() {
    const std::string text =
        "30_0|COMPLETED|0:0\n30_0.batch|COMPLETED|0:0\n30_1|CANCELLED by 0|0:15\n"
        "30_2|TIMEOUT|0:0\n30_[3-4]|PENDING|0:0\n";
    QCOMPARE(states(parseSacct(text, "30")), QString("30_0=COMPLETED/0:0 30_1=CANCELLED by 0/0:15 "
                                                     "30_2=TIMEOUT/0:0 30_3=PENDING/0:0 30_4=PENDING/0:0"));
    QVERIFY(sacctUnavailable("sacct: error: Slurm accounting storage is disabled\n"));
    QVERIFY(!sacctUnavailable("sacct: error: Invalid job id\n"));
  }

  void sbatchJobIds() {
    QCOMPARE(QString::fromStdString(parseSbatchJobId("1234\n")), QString("1234"));
    QCOMPARE(QString::fromStdString(parseSbatchJobId("1234;cluster2\n")), QString("1234"));
    QCOMPARE(QString::fromStdString(parseSbatchJobId("Submitted batch job 77\n")), QString("77"));
    QVERIFY(errorOf([] { parseSbatchJobId("sbatch: error: oops\n"); }).contains("sbatch printed no job id"));
  }

  // The state of every submitted task comes from the latest submission's job: squeue first, scontrol for
  // tasks that left squeue, sacct for those the controller forgot, and "forgotten" last.
  void schedulerStatesFollowTheQueriesInOrder() {
    QTemporaryDir tmp;
    SweepDir dir(tmp.path().toStdString());
    SlurmRecord record;
    record.submissions.push_back({"40", {0, 1, 2, 3, 4, 5}, 100.0, "slurm/40.sbatch", "0-5"});
    record.submissions.push_back({"41", {4, 5}, 200.0, "slurm/41.sbatch", "4-5"});  // resubmitted
    record.cancellations.push_back({"41_5", {5}, 250.0});
    writeSlurmRecord(dir, record);
    QCOMPARE(readSlurmRecord(dir).submissions.size(), size_t(2));

    std::vector<std::string> calls;
    SlurmRunner runner = [&](const std::vector<std::string>& argv) {
      std::string line;
      for (const auto& a : argv) line += (line.empty() ? "" : " ") + a;
      calls.push_back(line);
      const std::string job = argv[0] == "squeue" ? argv[4] : argv[0] == "scontrol" ? argv[4] : argv[5];
      if (argv[0] == "squeue") return job == "40" ? answer(0, "40_0|RUNNING|None\n") : answer(0, "");
      if (argv[0] == "scontrol")
        return job == "40" ? answer(0,
                                    "JobId=43 ArrayJobId=40 ArrayTaskId=1 JobState=TIMEOUT Reason=TimeLimit "
                                    "ExitCode=0:1\n")
                           : answer(1, "", "slurm_load_jobs error: Invalid job id specified\n");
      return job == "40" ? answer(0, "40_2|COMPLETED|0:0\n")
                         : answer(1, "", "sacct: error: Slurm accounting storage is disabled\n");
    };
    std::vector<std::string> warnings;
    const SchedulerStates s = slurmSchedulerStates(dir, runner, &warnings);
    QVERIFY(warnings.empty());
    QCOMPARE(int(s.size()), 6);
    QVERIFY(s.at(0).state == TaskState::Running);
    QCOMPARE(QString::fromStdString(s.at(0).job), QString("40_0"));
    QVERIFY(s.at(1).state == TaskState::Failed);
    QCOMPARE(QString::fromStdString(s.at(1).detail), QString("TIMEOUT (TimeLimit) exit 0:1"));
    QVERIFY(s.at(2).state == TaskState::Done);
    QVERIFY(s.at(3).state == TaskState::Failed);  // forgotten by Slurm, no accounting
    QVERIFY(QString::fromStdString(s.at(3).detail).contains("no longer lists"));
    QVERIFY(s.at(4).state == TaskState::Failed);
    QCOMPARE(QString::fromStdString(s.at(4).job), QString("41_4"));  // the latest submission counts
    QVERIFY(s.at(5).state == TaskState::Cancelled);  // cancelled by pwb sweep cancel, then forgotten
    QCOMPARE(QString::fromStdString(s.at(5).job), QString("41_5"));
    QCOMPARE(int(calls.size()), 6);
    QCOMPARE(QString::fromStdString(calls[0]), QString("squeue -h -r -j 40 -o %i|%T|%r"));
    QCOMPARE(QString::fromStdString(calls[1]), QString("scontrol -o show job 40"));
    QCOMPARE(QString::fromStdString(calls[2]), QString("sacct -n -P -X -j 40 -o JobID,State,ExitCode"));
  }

  // A controller that does not answer is a warning with its message, not a verdict on the tasks.
  void controllerDownLeavesTasksToTheirMarkers() {
    QTemporaryDir tmp;
    SweepDir dir(tmp.path().toStdString());
    SlurmRecord record;
    record.submissions.push_back({"50", {0, 1}, 100.0, "slurm/50.sbatch", "0-1"});
    writeSlurmRecord(dir, record);
    SlurmRunner runner = [](const std::vector<std::string>& argv) {
      if (argv[0] == "sacct") return answer(1, "", "sacct: error: Slurm accounting storage is disabled\n");
      return answer(1, "", argv[0] + ": error: Unable to contact slurm controller (connect failure)\n");
    };
    std::vector<std::string> warnings;
    QVERIFY(slurmSchedulerStates(dir, runner, &warnings).empty());
    QCOMPARE(int(warnings.size()), 2);
    QCOMPARE(
        QString::fromStdString(warnings[0]),
        QString(
            "squeue failed (exit 1): squeue: error: Unable to contact slurm controller (connect failure)"));
  }

  // `pwb sweep cancel` without --index: scancel for every task still queued or running (not the done one),
  // recorded; once Slurm (without accounting) has forgotten them they read cancelled, not failed.
  void cancelAllThenForgottenReadsCancelled() {
    QTemporaryDir tmp;
    const SweepSpec spec =
        parseSweepText(R"({"fixed": {"train": "t.txt", "test": "t.txt"}, "axes": {"seed": [1, 2, 3]}})",
                       "cancel.json", tmp.path().toStdString());
    const SweepDir dir = prepareSweepDir(spec, expandSweep(spec), tmp.filePath("sweep").toStdString());
    SlurmRecord record;
    record.submissions.push_back({"60", {0, 1, 2}, 100.0, "slurm/60.sbatch", "0-2"});
    writeSlurmRecord(dir, record);
    ExitMarker done;
    done.status = "finished";
    dir.writeExit(0, done);
    QFile runFile(QString::fromStdString(dir.runFile(0)));  // done needs its run file too
    QVERIFY(runFile.open(QIODevice::WriteOnly));
    runFile.close();

    bool forgotten = false;
    std::vector<std::string> scancel;
    SlurmRunner runner = [&](const std::vector<std::string>& argv) {
      if (argv[0] == "scancel") {
        scancel = argv;
        return answer(0, "");
      }
      if (argv[0] == "squeue")
        return answer(0, forgotten ? "" : "60_1|RUNNING|None\n60_2|PENDING|Priority\n");
      if (argv[0] == "scontrol") return answer(1, "", "slurm_load_jobs error: Invalid job id specified\n");
      return answer(1, "", "sacct: error: Slurm accounting storage is disabled\n");
    };
    const auto ids = cancelSlurmTasks(dir, {}, runner);
    QCOMPARE(int(ids.size()), 2);
    QCOMPARE(scancel, std::vector<std::string>({"scancel", "60_1", "60_2"}));
    QCOMPARE(readSlurmRecord(dir).cancellations.size(), size_t(1));
    QCOMPARE(readSlurmRecord(dir).cancellations[0].indices, std::vector<int64_t>({1, 2}));

    forgotten = true;
    const auto statuses = sweepStatus(dir, slurmSchedulerStates(dir, runner));
    QVERIFY(statuses[0].state == TaskState::Done);
    QVERIFY(statuses[1].state == TaskState::Cancelled);
    QVERIFY(statuses[2].state == TaskState::Cancelled);
    QCOMPARE(QString::fromStdString(statuses[2].job), QString("60_2"));
    QCOMPARE(tasksToResubmit(statuses), std::vector<int64_t>({1, 2}));
    QVERIFY(tasksToSubmit(statuses).empty());
    // Cancelling a task that was never submitted is refused by name.
    QVERIFY(errorOf([&] { cancelSlurmTasks(dir, {7}, runner); }).contains("task 7 was never submitted"));
  }

  // squeue output in a format these parsers do not know is a warning; scontrol still answers.
  void unreadableOutputIsAWarning() {
    QTemporaryDir tmp;
    SweepDir dir(tmp.path().toStdString());
    SlurmRecord record;
    record.submissions.push_back({"70", {0}, 100.0, "slurm/70.sbatch", "0"});
    writeSlurmRecord(dir, record);
    SlurmRunner runner = [](const std::vector<std::string>& argv) {
      if (argv[0] == "squeue") return answer(0, "70_[x-y]|RUNNING|None\n");
      return answer(0, "JobId=71 ArrayJobId=70 ArrayTaskId=0 JobState=COMPLETED Reason=None ExitCode=0:0\n");
    };
    std::vector<std::string> warnings;
    const SchedulerStates s = slurmSchedulerStates(dir, runner, &warnings);
    QCOMPARE(int(warnings.size()), 1);
    QVERIFY2(QString::fromStdString(warnings[0])
                 .startsWith("squeue output not understood: not a Slurm array task list"),
             warnings[0].c_str());
    QVERIFY(s.at(0).state == TaskState::Done);
  }

  void damagedRecordIsLocated() {
    QTemporaryDir tmp;
    SweepDir dir(tmp.path().toStdString());
    QDir().mkpath(tmp.filePath("slurm"));
    QFile f(tmp.filePath("slurm/submissions.json"));
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("{\"format\": 1, \"submissions\": [{\"job\": \"1\", \"indices\": [-3], \"time\": 1}]}");
    f.close();
    const QString e = errorOf([&] { readSlurmRecord(dir); });
    QVERIFY2(e.contains("submissions.json") && e.contains("indices"), qPrintable(e));
  }

  void commandsWithTimeout() {
    const CommandResult ok = runCommand({"sh", "-c", "echo out; echo err >&2; exit 3"}, 10);
    QCOMPARE(ok.exitCode, 3);
    QCOMPARE(QString::fromStdString(ok.out), QString("out\n"));
    QCOMPARE(QString::fromStdString(ok.describeFailure("sh")), QString("sh failed (exit 3): err"));
    QElapsedTimer t;
    t.start();
    const CommandResult slow = runCommand({"sleep", "30"}, 1);
    QVERIFY(slow.timedOut);
    QVERIFY(t.elapsed() < 10000);
    const CommandResult missing = runCommand({"pwb-no-such-program"}, 5);
    QVERIFY(missing.notFound);
    QCOMPARE(QString::fromStdString(missing.describeFailure("pwb-no-such-program")),
             QString("pwb-no-such-program is not installed or not on PATH"));
  }
};

QTEST_APPLESS_MAIN(TestSlurmState)
#include "test_slurm_state.moc"
