#include "alerteditor.h"

#include "app/childrecordcontroller.h"
#include "app/dateinput.h"
#include "app/daywatcher.h"
#include "app/qmlsingleton.h"
#include "app/storeworker.h"
#include "core/recordid.h"
#include "core/validation.h"
#include "core/vocabulary.h"

using namespace Qt::StringLiterals;

namespace doorstep::app {

namespace {

const QStringList FieldNames{u"category"_s, u"whatHappened"_s, u"whoIsAtRisk"_s,    u"riskFrom"_s,
                             u"source"_s,   u"raisedOn"_s,     u"requiredAction"_s, u"reviewOn"_s};

} // namespace

AlertEditor::AlertEditor(StoreWorker *worker, ChildRecordController *record, Clock clock, QObject *parent)
    : QObject(parent)
    , m_worker(worker)
    , m_record(record)
    , m_clock(clock ? std::move(clock) : [] { return QDateTime::currentDateTimeUtc(); })
    , m_errors(FieldNames)
{
    connect(m_worker, &StoreWorker::recordSaved, this, &AlertEditor::onSaved);
    connect(m_worker, &StoreWorker::recordFailed, this, &AlertEditor::onFailed);
}

AlertEditor *AlertEditor::create(QQmlEngine *, QJSEngine *)
{
    return provideSingleton(s_instance);
}

void AlertEditor::setInstance(AlertEditor *instance)
{
    s_instance = instance;
}

void AlertEditor::setField(const QString &field, const QString &value)
{
    if (m_fields.value(field) == value)
        return;
    m_fields.insert(field, value);
    Q_EMIT fieldsChanged();
    if (m_errors.clear(field))
        Q_EMIT errorsChanged();
}

void AlertEditor::open()
{
    if (!m_record->isActive() || m_record->familyId().isEmpty())
        return;
    m_childId = m_record->childId();
    m_familyId = m_record->familyId();
    m_childName = m_record->name();
    m_fields.clear();
    m_fields.insert(u"raisedOn"_s, formatDate(londonDate(m_clock())));
    m_fields.insert(u"whoIsAtRisk"_s, m_childName);
    m_errors.clearAll();
    m_pending = {};
    m_active = true;
    Q_EMIT activeChanged();
    Q_EMIT fieldsChanged();
    Q_EMIT errorsChanged();
    Q_EMIT savingChanged();
}

void AlertEditor::close()
{
    if (!m_active)
        return;
    m_active = false;
    m_fields.clear();
    m_errors.clearAll();
    m_pending = {};
    Q_EMIT activeChanged();
    Q_EMIT fieldsChanged();
    Q_EMIT errorsChanged();
    Q_EMIT savingChanged();
}

void AlertEditor::save()
{
    if (!m_active || isSaving())
        return;
    m_errors.clearAll();
    Alert alert;
    alert.id = newRecordId();
    alert.familyId = m_familyId;
    alert.childId = m_childId;
    alert.category = category().trimmed();
    alert.whatHappened = whatHappened().trimmed();
    alert.whoIsAtRisk = whoIsAtRisk().trimmed();
    alert.riskFrom = riskFrom().trimmed();
    alert.source = source().trimmed();
    alert.requiredAction = requiredAction().trimmed();
    // A date typed but not readable is its own problem; validation reports one left empty.
    const auto readDate = [this](const QString &field, QDate &into) {
        const QString typed = m_fields.value(field).trimmed();
        if (typed.isEmpty())
            return;
        if (const auto date = parseDateInput(typed))
            into = *date;
        else
            m_errors.show(field, tr("Type the date like 25 Nov 2026."));
    };
    readDate(u"raisedOn"_s, alert.raisedOn);
    readDate(u"reviewOn"_s, alert.reviewOn);
    for (const Error &problem : validateAlert(alert)) {
        if (!m_errors.has(problem.field))
            m_errors.show(problem.field, problem.message);
    }
    if (m_errors.any()) {
        Q_EMIT errorsChanged();
        Q_EMIT saveFailed();
        return;
    }
    Q_EMIT errorsChanged();
    m_pending.id = m_worker->nextRequestId();
    Q_EMIT savingChanged();
    m_worker->requestSaveAlert(m_pending.id, alert);
}

void AlertEditor::onSaved(int requestId, const QString &)
{
    if (!m_pending.take(requestId))
        return;
    Q_EMIT savingChanged();
    close();
    Q_EMIT saved();
}

void AlertEditor::onFailed(int requestId, const QString &field, const QString &message)
{
    if (!m_pending.take(requestId))
        return;
    m_errors.show(field, message);
    Q_EMIT savingChanged();
    Q_EMIT errorsChanged();
    Q_EMIT saveFailed();
}

} // namespace doorstep::app
