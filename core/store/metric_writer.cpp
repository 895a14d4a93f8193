#include "store/metric_writer.h"

#include <algorithm>
#include <chrono>

#include "common/error.h"
#include "store/records.h"
#include "store/schema.h"
#include "store/statement.h"
#include "store/transaction.h"

namespace pwb::store {

MetricWriter::MetricWriter(const std::string& dbPath, int64_t runId, const MetricWriterOptions& options)
    : runId_(runId), options_(options), db_(dbPath, OpenOptions{OpenMode::ReadWrite, options.busyTimeoutMs}) {
  prepareSchema(db_);
  db_.requireWritable("record metrics");
  Statement check(db_, "SELECT 1 FROM runs WHERE id = ?");
  check.bind(1, runId);
  if (!check.step())
    throw fileError(dbPath, "cannot record metrics: no run with id " + std::to_string(runId));
  thread_ = std::thread([this] { loop(); });
}

MetricWriter::~MetricWriter() {
  try {
    close();
  } catch (const std::exception&) {
    // Destructors must not throw; the error stays readable through lastError() until the object dies.
  }
}

void MetricWriter::append(int64_t step, const std::string& key, double value) {
  std::lock_guard<std::mutex> lock(mutex_);
  queue_.push_back(Row{step, key, value, nowSeconds()});
  if (queue_.size() >= options_.maxBufferedRows) wake_.notify_one();
}

// Rows go in as multi-row INSERTs of kChunk rows: one statement step per chunk instead of per row
// roughly halves the cost of a large batch.
void MetricWriter::writeRows(std::vector<Row>& rows) {
  constexpr size_t kChunk = 64;
  auto insertSql = [](size_t n) {
    std::string sql = "INSERT INTO metrics (run_id, step, key, value, time) VALUES ";
    for (size_t i = 0; i < n; ++i) sql += i ? ",(?,?,?,?,?)" : "(?,?,?,?,?)";
    return sql;
  };
  Transaction tx(db_);
  std::unique_ptr<Statement> full;
  for (size_t start = 0; start < rows.size(); start += kChunk) {
    const size_t n = std::min(kChunk, rows.size() - start);
    std::unique_ptr<Statement> tail;
    if (n == kChunk && !full) full = std::make_unique<Statement>(db_, insertSql(kChunk));
    if (n < kChunk) tail = std::make_unique<Statement>(db_, insertSql(n));
    Statement& insert = n == kChunk ? *full : *tail;
    for (size_t i = 0; i < n; ++i) {
      const Row& r = rows[start + i];
      const int p = static_cast<int>(5 * i);
      insert.bind(p + 1, runId_)
          .bind(p + 2, r.step)
          .bind(p + 3, r.key)
          .bind(p + 4, r.value)
          .bind(p + 5, r.time);
    }
    insert.run();
    insert.reset();
  }
  Statement beat(db_, "UPDATE runs SET heartbeat_at = ? WHERE id = ?");
  beat.bind(1, nowSeconds()).bind(2, runId_).run();
  tx.commit();
}

void MetricWriter::flush() {
  std::lock_guard<std::mutex> writeLock(writeMutex_);
  std::vector<Row> rows;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    rows.swap(queue_);
  }
  try {
    writeRows(rows);
  } catch (...) {
    std::lock_guard<std::mutex> lock(mutex_);
    queue_.insert(queue_.begin(), rows.begin(), rows.end());
    throw;
  }
  std::lock_guard<std::mutex> lock(mutex_);
  written_ += static_cast<int64_t>(rows.size());
}

void MetricWriter::loop() {
  using Clock = std::chrono::steady_clock;
  const auto interval = std::chrono::duration<double>(options_.flushIntervalSeconds);
  // With nothing queued the writer still beats, but less often: an idle run costs one small write per
  // heartbeat interval, far below the staleness limit that marks a run interrupted.
  const auto heartbeat = std::chrono::duration<double>(kHeartbeatSeconds);
  auto lastWrite = Clock::now();
  std::unique_lock<std::mutex> lock(mutex_);
  while (!stop_) {
    wake_.wait_for(lock, interval, [this] { return stop_ || queue_.size() >= options_.maxBufferedRows; });
    if (stop_) break;
    if (queue_.empty() && Clock::now() - lastWrite < heartbeat) continue;
    lastWrite = Clock::now();
    lock.unlock();
    try {
      flush();
      lock.lock();
      error_.clear();
    } catch (const std::exception& e) {
      lock.lock();
      error_ = e.what();
    }
  }
}

void MetricWriter::close() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (stop_ && queue_.empty()) return;  // already closed and nothing appended since
    stop_ = true;
  }
  wake_.notify_one();
  if (thread_.joinable()) thread_.join();
  flush();
  std::lock_guard<std::mutex> lock(mutex_);
  if (!error_.empty() && queue_.empty()) error_.clear();  // the final flush wrote what had failed before
}

std::string MetricWriter::lastError() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return error_;
}

int64_t MetricWriter::rowsWritten() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return written_;
}

}  // namespace pwb::store
