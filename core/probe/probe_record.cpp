#include "probe/probe_record.h"

#include <filesystem>

#include "store/run_store.h"

namespace pwb::probe {

int64_t recordProbeRun(const std::string& dbPath, const ProbeResult& r, const ProbeSet& set) {
  store::RunStore st(dbPath);
  store::RunRecord run;
  run.name = "zero-shot probe";
  run.method = "zero-shot";
  run.device = "";
  run.config = {{"task", "probe"},
                {"model", r.modelDir},
                {"template", r.templateText},
                {"data", set.data.path},
                {"multi_piece_answers", multiPieceAnswersName(r.multiPiece)}};
  // Records are saved by content: an existing template with this text is reused (as training runs do).
  for (const auto& t : st.listTemplates())
    if (t.text == r.templateText) run.templateId = t.id;
  if (!run.templateId) run.templateId = st.saveTemplate({0, r.templateText, r.templateText, 0});
  store::DatasetRecord d;
  d.name = std::filesystem::path(set.data.path).filename().string();
  d.path = set.data.path;
  d.format = set.data.format;
  d.checksum = set.data.checksumHex();
  d.rows = static_cast<int64_t>(set.data.examples.size());
  run.datasetId = st.saveDataset(d);
  store::ModelRecord m;
  m.name = r.modelDir;
  m.path = r.modelDir;
  run.modelId = st.saveModel(m);
  const int64_t id = st.createRun(run);
  store::EvaluationRecord ev;
  ev.runId = id;
  ev.name = "zero-shot probe";
  ev.templateId = run.templateId;
  ev.templateText = r.templateText;
  ev.datasetId = run.datasetId;
  ev.dataset = set.data.path;
  ev.split = "test";
  ev.accuracy = r.metrics.p1;
  ev.n = static_cast<int64_t>(r.metrics.count);
  ev.metrics = {{"task", "probe"},
                {"p_at_1", r.metrics.p1},
                {"p_at_10", r.metrics.p10},
                {"mrr", r.metrics.mrr},
                {"count", r.metrics.count}};
  for (size_t i = 0; i < r.examples.size(); ++i) {
    store::PredictionRecord p;
    p.index = static_cast<int64_t>(i);
    p.exampleId = r.examples[i].id;
    p.gold = r.examples[i].answer;
    p.predicted = r.examples[i].top.empty() ? std::string() : r.examples[i].top.front().token;
    ev.predictions.push_back(std::move(p));
  }
  st.saveEvaluation(ev);
  st.finishRun(id, store::RunStatus::Finished,
               {{"task", "probe"},
                {"test_p_at_1", r.metrics.p1},
                {"test_p_at_10", r.metrics.p10},
                {"test_mrr", r.metrics.mrr},
                {"test_count", r.metrics.count},
                {"skipped_multi_piece",
                 r.multiPiece == MultiPieceAnswers::Skip ? r.multiPieceAnswers.size() : size_t(0)},
                {"skipped_unknown", r.unknownAnswers.size()},
                {"seconds", r.seconds}});
  return id;
}

}  // namespace pwb::probe
