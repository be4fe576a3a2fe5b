// Asks the server for the coverage report of the signed-in supervisor's team over a period and
// reads from it the sync freshness of each practitioner (who synced when, what still waits on
// their devices). The request goes out signed through SyncClient::send.
//
// Thread: the thread of the SyncClient it is given (the store worker in the app); one fetch at a
// time (a new fetch drops the answer of the one before). Ownership: the client is borrowed and
// must outlive this object.
#pragma once

#include "core/result.h"

#include <QDate>
#include <QDateTime>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>

class QNetworkReply;

namespace doorstep::sync {

class SyncClient;

struct PractitionerFreshness
{
    QString practitionerId;
    QString name;           // empty when the server does not say
    int devices = 0;        // devices of theirs that have synced
    QDateTime lastSyncedAt; // UTC; invalid: never synced
    int unsynced = 0;       // changes their devices last said were still to send

    friend bool operator==(const PractitionerFreshness &, const PractitionerFreshness &) = default;
};

class CoverageFetch : public QObject
{
    Q_OBJECT
public:
    explicit CoverageFetch(SyncClient *client, QObject *parent = nullptr);
    ~CoverageFetch() override;

    // GET /v1/coverage?from=&to= for the caller's team; answered by fetched() or failed().
    void fetch(const QDate &from, const QDate &to);

    // The "freshness" list of a coverage answer, checked entry by entry; Error code "bad_answer"
    // with what was wrong when the answer is not one.
    static Result<QList<PractitionerFreshness>> parse(const QByteArray &body);

    // Error codes of failed().
    static inline const QString Offline = QStringLiteral("offline"); // no connection to the server
    static inline const QString BadAnswer = QStringLiteral("bad_answer");

Q_SIGNALS:
    void fetched(const QDate &from, const QDate &to,
                 const QList<doorstep::sync::PractitionerFreshness> &rows);
    // code: Offline, BadAnswer, or the server's own code (e.g. "forbidden"); message in words.
    void failed(const QDate &from, const QDate &to, const QString &code, const QString &message);

private:
    void finished(QNetworkReply *reply, const QDate &from, const QDate &to);

    SyncClient *m_client;
    QPointer<QNetworkReply> m_reply;
};

} // namespace doorstep::sync
