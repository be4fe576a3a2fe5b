#include "conflictscontroller.h"

#include "app/qmlsingleton.h"
#include "app/storeworker.h"

namespace doorstep::app {

ConflictsController::ConflictsController(StoreWorker *worker, QObject *parent)
    : QObject(parent)
    , m_worker(worker)
    , m_conflicts(new ConflictListModel(this))
{
    connect(m_conflicts, &ConflictListModel::countChanged, this, &ConflictsController::countChanged);
    connect(m_worker, &StoreWorker::conflictsLoaded, this,
            [this](const QList<ConflictRow> &rows) { m_conflicts->setRows(rows); });
    connect(m_worker, &StoreWorker::conflictActionFinished, this, &ConflictsController::onActionFinished);
}

ConflictsController *ConflictsController::create(QQmlEngine *, QJSEngine *)
{
    return provideSingleton(s_instance);
}

void ConflictsController::setInstance(ConflictsController *instance)
{
    s_instance = instance;
}

QString ConflictsController::summaryText() const
{
    if (count() == 0)
        return tr("No conflicts to review");
    return count() == 1 ? tr("1 conflict to review") : tr("%1 conflicts to review").arg(count());
}

void ConflictsController::open()
{
    m_worker->requestConflicts();
    if (m_active)
        return;
    m_active = true;
    Q_EMIT activeChanged();
}

void ConflictsController::close()
{
    setBusy(false, {});
    if (!m_active)
        return;
    m_active = false;
    Q_EMIT activeChanged();
}

void ConflictsController::markReviewed(const QString &conflictId)
{
    if (m_busy)
        return;
    setBusy(true, {});
    m_worker->requestMarkConflictReviewed(conflictId.toLongLong());
}

void ConflictsController::useNotKept(const QString &conflictId)
{
    if (m_busy)
        return;
    setBusy(true, {});
    m_worker->requestUseConflictValue(conflictId.toLongLong());
}

void ConflictsController::clear()
{
    close();
    m_conflicts->setRows({});
}

void ConflictsController::onActionFinished(bool ok, const QString &message)
{
    setBusy(false, ok ? QString() : message);
    Q_EMIT actionFinished(ok);
}

void ConflictsController::setBusy(bool busy, const QString &error)
{
    if (busy == m_busy && error == m_errorString)
        return;
    m_busy = busy;
    m_errorString = error;
    Q_EMIT busyChanged();
}

} // namespace doorstep::app
