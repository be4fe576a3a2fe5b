// The app's one door to the encrypted store and to sync. Lives on its own QThread (AppServices
// makes it and moves it there) and owns, once unlocked, the Store and the SyncClient over it, so
// SQLCipher, Argon2id and the network never run on the GUI thread.
//
// The request* functions may be called from any thread: each queues the work onto the worker's
// thread and returns at once. Results come back by the signals below (queued to the receiver).
#pragma once

#include "app/caseloadrows.h"
#include "app/childrecord.h"
#include "app/conflictrows.h"
#include "app/coverageview.h"
#include "app/rejectedchangesmodel.h"
#include "app/store/store.h"
#include "core/domain.h"
#include "sync/client/coveragefetch.h"
#include "sync/client/syncclient.h"
#include "sync/client/syncscheduler.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QUrl>

#include <atomic>
#include <memory>
#include <optional>

namespace doorstep::app {

// Who is signed in, from the store's device identity (empty ids: the store has no identity yet).
struct SessionInfo
{
    QString userId;
    QString userName;
    Role role = Role::HealthVisitor;
};

// What the sync status bar shows, as one consistent picture.
struct SyncSnapshot
{
    bool open = false;      // a store is unlocked
    bool hasServer = false; // the device identity names a server
    sync::SyncClient::State state = sync::SyncClient::State::Idle;
    int pendingCount = 0;
    // Refused by the server and kept in the outbox with its reason, until corrected.
    QList<RejectedChange> rejected;
    QDateTime lastSyncedAt; // UTC; null when never
    QString errorString;    // the last failed sync's reason; empty after a good one
    int conflictCount = 0;  // values that lost a sync merge, not reviewed yet
    int done = 0;           // progress of the running sync
    int total = 0;
};

class StoreWorker : public QObject
{
    Q_OBJECT
public:
    StoreWorker(QString profileDir, store::Store::Clock clock);
    ~StoreWorker() override;

    void requestUnlock(const QByteArray &pin);
    // First run: makes the store under `pin` (wiped), enrols it with the server and runs the first
    // sync. Answered by enrolFinished() (the store made and bound, or not), progress in the sync
    // snapshot, then unlockFinished() once the first sync ends (firstSyncFinished() says how).
    void requestEnrol(const QUrl &server, const QString &code, const QString &certificateSha256,
                      const QString &deviceName, const QByteArray &pin);
    // Asks how long the wrong-PIN back-off still runs (answered by backoffChecked()).
    void requestBackoffCheck();
    void requestLock();
    void requestRefresh();
    // Records the visit and, when given, the child's views of it (visitId already set).
    void requestRecordVisit(int requestId, const Visit &visit, const std::optional<ChildViews> &views);
    void requestSync();
    // Sends a refused change again, as it was, after the person corrected what the reason said
    // (Store::resubmitRejected); answered by resendFinished().
    void requestResend(const QString &changeId);
    // A number for a save request, unique in this process, to match the answer to its request.
    int nextRequestId() { return ++m_lastRequestId; }
    // Saves an advocate offer, an alert or an amendment; answered by recordSaved() or
    // recordFailed() with the same requestId.
    void requestRecordOffer(int requestId, const AdvocateOffer &offer);
    void requestSaveAlert(int requestId, const Alert &alert);
    void requestRecordAmendment(int requestId, const Amendment &amendment);
    // Drafts (Store::saveDraft): kept encrypted in the store, never synced. requestDraft is
    // answered by draftLoaded(); saving and discarding answer nothing (a failure is logged).
    void requestSaveDraft(const QString &key, const QByteArray &payload);
    void requestDraft(const QString &key);
    void requestDiscardDraft(const QString &key);
    // Blocks the caller until the worker has run everything requested before (for shutdown).
    void waitForRequests();
    void requestChildRecord(const QString &childId);
    void requestCoverage(const QDate &from, const QDate &to);
    // Asks the server for the team's sync freshness over the period (sync/client/coveragefetch.h);
    // answered by freshnessLoaded() or freshnessFailed() (code CoverageFetch::Offline when no
    // server can be reached, or none is set up).
    void requestFreshness(const QDate &from, const QDate &to);
    // Re-wraps the data key under newPin (answered by pinChangeFinished()). Both PINs are wiped.
    void requestChangePin(const QByteArray &oldPin, const QByteArray &newPin);
    // How many changes have not reached the server (answered by unsyncedCounted()).
    void requestUnsyncedCount();
    // Conflicts to review (answered by conflictsLoaded(), which every refresh also sends).
    void requestConflicts();
    // Marks one reviewed, or keeps its value not kept by an ordinary edit of the record and marks
    // it reviewed (app/conflictrows.h); answered by conflictActionFinished() after the rows.
    void requestMarkConflictReviewed(qint64 conflictId);
    void requestUseConflictValue(qint64 conflictId);
    // Crypto-shreds the open store (answered by wipeFinished()); refuses while changes are
    // unsynced unless force.
    void requestWipe(bool force);

Q_SIGNALS:
    // retryInSeconds: after a refused PIN, how long before another may be tried (0: now).
    void unlockFinished(bool ok, const QString &errorCode, const QString &message,
                        const doorstep::app::SessionInfo &session, qint64 retryInSeconds);
    void backoffChecked(qint64 retryInSeconds);
    // field: "pin" for a PIN the store refused; "server", "code" or "certificate" when the
    // server refused; else empty.
    void enrolFinished(bool ok, const QString &errorCode, const QString &message, const QString &field);
    void firstSyncFinished(bool ok, const QString &message);
    void lockFinished();
    void caseloadLoaded(const QList<doorstep::app::CaseloadRow> &rows);
    // warning: not empty when the visit was saved but something recorded with it was not.
    void visitRecorded(int requestId, const QString &visitId, const QString &warning);
    void visitFailed(int requestId, const QString &field, const QString &message);
    void recordSaved(int requestId, const QString &recordId);
    // found: a draft was stored under key (payload is it).
    void draftLoaded(const QString &key, bool found, const QByteArray &payload);
    // field: the record's field the store refused (core/validation.h), or empty.
    void recordFailed(int requestId, const QString &field, const QString &message);
    void syncSnapshotChanged(const doorstep::app::SyncSnapshot &snapshot);
    void resendFinished(const QString &changeId, bool ok, const QString &message);
    // An empty childId: the child is not on the caseload (or the store is locked).
    void childRecordLoaded(const doorstep::app::ChildRecord &record);
    void coverageLoaded(const doorstep::app::CoverageView &view);
    void freshnessLoaded(const QDate &from, const QDate &to,
                         const QList<doorstep::sync::PractitionerFreshness> &rows);
    void freshnessFailed(const QDate &from, const QDate &to, const QString &code, const QString &message);
    // errorCode: Store::WrongPin or BackingOff (the old PIN), WeakPin (the new one), or another.
    void pinChangeFinished(bool ok, const QString &errorCode, const QString &message);
    // -1: no store is open.
    void unsyncedCounted(int count);
    void conflictsLoaded(const QList<doorstep::app::ConflictRow> &rows);
    void conflictActionFinished(bool ok, const QString &message);
    // ok: the store is gone (lost: how many unsynced changes went with it). Refused with
    // Store::UnsyncedChanges: unsynced says how many.
    void wipeFinished(bool ok, const QString &errorCode, const QString &message, int unsynced);

private:
    template<typename F> void post(F &&work);

