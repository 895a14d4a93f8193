#pragma once
// RAII transaction: rolls back on destruction unless commit() was called, so an exception thrown half-way
// through a multi-row write leaves the file as it was.
// Nesting: a Transaction begun while the connection is already inside one becomes a SAVEPOINT, so a
// multi-record operation (collecting a sweep: many save* calls, each with its own Transaction) can wrap
// them all in one outer transaction; an inner commit only releases its savepoint, and nothing is on disk
// before the outermost commit.
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
  bool nested_ = false;  // a SAVEPOINT inside an outer transaction
};

}  // namespace pwb::store
