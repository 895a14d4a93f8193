#include "store/transaction.h"

#include <sqlite3.h>

#include <string>

#include "store/database.h"

namespace pwb::store {

// Savepoints of the same name nest: RELEASE / ROLLBACK TO name the innermost one.
const char* const kSavepoint = "pwb_nested";

Transaction::Transaction(Database& db, Kind kind) : db_(db) {
  nested_ = !sqlite3_get_autocommit(db_.handle());
  if (nested_) {
    db_.exec(std::string("SAVEPOINT ") + kSavepoint);
  } else {
    db_.exec(kind == Kind::Immediate ? "BEGIN IMMEDIATE" : "BEGIN");
  }
  open_ = true;
}

Transaction::~Transaction() {
  if (!open_ || sqlite3_get_autocommit(db_.handle())) return;
  if (nested_) {
    const std::string sql = std::string("ROLLBACK TO ") + kSavepoint + "; RELEASE " + kSavepoint;
    sqlite3_exec(db_.handle(), sql.c_str(), nullptr, nullptr, nullptr);
  } else {
    sqlite3_exec(db_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
  }
}

void Transaction::commit() {
  if (!open_) return;
  db_.exec(nested_ ? std::string("RELEASE ") + kSavepoint : std::string("COMMIT"));
  open_ = false;
}

void Transaction::rollback() {
  if (!open_) return;
  open_ = false;
  if (sqlite3_get_autocommit(db_.handle())) return;
  if (nested_) {
    db_.exec(std::string("ROLLBACK TO ") + kSavepoint + "; RELEASE " + kSavepoint);
  } else {
    db_.exec("ROLLBACK");
  }
}

}  // namespace pwb::store
