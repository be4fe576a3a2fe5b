// Records an advocate offer to a member of a family in care proceedings in two taps: start(member)
// then record(response). The offer is dated today, made by the signed-in practitioner, to the
// advocacy service the caseload last used (editable, and asked for when there is none). Checks
// with core/validation.h, then hands the offer to the store worker. A QML singleton built by
// AppServices; GUI thread.
#pragma once

#include "app/optionmodel.h"

#include <QDateTime>
#include <QObject>
#include <QString>
#include <QtQml/qqmlregistration.h>

#include <functional>

class QQmlEngine;
class QJSEngine;

namespace doorstep::app {

class ChildRecordController;
class SessionController;
class StoreWorker;

class AdvocateOfferController : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_SINGLETON
    // The member an offer is being recorded for; empty when none.
    Q_PROPERTY(QString memberId READ memberId NOTIFY changed)
    Q_PROPERTY(QString memberName READ memberName NOTIFY changed)
    Q_PROPERTY(doorstep::app::OptionModel *responses READ responses CONSTANT)
    Q_PROPERTY(QString service READ service WRITE setService NOTIFY changed)
    Q_PROPERTY(QString serviceError READ serviceError NOTIFY changed)
    Q_PROPERTY(QString errorString READ errorString NOTIFY changed)
    Q_PROPERTY(bool saving READ isSaving NOTIFY changed)
    // What the last save did, in words ("Advocate offer to Test Parent C recorded.").
    Q_PROPERTY(QString statusMessage READ statusMessage NOTIFY changed)
public:
    using Clock = std::function<QDateTime()>;

    AdvocateOfferController(StoreWorker *worker, SessionController *session, ChildRecordController *record,
                            Clock clock, QObject *parent = nullptr);

    static AdvocateOfferController *create(QQmlEngine *, QJSEngine *);
    static void setInstance(AdvocateOfferController *instance);

    QString memberId() const { return m_memberId; }
    QString memberName() const { return m_memberName; }
    OptionModel *responses() const { return m_responses; }
    QString service() const { return m_service; }
    void setService(const QString &service);
    QString serviceError() const { return m_serviceError; }
    QString errorString() const { return m_errorString; }
    bool isSaving() const { return m_pendingRequest != 0; }
    QString statusMessage() const { return m_statusMessage; }

    // First tap: the member the advocate is offered to (a member of the open child's family).
    Q_INVOKABLE void start(const QString &memberId, const QString &memberName);
    // Second tap: their response ("accepted", "declined", "considering"); saves the offer.
    Q_INVOKABLE void record(const QString &response);
    Q_INVOKABLE void cancel();

Q_SIGNALS:
    void changed();
    void saved();
    void saveFailed();

private:
    void onSaved(int requestId, const QString &recordId);
    void onFailed(int requestId, const QString &field, const QString &message);
    void show(const QString &field, const QString &message);

    StoreWorker *m_worker;
    SessionController *m_session;
    ChildRecordController *m_record;
    Clock m_clock;
    OptionModel *m_responses;
    QString m_memberId;
    QString m_memberName;
    QString m_service;
    QString m_serviceError;
    QString m_errorString;
    QString m_statusMessage;
    int m_pendingRequest = 0;
    static inline AdvocateOfferController *s_instance = nullptr;
};

} // namespace doorstep::app
