#include "storeworker.h"

#include <QLoggingCategory>
#include <QMetaObject>

#include <memory>

using namespace Qt::StringLiterals;

namespace doorstep::app {

Q_LOGGING_CATEGORY(lcWorker, "doorstep.app.worker")

StoreWorker::StoreWorker(QString profileDir, store::Store::Clock clock)
    : m_profileDir(std::move(profileDir))
    , m_clock(clock ? std::move(clock) : [] { return QDateTime::currentDateTimeUtc(); })
{}

StoreWorker::~StoreWorker()
{
    m_scheduler.reset();
    m_sync.reset();
    m_store.reset();
}

template<typename F> void StoreWorker::post(F &&work)
{
    QMetaObject::invokeMethod(this, std::forward<F>(work), Qt::QueuedConnection);
}

void StoreWorker::requestUnlock(const QByteArray &pin)
{
    // The queued copy is the PIN's last holder once the caller's temporary is gone, so unlock()
    // can wipe it in place.
    auto held = std::make_shared<QByteArray>(pin);
    post([this, held] { unlock(*held); });
}

void StoreWorker::requestBackoffCheck()
{
    post([this] { Q_EMIT backoffChecked(store::Store::secondsBeforeNextUnlock(m_profileDir, m_clock)); });
}

void StoreWorker::requestLock()
{
    post([this] { lock(); });
}

void StoreWorker::requestRefresh()
{
    post([this] { refresh(); });
}

void StoreWorker::requestRecordVisit(int requestId, const Visit &visit,
                                     const std::optional<ChildViews> &views)
{
    post([this, requestId, visit, views] { recordVisit(requestId, visit, views); });
}

void StoreWorker::requestSync()
{
    post([this] { sync(); });
}

void StoreWorker::requestChildRecord(const QString &childId)
{
    post([this, childId] {
        Q_EMIT childRecordLoaded(m_store ? buildChildRecord(m_store->caseload(), childId, today())
                                         : ChildRecord{});
    });
}

void StoreWorker::requestCoverage(const QDate &from, const QDate &to)
{
    post([this, from, to] {
        if (!m_store)
            return;
        Q_EMIT coverageLoaded(buildCoverageView(m_store->caseload(), m_store->settings(), from, to, today(),
                                                m_identity ? m_identity->userId : QString(),
                                                m_identity ? m_identity->userName : QString()));
    });
}

void StoreWorker::unlock(QByteArray &pin)
{
    if (!m_store) {
        auto opened = store::Store::open(m_profileDir, pin, m_clock);
        pin.fill('\0');
        if (!opened) {
            qCInfo(lcWorker) << "unlock refused:" << opened.error().code;
            Q_EMIT unlockFinished(false, opened.error().code, opened.error().message, {},
                                  store::Store::secondsBeforeNextUnlock(m_profileDir, m_clock));
            return;
        }
        m_store = std::move(opened).value();
        m_identity = m_store->identity();
        m_sync = std::make_unique<sync::SyncClient>(m_store.get());
        m_sync->setClock([this] { return m_clock().toMSecsSinceEpoch(); });
        connect(m_sync.get(), &sync::SyncClient::stateChanged, this, &StoreWorker::publishSnapshot);
        connect(m_sync.get(), &sync::SyncClient::progress, this, [this](int done, int total) {
            m_done = done;
            m_total = total;
            publishSnapshot();
        });
        connect(m_sync.get(), &sync::SyncClient::syncFinished, this,
                [this](bool ok, const QString &code, const QString &message, int, int, int) {
                    m_done = m_total = 0;
                    m_syncError = ok ? QString() : message;
                    if (!ok)
                        qCInfo(lcWorker) << "sync failed:" << code;
                    // Pulled changes may add children or clear flags.
                    refresh();
                });
        qCInfo(lcWorker) << "unlocked device" << m_store->deviceId();
    }
    SessionInfo session;
    if (m_identity) {
        session.userId = m_identity->userId;
        session.userName = m_identity->userName;
        session.role = m_identity->role;
    }
    Q_EMIT unlockFinished(true, {}, {}, session, 0);
    refresh();
    if (hasServer() && !m_scheduler) {
        m_scheduler = std::make_unique<sync::SyncScheduler>();
        m_scheduler->attach(m_sync.get());
        m_scheduler->setServerUrl(QUrl(m_identity->serverUrl));
        m_scheduler->watchConnectivity();
        m_scheduler->start(); // a first run now
    }
}

void StoreWorker::lock()
{
    m_scheduler.reset();
    m_sync.reset();
    m_store.reset();
    m_identity.reset();
    m_syncError.clear();
    m_done = m_total = 0;
    Q_EMIT lockFinished();
    publishSnapshot();
}

void StoreWorker::refresh()
{
    if (!m_store)
        return;
    const QDate day = today();
    Q_EMIT caseloadLoaded(buildCaseloadRows(m_store->caseload(), m_store->flags(day), day));
    publishSnapshot();
}

void StoreWorker::recordVisit(int requestId, const Visit &visit, const std::optional<ChildViews> &views)
{
    if (!m_store) {
        Q_EMIT visitFailed(requestId, {}, tr("The device is locked. Unlock it and save the visit again."));
        return;
    }
    auto saved = m_store->recordVisit(visit);
    if (!saved) {
        qCInfo(lcWorker) << "visit refused:" << saved.error().code << saved.error().field;
        Q_EMIT visitFailed(requestId, saved.error().field, saved.error().message);
        return;
    }
    QString warning;
    if (views) {
        ChildViews record = *views;
        record.visitId = saved.value();
        auto viewsSaved = m_store->recordChildViews(record);
        if (!viewsSaved) {
            qCInfo(lcWorker) << "views refused for visit" << saved.value() << viewsSaved.error().code;
            warning =
                tr("The visit was saved, but the child's views were not: %1").arg(viewsSaved.error().message);
        }
    }
    // The caseload first, so the cleared flag is on screen when the form closes.
    refresh();
    Q_EMIT visitRecorded(requestId, saved.value(), warning);
    if (m_scheduler)
        m_scheduler->noteSaved();
}

void StoreWorker::sync()
{
    if (m_scheduler)
        m_scheduler->syncNow();
    // Always answer, so a "Sync now" that could not start is not left looking busy.
    publishSnapshot();
}

void StoreWorker::publishSnapshot()
{
    SyncSnapshot snapshot;
    snapshot.open = m_store != nullptr;
    if (m_store) {
        snapshot.hasServer = hasServer();
        snapshot.pendingCount = m_store->pendingCount();
        snapshot.lastSyncedAt = m_store->lastSyncedAt();
    }
    if (m_sync) {
        snapshot.state = m_sync->state();
        snapshot.errorString = m_syncError;
    }
    snapshot.done = m_done;
    snapshot.total = m_total;
    Q_EMIT syncSnapshotChanged(snapshot);
}

QDate StoreWorker::today() const
{
    return m_clock().toLocalTime().date();
}

bool StoreWorker::hasServer() const
{
    return m_identity && !m_identity->serverUrl.isEmpty();
}

} // namespace doorstep::app
