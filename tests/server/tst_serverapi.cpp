// The HTTP API end to end: the real doorstep-server on loopback over HTTPS (its self-signed
// certificate accepted only when it matches the printed fingerprint), signed requests made
// here with the protocol library, admin commands run against the same data directory.
#include "tests/support/apiclient.h"
#include "tests/support/serverprocess.h"

#include "core/change.h"
#include "core/hlc.h"
#include "core/recordcodec.h"
#include "sync/protocol/messages.h"
#include "sync/protocol/signing.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>
#include <QTimeZone>
#include <QUuid>

using namespace Qt::StringLiterals;
using doorstep::test::ServerProcess;
using namespace doorstep;
using namespace doorstep::protocol;

namespace {

using doorstep::test::Answer;
using doorstep::test::TestDevice;

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
    doorstep::test::ApiClient m_api;
    QString m_teamId;
    TestDevice m_a; // health visitor
    TestDevice m_b; // midwife, same team
    TestDevice m_s; // supervisor of the team
    QString m_codeA;
    QJsonObject m_enrolA;
    QString m_familyA;
    QString m_newbornA;

    // Through the shared test client (tests/support/apiclient.h), signed when `headers` are given.
    Answer send(const QByteArray &method, const QString &pathAndQuery, const QByteArray &body,
                const SignedHeaders *headers = nullptr)
    {
        const doorstep::test::Endpoint endpoint{m_server.baseUrl(), m_server.certificateSha256()};
        return headers ? m_api.sendSigned(endpoint, method, pathAndQuery, body, *headers)
                       : m_api.send(endpoint, method, pathAndQuery, body);
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

    // New visits are read straight from the body's text (protocol::readPushBody): a refused one is
    // named by its field as any refused record is, and the others in the push are kept.
    void invalidVisitRejectedOthersAccepted()
    {
        const QString childId = newId();
        QCOMPARE(push(m_a, {childChange(m_a, m_familyA, childId, QDate(2026, 1, 5))}).status, 200);
        const auto visitChange = [&](const QJsonObject &payload) {
            return change(m_a, Entity::Visit, payload.value(u"id"_s).toString(), m_familyA, payload);
        };
        Visit visit;
        visit.id = newId();
        visit.familyId = m_familyA;
        visit.practitionerId = m_a.userId;
        visit.occurredAt = QDateTime(QDate(2026, 1, 20), QTime(10, 0), QTimeZone::utc());
        visit.children = {VisitChild{childId, true, false}};
        visit.observations = u"Synthetic note: Zo\u00eb settled \"well\"\n"_s;
        const Change good = visitChange(toJson(visit));
        visit.id = newId();
        QJsonObject badOutcome = toJson(visit);
        badOutcome.insert(u"outcome"_s, u"vanished"_s);
        const Change refused = visitChange(badOutcome);
        visit.id = newId();
        const Change mismatched = change(m_a, Entity::Visit, newId(), m_familyA, toJson(visit));

        const Answer answer = push(m_a, {good, refused, mismatched});
        QCOMPARE(answer.status, 200);
        const auto response = PushResponse::fromJson(answer.json());
        QVERIFY(response.ok());
        QCOMPARE(response.value().accepted, QStringList{good.changeId});
        QCOMPARE(response.value().rejected.size(), 2);
        const Rejection &outcome = response.value().rejected.at(0);
        QCOMPARE(outcome.changeId, refused.changeId);
        QCOMPARE(outcome.code, u"invalid"_s);
        QCOMPARE(outcome.field, u"outcome"_s);
        QVERIFY(outcome.message.contains(u"vanished"_s));
        QCOMPARE(response.value().rejected.at(1).changeId, mismatched.changeId);
        QCOMPARE(response.value().rejected.at(1).field, u"entityId"_s);
        // Stored as sent: the note comes back whole.
        for (const Change &pulled : pullAll(m_a)) {
            QVERIFY(pulled.changeId != refused.changeId && pulled.changeId != mismatched.changeId);
            if (pulled.changeId == good.changeId)
                QCOMPARE(pulled.payload, good.payload);
        }
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

    // Flags and coverage each wait for one of at most 16 turns to hold a caseload
    // (HttpApi::caseloadTurn): more requests than turns, one after another, are all answered
    // only if each hands its turn back.
    void caseloadTurnsAreHandedBack()
    {
        const qsizetype flags = signedSend(m_a, "GET", Path::Flags).array().size();
        QVERIFY(flags > 0);
        for (int i = 0; i < 20; ++i) {
            const Answer answer = signedSend(m_a, "GET", Path::Flags);
            QCOMPARE(answer.status, 200);
            QCOMPARE(answer.array().size(), flags);
        }
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

    void coverageTellsNotSyncedFromNotVisited()
    {
        // The midwife's device syncs saying four changes still wait on it; a new social worker
        // has never synced.
        const QString newcomer = admin({u"user-add"_s, u"--name"_s, u"Test Social Worker"_s, u"--role"_s,
                                        u"social_worker"_s, u"--team"_s, m_teamId});
        QVERIFY(!newcomer.isEmpty());
        QCOMPARE(signedSend(m_b, "GET", Path::Pull + u"?since=0&pending=4"_s).status, 200);
        const QDate today = QDate::currentDate();
        const QString query =
            u"?from=%1&to=%2"_s.arg(today.addDays(-30).toString(Qt::ISODate), today.toString(Qt::ISODate));
        const Answer json = signedSend(m_s, "GET", Path::Coverage + query);
        QCOMPARE(json.status, 200);
        QHash<QString, QJsonObject> byPractitioner;
        for (const QJsonValue &entry : json.json().value(u"freshness"_s).toArray())
            byPractitioner.insert(entry[u"practitionerId"_s].toString(), entry.toObject());
        QVERIFY(!byPractitioner.contains(m_s.userId)); // supervisors hold no caseload
        const QJsonObject midwife = byPractitioner.value(m_b.userId);
        QCOMPARE(midwife.value(u"unsynced"_s).toInt(), 4);
        QCOMPARE(midwife.value(u"devices"_s).toInt(), 1);
        QVERIFY(QDateTime::fromString(midwife.value(u"lastSyncedAt"_s).toString(), Qt::ISODate).isValid());
        const QJsonObject never = byPractitioner.value(newcomer);
        QVERIFY(never.contains(u"lastSyncedAt"_s));
        QVERIFY(never.value(u"lastSyncedAt"_s).isNull());
        QCOMPARE(never.value(u"devices"_s).toInt(), 0);

        const Answer csv = signedSend(m_s, "GET", Path::Coverage + query + u"&format=csv"_s);
        QVERIFY(
            csv.body.contains("section,freshness\r\npractitioner_id,devices,last_synced_at,unsynced\r\n"));
        QVERIFY(csv.body.contains(m_b.userId.toUtf8() + ",1,"));
        QCOMPARE(signedSend(m_b, "GET", Path::Pull + u"?since=0&pending=some"_s)
                     .json()
                     .value(u"item"_s)
                     .toString(),
                 u"pending"_s);
    }

    void invalidBatchAppliesNothing()
    {
        // A good change, then one whose deviceSeq has the wrong type: the whole push is refused,
        // naming the item, and the good change is not applied either.
        const Change good = memberChange(m_a, m_familyA);
        QJsonObject wrongType = memberChange(m_a, m_familyA).toJson();
        wrongType.insert(u"deviceSeq"_s, u"7"_s);
        const Answer refused =
            signedSend(m_a, "POST", Path::Push,
                       compact(QJsonObject{{u"changes"_s, QJsonArray{good.toJson(), wrongType}}}));
        QCOMPARE(refused.status, 400);
        QCOMPARE(refused.error(), u"malformed"_s);
        QCOMPARE(refused.json().value(u"item"_s).toString(), u"changes[1].deviceSeq"_s);
        QVERIFY(!refused.json().value(u"message"_s).toString().isEmpty());

        // "fields" on an append-only record, and a base that is not a clock time.
        QJsonObject onVisit = good.toJson();
        onVisit.insert(u"entity"_s, Entity::Visit);
        onVisit.insert(u"fields"_s, QJsonObject{});
        QCOMPARE(
            signedSend(m_a, "POST", Path::Push, compact(QJsonObject{{u"changes"_s, QJsonArray{onVisit}}}))
                .json()
                .value(u"item"_s)
                .toString(),
            u"changes[0].fields"_s);
        QJsonObject badBase = good.toJson();
        badBase.insert(u"fields"_s, QJsonObject{{u"name"_s, 5}});
        QCOMPARE(
            signedSend(m_a, "POST", Path::Push, compact(QJsonObject{{u"changes"_s, QJsonArray{badBase}}}))
                .json()
                .value(u"item"_s)
                .toString(),
            u"changes[0].fields.name"_s);

        const auto page = PullResponse::fromJson(signedSend(m_a, "GET", Path::Pull + u"?since=0"_s).json());
        QVERIFY(page.ok());
        for (const Change &pulled : page.value().changes)
            QVERIFY(pulled.changeId != good.changeId);
        // The device numbers stay usable: the good change goes through on its own.
        m_a.seq -= 1; // the refused wrongType change's number was never answered
        QCOMPARE(push(m_a, {good}).json().value(u"accepted"_s).toArray().size(), 1);
    }

    void unknownQueryParameterRefused()
    {
        const Answer pull = signedSend(m_a, "GET", Path::Pull + u"?since=0&colour=blue"_s);
        QCOMPARE(pull.status, 400);
        QCOMPARE(pull.json().value(u"item"_s).toString(), u"colour"_s);
        QCOMPARE(
            signedSend(m_a, "GET", Path::Flags + u"?today=2026-01-01"_s).json().value(u"item"_s).toString(),
            u"today"_s);
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

        // A family's history is a pull too (its nonce is kept in the same transaction).
        const QString family = Path::Pull + u"?since=0&family=%1"_s.arg(newId());
        const SignedHeaders familyHeaders = sign(m_a, "GET", family, {});
        QCOMPARE(send("GET", family, {}, &familyHeaders).status, 200);
        QCOMPARE(send("GET", family, {}, &familyHeaders).error(), u"replayed_nonce"_s);
    }

    // A push remembers its nonce in the push's own transaction: once that committed, the same
    // request is refused and adds nothing, also when every change in it was rejected; and the
    // device is noted as seen.
    void replayedPushRefused()
    {
        TestDevice device = newDevice(m_a.userId);
        QCOMPARE(enrol(admin({u"enrolment-code"_s, u"--user"_s, m_a.userId}), device).status, 200);
        const QString familyId = newId();
        const QByteArray body = compact(PushRequest{{familyChange(device, familyId, m_a.userId)}}.toJson());
        const SignedHeaders headers = sign(device, "POST", Path::Push, body);
        QCOMPARE(send("POST", Path::Push, body, &headers).status, 200);
        const qsizetype pulled = pullAll(m_a).size();
        const Answer replay = send("POST", Path::Push, body, &headers);
        QCOMPARE(replay.status, 401);
        QCOMPARE(replay.error(), u"replayed_nonce"_s);
        QCOMPARE(pullAll(m_a).size(), pulled);

        Change gap = memberChange(device, familyId);
        gap.deviceSeq += 5;
        const QByteArray gapBody = compact(PushRequest{{gap}}.toJson());
        const SignedHeaders gapHeaders = sign(device, "POST", Path::Push, gapBody);
        const Answer refused = send("POST", Path::Push, gapBody, &gapHeaders);
        QCOMPARE(refused.status, 200);
        const auto answered = PushResponse::fromJson(refused.json());
        QVERIFY(answered.ok());
        QVERIFY(answered.value().accepted.isEmpty());
        QCOMPARE(answered.value().rejected.size(), 1);
        QCOMPARE(send("POST", Path::Push, gapBody, &gapHeaders).error(), u"replayed_nonce"_s);

        bool listed = false;
        for (const QString &line : admin({u"devices"_s}).split(u'\n')) {
            const QStringList columns = line.split(u'\t');
            if (columns.value(0) == device.id) {
                QVERIFY(columns.value(3) != u"-"_s); // last seen
                listed = true;
            }
        }
        QVERIFY(listed);
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
        QCOMPARE(signedSend(device, "GET", Path::Pull).error(), u"revoked"_s);
        // What it made since is not taken: the push is refused whole.
        QCOMPARE(push(device, {memberChange(device, newId())}).error(), u"revoked"_s);

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
