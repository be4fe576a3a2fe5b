#include "apiclient.h"

#include "core/domain.h"
#include "core/hlc.h"
#include "core/recordcodec.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QJsonDocument>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QUuid>

using namespace Qt::StringLiterals;

namespace doorstep::test {

namespace {

QByteArray compact(const QJsonObject &json)
{
    return QJsonDocument(json).toJson(QJsonDocument::Compact);
}

} // namespace

QString newTestId()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

TestDevice newTestDevice(const QString &userId)
{
    return TestDevice{newTestId(), protocol::generateSigningKeyPair(), userId, 0};
}

QJsonObject Answer::json() const
{
    return QJsonDocument::fromJson(body).object();
}

QJsonArray Answer::array() const
{
    return QJsonDocument::fromJson(body).array();
}

QNetworkReply *ApiClient::start(const Endpoint &server, const QByteArray &method, const QString &pathAndQuery,
                                const QByteArray &body, const TestDevice *device, qint64 timestamp)
{
    if (!device)
        return startWith(server, method, pathAndQuery, body, nullptr);
    const protocol::SignedHeaders headers =
        protocol::signRequest(device->keys.secretKey, method, pathAndQuery.toUtf8(), body, device->id,
                              timestamp ? timestamp : QDateTime::currentMSecsSinceEpoch());
    return startWith(server, method, pathAndQuery, body, &headers);
}

Answer ApiClient::sendSigned(const Endpoint &server, const QByteArray &method, const QString &pathAndQuery,
                             const QByteArray &body, const protocol::SignedHeaders &headers)
{
    return wait(startWith(server, method, pathAndQuery, body, &headers));
}

QNetworkReply *ApiClient::startWith(const Endpoint &server, const QByteArray &method,
                                    const QString &pathAndQuery, const QByteArray &body,
                                    const protocol::SignedHeaders *headers)
{
    QNetworkRequest request(QUrl(server.baseUrl.toString() + pathAndQuery));
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    if (headers) {
        request.setRawHeader(protocol::Header::Device, headers->deviceId);
        request.setRawHeader(protocol::Header::Timestamp, headers->timestamp);
        request.setRawHeader(protocol::Header::Nonce, headers->nonce);
        request.setRawHeader(protocol::Header::Signature, headers->signature);
    }
    QNetworkReply *reply = m_network.sendCustomRequest(request, method, body);
    const QString pinned = server.certificateSha256;
    QObject::connect(
        reply, &QNetworkReply::sslErrors, reply, [reply, pinned](const QList<QSslError> &errors) {
            const QSslCertificate presented = reply->sslConfiguration().peerCertificate();
            if (QString::fromLatin1(presented.digest(QCryptographicHash::Sha256).toHex()) == pinned)
                reply->ignoreSslErrors(errors);
        });
    return reply;
}

Answer ApiClient::wait(QNetworkReply *reply)
{
    QSignalSpy finished(reply, &QNetworkReply::finished);
    if (!reply->isFinished())
        finished.wait(120'000);
    Answer answer;
    answer.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    answer.contentType = reply->header(QNetworkRequest::ContentTypeHeader).toByteArray();
    answer.body = reply->readAll();
    reply->deleteLater();
    return answer;
}

Answer ApiClient::enrol(const Endpoint &server, const QString &code, const TestDevice &device)
{
    protocol::EnrolRequest request{code, device.id, device.keys.publicKey, u"Test Tablet"_s};
    return send(server, "POST", protocol::Path::Enrol, compact(request.toJson()));
}

QNetworkReply *ApiClient::startPush(const Endpoint &server, const TestDevice &device,
                                    const QList<Change> &changes)
{
    return start(server, "POST", protocol::Path::Push, compact(protocol::PushRequest{changes, {}}.toJson()),
                 &device);
}

QNetworkReply *ApiClient::startPull(const Endpoint &server, const TestDevice &device, const QString &since,
                                    int limit)
{
    return start(server, "GET", u"%1?since=%2&limit=%3"_s.arg(protocol::Path::Pull, since).arg(limit), {},
                 &device);
}

Change makeChange(TestDevice &device, const QString &entity, const QString &id, const QString &familyId,
                  const QJsonObject &payload)
{
    Change c;
    c.changeId = newTestId();
    c.deviceId = device.id;
    c.deviceSeq = ++device.seq;
    c.entity = entity;
    c.entityId = id;
    c.familyId = familyId;
    c.hlc = HlcTimestamp{QDateTime::currentMSecsSinceEpoch(), quint32(device.seq), device.id}.encode();
    c.payload = payload;
    return c;
}

Change makeFamilyChange(TestDevice &device, const QString &familyId, const QString &teamId)
{
    Family f;
    f.id = familyId;
    f.teamId = teamId;
    f.practitionerId = device.userId;
    f.label = u"Test Family %1"_s.arg(familyId.left(4));
    return makeChange(device, Entity::Family, f.id, f.id, toJson(f));
}

Change makeMemberChange(TestDevice &device, const QString &familyId)
{
    FamilyMember m;
    m.id = newTestId();
    m.familyId = familyId;
    m.name = u"Test Parent One"_s;
    m.relationship = u"mother"_s;
    return makeChange(device, Entity::FamilyMember, m.id, familyId, toJson(m));
}

} // namespace doorstep::test
