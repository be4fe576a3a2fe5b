// What the sync status bar shows: how many changes wait to go to the server, whether sync is
// running, failed or all sent, and when it last succeeded; and the "Sync now" command. A QML
// singleton built by AppServices; GUI thread. The store worker sends it snapshots.
#pragma once

#include "app/rejectedchangesmodel.h"
#include "app/store/store.h"
#include "app/storeworker.h"

#include <QObject>
#include <QString>
#include <QtQml/qqmlregistration.h>

class QQmlEngine;
class QJSEngine;

namespace doorstep::app {

class SyncStatus : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_SINGLETON
    Q_PROPERTY(State state READ state NOTIFY changed)
    Q_PROPERTY(QString stateText READ stateText NOTIFY changed)
    Q_PROPERTY(int pendingCount READ pendingCount NOTIFY changed)
    Q_PROPERTY(QString pendingText READ pendingText NOTIFY changed)
    Q_PROPERTY(QString lastSyncText READ lastSyncText NOTIFY changed)
    // Both of the above in one line: "1 change waiting to send · Never synced".
    Q_PROPERTY(QString detailText READ detailText NOTIFY changed)
    Q_PROPERTY(QString errorString READ errorString NOTIFY changed)
    Q_PROPERTY(bool canSync READ canSync NOTIFY changed)
    // Why "Sync now" (or pulling the caseload) cannot start a sync at the moment, in words; empty
    // when it can.
    Q_PROPERTY(QString cannotSyncText READ cannotSyncText NOTIFY changed)
    // Changes the server refused, each with its reason; they stay until corrected.
    Q_PROPERTY(doorstep::app::RejectedChangesModel *rejected READ rejected CONSTANT)
    Q_PROPERTY(int rejectedCount READ rejectedCount NOTIFY changed)
    Q_PROPERTY(QString rejectedText READ rejectedText NOTIFY changed)
    // Values that lost a sync merge and wait to be reviewed (ConflictsController lists them).
    Q_PROPERTY(int conflictCount READ conflictCount NOTIFY changed)
    Q_PROPERTY(QString conflictText READ conflictText NOTIFY changed)
public:
    // Locked: no store is open, so nothing is known. Offline: no server, or it cannot be reached.
    // Pending: changes wait to be sent. AllSent: the outbox is empty. Rejected: the server
    // refused some changes, which wait to be corrected.
    enum State { Locked, Offline, Syncing, Pending, AllSent, Error, Rejected };
    Q_ENUM(State)

    SyncStatus(StoreWorker *worker, store::Store::Clock clock, QObject *parent = nullptr);

    static SyncStatus *create(QQmlEngine *, QJSEngine *);
    static void setInstance(SyncStatus *instance);

    State state() const;
    QString stateText() const;
    int pendingCount() const { return m_snapshot.pendingCount; }
    QString pendingText() const;
    QString lastSyncText() const;
    QString detailText() const;
    QString errorString() const { return m_snapshot.errorString; }
    bool canSync() const;
    QString cannotSyncText() const;
    RejectedChangesModel *rejected() const { return m_rejected; }
    int rejectedCount() const { return int(m_snapshot.rejected.size()); }
    QString rejectedText() const;
    int conflictCount() const { return m_snapshot.conflictCount; }
    QString conflictText() const;

    Q_INVOKABLE void syncNow();
    // Sends a refused change again once it has been corrected: it is pending once more and goes
    // with a sync started at once (when a server can be reached). resendFinished() says how it went.
    Q_INVOKABLE void resend(const QString &changeId);
    // Forgets what it knew, at once, when the session locks (the worker confirms shortly after).
    void clear();

Q_SIGNALS:
    void changed();
    // A sync the person asked for ("Sync now", or the pull on the caseload) went to the worker.
    void syncStarted();
    // message: why it could not be resent (empty when it was).
    void resendFinished(const QString &changeId, bool ok, const QString &message);

private:
    void onSnapshot(const SyncSnapshot &snapshot);

    StoreWorker *m_worker;
    store::Store::Clock m_clock;
    SyncSnapshot m_snapshot;
    RejectedChangesModel *m_rejected;
    bool m_requested = false; // "Sync now" pressed and the worker has not answered yet
    static inline SyncStatus *s_instance = nullptr;
};

} // namespace doorstep::app
