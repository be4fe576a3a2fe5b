#include "amendmenteditor.h"

#include "app/qmlsingleton.h"
#include "app/sessioncontroller.h"
#include "app/storeworker.h"
#include "core/change.h"
#include "core/recordid.h"
#include "core/validation.h"

using namespace Qt::StringLiterals;

namespace doorstep::app {

AmendmentEditor::AmendmentEditor(StoreWorker *worker, SessionController *session, Clock clock,
                                 QObject *parent)
    : QObject(parent)
    , m_worker(worker)
    , m_session(session)
    , m_clock(clock ? std::move(clock) : [] { return QDateTime::currentDateTimeUtc(); })
{
    connect(m_worker, &StoreWorker::recordSaved, this, &AmendmentEditor::onSaved);
    connect(m_worker, &StoreWorker::recordFailed, this, &AmendmentEditor::onFailed);
}

AmendmentEditor *AmendmentEditor::create(QQmlEngine *, QJSEngine *)
{
    return provideSingleton(s_instance);
}

void AmendmentEditor::setInstance(AmendmentEditor *instance)
{
    s_instance = instance;
}

QString AmendmentEditor::targetKindFor(const QString &chronologyKind)
{
    if (chronologyKind == u"visit"_s)
        return Entity::Visit;
    if (chronologyKind == u"views"_s)
        return Entity::ChildViews;
    if (chronologyKind == u"offer"_s)
        return Entity::AdvocateOffer;
    if (chronologyKind == u"alert"_s)
        return Entity::Alert;
    return {};
}

void AmendmentEditor::setReason(const QString &reason)
{
    setText(m_reason, reason, u"reason"_s);
}

void AmendmentEditor::setCorrection(const QString &correction)
{
    setText(m_correction, correction, u"correction"_s);
}

void AmendmentEditor::setText(QString &member, const QString &value, const QString &field)
{
    if (value == member)
        return;
    member = value;
    Q_EMIT fieldsChanged();
    if (m_errors.clear(field))
        Q_EMIT errorsChanged();
}

void AmendmentEditor::open(const QString &kind, const QString &id, const QString &dateText,
                           const QString &title, const QString &detail)
{
    const QString targetKind = targetKindFor(kind);
    if (targetKind.isEmpty() || id.isEmpty())
        return;
    reset(targetKind, id, tr("%1 · %2").arg(dateText, title), detail);
}

void AmendmentEditor::close()
{
    if (isActive())
        reset({}, {}, {}, {});
}

void AmendmentEditor::reset(const QString &targetKind, const QString &targetId, const QString &targetText,
                            const QString &targetDetail)
{
    m_targetKind = targetKind;
    m_targetId = targetId;
    m_targetText = targetText;
    m_targetDetail = targetDetail;
    m_reason.clear();
    m_correction.clear();
    m_errors.clearAll();
    m_pending = {};
    Q_EMIT activeChanged();
    Q_EMIT fieldsChanged();
    Q_EMIT errorsChanged();
    Q_EMIT savingChanged();
}

void AmendmentEditor::save()
{
    if (!isActive() || isSaving())
        return;
    m_errors.clearAll();
    Amendment amendment;
    amendment.id = newRecordId();
    amendment.targetKind = m_targetKind;
    amendment.targetId = m_targetId;
    amendment.authorId = m_session->session().userId;
    amendment.madeAt = m_clock();
    amendment.reason = m_reason.trimmed();
    amendment.correction = m_correction.trimmed();
    // A correction that corrects nothing is no use to the next reader.
    if (amendment.correction.isEmpty())
        m_errors.show(u"correction"_s, tr("Write what the record should have said."));
    for (const Error &problem : validateAmendment(amendment))
        m_errors.show(problem.field, problem.message);
    if (m_errors.any()) {
        Q_EMIT errorsChanged();
        Q_EMIT saveFailed();
        return;
    }
    Q_EMIT errorsChanged();
    m_pending.id = m_worker->nextRequestId();
    Q_EMIT savingChanged();
    m_worker->requestRecordAmendment(m_pending.id, amendment);
}

void AmendmentEditor::onSaved(int requestId, const QString &)
{
    if (!m_pending.take(requestId))
        return;
    close();
    Q_EMIT saved();
}

void AmendmentEditor::onFailed(int requestId, const QString &field, const QString &message)
{
    if (!m_pending.take(requestId))
        return;
    m_errors.show(field, message);
    Q_EMIT savingChanged();
    Q_EMIT errorsChanged();
    Q_EMIT saveFailed();
}

} // namespace doorstep::app