    void unlock(QByteArray &pin); // wipes pin
    void enrol(const QUrl &server, const QString &code, const QString &certificateSha256,
               const QString &deviceName, QByteArray &pin); // wipes pin
    void finishEnrol(bool ok, const QString &errorCode, const QString &message);
    void emitUnlocked();
    void lock();
    void refresh();
    // After the answer to a save or a sync run has gone: the store's write-ahead log is copied
    // into its file here rather than inside a save the person waits for.
    void checkpointAfterAnswer();
    // After a record has been saved and answered: it is sent soon, and the log copied.
    void afterSaved();
    void loadConflicts(const Caseload &caseload);
    void recordVisit(int requestId, const Visit &visit, const std::optional<ChildViews> &views);
    void sync();
    template<typename Save> void saveRecord(int requestId, const char *what, Save &&save);
    void changePin(QByteArray &oldPin, QByteArray &newPin); // wipes both
    void wipe(bool force);
    void shredRevoked();
    void startSync();
    void startScheduler();
    void closeStore();
    void publishSnapshot();
    void readRejected();
    QString childToOpen(const Change &change) const; // RejectedChange::childId
    QDate today() const;
    bool hasServer() const;

    QString m_profileDir;
    store::Store::Clock m_clock;
    std::unique_ptr<store::Store> m_store;
    std::unique_ptr<sync::SyncClient> m_sync; // declared after the store: destroyed before it
    std::optional<store::DeviceIdentity> m_identity;
    // When to sync (after saves, on a timer, when the network returns, with back-off); made with
    // the client when a store with a server is unlocked. Declared after the client: destroyed first.
    std::unique_ptr<sync::SyncScheduler> m_scheduler;
    // Made on first use; a child of m_sync, so it goes with it.
    QPointer<sync::CoverageFetch> m_coverageFetch;
    QString m_syncError;
    QList<RejectedChange> m_rejected; // read from the outbox on refresh, not on every progress step
    bool m_firstSync = false;         // the sync after enrolment is running: unlock when it ends
    int m_done = 0;
    int m_total = 0;
    std::atomic<int> m_lastRequestId{0};
};

} // namespace doorstep::app
