#include "project.h"

#include <QFileInfo>
#include <algorithm>

#include "background.h"
#include "common/error.h"
#include "data/dataset.h"
#include "data/dataset_import.h"
#include "import_options_json.h"
#include "model/model_config.h"
#include "prompt/verbalizer.h"
#include "store/run_store.h"
#include "tokenize/tokenizer.h"

namespace pwb::ui {

namespace {
// Keys of the workbench's own settings in the project file (store settings table).
const char* const kModelDir = "workbench.modelDir";
const char* const kCurrentDataset = "workbench.currentDataset";
const char* const kTemplateOrder = "workbench.templateOrder";
const char* const kVerbalizerOrder = "workbench.verbalizerOrder";
const char* const kDatasetOrder = "workbench.datasetOrder";
std::string datasetOptionsKey(qint64 id) {
  return "workbench.datasetOptions." + std::to_string(id);
}

QString q(const std::string& s) {
  return QString::fromStdString(s);
}
std::string s(const QString& q) {
  return q.toStdString();
}
}  // namespace

QString VerbalizerItem::toSpec() const {
  prompt::Verbalizer v;
  for (const auto& lw : mapping) {
    if (lw.words.isEmpty()) continue;  // a label without words yet is not part of the verbalizer
    prompt::VerbalizerClass c;
    c.label = s(lw.label);
    for (const QString& w : lw.words) c.words.push_back(s(w));
    v.classes.push_back(std::move(c));
  }
  return q(v.toString());
}

QVector<LabelWords> VerbalizerItem::parseSpec(const QString& spec) {
  const prompt::Verbalizer v = prompt::parseVerbalizer(s(spec));
  QVector<LabelWords> out;
  for (const auto& c : v.classes) {
    LabelWords lw;
    lw.label = q(c.label);
    for (const auto& w : c.words) lw.words << q(w);
    out << lw;
  }
  return out;
}

Project::Project(QObject* parent) : QObject(parent) {}
Project::~Project() = default;

QString Project::name() const {
  return QFileInfo(path_).completeBaseName();
}

void Project::create(const QString& path) {
  if (QFileInfo::exists(path)) throw Error(s(path) + ": the file already exists; open it instead.");
  open(path);
}

void Project::close() {
  store_.reset();
  path_.clear();
  modelDir_.clear();
  tokenizer_.reset();
  tokenizerError_.clear();
  ++tokenizerGeneration_;
  templates_.clear();
  verbalizers_.clear();
  datasets_.clear();
  currentDataset_ = -1;
}

void Project::open(const QString& path) {
  auto store = std::make_unique<store::RunStore>(s(path));  // throws with the store's sentence
  close();
  store_ = std::move(store);
  path_ = QFileInfo(path).absoluteFilePath();

  for (const auto& t : store_->listTemplates()) templates_.push_back({t.id, q(t.name), q(t.text)});
  sortByOrder(templates_, QString::fromLatin1(kTemplateOrder));
  for (const auto& v : store_->listVerbalizers()) {
    VerbalizerItem item{v.id, q(v.name), {}};
    try {
      item.mapping = VerbalizerItem::parseSpec(q(v.spec));
    } catch (const Error&) {
      continue;  // not written by the workbench; the evaluation records keep it
    }
    verbalizers_.push_back(item);
  }
  sortByOrder(verbalizers_, QString::fromLatin1(kVerbalizerOrder));
  for (const auto& d : store_->listDatasets()) {
    DatasetItem item;
    item.id = d.id;
    item.name = q(d.name);
    item.path = q(d.path);
    item.format = q(d.format);
    if (auto opt = store_->setting(datasetOptionsKey(d.id))) {
      try {
        item.options = importOptionsFromJson(nlohmann::json::parse(*opt));
      } catch (const std::exception&) {
        item.options.format = d.format;
      }
    } else {
      item.options.format = d.format;
    }
    datasets_.push_back(item);
  }
  sortByOrder(datasets_, QString::fromLatin1(kDatasetOrder));
  if (auto cur = store_->setting(kCurrentDataset)) {
    for (int i = 0; i < datasets_.size(); ++i)
      if (QString::number(datasets_[i].id) == q(*cur)) currentDataset_ = i;
  }
  if (currentDataset_ < 0 && !datasets_.isEmpty()) currentDataset_ = 0;
  modelDir_ = q(store_->setting(kModelDir).value_or(""));

  emit opened();
  emit modelChanged();
  emit templatesChanged();
  emit verbalizersChanged();
  emit datasetsChanged();
  emit currentDatasetChanged();
  loadTokenizer();
  loadDatasets();
}

void Project::reportStoreError(const QString& what) {
  emit storeError(tr("%1: %2").arg(what, describeException(std::current_exception())));
}

QVector<qint64> Project::loadOrder(const QString& key) {
  QVector<qint64> ids;
  if (!store_) return ids;
  try {
    const auto text = store_->setting(s(key));
    if (!text) return ids;
    for (const auto& v : nlohmann::json::parse(*text))
      if (v.is_number_integer()) ids << v.get<qint64>();
  } catch (const std::exception&) {
  }
  return ids;
}

void Project::saveOrder(const QString& key, const QVector<qint64>& ids) {
  if (!store_ || store_->readOnly()) return;
  try {
    store_->setSetting(s(key), nlohmann::json(std::vector<qint64>(ids.begin(), ids.end())).dump());
  } catch (...) {
    reportStoreError(tr("Saving the project"));
  }
}

template <typename T>
void Project::sortByOrder(QVector<T>& items, const QString& key) {
  const QVector<qint64> order = loadOrder(key);
  auto rank = [&](qint64 id) {
    const int i = int(order.indexOf(id));
    return i < 0 ? int(order.size()) + int(id) : i;  // unknown ids after the known, by id
  };
  std::stable_sort(items.begin(), items.end(),
                   [&](const T& a, const T& b) { return rank(a.id) < rank(b.id); });
}

template <typename T>
static QVector<qint64> idsOf(const QVector<T>& items) {
  QVector<qint64> ids;
  for (const auto& i : items) ids << i.id;
  return ids;
}

// ---- model and tokenizer ----

void Project::setModelDir(const QString& dir) {
  modelDir_ = dir;
  if (store_ && !store_->readOnly()) {
    try {
      store::ModelRecord m;
      m.name = s(QFileInfo(dir).fileName());
      m.path = s(dir);
      m.configHash = model::ModelConfig::fromFile(s(dir + QStringLiteral("/config.json"))).configHash;
      store_->saveModel(m);
      store_->setSetting(kModelDir, s(dir));
    } catch (...) {
      reportStoreError(tr("Saving the model choice"));
    }
  }
  emit modelChanged();
  loadTokenizer();
}

void Project::loadTokenizer() {
  tokenizer_.reset();
  tokenizerError_.clear();
  const int gen = ++tokenizerGeneration_;
  emit tokenizerChanged();
  if (modelDir_.isEmpty()) return;
  const std::string dir = s(modelDir_);
  runInBackground<std::shared_ptr<const tokenize::Tokenizer>>(
      this, [dir]() { return std::shared_ptr<const tokenize::Tokenizer>(tokenize::loadTokenizer(dir)); },
      [this, gen](Outcome<std::shared_ptr<const tokenize::Tokenizer>> out) {
        if (gen != tokenizerGeneration_) return;
        if (out.ok())
          tokenizer_ = *out.value;
        else
          tokenizerError_ = out.error;
        emit tokenizerChanged();
      });
}

// ---- data sets ----

void Project::loadDatasets() {
  for (const auto& item : datasets_) {
    if (item.data) continue;
    const qint64 id = item.id;
    const std::string path = s(item.path);
    const data::ImportOptions options = item.options;
    const QString projectPath = path_;
    runInBackground<std::shared_ptr<const data::Dataset>>(
        this,
        [path, options]() {
          return std::shared_ptr<const data::Dataset>(
              std::make_shared<data::Dataset>(data::importDataset(path, options)));
        },
        [this, id, projectPath](Outcome<std::shared_ptr<const data::Dataset>> out) {
          if (projectPath != path_) return;  // another project was opened meanwhile
          for (int i = 0; i < datasets_.size(); ++i) {
            if (datasets_[i].id != id) continue;
            if (out.ok())
              datasets_[i].data = *out.value;
            else
              datasets_[i].error = out.error;
            emit datasetsChanged();
            if (i == currentDataset_) emit currentDatasetChanged();
          }
        });
  }
}

int Project::addDataset(const DatasetItem& given) {
  if (!store_) throw Error("no project is open");
  DatasetItem item = given;
  store::DatasetRecord rec;
  rec.name = s(item.name);
  rec.path = s(item.path);
  rec.format = s(item.format);
  if (item.data) {
    rec.checksum = item.data->checksumHex();
    rec.rows = int64_t(item.data->examples.size());
  }
  item.id = store_->saveDataset(rec);
  store_->setSetting(datasetOptionsKey(item.id), importOptionsToJson(item.options).dump());
  for (int i = 0; i < datasets_.size(); ++i) {
    if (datasets_[i].id == item.id) {  // the same file imported again: refresh it
      datasets_[i] = item;
      emit datasetsChanged();
      return i;
    }
  }
  datasets_.push_back(item);
  saveOrder(QString::fromLatin1(kDatasetOrder), idsOf(datasets_));
  emit datasetsChanged();
  return int(datasets_.size()) - 1;
}

void Project::removeDataset(int index) {
  if (index < 0 || index >= datasets_.size()) return;
  datasets_.remove(index);
  saveOrder(QString::fromLatin1(kDatasetOrder), idsOf(datasets_));
  if (currentDataset_ >= datasets_.size()) currentDataset_ = int(datasets_.size()) - 1;
  emit datasetsChanged();
  emit currentDatasetChanged();
}

void Project::setCurrentDataset(int index) {
  if (index < -1 || index >= datasets_.size()) return;
  currentDataset_ = index;
  if (store_ && !store_->readOnly() && index >= 0) {
    try {
      store_->setSetting(kCurrentDataset, std::to_string(datasets_[index].id));
    } catch (...) {
      reportStoreError(tr("Saving the project"));
    }
  }
  emit currentDatasetChanged();
}

std::shared_ptr<const data::Dataset> Project::currentData() const {
  if (currentDataset_ < 0 || currentDataset_ >= datasets_.size()) return nullptr;
  return datasets_[currentDataset_].data;
}

// ---- templates ----

QString Project::uniqueTemplateName(const QString& base) const {
  auto taken = [&](const QString& n) {
    return std::any_of(templates_.begin(), templates_.end(),
                       [&](const TemplateItem& t) { return t.name == n; });
  };
  if (!taken(base)) return base;
  for (int i = 2;; ++i)
    if (!taken(QStringLiteral("%1 %2").arg(base).arg(i))) return QStringLiteral("%1 %2").arg(base).arg(i);
}

QString Project::uniqueVerbalizerName(const QString& base) const {
  auto taken = [&](const QString& n) {
    return std::any_of(verbalizers_.begin(), verbalizers_.end(),
                       [&](const VerbalizerItem& v) { return v.name == n; });
  };
  if (!taken(base)) return base;
  for (int i = 2;; ++i)
    if (!taken(QStringLiteral("%1 %2").arg(base).arg(i))) return QStringLiteral("%1 %2").arg(base).arg(i);
}

void Project::persistTemplate(int index) {
  if (!store_ || store_->readOnly()) return;
  TemplateItem& t = templates_[index];
  try {
    store::TemplateRecord rec;
    rec.name = s(t.name);
    rec.text = s(t.text);
    const qint64 newId = store_->saveTemplate(rec);
    // Records are saved by content: an edit is a new row; the old one goes unless another item uses it.
    if (t.id != 0 && t.id != newId) {
      const qint64 old = t.id;
      t.id = newId;
      if (std::none_of(templates_.begin(), templates_.end(),
                       [&](const TemplateItem& o) { return o.id == old; }))
        store_->deleteTemplate(old);
    }
    t.id = newId;
    saveOrder(QString::fromLatin1(kTemplateOrder), idsOf(templates_));
  } catch (...) {
    reportStoreError(tr("Saving template '%1'").arg(t.name));
  }
}

int Project::addTemplate(const QString& name, const QString& text) {
  templates_.push_back({0, uniqueTemplateName(name), text});
  persistTemplate(int(templates_.size()) - 1);
  emit templatesChanged();
  return int(templates_.size()) - 1;
}

void Project::setTemplateText(int index, const QString& text) {
  if (index < 0 || index >= templates_.size() || templates_[index].text == text) return;
  templates_[index].text = text;
  persistTemplate(index);
  emit templatesChanged();
}

void Project::renameTemplate(int index, const QString& name) {
  if (index < 0 || index >= templates_.size() || name.trimmed().isEmpty() || templates_[index].name == name)
    return;
  templates_[index].name = uniqueTemplateName(name.trimmed());
  persistTemplate(index);
  emit templatesChanged();
}

void Project::removeTemplate(int index) {
  if (index < 0 || index >= templates_.size()) return;
  const qint64 id = templates_[index].id;
  templates_.remove(index);
  if (store_ && !store_->readOnly() && id != 0) {
    try {
      store_->deleteTemplate(id);
    } catch (...) {
      reportStoreError(tr("Deleting a template"));
    }
  }
  saveOrder(QString::fromLatin1(kTemplateOrder), idsOf(templates_));
  emit templatesChanged();
}

// ---- verbalizers ----

void Project::persistVerbalizer(int index) {
  if (!store_ || store_->readOnly()) return;
  VerbalizerItem& v = verbalizers_[index];
  try {
    store::VerbalizerRecord rec;
    rec.name = s(v.name);
    rec.spec = s(v.toSpec());
    const qint64 newId = store_->saveVerbalizer(rec);
    if (v.id != 0 && v.id != newId) {
      const qint64 old = v.id;
      v.id = newId;
      if (std::none_of(verbalizers_.begin(), verbalizers_.end(),
                       [&](const VerbalizerItem& o) { return o.id == old; }))
        store_->deleteVerbalizer(old);
    }
    v.id = newId;
    saveOrder(QString::fromLatin1(kVerbalizerOrder), idsOf(verbalizers_));
  } catch (...) {
    reportStoreError(tr("Saving verbalizer '%1'").arg(v.name));
  }
}

int Project::addVerbalizer(const QString& name, const QVector<LabelWords>& mapping) {
  verbalizers_.push_back({0, uniqueVerbalizerName(name), mapping});
  persistVerbalizer(int(verbalizers_.size()) - 1);
  emit verbalizersChanged();
  return int(verbalizers_.size()) - 1;
}

void Project::setVerbalizerMapping(int index, const QVector<LabelWords>& mapping) {
  if (index < 0 || index >= verbalizers_.size()) return;
  verbalizers_[index].mapping = mapping;
  persistVerbalizer(index);
  emit verbalizersChanged();
}

void Project::renameVerbalizer(int index, const QString& name) {
  if (index < 0 || index >= verbalizers_.size() || name.trimmed().isEmpty() ||
      verbalizers_[index].name == name)
    return;
  verbalizers_[index].name = uniqueVerbalizerName(name.trimmed());
  persistVerbalizer(index);
  emit verbalizersChanged();
}

void Project::removeVerbalizer(int index) {
  if (index < 0 || index >= verbalizers_.size()) return;
  const qint64 id = verbalizers_[index].id;
  verbalizers_.remove(index);
  if (store_ && !store_->readOnly() && id != 0) {
    try {
      store_->deleteVerbalizer(id);
    } catch (...) {
      reportStoreError(tr("Deleting a verbalizer"));
    }
  }
  saveOrder(QString::fromLatin1(kVerbalizerOrder), idsOf(verbalizers_));
  emit verbalizersChanged();
}

}  // namespace pwb::ui
