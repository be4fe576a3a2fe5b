#include "coveragefetch.h"

#include "sync/client/networkerrors.h"
#include "sync/client/syncclient.h"
#include "sync/protocol/messages.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QNetworkReply>
#include <QUrlQuery>

using namespace Qt::StringLiterals;

namespace doorstep::sync {

Q_LOGGING_CATEGORY(lcCoverageFetch, "doorstep.sync.coverage")

namespace {

Error badAnswer(const QString &what)
{
    return Error{CoverageFetch::BadAnswer,
                 QObject::tr("The server's coverage answer could not be read: %1").arg(what),
                 {}};
}

} // namespace

CoverageFetch::CoverageFetch(SyncClient *client, QObject *parent)
    : QObject(parent)
    , m_client(client)
{}

CoverageFetch::~CoverageFetch()
{
    if (m_reply) {
        m_reply->disconnect(this);
        m_reply->abort();
        m_reply->deleteLater();
    }
}

void CoverageFetch::fetch(const QDate &from, const QDate &to)
{
    if (m_reply) {
        // Only the latest period is wanted.
        m_reply->disconnect(this);
        m_reply->abort();
        m_reply->deleteLater();
    }
    QUrlQuery query;
    query.addQueryItem(u"from"_s, from.toString(Qt::ISODate));
    query.addQueryItem(u"to"_s, to.toString(Qt::ISODate));
    const QString pathAndQuery = protocol::Path::Coverage + u'?' + query.toString(QUrl::FullyEncoded);
    QNetworkReply *reply = m_client->send(QByteArrayLiteral("GET"), pathAndQuery, {});
    m_reply = reply;
    connect(reply, &QNetworkReply::finished, this, [this, reply, from, to] { finished(reply, from, to); });
}

void CoverageFetch::finished(QNetworkReply *reply, const QDate &from, const QDate &to)
{
    reply->deleteLater();
    if (m_reply == reply)
        m_reply.clear();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status == 0) {
        if (isOfflineError(reply->error())) {
            Q_EMIT failed(from, to, Offline, tr("Sync freshness needs a connection to the server."));
        } else {
            qCInfo(lcCoverageFetch) << "coverage request failed:" << reply->error();
            Q_EMIT failed(
                from, to, u"network"_s,
                tr("The server could not be asked for sync freshness: %1").arg(reply->errorString()));
        }
        return;
    }
    const QByteArray body = reply->readAll();
    if (status != 200) {
        const Error error = protocol::errorFromBody(body, status);
        qCInfo(lcCoverageFetch) << "coverage refused:" << status << error.code;
        Q_EMIT failed(from, to, error.code, error.message);
        return;
    }
    const Result<QList<PractitionerFreshness>> rows = parse(body);
    if (!rows) {
        qCWarning(lcCoverageFetch) << "coverage answer not understood";
        Q_EMIT failed(from, to, rows.error().code, rows.error().message);
        return;
    }
    Q_EMIT fetched(from, to, rows.value());
}

Result<QList<PractitionerFreshness>> CoverageFetch::parse(const QByteArray &body)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject())
        return badAnswer(tr("it is not a JSON object."));
    const QJsonValue list = document.object().value(u"freshness"_s);
    if (!list.isArray())
        return badAnswer(tr("it has no \"freshness\" list."));
    QList<PractitionerFreshness> rows;
    int index = 0;
    for (const QJsonValue &value : list.toArray()) {
        const QString where = tr("entry %1 of \"freshness\"").arg(index++);
        if (!value.isObject())
            return badAnswer(tr("%1 is not an object.").arg(where));
        const QJsonObject entry = value.toObject();
        PractitionerFreshness row;
        const QJsonValue id = entry.value(u"practitionerId"_s);
        if (!id.isString() || id.toString().isEmpty())
            return badAnswer(tr("%1 has no practitioner id.").arg(where));
        row.practitionerId = id.toString();
        const QJsonValue name = entry.value(u"name"_s);
        if (!name.isUndefined() && !name.isString())
            return badAnswer(tr("%1 has a name that is not text.").arg(where));
        row.name = name.toString();
        const QJsonValue devices = entry.value(u"devices"_s);
        const QJsonValue unsynced = entry.value(u"unsynced"_s);
        if (!devices.isDouble() || devices.toDouble() < 0 || devices.toDouble() != devices.toInt())
            return badAnswer(tr("%1 has no whole number of devices.").arg(where));
        if (!unsynced.isDouble() || unsynced.toDouble() < 0 || unsynced.toDouble() != unsynced.toInt())
            return badAnswer(tr("%1 has no whole number of unsynced changes.").arg(where));
        row.devices = devices.toInt();
        row.unsynced = unsynced.toInt();
        const QJsonValue at = entry.value(u"lastSyncedAt"_s);
        if (at.isString()) {
            row.lastSyncedAt = QDateTime::fromString(at.toString(), Qt::ISODate);
            if (!row.lastSyncedAt.isValid())
                return badAnswer(tr("%1 has a last sync time that is not a date and time.").arg(where));
            row.lastSyncedAt = row.lastSyncedAt.toUTC();
        } else if (!at.isNull()) {
            return badAnswer(tr("%1 does not say when it last synced.").arg(where));
        }
        rows.append(row);
    }
    return rows;
}

} // namespace doorstep::sync
