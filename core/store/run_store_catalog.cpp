// Data sets, models, templates and verbalizers: small records saved by content, so that every run and
// evaluation can point at exactly what it used and saving the same thing twice costs nothing.
#include "common/error.h"
#include "store/run_store.h"
#include "store/statement.h"
#include "store/transaction.h"

namespace pwb::store {
namespace {

// INSERT OR IGNORE on the UNIQUE identity columns, then the id of the row holding that content.
int64_t upsert(Database& db, const std::string& insertSql, const std::string& selectSql,
               const std::vector<std::string>& identity, const std::vector<std::string>& extra,
               const std::optional<int64_t>& rows) {
  Transaction tx(db);
  {
    Statement ins(db, insertSql);
    int i = 0;
    for (const auto& v : identity) ins.bind(++i, v);
    for (const auto& v : extra) ins.bind(++i, v);
    if (rows) ins.bind(++i, *rows);
    ins.bind(++i, nowSeconds());
    ins.run();
  }
  Statement sel(db, selectSql);
  int i = 0;
  for (const auto& v : identity) sel.bind(++i, v);
  if (!sel.step()) throw fileError(db.path(), "saved record vanished (concurrent delete?)");
  const int64_t id = sel.getInt64(0);
  tx.commit();
  return id;
}

[[noreturn]] void missing(const Database& db, const char* what, int64_t id) {
  throw fileError(db.path(), std::string("no ") + what + " with id " + std::to_string(id));
}

}  // namespace

int64_t RunStore::saveDataset(const DatasetRecord& d) {
  db_.requireWritable("save data set '" + d.path + "'");
  return upsert(db_,
                "INSERT OR IGNORE INTO datasets (path, format, checksum, name, rows, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                "SELECT id FROM datasets WHERE path = ? AND format = ? AND checksum = ?",
                {d.path, d.format, d.checksum}, {d.name}, d.rows);
}

DatasetRecord RunStore::getDataset(int64_t id) {
  Statement st(db_, "SELECT id, name, path, format, checksum, rows, created_at FROM datasets WHERE id = ?");
  st.bind(1, id);
  if (!st.step()) missing(db_, "data set", id);
  return {st.getInt64(0), st.getText(1),  st.getText(2),  st.getText(3),
          st.getText(4),  st.getInt64(5), st.getDouble(6)};
}

std::vector<DatasetRecord> RunStore::listDatasets() {
  Statement st(db_, "SELECT id, name, path, format, checksum, rows, created_at FROM datasets ORDER BY id");
  std::vector<DatasetRecord> out;
  while (st.step()) {
    out.push_back({st.getInt64(0), st.getText(1), st.getText(2), st.getText(3), st.getText(4), st.getInt64(5),
                   st.getDouble(6)});
  }
  return out;
}

int64_t RunStore::saveModel(const ModelRecord& m) {
  db_.requireWritable("save model '" + m.path + "'");
  return upsert(db_, "INSERT OR IGNORE INTO models (path, config_hash, name, created_at) VALUES (?, ?, ?, ?)",
                "SELECT id FROM models WHERE path = ? AND config_hash = ?", {m.path, m.configHash}, {m.name},
                std::nullopt);
}

ModelRecord RunStore::getModel(int64_t id) {
  Statement st(db_, "SELECT id, name, path, config_hash, created_at FROM models WHERE id = ?");
  st.bind(1, id);
  if (!st.step()) missing(db_, "model", id);
  return {st.getInt64(0), st.getText(1), st.getText(2), st.getText(3), st.getDouble(4)};
}

std::vector<ModelRecord> RunStore::listModels() {
  Statement st(db_, "SELECT id, name, path, config_hash, created_at FROM models ORDER BY id");
  std::vector<ModelRecord> out;
  while (st.step())
    out.push_back({st.getInt64(0), st.getText(1), st.getText(2), st.getText(3), st.getDouble(4)});
  return out;
}

int64_t RunStore::saveTemplate(const TemplateRecord& t) {
  db_.requireWritable("save template '" + t.name + "'");
  return upsert(db_, "INSERT OR IGNORE INTO templates (name, text, created_at) VALUES (?, ?, ?)",
                "SELECT id FROM templates WHERE name = ? AND text = ?", {t.name, t.text}, {}, std::nullopt);
}

TemplateRecord RunStore::getTemplate(int64_t id) {
  Statement st(db_, "SELECT id, name, text, created_at FROM templates WHERE id = ?");
  st.bind(1, id);
  if (!st.step()) missing(db_, "template", id);
  return {st.getInt64(0), st.getText(1), st.getText(2), st.getDouble(3)};
}

std::vector<TemplateRecord> RunStore::listTemplates() {
  Statement st(db_, "SELECT id, name, text, created_at FROM templates ORDER BY id");
  std::vector<TemplateRecord> out;
  while (st.step()) out.push_back({st.getInt64(0), st.getText(1), st.getText(2), st.getDouble(3)});
  return out;
}

void RunStore::deleteTemplate(int64_t id) {
  db_.requireWritable("delete template " + std::to_string(id));
  Statement st(db_, "DELETE FROM templates WHERE id = ?");
  st.bind(1, id).run();
  if (db_.changes() == 0) missing(db_, "template", id);
}

int64_t RunStore::saveVerbalizer(const VerbalizerRecord& v) {
  db_.requireWritable("save verbalizer '" + v.name + "'");
  return upsert(db_, "INSERT OR IGNORE INTO verbalizers (name, spec, created_at) VALUES (?, ?, ?)",
                "SELECT id FROM verbalizers WHERE name = ? AND spec = ?", {v.name, v.spec}, {}, std::nullopt);
}

VerbalizerRecord RunStore::getVerbalizer(int64_t id) {
  Statement st(db_, "SELECT id, name, spec, created_at FROM verbalizers WHERE id = ?");
  st.bind(1, id);
  if (!st.step()) missing(db_, "verbalizer", id);
  return {st.getInt64(0), st.getText(1), st.getText(2), st.getDouble(3)};
}

std::vector<VerbalizerRecord> RunStore::listVerbalizers() {
  Statement st(db_, "SELECT id, name, spec, created_at FROM verbalizers ORDER BY id");
  std::vector<VerbalizerRecord> out;
  while (st.step()) out.push_back({st.getInt64(0), st.getText(1), st.getText(2), st.getDouble(3)});
  return out;
}

void RunStore::deleteVerbalizer(int64_t id) {
  db_.requireWritable("delete verbalizer " + std::to_string(id));
  Statement st(db_, "DELETE FROM verbalizers WHERE id = ?");
  st.bind(1, id).run();
  if (db_.changes() == 0) missing(db_, "verbalizer", id);
}

}  // namespace pwb::store
