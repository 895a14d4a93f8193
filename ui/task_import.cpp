#include "task_import.h"

#include "data/dataset_import.h"
#include "multilabel/multilabel_import.h"
#include "probe/probe_import.h"
#include "regress/regression_targets.h"

namespace pwb::ui {

const char* taskKindName(TaskKind kind) {
  switch (kind) {
    case TaskKind::Classification:
      return "classification";
    case TaskKind::Regression:
      return "regression";
    case TaskKind::Probing:
      return "probing";
    case TaskKind::MultipleChoice:
      return "multiple-choice";
    case TaskKind::MultiLabel:
      return "multi-label";
  }
  return "classification";
}

TaskPreview importForTask(const TaskImport& r) {
  TaskPreview out;
  const data::ImportOptions& o = r.options;
  switch (r.task) {
    case TaskKind::Classification:
    case TaskKind::MultipleChoice: {
      data::ImportOptions io = o;
      if (r.task == TaskKind::MultipleChoice) io.format = "mc-jsonl";
      out.data = data::importDataset(r.path, io);
      out.summary = out.data.summary();
      break;
    }
    case TaskKind::Regression: {
      regress::RegressionImportOptions io;
      io.format = o.format;
      io.targetColumn = o.labelColumn;
      io.fields = o.textColumns;
      io.onBadRow = o.onBadRow;
      io.maxRows = o.maxRows;
      auto set = regress::importRegressionSet(r.path, io);
      out.summary = set.summary();
      out.data = std::move(set.data);
      break;
    }
    case TaskKind::Probing: {
      probe::ProbeImportOptions io;
      io.format = o.format;
      io.answerColumn = o.labelColumn;
      io.fields = o.textColumns;
      io.onBadRow = o.onBadRow;
      io.maxRows = o.maxRows;
      auto set = probe::importProbeSet(r.path, io);
      out.summary = set.summary();
      out.data = std::move(set.data);
      break;
    }
    case TaskKind::MultiLabel: {
      multilabel::MultiLabelImportOptions io;
      io.format = o.format;
      io.labelColumn = o.labelColumn;
      io.fields = o.textColumns;
      io.separator = r.separator;
      io.declaredLabels = r.declaredLabels;
      io.onBadRow = o.onBadRow;
      io.maxRows = o.maxRows;
      auto set = multilabel::importMultiLabelSet(r.path, io);
      out.summary = set.summary();
      out.data = std::move(set.data);
      break;
    }
  }
  return out;
}

}  // namespace pwb::ui
