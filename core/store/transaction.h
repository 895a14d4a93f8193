#pragma once
// RAII transaction: rolls back on destruction unless commit() was called, so an exception thrown half-way
// through a multi-row write leaves the file as it was.
namespace pwb::store {

class Database;

class Transaction {
 public:
  // Immediate takes the write lock at BEGIN (waiting up to the busy timeout): a deferred transaction that
  // reads first and writes later can fail at once with SQLITE_BUSY when another connection wrote between.
  enum class Kind { Deferred, Immediate };
  explicit Transaction(Database& db, Kind kind = Kind::Immediate);
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;

  void commit();
  void rollback();

 private:
  Database& db_;
  bool open_ = false;
};

}  // namespace pwb::store
