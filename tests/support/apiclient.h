// Test helper: signed HTTP requests to a doorstep-server as a device would send them, made with
// the protocol library, over HTTPS with the server's certificate accepted only when it matches
// the fingerprint the server printed. start() returns at once (for many requests in flight);
// wait() and send() block on a local event loop.
//
// Thread: the thread that made it, which needs no running event loop (wait() spins one).
#pragma once

#include "core/change.h"
#include "sync/protocol/messages.h"
#include "sync/protocol/signing.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QUrl>

namespace doorstep::test {

struct TestDevice
{
    QString id;
    protocol::SigningKeyPair keys;
    QString userId;
    qint64 seq = 0; // the last deviceSeq used
};

// A device with a new id and key pair, not yet enrolled.
TestDevice newTestDevice(const QString &userId = {});
QString newTestId();

struct Answer
{
    int status = 0; // 0: no HTTP answer
    QByteArray body;
    QByteArray contentType;
    QJsonObject json() const;
    QJsonArray array() const;
    QString error() const { return json().value(QStringLiteral("error")).toString(); }
};

// Where a request goes: a server's base URL and the certificate fingerprint it printed.
struct Endpoint
{
    QUrl baseUrl;
    QString certificateSha256;
};

class ApiClient
{
public:
    ApiClient() = default;

    // Signed when `device` is given (with `timestamp`, or now).
    QNetworkReply *start(const Endpoint &server, const QByteArray &method, const QString &pathAndQuery,
                         const QByteArray &body, const TestDevice *device, qint64 timestamp = 0);
    // The reply's answer once finished; the reply is deleted.
    static Answer wait(QNetworkReply *reply);
    Answer send(const Endpoint &server, const QByteArray &method, const QString &pathAndQuery,
                const QByteArray &body = {}, const TestDevice *device = nullptr)
    {
        return wait(start(server, method, pathAndQuery, body, device));
    }

    // With headers made beforehand (to send one signed request twice).
    Answer sendSigned(const Endpoint &server, const QByteArray &method, const QString &pathAndQuery,
                      const QByteArray &body, const protocol::SignedHeaders &headers);

    Answer enrol(const Endpoint &server, const QString &code, const TestDevice &device);
    QNetworkReply *startPush(const Endpoint &server, const TestDevice &device, const QList<Change> &changes);
    QNetworkReply *startPull(const Endpoint &server, const TestDevice &device, const QString &since,
                             int limit = protocol::defaultPullLimit);

private:
    QNetworkReply *startWith(const Endpoint &server, const QByteArray &method, const QString &pathAndQuery,
                             const QByteArray &body, const protocol::SignedHeaders *headers);

    QNetworkAccessManager m_network;
};

// A change made by `device` now, with the next deviceSeq.
Change makeChange(TestDevice &device, const QString &entity, const QString &id, const QString &familyId,
                  const QJsonObject &payload);
Change makeFamilyChange(TestDevice &device, const QString &familyId, const QString &teamId);
Change makeMemberChange(TestDevice &device, const QString &familyId);

} // namespace doorstep::test
