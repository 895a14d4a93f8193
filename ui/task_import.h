#pragma once
// What the import dialog reads a file as (issue 17): the task type and the task's own settings, and the one
// call that reads the file with the task's importer — core/data's for classification and multiple choice
// (mc-jsonl), regress::importRegressionSet (a numeric target column), probe::importProbeSet (an answer
// column) and multilabel::importMultiLabelSet (a label-list column, separator, declared labels). Each of
// them reports bad rows by file and line in Dataset::problems; the preview shows those. Qt-free.
#include <string>
#include <vector>

#include "data/dataset.h"
#include "data/import_options.h"

namespace pwb::ui {

enum class TaskKind { Classification, Regression, Probing, MultipleChoice, MultiLabel };

// "classification", "regression", "probing", "multiple-choice", "multi-label".
const char* taskKindName(TaskKind kind);

struct TaskImport {
  TaskKind task = TaskKind::Classification;
  std::string path;
  data::ImportOptions options;  // format, text columns, label column, bad-row policy as the dialog sets them
  // Multi-label only: the labels' separator in a TSV/CSV column, and the declared label set (empty = every
  // label seen).
  std::string separator = ",";
  std::vector<std::string> declaredLabels;
};

struct TaskPreview {
  data::Dataset data;   // the rows as the task's importer read them, problems by line
  std::string summary;  // the task importer's own summary ("120 rows, targets 0 to 4 (mean 2.1), …")
};

// Throws pwb::Error for file-level problems and, with OnBadRow::Stop, for the first bad row. For
// multiple choice the format is mc-jsonl whatever options.format says. The label column is the task's
// column: the target (regression), the answer (probing) or the label list (multi-label).
TaskPreview importForTask(const TaskImport& request);

}  // namespace pwb::ui
