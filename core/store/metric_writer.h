#pragma once
// Buffered per-step metrics for one run. append() only queues the row (thread-safe, no disk I/O); a
// background thread commits the queue in one transaction every flushInterval (or sooner when maxBufferedRows
// are waiting) and refreshes the run's heartbeat. With WAL + synchronous=NORMAL a commit survives a killed
// process, so kill -9 loses at most the last flushInterval of rows, never the file, and there is no
// fsync per step. The writer has its own connection, so it may live on the training thread while a
// RunStore is used elsewhere.
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "store/database.h"

namespace pwb::store {

// How often a writer with an empty queue refreshes its run's heartbeat.
constexpr double kHeartbeatSeconds = 2.0;

struct MetricWriterOptions {
  double flushIntervalSeconds = 0.5;
  size_t maxBufferedRows = 8192;  // flush early when this many rows wait
  int busyTimeoutMs = 5000;
};

class MetricWriter {
 public:
  MetricWriter(const std::string& dbPath, int64_t runId, const MetricWriterOptions& options = {});
  ~MetricWriter();  // flushes what is queued; errors are kept in lastError(), never thrown
  MetricWriter(const MetricWriter&) = delete;
  MetricWriter& operator=(const MetricWriter&) = delete;

  int64_t runId() const { return runId_; }
  // Queues one row; the time is taken now. Never blocks on the disk.
  void append(int64_t step, const std::string& key, double value);
  // Writes everything queued so far before returning; throws pwb::Error when the write fails.
  void flush();
  // Flushes and stops the background thread; throws the first background write error, if any.
  void close();
  // The last failed background write ("" when none). Rows of a failed write stay queued and are retried.
  std::string lastError() const;
  int64_t rowsWritten() const;

 private:
  struct Row {
    int64_t step;
    std::string key;
    double value;
    double time;
  };
  void loop();
  void writeRows(std::vector<Row>& rows);  // called with writeMutex_ held

  int64_t runId_;
  MetricWriterOptions options_;
  Database db_;
  mutable std::mutex mutex_;  // guards queue_, stop_, error_, written_
  std::mutex writeMutex_;     // serialises writes to db_ (background thread vs. flush())
  std::condition_variable wake_;
  std::vector<Row> queue_;
  bool stop_ = false;
  std::string error_;
  int64_t written_ = 0;
  std::thread thread_;
};

}  // namespace pwb::store
