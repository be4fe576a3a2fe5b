// The app's one door to the encrypted store and to sync. Lives on its own QThread (AppServices
// makes it and moves it there) and owns, once unlocked, the Store and the SyncClient over it, so
// SQLCipher, Argon2id and the network never run on the GUI thread.
//
// The request* functions may be called from any thread: each queues the work onto the worker's
// thread and returns at once. Results come back by the signals below (queued to the receiver).
#pragma once

#include "app/caseloadrows.h"
#include "app/childrecord.h"
#include "app/coverageview.h"
#include "app/store/store.h"
#include "core/domain.h"
#include "sync/client/syncclient.h"
#include "sync/client/syncscheduler.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QObject>
#include <QString>

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
    QDateTime lastSyncedAt; // UTC; null when never
    QString errorString;    // the last failed sync's reason; empty after a good one
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
    // Asks how long the wrong-PIN back-off still runs (answered by backoffChecked()).
    void requestBackoffCheck();
    void requestLock();
    void requestRefresh();
    // Records the visit and, when given, the child's views of it (visitId already set).
    void requestRecordVisit(int requestId, const Visit &visit, const std::optional<ChildViews> &views);
    void requestSync();
    void requestChildRecord(const QString &childId);
    void requestCoverage(const QDate &from, const QDate &to);

Q_SIGNALS:
    // retryInSeconds: after a refused PIN, how long before another may be tried (0: now).
    void unlockFinished(bool ok, const QString &errorCode, const QString &message,
                        const doorstep::app::SessionInfo &session, qint64 retryInSeconds);
    void backoffChecked(qint64 retryInSeconds);
    void lockFinished();
    void caseloadLoaded(const QList<doorstep::app::CaseloadRow> &rows);
    // warning: not empty when the visit was saved but something recorded with it was not.
    void visitRecorded(int requestId, const QString &visitId, const QString &warning);
    void visitFailed(int requestId, const QString &field, const QString &message);
    void syncSnapshotChanged(const doorstep::app::SyncSnapshot &snapshot);
    // An empty childId: the child is not on the caseload (or the store is locked).
    void childRecordLoaded(const doorstep::app::ChildRecord &record);
    void coverageLoaded(const doorstep::app::CoverageView &view);

private:
    template<typename F> void post(F &&work);

    void unlock(QByteArray &pin); // wipes pin
    void lock();
    void refresh();
    void recordVisit(int requestId, const Visit &visit, const std::optional<ChildViews> &views);
    void sync();
    void publishSnapshot();
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
    QString m_syncError;
    int m_done = 0;
    int m_total = 0;
};

} // namespace doorstep::app
