#include "childrecordcontroller.h"

#include "app/chronologymodel.h"
#include "app/householdmodel.h"
#include "app/qmlsingleton.h"
#include "app/storeworker.h"

namespace doorstep::app {

ChildRecordController::ChildRecordController(StoreWorker *worker, QObject *parent)
    : QObject(parent)
    , m_worker(worker)
    , m_chronology(new ChronologyModel(this))
    , m_household(new HouseholdModel(this))
{
    connect(m_worker, &StoreWorker::childRecordLoaded, this, &ChildRecordController::onLoaded);
}

ChildRecordController *ChildRecordController::create(QQmlEngine *, QJSEngine *)
{
    return provideSingleton(s_instance);
}

void ChildRecordController::setInstance(ChildRecordController *instance)
{
    s_instance = instance;
}

void ChildRecordController::open(const QString &childId)
{
    if (childId.isEmpty())
        return;
    if (childId != m_childId) {
        show({});
        m_childId = childId;
        m_loading = true;
        Q_EMIT activeChanged();
        Q_EMIT changed();
        m_worker->requestChildRecord(childId);
    }
    Q_EMIT opened(childId);
}

void ChildRecordController::close()
{
    if (!isActive())
        return;
    m_childId.clear();
    m_loading = false;
    show({});
    Q_EMIT activeChanged();
}

void ChildRecordController::reload()
{
    if (isActive())
        m_worker->requestChildRecord(m_childId);
}

void ChildRecordController::onLoaded(const ChildRecord &record)
{
    // An answer for a child no longer open (or the empty record of one gone from the caseload
    // after a sync) is not shown.
    if (!isActive() || record.childId != m_childId)
        return;
    m_loading = false;
    show(record);
}

void ChildRecordController::show(const ChildRecord &record)
{
    m_record = record;
    m_chronology->setEntries(record.chronology);
    m_household->setMembers(record.members);
    Q_EMIT changed();
}

} // namespace doorstep::app
