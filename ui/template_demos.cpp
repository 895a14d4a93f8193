#include "template_demos.h"

#include "common/error.h"
#include "data/dataset.h"
#include "project.h"

namespace pwb::ui {

namespace {

// The first verbalizer with a word for every class of the data set, or null.
const VerbalizerItem* coveringVerbalizer(const data::Dataset& data,
                                         const QVector<VerbalizerItem>& verbalizers) {
  for (const auto& v : verbalizers) {
    bool all = true;
    for (const auto& label : data.labels) {
      bool found = false;
      for (const auto& lw : v.mapping)
        found = found || (lw.label.toStdString() == label && !lw.words.isEmpty());
      all = all && found;
    }
    if (all) return &v;
  }
  return nullptr;
}

}  // namespace

PreviewDemos previewDemonstrations(const data::Dataset& data, int queryIndex,
                                   const QVector<VerbalizerItem>& verbalizers) {
  if (data.labels.empty()) {
    throw Error("the data set has no labels, so there are no solved examples to show as demonstrations");
  }
  PreviewDemos out;
  const VerbalizerItem* v = coveringVerbalizer(data, verbalizers);
  if (v) out.labelWordsFrom = v->name;
  for (const auto& label : data.labels) {
    const data::Example* pick = nullptr;
    for (size_t i = 0; i < data.examples.size() && !pick; ++i) {
      if (static_cast<int>(i) != queryIndex && data.examples[i].label == label) pick = &data.examples[i];
    }
    if (!pick) {
      throw Error("label '" + label +
                  "' has no example besides the one shown, so no demonstration can be drawn for it");
    }
    std::string word = label;
    if (v) {
      for (const auto& lw : v->mapping) {
        if (lw.label.toStdString() == label) word = lw.words.first().toStdString();
      }
    }
    out.demos.push_back(prompt::DemoInput{pick->id, pick->fields, word});
  }
  return out;
}

}  // namespace pwb::ui
