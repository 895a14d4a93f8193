#pragma once
// "Example 12 of 1,821 [label 1]: the text …" with previous/next/random buttons: picks the example of the
// current data set that the template preview and the mask's top-k are shown on.
#include <QWidget>
#include <memory>

class QLabel;
class QSpinBox;

namespace pwb::data {
struct Dataset;
struct Example;
}  // namespace pwb::data

namespace pwb::ui {

class Project;

class ExamplePicker : public QWidget {
  Q_OBJECT
 public:
  explicit ExamplePicker(Project* project, QWidget* parent = nullptr);

  // The data set and example shown (null when there is none).
  std::shared_ptr<const data::Dataset> dataset() const { return dataset_; }
  const data::Example* example() const;
  int index() const;  // 0-based
  void setIndex(int index);

 signals:
  void exampleChanged();

 private:
  void refreshDataset();
  void refreshText();

  Project* project_;
  QSpinBox* spin_;
  QLabel* count_;
  QLabel* text_;
  std::shared_ptr<const data::Dataset> dataset_;
};

}  // namespace pwb::ui
