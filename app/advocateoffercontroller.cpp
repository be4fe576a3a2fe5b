#include "advocateoffercontroller.h"

#include "app/childrecordcontroller.h"
#include "app/daywatcher.h"
#include "app/qmlsingleton.h"
#include "app/sessioncontroller.h"
#include "app/storeworker.h"
#include "core/recordid.h"
#include "core/validation.h"
#include "core/vocabulary.h"

using namespace Qt::StringLiterals;

namespace doorstep::app {

AdvocateOfferController::AdvocateOfferController(StoreWorker *worker, SessionController *session,
                                                 ChildRecordController *record, Clock clock, QObject *parent)
    : QObject(parent)
    , m_worker(worker)
    , m_session(session)
    , m_record(record)
    , m_clock(clock ? std::move(clock) : [] { return QDateTime::currentDateTimeUtc(); })
    , m_responses(new OptionModel(this))
{
    QList<Option> options;
    for (AdvocateResponse response :
         {AdvocateResponse::Accepted, AdvocateResponse::Declined, AdvocateResponse::Considering})
        options.append({toToken(response), label(response)});
    m_responses->setOptions(options);
    connect(m_worker, &StoreWorker::recordSaved, this, &AdvocateOfferController::onSaved);
    connect(m_worker, &StoreWorker::recordFailed, this, &AdvocateOfferController::onFailed);
    // Another child's page, or none: an offer half-made for this family no longer applies.
    connect(m_record, &ChildRecordController::activeChanged, this, &AdvocateOfferController::cancel);
}

AdvocateOfferController *AdvocateOfferController::create(QQmlEngine *, QJSEngine *)
{
    return provideSingleton(s_instance);
}

void AdvocateOfferController::setInstance(AdvocateOfferController *instance)
{
    s_instance = instance;
}

void AdvocateOfferController::setService(const QString &service)
{
    if (service == m_service)
        return;
    m_service = service;
    m_serviceError.clear();
    Q_EMIT changed();
}

void AdvocateOfferController::start(const QString &memberId, const QString &memberName)
{
    if (isSaving() || memberId.isEmpty())
        return;
    m_memberId = memberId;
    m_memberName = memberName;
    m_service = m_record->advocacyService();
    m_serviceError.clear();
    m_errorString.clear();
    m_statusMessage.clear();
    Q_EMIT changed();
}

void AdvocateOfferController::record(const QString &response)
{
    if (isSaving() || m_memberId.isEmpty())
        return;
    const auto parsed = advocateResponseFromToken(response);
    if (!parsed) {
        show({}, tr("Choose whether the advocate was accepted, declined or is being considered."));
        return;
    }
    AdvocateOffer offer;
    offer.id = newRecordId();
    offer.familyId = m_record->familyId();
    offer.memberId = m_memberId;
    offer.offeredOn = londonDate(m_clock());
    offer.offeredBy = m_session->userName();
    offer.service = m_service.trimmed();
    offer.response = *parsed;
    const Problems problems = validateAdvocateOffer(offer);
    if (!problems.isEmpty()) {
        m_serviceError.clear();
        m_errorString.clear();
        for (const Error &problem : problems)
            show(problem.field, problem.message);
        Q_EMIT saveFailed();
        return;
    }
    m_serviceError.clear();
    m_errorString.clear();
    m_pendingRequest = m_worker->nextRequestId();
    Q_EMIT changed();
    m_worker->requestRecordOffer(m_pendingRequest, offer);
}

void AdvocateOfferController::cancel()
{
    if (m_memberId.isEmpty() && m_errorString.isEmpty() && m_statusMessage.isEmpty())
        return;
    // A save already sent still lands; its answer is no longer shown.
    m_pendingRequest = 0;
    m_memberId.clear();
    m_memberName.clear();
    m_serviceError.clear();
    m_errorString.clear();
    m_statusMessage.clear();
    Q_EMIT changed();
}

void AdvocateOfferController::onSaved(int requestId, const QString &)
{
    if (requestId == 0 || requestId != m_pendingRequest)
        return;
    m_pendingRequest = 0;
    m_statusMessage = tr("Advocate offer to %1 recorded.").arg(m_memberName);
    m_memberId.clear();
    m_memberName.clear();
    Q_EMIT changed();
    Q_EMIT saved();
}

void AdvocateOfferController::onFailed(int requestId, const QString &field, const QString &message)
{
    if (requestId == 0 || requestId != m_pendingRequest)
        return;
    m_pendingRequest = 0;
    m_errorString.clear();
    show(field, message);
    Q_EMIT saveFailed();
}

void AdvocateOfferController::show(const QString &field, const QString &message)
{
    if (field == u"service"_s)
        m_serviceError = message;
    else
        m_errorString = m_errorString.isEmpty() ? message : m_errorString + u'\n' + message;
    Q_EMIT changed();
}

} // namespace doorstep::app
