#pragma once
// The demonstrations the Templates view shows a [DEMOS] template with: one example per class of the
// project's data set, in class order (LM-BFF's order), never the example being previewed, each with the
// first label word of the first verbalizer that covers every class. Training and evaluation sample their
// demonstrations (core/data); the preview only needs a fixed, explainable choice.
#include <QString>
#include <QVector>
#include <vector>

#include "prompt/demonstration.h"

namespace pwb::data {
struct Dataset;
}

namespace pwb::ui {

struct VerbalizerItem;

struct PreviewDemos {
  std::vector<prompt::DemoInput> demos;
  QString labelWordsFrom;  // the verbalizer's name, or empty when the labels themselves are shown
};

// Throws pwb::Error naming a class that has no example besides the previewed one (`queryIndex`).
PreviewDemos previewDemonstrations(const data::Dataset& data, int queryIndex,
                                   const QVector<VerbalizerItem>& verbalizers);

}  // namespace pwb::ui
