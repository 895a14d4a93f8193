#pragma once
// Runs one template search (core/search's runTemplateSearch) on a worker thread and brings its reports to
// the GUI thread, as PetRunner does for PET: the worker only writes the newest progress and candidate list
// into a mutex-guarded inbox, a 50 ms timer drains it on the GUI thread and emits the signals. With a
// project file the worker records the search in it (its own connection, core/search/search_record.h):
// running from its first report, the candidates found so far, then finished, cancelled (with what was
// found) or failed.
#include <QObject>
#include <QString>
#include <QTimer>
#include <atomic>
#include <memory>
#include <thread>
#include <vector>

#include "search/search_types.h"

namespace pwb::ui {

class SearchRunner : public QObject {
  Q_OBJECT
 public:
  explicit SearchRunner(QObject* parent = nullptr);
  ~SearchRunner() override;  // cancels and waits for the worker

  // Starts at once; false (with the reason) when a search is already running. `dbPath` empty: not
  // recorded. Bad settings are reported by finished() with the error, like any failure of the search.
  bool start(const search::SearchRequest& request, const QString& dbPath, const QString& name,
             QString* error = nullptr);
  void cancel();  // the search returns what it has scored; the record reads cancelled
  bool isRunning() const { return running_; }

 signals:
  // The search's record in the project file exists (with its first progress report).
  void recorded(qint64 searchId);
  // The newest report and the candidates found so far (reports in between may be skipped).
  void progress(const pwb::search::SearchProgress& progress,
                const std::vector<pwb::search::TemplateCandidate>& found);
  // `error` empty: result is the search's (result.cancelled after cancel()). searchId 0: not recorded.
  void finished(const pwb::search::SearchResult& result, qint64 searchId, const QString& error);

 private:
  struct Inbox;
  void drain();

  std::shared_ptr<Inbox> inbox_;
  std::shared_ptr<std::atomic<bool>> cancel_;
  std::thread worker_;
  bool running_ = false;
  QTimer timer_;
};

}  // namespace pwb::ui

Q_DECLARE_METATYPE(pwb::search::SearchProgress)
Q_DECLARE_METATYPE(pwb::search::SearchResult)
Q_DECLARE_METATYPE(std::vector<pwb::search::TemplateCandidate>)
