// SearchView's form and the search::SearchRequest it stands for: reading the request from the form (what
// Start runs), showing a stored search's settings in it (openSearch), and the setters tests and the tour
// use to fill it.
#include <QComboBox>
#include <QLineEdit>
#include <QRegularExpression>
#include <QSpinBox>

#include "common/error.h"
#include "project.h"
#include "search_view.h"

namespace pwb::ui {

search::SearchRequest SearchView::requestFromForm() const {
  // Settings the form does not show (sampler, threads, sub-word/special trigger tokens, the initial trigger
  // token, generation forms) come from the last reopened search, else the defaults.
  search::SearchRequest r = base_;
  r.method = search::SearchMethod(method_->currentData().toInt());
  r.modelDir = project_->modelDir().toStdString();
  if (r.modelDir.empty()) throw Error(tr("Choose a model for the project first.").toStdString());
  r.trainPath = train_->currentData().toString().toStdString();
  if (r.trainPath.empty()) throw Error(tr("Import a data set to search on first.").toStdString());
  r.testPath = test_->currentData().toString().toStdString();
  r.templateText = r.method == search::SearchMethod::AutoPrompt ? template_->text().trimmed().toStdString()
                                                                : std::string();
  r.verbalizerText = verbalizer_->currentText().trimmed().toStdString();
  if (r.verbalizerText.empty()) throw Error(tr("Verbalizer: give the label words.").toStdString());
  r.shots = k_->value();
  r.seeds.clear();
  r.lmbff.file.clear();
  for (const QString& s :
       seeds_->text().split(QRegularExpression(QStringLiteral("[,\\s]+")), Qt::SkipEmptyParts)) {
    bool ok = false;
    const qulonglong v = s.toULongLong(&ok);
    if (!ok) throw Error(tr("Seeds: '%1' is not a non-negative whole number.").arg(s).toStdString());
    r.seeds.push_back(v);
  }
  if (r.seeds.empty()) throw Error(tr("Seeds: give at least one seed.").toStdString());
  r.device = device_->currentData().toString().toStdString();
  r.maxLength = maxLength_->value();
  r.rankTop = rankTop_->value();
  r.autoprompt.steps = steps_->value();
  r.autoprompt.candidates = candidatesPerStep_->value();
  r.autoprompt.batchSize = batch_->value();
  r.autoprompt.patience = patience_->value();
  r.generate.maskRun = maskRun_->value();
  r.generate.beam = beam_->value();
  r.generate.keep = keep_->value();
  if (r.method == search::SearchMethod::LmBffList) {
    r.lmbff.file = listFile_->text().trimmed().toStdString();
    if (r.lmbff.file.empty())
      throw Error(tr("Candidate list: choose an LM-BFF *.sort.txt file.").toStdString());
  }
  r.lmbff.limit = limit_->value();
  return r;
}

void SearchView::setForm(const search::SearchRequest& r) {
  base_ = r;
  setMethod(r.method);
  if (!r.templateText.empty()) template_->setText(QString::fromStdString(r.templateText));
  setVerbalizerSpec(QString::fromStdString(r.verbalizerText));
  auto choosePath = [](QComboBox* box, const std::string& path) {
    const QString p = QString::fromStdString(path);
    int i = box->findData(p);
    if (i < 0) {  // a file that is not (or no more) a project data set: offered as it is
      box->addItem(p.isEmpty() ? tr("(none)") : p, p);
      i = box->count() - 1;
    }
    box->setCurrentIndex(i);
  };
  choosePath(train_, r.trainPath);
  choosePath(test_, r.testPath);
  k_->setValue(r.shots);
  QStringList seeds;
  for (uint64_t s : r.seeds) seeds << QString::number(s);
  seeds_->setText(seeds.join(QStringLiteral(", ")));
  const int d = device_->findData(QString::fromStdString(r.device));
  if (d >= 0) device_->setCurrentIndex(d);
  maxLength_->setValue(r.maxLength);
  rankTop_->setValue(r.rankTop);
  setAutoPromptBudget(r.autoprompt.steps, r.autoprompt.candidates, r.autoprompt.batchSize,
                      r.autoprompt.patience);
  setGenerateBudget(r.generate.maskRun, r.generate.beam, r.generate.keep);
  listFile_->setText(QString::fromStdString(r.lmbff.file));
  limit_->setValue(r.lmbff.limit);
}

void SearchView::setMethod(search::SearchMethod method) {
  const int i = method_->findData(int(method));
  if (i >= 0) method_->setCurrentIndex(i);
}
void SearchView::setTemplateText(const QString& text) {
  template_->setText(text);
}
void SearchView::setVerbalizerSpec(const QString& spec) {
  const int i = verbalizer_->findText(spec);
  if (i >= 0)
    verbalizer_->setCurrentIndex(i);
  else
    verbalizer_->setEditText(spec);
}
void SearchView::setLmBffFile(const QString& path) {
  listFile_->setText(path);
}
void SearchView::setDatasets(int train, int test) {
  train_->setCurrentIndex(train);
  test_->setCurrentIndex(test + 1);  // row 0 is "(none)"
}
void SearchView::setK(int k) {
  k_->setValue(k);
}
void SearchView::setSeeds(const QString& seeds) {
  seeds_->setText(seeds);
}
void SearchView::setAutoPromptBudget(int steps, int candidates, int batch, int patience) {
  steps_->setValue(steps);
  candidatesPerStep_->setValue(candidates);
  batch_->setValue(batch);
  patience_->setValue(patience);
}
void SearchView::setGenerateBudget(int maskRun, int beam, int keep) {
  maskRun_->setValue(maskRun);
  beam_->setValue(beam);
  keep_->setValue(keep);
}
void SearchView::setListLimit(int limit) {
  limit_->setValue(limit);
}
void SearchView::setRankTop(int top) {
  rankTop_->setValue(top);
}
void SearchView::setMaxLength(int tokens) {
  maxLength_->setValue(tokens);
}

}  // namespace pwb::ui
