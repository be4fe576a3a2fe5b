#include "syncstatus.h"

#include "app/qmlsingleton.h"
#include "core/vocabulary.h"

using namespace Qt::StringLiterals;

namespace doorstep::app {

using ClientState = sync::SyncClient::State;

SyncStatus::SyncStatus(StoreWorker *worker, store::Store::Clock clock, QObject *parent)
    : QObject(parent)
    , m_worker(worker)
    , m_clock(clock ? std::move(clock) : [] { return QDateTime::currentDateTimeUtc(); })
    , m_rejected(new RejectedChangesModel(this))
{
    connect(m_worker, &StoreWorker::syncSnapshotChanged, this, &SyncStatus::onSnapshot);
    connect(m_worker, &StoreWorker::resendFinished, this,
            [this](const QString &changeId, bool ok, const QString &message) {
                Q_EMIT resendFinished(changeId, ok, message);
                if (ok)
                    syncNow();
            });
}

SyncStatus *SyncStatus::create(QQmlEngine *, QJSEngine *)
{
    return provideSingleton(s_instance);
}

void SyncStatus::setInstance(SyncStatus *instance)
{
    s_instance = instance;
}

SyncStatus::State SyncStatus::state() const
{
    if (!m_snapshot.open)
        return Locked;
    if (m_snapshot.state == ClientState::Syncing || m_requested)
        return Syncing;
    if (!m_snapshot.hasServer || m_snapshot.state == ClientState::Offline)
        return Offline;
    if (m_snapshot.state == ClientState::Error || !m_snapshot.errorString.isEmpty())
        return Error;
    if (m_snapshot.pendingCount > 0)
        return Pending;
    // "All sent" only when nothing at all is left in the outbox.
    return m_snapshot.rejected.isEmpty() ? AllSent : Rejected;
}

QString SyncStatus::stateText() const
{
    switch (state()) {
    case Locked:
        return tr("Locked");
    case Offline:
        return m_snapshot.hasServer ? tr("Offline: changes are kept on this device")
                                    : tr("Offline: no server set up on this device");
    case Syncing:
        if (m_snapshot.total > 0)
            return tr("Syncing %1 of %2…").arg(m_snapshot.done).arg(m_snapshot.total);
        return tr("Syncing…");
    case Pending:
        return tr("Waiting to send");
    case AllSent:
        return tr("All sent");
    case Rejected:
        return rejectedText();
    case Error:
        return m_snapshot.errorString.isEmpty() ? tr("Sync failed")
                                                : tr("Sync failed: %1").arg(m_snapshot.errorString);
    }
    return {};
}

QString SyncStatus::conflictText() const
{
    if (m_snapshot.conflictCount == 0)
        return {};
    const int n = m_snapshot.conflictCount;
    return n == 1 ? tr("1 conflict to review") : tr("%1 conflicts to review").arg(n);
}

QString SyncStatus::pendingText() const
{
    if (!m_snapshot.open)
        return {};
    const int n = m_snapshot.pendingCount;
    if (n == 0)
        return tr("Nothing waiting to send");
    if (n == 1)
        return tr("1 change waiting to send");
    return tr("%1 changes waiting to send").arg(n);
}

QString SyncStatus::lastSyncText() const
{
    if (!m_snapshot.open)
        return {};
    if (!m_snapshot.lastSyncedAt.isValid())
        return tr("Never synced");
    // A time of day as the tablet shows it: the device's own zone.
    const QDateTime at = m_snapshot.lastSyncedAt.toLocalTime();
    const QString time = at.time().toString(u"HH:mm"_s);
    if (at.date() == m_clock().toLocalTime().date())
        return tr("Last synced today at %1").arg(time);
    return tr("Last synced %1 at %2").arg(formatDate(at.date()), time);
}

QString SyncStatus::detailText() const
{
    QStringList parts{pendingText(), lastSyncText()};
    if (state() != Rejected)
        parts.prepend(rejectedText());
    parts.removeAll(QString());
    return parts.join(u" · "_s);
}

QString SyncStatus::rejectedText() const
{
    const int n = rejectedCount();
    if (n == 0)
        return {};
    return n == 1 ? tr("The server refused 1 change") : tr("The server refused %1 changes").arg(n);
}

bool SyncStatus::canSync() const
{
    return m_snapshot.open && m_snapshot.hasServer && state() != Syncing;
}

QString SyncStatus::cannotSyncText() const
{
    if (!m_snapshot.open)
        return tr("Unlock Doorstep to sync.");
    if (!m_snapshot.hasServer)
        return tr("No server is set up on this device, so there is nothing to sync with.");
    if (state() == Syncing)
        return tr("Already syncing: wait for it to finish.");
    return {};
}

void SyncStatus::resend(const QString &changeId)
{
    if (changeId.isEmpty())
        return;
    m_worker->requestResend(changeId);
}

void SyncStatus::syncNow()
{
    if (!canSync())
        return;
    m_requested = true;
    Q_EMIT changed();
    m_worker->requestSync();
    Q_EMIT syncStarted();
}

void SyncStatus::clear()
{
    m_snapshot = {};
    m_rejected->setRows({});
    m_requested = false;
    Q_EMIT changed();
}

void SyncStatus::onSnapshot(const SyncSnapshot &snapshot)
{
    m_snapshot = snapshot;
    m_rejected->setRows(snapshot.rejected);
    // The worker's snapshot after the request answers it: either syncing, or a reason why not.
    m_requested = false;
    Q_EMIT changed();
}

} // namespace doorstep::app
