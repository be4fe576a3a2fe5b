// The HTTP API end to end: the real doorstep-server on loopback over HTTPS (its self-signed
// certificate accepted only when it matches the printed fingerprint), signed requests made
// here with the protocol library, admin commands run against the same data directory.
#include "tests/support/serverprocess.h"

#include "core/change.h"
#include "core/hlc.h"
#include "core/recordcodec.h"
#include "sync/protocol/messages.h"
#include "sync/protocol/signing.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QStandardPaths>
#include <QTest>
#include <QUuid>

using namespace Qt::StringLiterals;
using doorstep::test::ServerProcess;
using namespace doorstep;
using namespace doorstep::protocol;

namespace {

struct TestDevice
{
    QString id;
    SigningKeyPair keys;
    QString userId;
    qint64 seq = 0;
};

struct Answer
{
    int status = 0;
    QByteArray body;
    QByteArray contentType;
    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
    QJsonArray array() const { return QJsonDocument::fromJson(body).array(); }
    QString error() const { return json().value(u"error"_s).toString(); }
};

QString newId()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

qint64 nowMillis()
{
    return QDateTime::currentMSecsSinceEpoch();
}

QByteArray compact(const QJsonObject &json)
{
    return QJsonDocument(json).toJson(QJsonDocument::Compact);
}

} // namespace

class TestServerApi : public QObject
{
    Q_OBJECT

private:
    ServerProcess m_server;
    QNetworkAccessManager m_network;
    QString m_teamId;
    TestDevice m_a; // health visitor
    TestDevice m_b; // midwife, same team
    TestDevice m_s; // supervisor of the team
    QString m_codeA;
    QJsonObject m_enrolA;
    QString m_familyA;
    QString m_newbornA;

