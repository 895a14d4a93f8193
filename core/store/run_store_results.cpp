// Evaluations with their per-example predictions, and run artifacts (trained prompt tensors, heads).
#include <cstring>

#include "common/error.h"
#include "store/run_store.h"
#include "store/sha256.h"
#include "store/statement.h"
#include "store/transaction.h"

namespace pwb::store {
namespace {

// Class probabilities as little-endian IEEE float64, one per label: exact, and 8 bytes instead of ~20 as
// text.
std::vector<uint8_t> packProbabilities(const std::vector<double>& p) {
  std::vector<uint8_t> out(p.size() * 8);
  for (size_t i = 0; i < p.size(); ++i) {
    uint64_t bits;
    std::memcpy(&bits, &p[i], 8);
    for (int b = 0; b < 8; ++b) out[i * 8 + static_cast<size_t>(b)] = uint8_t(bits >> (8 * b));
  }
  return out;
}

std::vector<double> unpackProbabilities(const Database& db, const std::vector<uint8_t>& bytes) {
  if (bytes.size() % 8 != 0)
    throw keyError(db.path(), "predictions.probs", "stored probabilities are damaged");
  std::vector<double> out(bytes.size() / 8);
  for (size_t i = 0; i < out.size(); ++i) {
    uint64_t bits = 0;
    for (int b = 0; b < 8; ++b) bits |= uint64_t(bytes[i * 8 + static_cast<size_t>(b)]) << (8 * b);
    std::memcpy(&out[i], &bits, 8);
  }
  return out;
}

// predictions.demos: NULL when there were no demonstrations, else a JSON array of id arrays.
std::optional<std::string> packDemos(const std::vector<std::vector<std::string>>& demos) {
  if (demos.empty()) return std::nullopt;
  return nlohmann::json(demos).dump();
}

std::vector<std::vector<std::string>> unpackDemos(const Database& db, const std::string& text) {
  const auto j = nlohmann::json::parse(text, nullptr, false);
  const auto damaged = [&] {
    return keyError(db.path(), "predictions.demos", "stored demonstration ids are damaged");
  };
  if (!j.is_array()) throw damaged();
  std::vector<std::vector<std::string>> out;
  for (const auto& set : j) {
    if (!set.is_array()) throw damaged();
    out.emplace_back();
    for (const auto& id : set) {
      if (!id.is_string()) throw damaged();
      out.back().push_back(id.get<std::string>());
    }
  }
  return out;
}

nlohmann::json parseJson(const Database& db, const std::string& text, const char* column) {
  auto j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded()) throw keyError(db.path(), column, "stored JSON is damaged");
  return j;
}

const char* kEvaluationColumns =
    "id, run_id, name, template_id, template_text, verbalizer_id, verbalizer_spec, dataset_id, dataset, "
    "split, "
    "labels, accuracy, macro_f1, n, metrics, created_at";

EvaluationRecord readEvaluation(const Database& db, const Statement& st) {
  EvaluationRecord e;
  e.id = st.getInt64(0);
  e.runId = st.optInt64(1);
  e.name = st.getText(2);
  e.templateId = st.optInt64(3);
  e.templateText = st.getText(4);
  e.verbalizerId = st.optInt64(5);
  e.verbalizerSpec = st.getText(6);
  e.datasetId = st.optInt64(7);
  e.dataset = st.getText(8);
  e.split = st.getText(9);
  const auto labels = parseJson(db, st.getText(10), "evaluations.labels");
  if (!labels.is_array()) throw keyError(db.path(), "evaluations.labels", "stored labels are not a list");
  for (const auto& l : labels) e.labels.push_back(l.is_string() ? l.get<std::string>() : l.dump());
  e.accuracy = st.getDouble(11);
  e.macroF1 = st.getDouble(12);
  e.n = st.getInt64(13);
  e.metrics = parseJson(db, st.getText(14), "evaluations.metrics");
  e.createdAt = st.getDouble(15);
  return e;
}

const char* kArtifactColumns = "id, run_id, kind, name, path, sha256, size, meta, created_at";

ArtifactRecord readArtifact(const Database& db, const Statement& st) {
  ArtifactRecord a;
  a.id = st.getInt64(0);
  a.runId = st.getInt64(1);
  a.kind = st.getText(2);
  a.name = st.getText(3);
  if (!st.isNull(4)) a.path = st.getText(4);
  a.sha256 = st.getText(5);
  a.size = st.getInt64(6);
  a.meta = parseJson(db, st.getText(7), "artifacts.meta");
  a.createdAt = st.getDouble(8);
  return a;
}

}  // namespace

