#pragma once
// LM-BFF's K-shot split files, byte for byte: what tools/generate_k_shot_data.py (princeton-nlp/LM-BFF)
// writes into data/k-shot/<TASK>/<K>-<SEED>/ from one task's file in data/original/<TASK>/, so that the
// result can be checked with LM-BFF's published md5 list (data/k-shot/checksum).
//
// The script, per seed and task: np.random.seed(seed); shuffle the training rows with np.random.shuffle
// (data/numpy_random.h); group them by label, classes in order of first occurrence; write each class's
// first K rows (train) then each class's next K rows (dev), class after class.
// - GLUE-style tasks (SST-2, CoLA, MNLI, MRPC, QNLI, QQP, RTE, SNLI, STS-B, WNLI): train.tsv is read as text
//   lines (Python universal newlines: \r\n and a lone \r become \n), the first line is a header (not for
//   CoLA) that heads train.tsv and dev.tsv again, the label is a tab-separated field of the line with
//   surrounding whitespace stripped: the last one, the first (MRPC), the second (CoLA), or for STS-B
//   0/1 by score < 2.5. Rows are written back unchanged. MNLI's dev file is dev_matched.tsv.
// - The other tasks (sst-5, mr, cr, mpqa, subj, trec, and any other name): train.csv without header,
//   label in the first column, read and written by pandas (data/pandas_csv.h).
// The test files: GLUE tasks copy each original dev*.tsv to test*.tsv (LM-BFF tests on GLUE's dev set),
// the CSV tasks write test.csv back through pandas.
// Like the script, a class with fewer than 2K rows gives what it has (see LmBffSplit::shortClasses).
#include <cstdint>
#include <string>
#include <vector>

namespace pwb::data {

struct LmBffTask {
  enum class Label { Last, First, Second, StsbThreshold };
  std::string name;
  bool glue = false;    // TSV lines (true) or pandas CSV (false)
  bool header = false;  // GLUE: the first line is a header
  Label label = Label::First;
  std::string devName = "dev.tsv";  // GLUE: dev file name in the split folder
};

// The task by LM-BFF's folder name; any other name is a CSV task (label in the first column), as in the
// script. Throws pwb::Error for an empty name.
LmBffTask lmBffTask(const std::string& name);
const std::vector<std::string>& lmBffGlueTasks();

struct LmBffSplit {
  std::string trainName, devName;  // "train.tsv"/"dev.tsv" (MNLI: "dev_matched.tsv") or "train.csv"/"dev.csv"
  std::string train, dev;          // file contents
  std::vector<int> trainLines, devLines;  // 1-based source line of each written row, in written order
  std::vector<std::string> labels;        // classes in the order written
  std::vector<std::string> shortClasses;  // "label (n rows)" for classes with fewer than 2K rows
};

// `bytes` is the task's original training file, `origin` its name for errors. Seeds must be < 2^32.
LmBffSplit makeLmBffSplit(const std::string& bytes, const std::string& origin, const LmBffTask& task, int k,
                          uint64_t seed);

// The test file LM-BFF writes beside the split from an original evaluation file: its name (GLUE: the
// file name with "dev" replaced by "test", e.g. dev_matched.tsv -> test_matched.tsv; CSV: test.csv)
// and its content.
struct LmBffTestFile {
  std::string name, content;
};
LmBffTestFile makeLmBffTestFile(const std::string& bytes, const std::string& origin, const LmBffTask& task);

}  // namespace pwb::data
