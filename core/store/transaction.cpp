#include "store/transaction.h"

#include <sqlite3.h>

#include "store/database.h"

namespace pwb::store {

Transaction::Transaction(Database& db, Kind kind) : db_(db) {
  db_.exec(kind == Kind::Immediate ? "BEGIN IMMEDIATE" : "BEGIN");
  open_ = true;
}

Transaction::~Transaction() {
  if (open_ && !sqlite3_get_autocommit(db_.handle())) {
    sqlite3_exec(db_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
  }
}

void Transaction::commit() {
  if (!open_) return;
  db_.exec("COMMIT");
  open_ = false;
}

void Transaction::rollback() {
  if (!open_) return;
  open_ = false;
  if (!sqlite3_get_autocommit(db_.handle())) db_.exec("ROLLBACK");
}

}  // namespace pwb::store
