#pragma once
// The open project as the views see it: the model folder, the imported data sets, the templates and the
// verbalizers, all kept in the project's SQLite file (core/store), plus what is derived from them at run
// time (the model's tokenizer, the parsed data sets). Views read from here and listen to the signals.
#include <QObject>
#include <QString>
#include <QStringList>
#include <QVector>
#include <memory>

#include "data/import_options.h"

namespace pwb::tokenize {
class Tokenizer;
}
namespace pwb::data {
struct Dataset;
}
namespace pwb::store {
class RunStore;
}

namespace pwb::ui {

struct LabelWords {
  QString label;
  QStringList words;
};

struct TemplateItem {
  qint64 id = 0;  // row in the project file's templates table
  QString name;
  QString text;
};

struct VerbalizerItem {
  qint64 id = 0;
  QString name;
  QVector<LabelWords> mapping;
  // "1=great,good;0=terrible" (the pwb command line's spelling) and back; parse throws pwb::Error.
  QString toSpec() const;
  static QVector<LabelWords> parseSpec(const QString& spec);
};

struct DatasetItem {
  qint64 id = 0;
  QString name;                               // shown in the UI, unique in the project
  QString path;                               // the file as imported
  QString format;                             // importer name ("auto" resolved at import time)
  data::ImportOptions options;                // how it was imported (re-applied when the project is opened)
  std::shared_ptr<const data::Dataset> data;  // null until loaded (or when the file is gone)
  QString error;                              // why data is null
};

class Project : public QObject {
  Q_OBJECT
 public:
  explicit Project(QObject* parent = nullptr);
  ~Project() override;

  // Opens an existing project file (or creates it when missing) and loads its contents; data sets and
  // the tokenizer are loaded in the background. Throws pwb::Error with the store's sentence.
  void open(const QString& path);
  // Creates a new, empty project file (refuses an existing file).
  void create(const QString& path);
  void close();
  bool isOpen() const { return store_ != nullptr; }
  // The project's store (GUI thread only; other threads open their own RunStore on path()).
  store::RunStore* store() const { return store_.get(); }

  QString path() const { return path_; }
  QString name() const;  // file name without extension

  QString modelDir() const { return modelDir_; }
  void setModelDir(const QString& dir);  // also starts loading the tokenizer in the background
  std::shared_ptr<const tokenize::Tokenizer> tokenizer() const { return tokenizer_; }
  QString tokenizerError() const { return tokenizerError_; }

  const QVector<TemplateItem>& templates() const { return templates_; }
  int addTemplate(const QString& name, const QString& text);  // returns its index
  void setTemplateText(int index, const QString& text);
  void renameTemplate(int index, const QString& name);
  void removeTemplate(int index);

  const QVector<VerbalizerItem>& verbalizers() const { return verbalizers_; }
  int addVerbalizer(const QString& name, const QVector<LabelWords>& mapping);
  void setVerbalizerMapping(int index, const QVector<LabelWords>& mapping);
  void renameVerbalizer(int index, const QString& name);
  void removeVerbalizer(int index);

  const QVector<DatasetItem>& datasets() const { return datasets_; }
  int addDataset(const DatasetItem& item);  // item.data must be loaded; throws pwb::Error from the store
  void removeDataset(int index);
  int currentDataset() const { return currentDataset_; }
  void setCurrentDataset(int index);
  // The current data set's examples, or null when there is none.
  std::shared_ptr<const data::Dataset> currentData() const;

  // A unique name derived from `base` ("Template 2", ...).
  QString uniqueTemplateName(const QString& base) const;
  QString uniqueVerbalizerName(const QString& base) const;

 signals:
  void opened();
  void modelChanged();
  void tokenizerChanged();
  void templatesChanged();
  void verbalizersChanged();
  void datasetsChanged();
  void currentDatasetChanged();
  // A write to the project file failed (read-only file, disk full ...): the sentence for the status bar.
  void storeError(const QString& message);

 private:
  void loadTokenizer();
  void loadDatasets();
  void saveOrder(const QString& key, const QVector<qint64>& ids);
  QVector<qint64> loadOrder(const QString& key);
  template <typename T>
  void sortByOrder(QVector<T>& items, const QString& key);
  void persistTemplate(int index);
  void persistVerbalizer(int index);
  void reportStoreError(const QString& what);

  std::unique_ptr<store::RunStore> store_;

  QString path_;
  QString modelDir_;
  std::shared_ptr<const tokenize::Tokenizer> tokenizer_;
  QString tokenizerError_;
  int tokenizerGeneration_ = 0;
  QVector<TemplateItem> templates_;
  QVector<VerbalizerItem> verbalizers_;
  QVector<DatasetItem> datasets_;
  int currentDataset_ = -1;
};

}  // namespace pwb::ui