    Answer send(const QByteArray &method, const QString &pathAndQuery, const QByteArray &body,
                const SignedHeaders *headers = nullptr)
    {
        QNetworkRequest request(QUrl(m_server.baseUrl().toString() + pathAndQuery));
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        if (headers) {
            request.setRawHeader(Header::Device, headers->deviceId);
            request.setRawHeader(Header::Timestamp, headers->timestamp);
            request.setRawHeader(Header::Nonce, headers->nonce);
            request.setRawHeader(Header::Signature, headers->signature);
        }
        QNetworkReply *reply = m_network.sendCustomRequest(request, method, body);
        const QString pinned = m_server.certificateSha256();
        connect(reply, &QNetworkReply::sslErrors, reply, [reply, pinned](const QList<QSslError> &errors) {
            const QSslCertificate presented = reply->sslConfiguration().peerCertificate();
            if (QString::fromLatin1(presented.digest(QCryptographicHash::Sha256).toHex()) == pinned)
                reply->ignoreSslErrors(errors);
        });
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

    SignedHeaders sign(const TestDevice &device, const QByteArray &method, const QString &pathAndQuery,
                       const QByteArray &body, qint64 timestamp = 0)
    {
        return signRequest(device.keys.secretKey, method, pathAndQuery.toUtf8(), body, device.id,
                           timestamp ? timestamp : nowMillis());
    }

    Answer signedSend(const TestDevice &device, const QByteArray &method, const QString &pathAndQuery,
                      const QByteArray &body = {})
    {
        const SignedHeaders headers = sign(device, method, pathAndQuery, body);
        return send(method, pathAndQuery, body, &headers);
    }

    Answer enrol(const QString &code, const TestDevice &device)
    {
        EnrolRequest request{code, device.id, device.keys.publicKey, u"Test Tablet"_s};
        return send("POST", Path::Enrol, compact(request.toJson()));
    }

    Answer push(TestDevice &device, const QList<Change> &changes)
    {
        return signedSend(device, "POST", Path::Push, compact(PushRequest{changes}.toJson()));
    }

    // Every change in the caller's scope, following the cursor through the pages.
    QList<Change> pullAll(const TestDevice &device, int limit = 500)
    {
        QList<Change> all;
        QString cursor = u"0"_s;
        for (int page = 0; page < 100; ++page) {
            const Answer answer =
                signedSend(device, "GET", u"%1?since=%2&limit=%3"_s.arg(Path::Pull, cursor).arg(limit));
            if (answer.status != 200)
                return {};
            const auto decoded = PullResponse::fromJson(answer.json());
            if (!decoded)
                return {};
            all += decoded.value().changes;
            cursor = decoded.value().cursor;
            if (!decoded.value().more)
                break;
        }
        return all;
    }

    static QStringList ids(const QList<Change> &changes)
    {
        QStringList list;
        for (const Change &c : changes)
            list.append(c.changeId);
        return list;
    }

    Change change(TestDevice &device, const QString &entity, const QString &id, const QString &familyId,
                  const QJsonObject &payload)
    {
        Change c;
        c.changeId = newId();
        c.deviceId = device.id;
        c.deviceSeq = ++device.seq;
        c.entity = entity;
        c.entityId = id;
        c.familyId = familyId;
        c.hlc = HlcTimestamp{nowMillis(), quint32(device.seq), device.id}.encode();
        c.payload = payload;
        return c;
    }

    Change familyChange(TestDevice &device, const QString &familyId, const QString &practitionerId)
    {
        Family f;
        f.id = familyId;
        f.teamId = m_teamId;
        f.practitionerId = practitionerId;
        f.label = u"Test Family %1"_s.arg(familyId.left(4));
        return change(device, Entity::Family, f.id, f.id, toJson(f));
    }

    Change childChange(TestDevice &device, const QString &familyId, const QString &childId, const QDate &born,
                       const QString &nhsNumber = {})
    {
        Child c;
        c.id = childId;
        c.familyId = familyId;
        c.name = u"Test Baby One"_s;
        c.dateOfBirth = born;
        c.nhsNumber = nhsNumber;
        return change(device, Entity::Child, c.id, familyId, toJson(c));
    }

    Change memberChange(TestDevice &device, const QString &familyId)
    {
        FamilyMember m;
        m.id = newId();
        m.familyId = familyId;
        m.name = u"Test Parent One"_s;
        m.relationship = u"mother"_s;
        return change(device, Entity::FamilyMember, m.id, familyId, toJson(m));
    }

    QString admin(const QStringList &arguments)
    {
        const doorstep::test::CommandResult run = m_server.admin(arguments);
        if (run.exitCode != 0)
            qWarning() << "admin" << arguments.first() << "failed:" << run.err;
        return run.exitCode == 0 ? QString::fromUtf8(run.out).trimmed() : QString();
    }

    TestDevice newDevice(const QString &userId = {})
    {
        return TestDevice{newId(), generateSigningKeyPair(), userId, 0};
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY2(m_server.start(), qPrintable(m_server.error()));
        QVERIFY(m_server.listeningLine().startsWith(u"listening https://127.0.0.1:"_s));
        QCOMPARE(m_server.certificateSha256().size(), 64);

        m_teamId = admin({u"team-add"_s, u"--name"_s, u"Test Team"_s});
        QVERIFY(!m_teamId.isEmpty());
        const QString userA = admin({u"user-add"_s, u"--name"_s, u"Test Visitor"_s, u"--role"_s,
                                     u"health_visitor"_s, u"--team"_s, m_teamId});
        const QString userB = admin({u"user-add"_s, u"--name"_s, u"Test Midwife"_s, u"--role"_s, u"midwife"_s,
                                     u"--team"_s, m_teamId});
        const QString userS = admin({u"user-add"_s, u"--name"_s, u"Test Supervisor"_s, u"--role"_s,
                                     u"supervisor"_s, u"--team"_s, m_teamId});
        QVERIFY(!userA.isEmpty() && !userB.isEmpty() && !userS.isEmpty());
        m_a = newDevice(userA);
        m_b = newDevice(userB);
        m_s = newDevice(userS);

        m_codeA = admin({u"enrolment-code"_s, u"--user"_s, userA});
        QVERIFY(QRegularExpression(u"^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$"_s)
                    .match(m_codeA)
                    .hasMatch());
        const Answer a = enrol(m_codeA, m_a);
        QCOMPARE(a.status, 200);
        m_enrolA = a.json();
        for (TestDevice *device : {&m_b, &m_s}) {
            const QString code = admin({u"enrolment-code"_s, u"--user"_s, device->userId});
            QCOMPARE(enrol(code, *device).status, 200);
        }

        // A's family with a newborn (12 days old) and a parent.
        m_familyA = newId();
        m_newbornA = newId();
        const Answer pushed =
            push(m_a, {familyChange(m_a, m_familyA, m_a.userId),
                       childChange(m_a, m_familyA, m_newbornA, QDate::currentDate().addDays(-12)),
                       memberChange(m_a, m_familyA)});
        QCOMPARE(pushed.status, 200);
        QCOMPARE(pushed.json().value(u"accepted"_s).toArray().size(), 3);
    }

    void cleanupTestCase() { QCOMPARE(m_server.stop(), 0); }

    void health()
    {
        const Answer answer = send("GET", Path::Health, {});
        QCOMPARE(answer.status, 200);
        QCOMPARE(answer.json(), QJsonObject({{u"status"_s, u"ok"_s}}));
    }

    void enrolAnswersWithTheUser()
    {
        const auto decoded = EnrolResponse::fromJson(m_enrolA);
        QVERIFY2(decoded.ok(), decoded.ok() ? "" : qPrintable(decoded.error().message));
        QCOMPARE(decoded.value().deviceId, m_a.id);
        QCOMPARE(decoded.value().userId, m_a.userId);
        QCOMPARE(decoded.value().userName, u"Test Visitor"_s);
        QCOMPARE(decoded.value().role, Role::HealthVisitor);
        QCOMPARE(decoded.value().teamId, m_teamId);
        // The same enrolment sent again (its answer lost) is answered the same.
        QCOMPARE(enrol(m_codeA, m_a).status, 200);
    }

    void usedOrUnknownCodeRefused()
    {
        const Answer used = enrol(m_codeA, newDevice());
        QCOMPARE(used.status, 403);
        QCOMPARE(used.error(), u"code_refused"_s);
        QCOMPARE(used.json().value(u"item"_s).toString(), u"code"_s);
        QCOMPARE(enrol(u"AAAA-BBBB-CCCC-DDDD"_s, newDevice()).status, 403);
    }

    void enrolledDeviceIdRefused()
    {
        const QString code = admin({u"enrolment-code"_s, u"--user"_s, m_b.userId});
        TestDevice clash = newDevice();
        clash.id = m_a.id;
        const Answer answer = enrol(code, clash);
        QCOMPARE(answer.status, 409);
        QCOMPARE(answer.error(), u"already_enrolled"_s);
    }

    void malformedEnrolRefused()
    {
        const Answer answer = send("POST", Path::Enrol, QByteArrayLiteral("{\"code\": 5}"));
        QCOMPARE(answer.status, 400);
        QCOMPARE(answer.json().value(u"item"_s).toString(), u"code"_s);
    }

    void pushedChangesArePulledAndResendsAreHarmless()
    {
        const QString familyId = newId();
        const QList<Change> batch{familyChange(m_a, familyId, m_a.userId), memberChange(m_a, familyId)};
        const Answer first = push(m_a, batch);
        QCOMPARE(first.status, 200);
        const auto accepted = PushResponse::fromJson(first.json());
        QVERIFY(accepted.ok());
        QCOMPARE(accepted.value().accepted, ids(batch));

        const QList<Change> before = pullAll(m_a);
        for (const QString &id : ids(batch))
            QVERIFY(ids(before).contains(id));
        const Change pulled = before.at(ids(before).indexOf(batch.at(1).changeId));
        QCOMPARE(pulled.payload, batch.at(1).payload);
        QCOMPARE(pulled.hlc, batch.at(1).hlc);

        const Answer again = push(m_a, batch);
        QCOMPARE(again.status, 200);
        const auto resent = PushResponse::fromJson(again.json());
        QCOMPARE(resent.value().accepted, ids(batch));
        QVERIFY(resent.value().rejected.isEmpty());
        QCOMPARE(pullAll(m_a).size(), before.size());
        // Small pages reach the same changes.
        QCOMPARE(ids(pullAll(m_a, 1)), ids(before));
    }

    void invalidRecordRejectedOthersAccepted()
    {
        const QList<Change> batch{childChange(m_a, m_familyA, newId(), QDate(2025, 6, 1)),
                                  childChange(m_a, m_familyA, newId(), QDate(2025, 6, 2), u"943 476 5918"_s),
                                  memberChange(m_a, m_familyA)};
        const Answer answer = push(m_a, batch);
        QCOMPARE(answer.status, 200);
        const auto response = PushResponse::fromJson(answer.json());
        QVERIFY(response.ok());
        QCOMPARE(response.value().accepted, (QStringList{batch.at(0).changeId, batch.at(2).changeId}));
        QCOMPARE(response.value().rejected.size(), 1);
        QCOMPARE(response.value().rejected.first().changeId, batch.at(1).changeId);
        QCOMPARE(response.value().rejected.first().code, u"invalid"_s);
        QCOMPARE(response.value().rejected.first().field, u"nhsNumber"_s);
        QVERIFY(!response.value().rejected.first().message.isEmpty());
        const QStringList pulled = ids(pullAll(m_a));
        QVERIFY(pulled.contains(batch.at(0).changeId));
        QVERIFY(!pulled.contains(batch.at(1).changeId));
    }

    void anotherPractitionersFamilyForbidden()
    {
        const Change intrusion = childChange(m_b, m_familyA, newId(), QDate(2025, 1, 1));
        const Answer answer = push(m_b, {intrusion});
        QCOMPARE(answer.status, 200);
        const auto response = PushResponse::fromJson(answer.json());
        QVERIFY(response.value().accepted.isEmpty());
        QCOMPARE(response.value().rejected.size(), 1);
        QCOMPARE(response.value().rejected.first().code, u"forbidden"_s);
        QVERIFY(!ids(pullAll(m_a)).contains(intrusion.changeId));
    }

    void scopes()
    {
        const QString familyB = newId();
        const Change own = familyChange(m_b, familyB, m_b.userId);
        QCOMPARE(push(m_b, {own}).status, 200);

        const QList<Change> visitor = pullAll(m_a);
        const QList<Change> midwife = pullAll(m_b);
        const QList<Change> supervisor = pullAll(m_s);
        QVERIFY(!visitor.isEmpty());
        QCOMPARE(ids(midwife), QStringList{own.changeId});
        for (const Change &c : visitor)
            QVERIFY(ids(supervisor).contains(c.changeId));
        QVERIFY(ids(supervisor).contains(own.changeId));
        QVERIFY(!ids(visitor).contains(own.changeId));
    }

    void pullCarriesSettingsAndRefusesBadCursor()
    {
        const Answer answer = signedSend(m_a, "GET", Path::Pull + u"?since=0"_s);
        QCOMPARE(answer.status, 200);
        const auto page = PullResponse::fromJson(answer.json());
        QVERIFY(page.ok());
        QVERIFY(page.value().settings.has_value());
        QCOMPARE(page.value().settings->newbornAmberFromDay, RuleSettings{}.newbornAmberFromDay);
        const Answer bad = signedSend(m_a, "GET", Path::Pull + u"?since=yesterday"_s);
        QCOMPARE(bad.status, 400);
        QCOMPARE(bad.json().value(u"item"_s).toString(), u"since"_s);
    }

    void flagsForTheCaller()
    {
        const Answer answer = signedSend(m_a, "GET", Path::Flags);
        QCOMPARE(answer.status, 200);
        bool found = false;
        for (const QJsonValue &value : answer.array()) {
            const QJsonObject flag = value.toObject();
            if (flag.value(u"childId"_s).toString() == m_newbornA) {
                QCOMPARE(flag.value(u"kind"_s).toString(), u"newborn_no_face_to_face"_s);
                QCOMPARE(flag.value(u"severity"_s).toString(), u"amber"_s);
                QCOMPARE(flag.value(u"familyId"_s).toString(), m_familyA);
                QVERIFY(!flag.value(u"reason"_s).toString().isEmpty());
                QVERIFY(!flag.value(u"toClear"_s).toString().isEmpty());
                found = true;
            }
        }
        QVERIFY(found);
        // The midwife's caseload does not hold A's newborn.
        for (const QJsonValue &value : signedSend(m_b, "GET", Path::Flags).array())
            QVERIFY(value.toObject().value(u"childId"_s).toString() != m_newbornA);
    }

    void coverageForSupervisors()
    {
        const QDate today = QDate::currentDate();
        const QString query =
            u"?from=%1&to=%2"_s.arg(today.addDays(-30).toString(Qt::ISODate), today.toString(Qt::ISODate));
        const Answer json = signedSend(m_s, "GET", Path::Coverage + query + u"&format=json"_s);
        QCOMPARE(json.status, 200);
        QVERIFY(json.json().value(u"newborns"_s).toInt() >= 1);
        const Answer csv = signedSend(m_s, "GET", Path::Coverage + query + u"&format=csv"_s);
        QCOMPARE(csv.status, 200);
        QVERIFY(csv.contentType.startsWith("text/csv"));
        QVERIFY(csv.body.contains(m_newbornA.toUtf8()));
        QCOMPARE(signedSend(m_a, "GET", Path::Coverage + query).status, 403);
        QCOMPARE(signedSend(m_s, "GET", Path::Coverage + u"?from=soon&to=later"_s).status, 400);
    }

    void badSignatureRefused()
    {
        const QByteArray signedBody = compact(PushRequest{}.toJson());
        const SignedHeaders headers = sign(m_a, "POST", Path::Push, signedBody);
        const Answer answer = send("POST", Path::Push, QByteArrayLiteral("{\"changes\":[ ]}"), &headers);
        QCOMPARE(answer.status, 401);
        QCOMPARE(answer.error(), u"bad_signature"_s);

        TestDevice impostor = m_a;
        impostor.keys = generateSigningKeyPair();
        QCOMPARE(signedSend(impostor, "GET", Path::Flags).status, 401);
        QCOMPARE(send("GET", Path::Flags, {}).status, 401);
    }

    void staleTimestampRefused()
    {
        const SignedHeaders headers = sign(m_a, "GET", Path::Flags, {}, nowMillis() - 6 * 60 * 1000);
        const Answer answer = send("GET", Path::Flags, {}, &headers);
        QCOMPARE(answer.status, 401);
        QCOMPARE(answer.error(), u"stale_timestamp"_s);
        const SignedHeaders future = sign(m_a, "GET", Path::Flags, {}, nowMillis() + 6 * 60 * 1000);
        QCOMPARE(send("GET", Path::Flags, {}, &future).status, 401);
    }

    void replayedNonceRefused()
    {
        const QString path = Path::Pull + u"?since=0&limit=1"_s;
        const SignedHeaders headers = sign(m_a, "GET", path, {});
        QCOMPARE(send("GET", path, {}, &headers).status, 200);
        const Answer replay = send("GET", path, {}, &headers);
        QCOMPARE(replay.status, 401);
        QCOMPARE(replay.error(), u"replayed_nonce"_s);
    }

    void unknownDeviceRefused()
    {
        const Answer answer = signedSend(newDevice(), "GET", Path::Flags);
        QCOMPARE(answer.status, 401);
        QCOMPARE(answer.error(), u"unknown_device"_s);
    }

    void revokedDeviceRefused()
    {
        TestDevice device = newDevice(m_b.userId);
        QCOMPARE(enrol(admin({u"enrolment-code"_s, u"--user"_s, m_b.userId}), device).status, 200);
        QCOMPARE(signedSend(device, "GET", Path::Flags).status, 200);
        QVERIFY(!admin({u"revoke"_s, u"--device"_s, device.id}).isEmpty());
        const Answer answer = signedSend(device, "GET", Path::Flags);
        QCOMPARE(answer.status, 403);
        QCOMPARE(answer.error(), u"revoked"_s);
        QCOMPARE(push(device, {memberChange(device, newId())}).status, 403);

        const QStringList listing = admin({u"devices"_s}).split(u'\n');
        bool listed = false;
        for (const QString &line : listing) {
            const QStringList columns = line.split(u'\t');
            if (columns.value(0) == device.id) {
                QCOMPARE(columns.value(1), m_b.userId);
                QVERIFY(columns.value(4) != u"-"_s); // revoked at
                listed = true;
            }
        }
        QVERIFY(listed);
    }

    void oversizedBodyRefused()
    {
        const QByteArray body(maxRequestBytes + 1, ' ');
        const Answer answer = signedSend(m_a, "POST", Path::Push, body);
        QCOMPARE(answer.status, 413);
        QCOMPARE(answer.error(), u"too_large"_s);
    }

    void malformedJsonRefused()
    {
        const Answer broken = signedSend(m_a, "POST", Path::Push, QByteArrayLiteral("{\"changes\": ["));
        QCOMPARE(broken.status, 400);
        QCOMPARE(broken.error(), u"malformed"_s);
        QVERIFY(broken.json().value(u"message"_s).toString().contains(u"JSON"_s));

        QJsonObject bad = memberChange(m_a, m_familyA).toJson();
        bad.insert(u"extra"_s, true);
        const Answer unknownKey =
            signedSend(m_a, "POST", Path::Push, compact(QJsonObject{{u"changes"_s, QJsonArray{bad}}}));
        QCOMPARE(unknownKey.status, 400);
        QCOMPARE(unknownKey.json().value(u"item"_s).toString(), u"changes[0].extra"_s);
    }

    void demoRecordsArePulledByDevices()
    {
        const doorstep::test::CommandResult run = m_server.admin({u"demo"_s});
        QCOMPARE(run.exitCode, 0);
        const QJsonObject demo = QJsonDocument::fromJson(run.out).object();
        const QJsonObject visitor = demo.value(u"users"_s).toArray().first().toObject();
        QCOMPARE(visitor.value(u"role"_s).toString(), u"health_visitor"_s);
        TestDevice device = newDevice(visitor.value(u"id"_s).toString());
        QCOMPARE(enrol(visitor.value(u"enrolmentCode"_s).toString(), device).status, 200);
        const QList<Change> pulled = pullAll(device);
        QVERIFY(pulled.size() >= 10);
        bool newborn = false;
        for (const Change &c : pulled) {
            QCOMPARE(c.deviceId, u"server"_s);
            QVERIFY(HlcTimestamp::decode(c.hlc).ok());
            newborn = newborn || c.entityId == demo.value(u"newbornChildId"_s).toString();
        }
        QVERIFY(newborn);
        // The demo team is not the test team: the test supervisor does not see it.
        QVERIFY(!ids(pullAll(m_s)).contains(pulled.first().changeId));
    }
};

QTEST_GUILESS_MAIN(TestServerApi)
#include "tst_serverapi.moc"
