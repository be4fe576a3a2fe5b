#include "storeworker.h"

#include "app/daywatcher.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QMetaObject>
#include <QThread>

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

void StoreWorker::requestEnrol(const QUrl &server, const QString &code, const QString &certificateSha256,
                               const QString &deviceName, const QByteArray &pin)
{
    auto held = std::make_shared<QByteArray>(pin);
    post([this, server, code, certificateSha256, deviceName, held] {
        enrol(server, code, certificateSha256, deviceName, *held);
    });
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

void StoreWorker::requestResend(const QString &changeId)
{
    post([this, changeId] {
        if (!m_store)
            return;
        const Result<void> resent = m_store->resubmitRejected(changeId);
        if (!resent)
            qCWarning(lcWorker) << "resending change" << changeId << "failed:" << resent.error().code;
        readRejected();
        publishSnapshot();
        Q_EMIT resendFinished(changeId, resent.ok(), resent ? QString() : resent.error().message);
    });
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

void StoreWorker::requestRecordOffer(int requestId, const AdvocateOffer &offer)
{
    post([this, requestId, offer] {
        saveRecord(requestId, "offer", [&] { return m_store->recordAdvocateOffer(offer); });
    });
}

void StoreWorker::requestSaveAlert(int requestId, const Alert &alert)
{
    post([this, requestId, alert] {
        saveRecord(requestId, "alert", [&] { return m_store->saveAlert(alert); });
    });
}

void StoreWorker::requestRecordAmendment(int requestId, const Amendment &amendment)
{
    post([this, requestId, amendment] {
        saveRecord(requestId, "amendment", [&] { return m_store->recordAmendment(amendment); });
    });
}

void StoreWorker::requestSaveDraft(const QString &key, const QByteArray &payload)
{
    post([this, key, payload] {
        if (!m_store)
            return;
        if (const Result<void> saved = m_store->saveDraft(key, payload); !saved)
            qCWarning(lcWorker) << "draft not saved:" << saved.error().code;
        checkpointAfterAnswer();
    });
}

void StoreWorker::requestDraft(const QString &key)
{
    post([this, key] {
        if (!m_store) {
            Q_EMIT draftLoaded(key, false, {});
            return;
        }
        const Result<std::optional<QByteArray>> loaded = m_store->draft(key);
        if (!loaded)
            qCWarning(lcWorker) << "draft not read:" << loaded.error().code;
        const bool found = loaded && loaded.value().has_value();
        Q_EMIT draftLoaded(key, found, found ? *loaded.value() : QByteArray());
    });
}

void StoreWorker::requestDiscardDraft(const QString &key)
{
    post([this, key] {
        if (!m_store)
            return;
        if (const Result<void> discarded = m_store->discardDraft(key); !discarded)
            qCWarning(lcWorker) << "draft not discarded:" << discarded.error().code;
    });
}

void StoreWorker::waitForRequests()
{
    if (thread() == QThread::currentThread() || !thread()->isRunning())
        return;
    QMetaObject::invokeMethod(
        this, [] {}, Qt::BlockingQueuedConnection);
}

template<typename Save> void StoreWorker::saveRecord(int requestId, const char *what, Save &&save)
{
    if (!m_store) {
        Q_EMIT recordFailed(requestId, {}, tr("The device is locked. Unlock it and save again."));
        return;
    }
    const Result<QString> saved = save();
    if (!saved) {
        qCInfo(lcWorker) << what << "refused:" << saved.error().code << saved.error().field;
        Q_EMIT recordFailed(requestId, saved.error().field, saved.error().message);
        return;
    }
    // The caseload first, so the chronology and any cleared flag are on screen with the answer.
    refresh();
    Q_EMIT recordSaved(requestId, saved.value());
    afterSaved();
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

void StoreWorker::requestFreshness(const QDate &from, const QDate &to)
{
    post([this, from, to] {
        if (!m_store || !m_sync || !hasServer()) {
            Q_EMIT freshnessFailed(from, to, sync::CoverageFetch::Offline,
                                   tr("Sync freshness needs a connection to the server."));
            return;
        }
        if (!m_coverageFetch) {
            m_coverageFetch = new sync::CoverageFetch(m_sync.get(), m_sync.get());
            connect(m_coverageFetch, &sync::CoverageFetch::fetched, this, &StoreWorker::freshnessLoaded);
            connect(m_coverageFetch, &sync::CoverageFetch::failed, this, &StoreWorker::freshnessFailed);
        }
        m_coverageFetch->fetch(from, to);
    });
}

void StoreWorker::requestChangePin(const QByteArray &oldPin, const QByteArray &newPin)
{
    auto held = std::make_shared<std::pair<QByteArray, QByteArray>>(oldPin, newPin);
    post([this, held] { changePin(held->first, held->second); });
}

void StoreWorker::requestUnsyncedCount()
{
    post([this] { Q_EMIT unsyncedCounted(m_store ? m_store->unsentCount() : -1); });
}

void StoreWorker::requestConflicts()
{
    post([this] {
        if (m_store)
            loadConflicts(m_store->caseload());
    });
}

void StoreWorker::requestMarkConflictReviewed(qint64 conflictId)
{
    post([this, conflictId] {
        if (!m_store) {
            Q_EMIT conflictActionFinished(false, tr("The device is locked. Unlock it and try again."));
            return;
        }
        const Result<void> reviewed = m_store->markConflictReviewed(conflictId);
        if (!reviewed)
            qCInfo(lcWorker) << "conflict" << conflictId << "not marked reviewed:" << reviewed.error().code;
        loadConflicts(m_store->caseload());
        publishSnapshot();
        Q_EMIT conflictActionFinished(reviewed.ok(), reviewed ? QString() : reviewed.error().message);
    });
}

void StoreWorker::requestUseConflictValue(qint64 conflictId)
{
    post([this, conflictId] {
        if (!m_store) {
            Q_EMIT conflictActionFinished(false, tr("The device is locked. Unlock it and try again."));
            return;
        }
        const Result<QString> saved = useNotKeptValue(*m_store, conflictId);
        if (!saved) {
            qCInfo(lcWorker) << "conflict" << conflictId << "value not used:" << saved.error().code;
            Q_EMIT conflictActionFinished(false, saved.error().message);
            return;
        }
        refresh(); // the record changed: caseload, conflicts and the pending count
        Q_EMIT conflictActionFinished(true, {});
        afterSaved();
    });
}

void StoreWorker::loadConflicts(const Caseload &caseload)
{
    Q_EMIT conflictsLoaded(buildConflictRows(m_store->conflicts(), caseload, m_store->deviceId()));
}

void StoreWorker::requestWipe(bool force)
{
    post([this, force] { wipe(force); });
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
        startSync();
        qCInfo(lcWorker) << "unlocked device" << m_store->deviceId();
    }
    emitUnlocked();
}

void StoreWorker::emitUnlocked()
{
    SessionInfo session;
    if (m_identity) {
        session.userId = m_identity->userId;
        session.userName = m_identity->userName;
        session.role = m_identity->role;
    }
    Q_EMIT unlockFinished(true, {}, {}, session, 0);
    refresh();
    startScheduler();
}

void StoreWorker::enrol(const QUrl &server, const QString &code, const QString &certificateSha256,
                        const QString &deviceName, QByteArray &pin)
{
    if (m_store || store::Store::exists(m_profileDir)) {
        pin.fill('\0');
        Q_EMIT enrolFinished(false, store::Store::ProfileExists, tr("This device is already enrolled."), {});
        return;
    }
    auto created = store::Store::create(m_profileDir, pin, m_clock);
    pin.fill('\0');
    if (!created) {
        qCInfo(lcWorker) << "enrolment: store refused:" << created.error().code;
        Q_EMIT enrolFinished(false, created.error().code, created.error().message,
                             created.error().code == store::Store::WeakPin ? u"pin"_s : QString());
        return;
    }
    m_store = std::move(created).value();
    startSync();
    connect(m_sync.get(), &sync::SyncClient::enrolFinished, this, &StoreWorker::finishEnrol,
            Qt::SingleShotConnection);
    m_sync->enrol(server, code, deviceName, certificateSha256);
}

void StoreWorker::finishEnrol(bool ok, const QString &errorCode, const QString &message)
{
    if (!ok) {
        qCInfo(lcWorker) << "enrolment refused:" << errorCode;
        // A store bound to no one is of no use and would stop a second try: shred it.
        m_scheduler.reset();
        m_sync.reset();
        (void)store::Store::wipe(m_store, true);
        closeStore();
        const QString field = errorCode.contains(u"code"_s) || errorCode.contains(u"enrol"_s) ? u"code"_s
                              : errorCode.contains(u"cert"_s) || errorCode.contains(u"tls"_s)
                                  ? u"certificate"_s
                                  : u"server"_s;
        Q_EMIT enrolFinished(false, errorCode, message, field);
        return;
    }
    m_identity = m_store->identity();
    qCInfo(lcWorker) << "enrolled device" << m_store->deviceId();
    Q_EMIT enrolFinished(true, {}, {}, {});
    m_firstSync = true;
    m_sync->sync();
    publishSnapshot();
}

void StoreWorker::startSync()
{
    m_sync = std::make_unique<sync::SyncClient>(m_store.get());
    m_sync->setClock([this] { return m_clock().toMSecsSinceEpoch(); });
    connect(m_sync.get(), &sync::SyncClient::stateChanged, this, &StoreWorker::publishSnapshot);
    connect(m_sync.get(), &sync::SyncClient::progress, this, [this](int done, int total) {
        m_done = done;
        m_total = total;
        publishSnapshot();
    });
    // Queued: the sync engine is still inside its own signal, and it goes before the store.
    connect(m_sync.get(), &sync::SyncClient::deviceRevoked, this, &StoreWorker::shredRevoked,
            Qt::QueuedConnection);
    connect(m_sync.get(), &sync::SyncClient::syncFinished, this,
            [this](bool ok, const QString &code, const QString &message, int, int, int pulled) {
                m_done = m_total = 0;
                m_syncError = ok ? QString() : message;
                if (!ok)
                    qCInfo(lcWorker) << "sync failed:" << code;
                if (m_firstSync) {
                    m_firstSync = false;
                    Q_EMIT firstSyncFinished(ok, message);
                    emitUnlocked(); // refreshes too
                    checkpointAfterAnswer();
                    return;
                }
                // Pulled changes may add children or clear flags. A run that found no server
                // pulled nothing (each page, removals and settings included, is applied only once
                // received): the caseload is as it was, so only the outbox is read again, and an
                // offline device retrying on its timer does not rebuild every row each time.
                if (!ok && code == QLatin1String("offline") && pulled == 0) {
                    readRejected();
                    publishSnapshot();
                    return;
                }
                refresh();
                checkpointAfterAnswer();
            });
}

// The server has revoked this device (lost, stolen, or its user has left). The sync run that
// found out had already pushed first, and the server took every change made before the
// revocation; what is left was made after it and can never be accepted. The records must not
// stay readable on a device nobody vouches for: crypto-shred at once.
void StoreWorker::shredRevoked()
{
    if (!m_store)
        return;
    m_scheduler.reset();
    m_sync.reset();
    const Result<int> wiped = store::Store::wipe(m_store, true);
    closeStore();
    qCInfo(lcWorker) << "device revoked by the server; store shredded:" << wiped.ok();
    const QString message =
        wiped ? tr("An administrator revoked this device, so its records have been destroyed here. "
                   "%n change(s) made after the revocation could not be sent.",
                   nullptr, wiped.value())
              : wiped.error().message;
    Q_EMIT wipeFinished(wiped.ok(), QStringLiteral("revoked"), message, wiped ? wiped.value() : 0);
    publishSnapshot();
}

void StoreWorker::startScheduler()
{
    if (hasServer() && m_sync && !m_scheduler) {
        m_scheduler = std::make_unique<sync::SyncScheduler>();
        m_scheduler->attach(m_sync.get());
        m_scheduler->setServerUrl(QUrl(m_identity->serverUrl));
        m_scheduler->watchConnectivity();
        m_scheduler->start(); // a first run now
    }
}

void StoreWorker::lock()
{
    closeStore();
    Q_EMIT lockFinished();
    publishSnapshot();
}

void StoreWorker::closeStore()
{
    m_firstSync = false;
    m_scheduler.reset();
    m_sync.reset();
    m_store.reset();
    m_identity.reset();
    m_rejected.clear();
    m_syncError.clear();
    m_done = m_total = 0;
}

void StoreWorker::changePin(QByteArray &oldPin, QByteArray &newPin)
{
    if (!m_store) {
        oldPin.fill('\0');
        newPin.fill('\0');
        Q_EMIT pinChangeFinished(false, store::Store::NoProfile,
                                 tr("The device is locked. Unlock it and change the PIN again."));
        return;
    }
    const Result<void> changed = m_store->changePin(oldPin, newPin);
    oldPin.fill('\0');
    newPin.fill('\0');
    if (!changed) {
        qCInfo(lcWorker) << "PIN change refused:" << changed.error().code;
        Q_EMIT pinChangeFinished(false, changed.error().code, changed.error().message);
        return;
    }
    qCInfo(lcWorker) << "PIN changed on device" << m_store->deviceId();
    Q_EMIT pinChangeFinished(true, {}, {});
}

void StoreWorker::wipe(bool force)
{
    if (!m_store) {
        Q_EMIT wipeFinished(false, store::Store::NotFound,
                            tr("The device is locked. Unlock it to sign out and wipe it."), 0);
        return;
    }
    // Store::wipe refuses (while unsent changes wait, unless forced) before it touches anything,
    // so a refusal leaves the store and the sync engine running. On success the store is gone at
    // once; the sync engine, which borrowed it, is torn down before any event can reach it.
    const Result<int> wiped = store::Store::wipe(m_store, force);
    if (!wiped && m_store) {
        qCInfo(lcWorker) << "wipe refused:" << wiped.error().code;
        // Refused for unsent changes: the page words the question itself, from the count.
        const bool unsent = wiped.error().code == store::Store::UnsyncedChanges;
        Q_EMIT wipeFinished(false, wiped.error().code, unsent ? QString() : wiped.error().message,
                            m_store->unsentCount());
        return;
    }
    m_scheduler.reset();
    m_sync.reset();
    if (!wiped) {
        qCInfo(lcWorker) << "wipe failed:" << wiped.error().code;
        closeStore();
        Q_EMIT wipeFinished(false, wiped.error().code, wiped.error().message, 0);
        publishSnapshot();
        return;
    }
    closeStore();
    qCInfo(lcWorker) << "wiped the profile;" << wiped.value() << "unsynced change(s) destroyed";
    Q_EMIT wipeFinished(true, {}, {}, wiped.value());
    publishSnapshot();
}

void StoreWorker::refresh()
{
    if (!m_store)
        return;
    const QDate day = today();
    const Caseload caseload = m_store->caseload();
    // Flags from the caseload just read: Store::flags() would read it all a second time.
    Q_EMIT caseloadLoaded(buildCaseloadRows(caseload, computeFlags(caseload, m_store->settings(), day), day));
    loadConflicts(caseload);
    readRejected();
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
    afterSaved();
}

void StoreWorker::checkpointAfterAnswer()
{
    if (!m_store)
        return;
    if (const Result<bool> done = m_store->checkpointIfDue(); !done)
        qCWarning(lcWorker) << "checkpoint failed:" << done.error().code;
}

void StoreWorker::afterSaved()
{
    if (m_scheduler)
        m_scheduler->noteSaved();
    checkpointAfterAnswer();
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
        snapshot.rejected = m_rejected;
        snapshot.lastSyncedAt = m_store->lastSyncedAt();
        snapshot.conflictCount = m_store->conflictCount();
    }
    if (m_sync) {
        snapshot.state = m_sync->state();
        snapshot.errorString = m_syncError;
    }
    snapshot.done = m_done;
    snapshot.total = m_total;
    Q_EMIT syncSnapshotChanged(snapshot);
}

void StoreWorker::readRejected()
{
    m_rejected.clear();
    if (!m_store)
        return;
    // Rejected entries come after every pending one, so only when some exist is the whole
    // outbox read.
    if (m_store->unsentCount() == m_store->pendingCount())
        return;
    for (const store::OutboxEntry &entry : m_store->outbox()) {
        if (entry.rejected)
            m_rejected.append({entry.change.changeId, entry.change.entityId, childToOpen(entry.change),
                               RejectedChangesModel::describeEntity(entry.change.entity),
                               entry.rejectionReason, entry.rejectionCode});
    }
}

QString StoreWorker::childToOpen(const Change &change) const
{
    // The child the record is about, where it names one (a visit names each child seen; the
    // first is enough to reach the visit in that child's chronology).
    if (change.entity == Entity::Child)
        return change.entityId;
    const QJsonObject &payload = change.payload;
    QString named = payload.value(u"childId"_s).toString();
    if (named.isEmpty() && change.entity == Entity::Visit)
        named = payload.value(u"children"_s).toArray().at(0).toObject().value(u"childId"_s).toString();
    if (!named.isEmpty() && m_store->child(named))
        return named;
    // A record about the household (its details, a member, an advocate offer, an amendment): the
    // child page shows the family, its members and their offers.
    const Result<QString> youngest = m_store->youngestChildOf(change.familyId);
    return youngest ? youngest.value() : QString();
}

QDate StoreWorker::today() const
{
    return londonDate(m_clock());
}

bool StoreWorker::hasServer() const
{
    return m_identity && !m_identity->serverUrl.isEmpty();
}

} // namespace doorstep::app
