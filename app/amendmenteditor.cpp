#include "amendmenteditor.h"

#include "app/qmlsingleton.h"
#include "app/sessioncontroller.h"
#include "app/storeworker.h"
#include "core/change.h"
#include "core/validation.h"

#include <QUuid>

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
    if (reason == m_reason)
        return;
    m_reason = reason;
    Q_EMIT fieldsChanged();
    if (!m_reasonError.isEmpty()) {
        m_reasonError.clear();
        Q_EMIT errorsChanged();
    }
}

void AmendmentEditor::setCorrection(const QString &correction)
{
    if (correction == m_correction)
        return;
    m_correction = correction;
    Q_EMIT fieldsChanged();
    if (!m_correctionError.isEmpty()) {
        m_correctionError.clear();
        Q_EMIT errorsChanged();
    }
}

void AmendmentEditor::open(const QString &kind, const QString &id, const QString &dateText,
                           const QString &title, const QString &detail)
{
    const QString targetKind = targetKindFor(kind);
    if (targetKind.isEmpty() || id.isEmpty())
        return;
    m_targetKind = targetKind;
    m_targetId = id;
    m_targetText = tr("%1 · %2").arg(dateText, title);
    m_targetDetail = detail;
    m_reason.clear();
    m_correction.clear();
    m_reasonError.clear();
    m_correctionError.clear();
    m_errorString.clear();
    m_pendingRequest = 0;
    Q_EMIT activeChanged();
    Q_EMIT fieldsChanged();
    Q_EMIT errorsChanged();
    Q_EMIT savingChanged();
}

void AmendmentEditor::close()
{
    if (!isActive())
        return;
    m_targetKind.clear();
    m_targetId.clear();
    m_targetText.clear();
    m_targetDetail.clear();
    m_reason.clear();
    m_correction.clear();
    m_reasonError.clear();
    m_correctionError.clear();
    m_errorString.clear();
    m_pendingRequest = 0;
    Q_EMIT activeChanged();
    Q_EMIT fieldsChanged();
    Q_EMIT errorsChanged();
    Q_EMIT savingChanged();
}

void AmendmentEditor::save()
{
    if (!isActive() || isSaving())
        return;
    m_reasonError.clear();
    m_correctionError.clear();
    m_errorString.clear();
    Amendment amendment;
    amendment.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    amendment.targetKind = m_targetKind;
    amendment.targetId = m_targetId;
    amendment.authorId = m_session->session().userId;
    amendment.madeAt = m_clock();
    amendment.reason = m_reason.trimmed();
    amendment.correction = m_correction.trimmed();
    // A correction that corrects nothing is no use to the next reader.
    if (amendment.correction.isEmpty())
        m_correctionError = tr("Write what the record should have said.");
    for (const Error &problem : validateAmendment(amendment))
        showProblem(problem.field, problem.message);
    if (!m_reasonError.isEmpty() || !m_correctionError.isEmpty() || !m_errorString.isEmpty()) {
        Q_EMIT errorsChanged();
        Q_EMIT saveFailed();
        return;
    }
    Q_EMIT errorsChanged();
    m_pendingRequest = m_worker->nextRequestId();
    Q_EMIT savingChanged();
    m_worker->requestRecordAmendment(m_pendingRequest, amendment);
}

void AmendmentEditor::showProblem(const QString &field, const QString &message)
{
    if (field == u"reason"_s)
        m_reasonError = message;
    else if (field == u"correction"_s)
        m_correctionError = message;
    else
        m_errorString = m_errorString.isEmpty() ? message : m_errorString + u'\n' + message;
}

void AmendmentEditor::onSaved(int requestId, const QString &)
{
    if (requestId == 0 || requestId != m_pendingRequest)
        return;
    m_pendingRequest = 0;
    close();
    Q_EMIT saved();
}

void AmendmentEditor::onFailed(int requestId, const QString &field, const QString &message)
{
    if (requestId == 0 || requestId != m_pendingRequest)
        return;
    m_pendingRequest = 0;
    showProblem(field, message);
    Q_EMIT savingChanged();
    Q_EMIT errorsChanged();
    Q_EMIT saveFailed();
}

} // namespace doorstep::app
