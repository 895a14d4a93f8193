#include "search_runner.h"

#include <mutex>
#include <optional>

#include "background.h"
#include "search/search_record.h"

namespace pwb::ui {

struct SearchRunner::Inbox {
  std::mutex mutex;
  qint64 searchId = 0;
  bool idPending = false;
  std::optional<std::pair<search::SearchProgress, std::vector<search::TemplateCandidate>>> latest;
  bool over = false;
  search::SearchResult result;
  QString error;
};

SearchRunner::SearchRunner(QObject* parent) : QObject(parent) {
  qRegisterMetaType<pwb::search::SearchProgress>();
  qRegisterMetaType<pwb::search::SearchResult>();
  qRegisterMetaType<std::vector<pwb::search::TemplateCandidate>>();
  timer_.setInterval(50);
  connect(&timer_, &QTimer::timeout, this, &SearchRunner::drain);
}

SearchRunner::~SearchRunner() {
  if (cancel_) *cancel_ = true;
  if (worker_.joinable()) worker_.join();
}

bool SearchRunner::start(const search::SearchRequest& request, const QString& dbPath, const QString& name,
                         QString* error) {
  if (running_) {
    if (error) *error = tr("A search is already in progress.");
    return false;
  }
  if (worker_.joinable()) worker_.join();
  inbox_ = std::make_shared<Inbox>();
  cancel_ = std::make_shared<std::atomic<bool>>(false);
  auto box = inbox_;
  auto cancel = cancel_;
  const std::string db = dbPath.toStdString(), searchName = name.toStdString();
  worker_ = std::thread([box, cancel, request, db, searchName]() {
    search::SearchResult result;
    QString error;
    std::optional<search::SearchRecorder> recorder;
    try {
      if (!db.empty()) recorder.emplace(db, request, searchName);
      search::SearchRecorder* rec = recorder ? &*recorder : nullptr;
      // The recorder's wrapper runs first: the record exists (searchId) when this sees the first report.
      search::SearchCallback report = [box, rec](const search::SearchProgress& p,
                                                 const std::vector<search::TemplateCandidate>& found) {
        std::lock_guard<std::mutex> lock(box->mutex);
        if (rec && rec->searchId() != box->searchId) {
          box->searchId = rec->searchId();
          box->idPending = true;
        }
        box->latest.emplace(p, found);
      };
      if (recorder) report = recorder->recording(report);
      result = search::runTemplateSearch(request, report, cancel.get());
      if (recorder) {
        recorder->finish(result);
        std::lock_guard<std::mutex> lock(box->mutex);
        box->searchId = recorder->searchId();
      }
    } catch (...) {
      error = describeException(std::current_exception());
      if (recorder) {
        try {
          recorder->fail(error.toStdString());
        } catch (...) {
          error += QStringLiteral(" ") + tr("(and the project file could not record it: %1)")
                                             .arg(describeException(std::current_exception()));
        }
      }
    }
    recorder.reset();  // the connection is closed before the GUI reads the record
    std::lock_guard<std::mutex> lock(box->mutex);
    box->result = std::move(result);
    box->error = error;
    box->over = true;
  });
  running_ = true;
  timer_.start();
  return true;
}

void SearchRunner::cancel() {
  if (cancel_) *cancel_ = true;
}

void SearchRunner::drain() {
  if (!inbox_) return;
  std::optional<std::pair<search::SearchProgress, std::vector<search::TemplateCandidate>>> latest;
  bool over = false, idPending = false;
  qint64 id = 0;
  {
    std::lock_guard<std::mutex> lock(inbox_->mutex);
    latest.swap(inbox_->latest);
    over = inbox_->over;
    idPending = inbox_->idPending;
    inbox_->idPending = false;
    id = inbox_->searchId;
  }
  if (idPending) emit recorded(id);
  if (latest) emit progress(latest->first, latest->second);
  if (over) {
    timer_.stop();
    worker_.join();
    running_ = false;
    const auto result = inbox_->result;
    const QString error = inbox_->error;
    inbox_.reset();
    emit finished(result, id, error);
  }
}

}  // namespace pwb::ui