int64_t RunStore::saveEvaluation(const EvaluationRecord& e) {
  db_.requireWritable("save an evaluation");
  if (!e.metrics.is_object()) throw fileError(db_.path(), "evaluation metrics must be a JSON object");
  Transaction tx(db_);
  if (e.runId) requireRun(*e.runId);
  {
    Statement st(
        db_,
        "INSERT INTO evaluations (run_id, name, template_id, template_text, verbalizer_id, "
        "verbalizer_spec, dataset_id, dataset, split, labels, accuracy, macro_f1, n, metrics, created_at) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
    st.bind(1, e.runId).bind(2, e.name).bind(3, e.templateId).bind(4, e.templateText).bind(5, e.verbalizerId);
    st.bind(6, e.verbalizerSpec).bind(7, e.datasetId).bind(8, e.dataset).bind(9, e.split);
    st.bind(10, nlohmann::json(e.labels).dump()).bind(11, e.accuracy).bind(12, e.macroF1).bind(13, e.n);
    st.bind(14, e.metrics.dump()).bind(15, e.createdAt > 0 ? e.createdAt : nowSeconds());
    st.run();
  }
  const int64_t id = db_.lastInsertId();
  Statement ins(db_,
                "INSERT INTO predictions (evaluation_id, idx, example_id, gold, predicted, probs, demos) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)");
  for (const auto& p : e.predictions) {
    if (!e.labels.empty() && !p.probabilities.empty() && p.probabilities.size() != e.labels.size()) {
      throw fileError(db_.path(), "prediction " + std::to_string(p.index) + " has " +
                                      std::to_string(p.probabilities.size()) + " probabilities for " +
                                      std::to_string(e.labels.size()) + " labels");
    }
    const auto blob = packProbabilities(p.probabilities);
    ins.bind(1, id).bind(2, p.index).bind(3, p.exampleId).bind(4, p.gold).bind(5, p.predicted);
    ins.bindBlob(6, blob.data(), blob.size());
    ins.bind(7, packDemos(p.demos));
    ins.run();
    ins.reset();
  }
  tx.commit();
  return id;
}

EvaluationRecord RunStore::getEvaluation(int64_t id, bool withPredictions) {
  // One read transaction: the evaluation and its predictions come from the same snapshot.
  Transaction tx(db_, Transaction::Kind::Deferred);
  Statement st(db_, std::string("SELECT ") + kEvaluationColumns + " FROM evaluations WHERE id = ?");
  st.bind(1, id);
  if (!st.step()) throw fileError(db_.path(), "no evaluation with id " + std::to_string(id));
  EvaluationRecord e = readEvaluation(db_, st);
  if (withPredictions) {
    Statement p(
        db_,
        "SELECT idx, example_id, gold, predicted, probs, demos FROM predictions WHERE evaluation_id = ? "
        "ORDER BY idx");
    p.bind(1, id);
    while (p.step()) {
      PredictionRecord r;
      r.index = p.getInt64(0);
      r.exampleId = p.getText(1);
      if (!p.isNull(2)) r.gold = p.getText(2);
      r.predicted = p.getText(3);
      r.probabilities = unpackProbabilities(db_, p.getBlob(4));
      if (!p.isNull(5)) r.demos = unpackDemos(db_, p.getText(5));
      e.predictions.push_back(std::move(r));
    }
  }
  tx.commit();
  return e;
}

std::vector<EvaluationRecord> RunStore::listEvaluations(std::optional<int64_t> runId) {
  std::string sql = std::string("SELECT ") + kEvaluationColumns + " FROM evaluations";
  if (runId) sql += " WHERE run_id = ?";
  Statement st(db_, sql + " ORDER BY id");
  if (runId) st.bind(1, *runId);
  std::vector<EvaluationRecord> out;
  while (st.step()) out.push_back(readEvaluation(db_, st));
  return out;
}

void RunStore::deleteEvaluation(int64_t id) {
  db_.requireWritable("delete evaluation " + std::to_string(id));
  Statement st(db_, "DELETE FROM evaluations WHERE id = ?");
  st.bind(1, id).run();
  if (db_.changes() == 0) throw fileError(db_.path(), "no evaluation with id " + std::to_string(id));
}

int64_t RunStore::saveArtifact(ArtifactRecord a) {
  db_.requireWritable("save an artifact");
  if (a.kind.empty()) throw fileError(db_.path(), "an artifact needs a kind");
  if (!a.meta.is_object()) throw fileError(db_.path(), "artifact meta must be a JSON object");
  if (a.path && !a.data.empty()) {
    throw fileError(db_.path(), "an artifact is either a file path or inline data, not both");
  }
  if (!a.path) {
    a.size = static_cast<int64_t>(a.data.size());
    if (a.sha256.empty()) a.sha256 = sha256Hex(a.data.data(), a.data.size());
  } else if (a.sha256.empty()) {
    a.sha256 = sha256File(*a.path);
  }
  Transaction tx(db_);
  requireRun(a.runId);
  Statement st(db_,
               "INSERT INTO artifacts (run_id, kind, name, path, sha256, size, data, meta, created_at) "
               "VALUES (?,?,?,?,?,?,?,?,?)");
  st.bind(1, a.runId).bind(2, a.kind).bind(3, a.name).bind(4, a.path).bind(5, a.sha256).bind(6, a.size);
  if (a.path) {
    st.bindNull(7);
  } else {
    st.bindBlob(7, a.data.data(), a.data.size());
  }
  st.bind(8, a.meta.dump()).bind(9, a.createdAt > 0 ? a.createdAt : nowSeconds());
  st.run();
  const int64_t id = db_.lastInsertId();
  tx.commit();
  return id;
}

ArtifactRecord RunStore::getArtifact(int64_t id) {
  Statement st(db_, std::string("SELECT ") + kArtifactColumns + ", data FROM artifacts WHERE id = ?");
  st.bind(1, id);
  if (!st.step()) throw fileError(db_.path(), "no artifact with id " + std::to_string(id));
  ArtifactRecord a = readArtifact(db_, st);
  a.data = st.getBlob(9);
  return a;
}

std::vector<ArtifactRecord> RunStore::listArtifacts(int64_t runId) {
  Statement st(db_,
               std::string("SELECT ") + kArtifactColumns + " FROM artifacts WHERE run_id = ? ORDER BY id");
  st.bind(1, runId);
  std::vector<ArtifactRecord> out;
  while (st.step()) out.push_back(readArtifact(db_, st));
  return out;
}

}  // namespace pwb::store
