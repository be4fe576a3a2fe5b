// A catalogue of hostile requests against the real doorstep-server on loopback (TLS, pinned):
// malformed and deeply nested JSON, wrong types, huge strings and bodies, invalid UTF-8, SQL
// metacharacters, bad and missing signatures, replayed nonces, stale timestamps, another user's
// device id, a revoked device. Each row expects one status and error code (or, for a change the
// protocol answers per change, one rejection code) and no change in the server's state: the
// change log as both teams' supervisors pull it and the device list are the same before and after.
// Requests that would be accepted if a check were missing carry a valid change, so a missing
// check shows as a changed state, not only as a wrong status.
#include "tests/support/apiclient.h"
#include "tests/support/serverprocess.h"

#include "core/domain.h"
#include "core/hlc.h"
#include "core/recordcodec.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QStandardPaths>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace doorstep;
using namespace doorstep::test;

namespace {

// How a row's request is authenticated.
enum class Auth {
    None,             // unsigned
    Valid,            // signed by the health visitor's device
    MissingDevice,    // one signature header left out
    MissingTimestamp, //
    MissingNonce,     //
    MissingSignature, //
    WrongBody,        // a valid signature over another body
    GarbageSignature, // not base64, not 64 bytes
    OtherUsersDevice, // another user's device id, signed with this device's key
    SqlDevice,        // a device id made of SQL metacharacters
    InvalidUtf8Device,
    TextTimestamp, // a timestamp that is not a number (signed as 0)
    StalePast,     // six minutes behind the server
    StaleFuture,   // six minutes ahead
    Replay,        // the same signed request sent before, and answered
    Revoked,       // a device an administrator revoked
    Administrator, // an administrator's device (no caseload)
    Supervisor,    // the team's supervisor
};

QByteArray compact(const QJsonObject &json)
{
    return QJsonDocument(json).toJson(QJsonDocument::Compact);
}

QByteArray pushBody(const QList<QJsonObject> &changes)
{
    QJsonArray array;
    for (const QJsonObject &c : changes)
        array.append(c);
    return compact(QJsonObject{{u"changes"_s, array}});
}

} // namespace

Q_DECLARE_METATYPE(Auth)

class TestHostileRequests : public QObject
{
    Q_OBJECT

private:
    ServerProcess m_server;
    Endpoint m_endpoint;
    ApiClient m_api;
    QString m_team;
    QString m_otherTeam;
    TestDevice m_a;       // health visitor, team 1
    TestDevice m_b;       // midwife, team 1
    TestDevice m_s;       // supervisor, team 1
    TestDevice m_s2;      // supervisor, team 2
    TestDevice m_revoked; // the health visitor's second device, revoked
    TestDevice m_admin;   // administrator
    QString m_familyA;
    QString m_familyB;

    QString admin(const QStringList &arguments) const
    {
        const CommandResult run = m_server.admin(arguments);
        if (run.exitCode != 0)
            qWarning() << "admin" << arguments.first() << "failed:" << run.err;
        return run.exitCode == 0 ? QString::fromUtf8(run.out).trimmed() : QString();
    }

    QString addUser(const QString &role, const QString &team) const
    {
        return admin({u"user-add"_s, u"--name"_s, u"Test User"_s, u"--role"_s, role, u"--team"_s, team});
    }

    bool enrolled(TestDevice &device, const QString &userId)
    {
        device = newTestDevice(userId);
        const QString code = admin({u"enrolment-code"_s, u"--user"_s, userId});
        return !code.isEmpty() && m_api.enrol(m_endpoint, code, device).status == 200;
    }

    // A valid change by the health visitor that the server would accept: a new member of their
    // family, numbered 1 (at or below what the server has had from the device, so never a gap,
    // and never advancing the device's sequence when it is refused).
    QJsonObject acceptableChange() const
    {
        TestDevice copy = m_a;
        copy.seq = 0;
        return makeMemberChange(copy, m_familyA).toJson();
    }

    QJsonObject memberPayload(const QString &name) const
    {
        FamilyMember m;
        m.id = newTestId();
        m.familyId = m_familyA;
        m.name = name;
        m.relationship = u"mother"_s;
        return toJson(m);
    }

    // The health visitor's change with `edit` applied to its JSON.
    QJsonObject editedChange(const std::function<void(QJsonObject &)> &edit) const
    {
        QJsonObject change = acceptableChange();
        edit(change);
        return change;
    }

    // What the server holds that a hostile request must not change: both teams' change logs as
    // their supervisors pull them, and every device (without "last seen", which a refused request
    // from an enrolled device may update).
    QByteArray state()
    {
        QByteArray snapshot;
        for (const TestDevice *supervisor : {&m_s, &m_s2}) {
            const Answer page = ApiClient::wait(m_api.startPull(m_endpoint, *supervisor, u"0"_s, 2000));
            snapshot += QByteArray::number(page.status) + ' ' + page.body + '\n';
        }
        for (const QString &line : admin({u"devices"_s}).split(u'\n')) {
            QStringList columns = line.split(u'\t');
            if (columns.size() == 5)
                columns.removeAt(3);
            snapshot += columns.join(u'\t').toUtf8() + '\n';
        }
        return snapshot;
    }

    protocol::SignedHeaders headersFor(Auth auth, const QByteArray &method, const QString &path,
                                       const QByteArray &body) const
    {
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        const auto sign = [&](const TestDevice &device, const QByteArray &signedBody, qint64 at = 0) {
            return protocol::signRequest(device.keys.secretKey, method, path.toUtf8(), signedBody, device.id,
                                         at ? at : now);
        };
        protocol::SignedHeaders h = sign(m_a, body);
        switch (auth) {
        case Auth::None:
        case Auth::Valid:
        case Auth::Replay:
            break;
        case Auth::MissingDevice:
            h.deviceId.clear();
            break;
        case Auth::MissingTimestamp:
            h.timestamp.clear();
            break;
        case Auth::MissingNonce:
            h.nonce.clear();
            break;
        case Auth::MissingSignature:
            h.signature.clear();
            break;
        case Auth::WrongBody:
            h = sign(m_a, body + ' ');
            break;
        case Auth::GarbageSignature:
            h.signature = QByteArrayLiteral("!!not-base64!!");
            break;
        case Auth::OtherUsersDevice:
            h = protocol::signRequest(m_a.keys.secretKey, method, path.toUtf8(), body, m_b.id, now);
            break;
        case Auth::SqlDevice:
            h = protocol::signRequest(m_a.keys.secretKey, method, path.toUtf8(), body, u"x' OR '1'='1"_s,
                                      now);
            break;
        case Auth::InvalidUtf8Device:
            h.deviceId = QByteArrayLiteral("\xff\xfe\xc0\xaf");
            break;
        case Auth::TextTimestamp:
            h = protocol::signRequest(m_a.keys.secretKey, method, path.toUtf8(), body, m_a.id, 0);
            h.timestamp = QByteArrayLiteral("12abc");
            break;
        case Auth::StalePast:
            h = sign(m_a, body, now - 6 * 60 * 1000);
            break;
        case Auth::StaleFuture:
            h = sign(m_a, body, now + 6 * 60 * 1000);
            break;
        case Auth::Revoked:
            h = sign(m_revoked, body);
            break;
        case Auth::Administrator:
            h = sign(m_admin, body);
            break;
        case Auth::Supervisor:
            h = sign(m_s, body);
            break;
        }
        return h;
    }

    void addRow(const char *name, const QByteArray &method, const QString &path, const QByteArray &body,
                Auth auth, int status, const QString &error, const QString &item = {},
                const QString &rejected = {})
    {
        QTest::newRow(name) << method << path << body << auth << status << error << item << rejected;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY2(m_server.start(), qPrintable(m_server.error()));
        m_endpoint = Endpoint{m_server.baseUrl(), m_server.certificateSha256()};
        m_team = admin({u"team-add"_s, u"--name"_s, u"Test Team One"_s});
        m_otherTeam = admin({u"team-add"_s, u"--name"_s, u"Test Team Two"_s});
        QVERIFY(!m_team.isEmpty() && !m_otherTeam.isEmpty());
        const QString visitor = addUser(u"health_visitor"_s, m_team);
        QVERIFY(enrolled(m_a, visitor));
        QVERIFY(enrolled(m_b, addUser(u"midwife"_s, m_team)));
        QVERIFY(enrolled(m_s, addUser(u"supervisor"_s, m_team)));
        QVERIFY(enrolled(m_s2, addUser(u"supervisor"_s, m_otherTeam)));
        QVERIFY(enrolled(m_admin, addUser(u"administrator"_s, m_team)));
        QVERIFY(enrolled(m_revoked, visitor));
        QVERIFY(!admin({u"revoke"_s, u"--device"_s, m_revoked.id}).isEmpty());

        m_familyA = newTestId();
        m_familyB = newTestId();
        const QList<Change> ofA{makeFamilyChange(m_a, m_familyA, m_team), makeMemberChange(m_a, m_familyA)};
        Answer pushed = ApiClient::wait(m_api.startPush(m_endpoint, m_a, ofA));
        QCOMPARE(pushed.status, 200);
        QCOMPARE(pushed.json().value(u"accepted"_s).toArray().size(), 2);
        pushed =
            ApiClient::wait(m_api.startPush(m_endpoint, m_b, {makeFamilyChange(m_b, m_familyB, m_team)}));
        QCOMPARE(pushed.status, 200);
        QCOMPARE(pushed.json().value(u"accepted"_s).toArray().size(), 1);
    }

    void cleanupTestCase() { QCOMPARE(m_server.stop(), 0); }

    void refusedWithoutChange_data()
    {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<Auth>("auth");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("error");
        QTest::addColumn<QString>("item");     // checked when not empty
        QTest::addColumn<QString>("rejected"); // a 200 whose one change is rejected with this code

        const QString push = protocol::Path::Push;
        const QString pull = protocol::Path::Pull;
        const QString enrol = protocol::Path::Enrol;
        const QByteArray good = pushBody({acceptableChange()});
        const auto withChange = [this](const std::function<void(QJsonObject &)> &edit) {
            return pushBody({editedChange(edit)});
        };

        // Malformed JSON and wrong shapes: the whole push is refused.
        addRow("not json", "POST", push, "{\"changes\": [", Auth::Valid, 400, u"malformed"_s, u"body"_s);
        addRow("empty body", "POST", push, {}, Auth::Valid, 400, u"malformed"_s, u"body"_s);
        addRow("array body", "POST", push, "[]", Auth::Valid, 400, u"malformed"_s, u"body"_s);
        addRow("string body", "POST", push, "\"changes\"", Auth::Valid, 400, u"malformed"_s, u"body"_s);
        addRow("trailing garbage", "POST", push, good + "}}", Auth::Valid, 400, u"malformed"_s, u"body"_s);
        addRow("nul byte", "POST", push, QByteArray("{\"changes\":[]\0}", 15), Auth::Valid, 400,
               u"malformed"_s, u"body"_s);
        addRow("nested 100000 deep", "POST", push, QByteArray(100'000, '['), Auth::Valid, 400, u"malformed"_s,
               u"body"_s);
        {
            QByteArray deep = QByteArray(5000, '[') + QByteArray(5000, ']');
            addRow("balanced nesting 5000 deep", "POST", push, "{\"changes\":" + deep + "}", Auth::Valid, 400,
                   u"malformed"_s, u"body"_s);
        }
        addRow("unknown top-level key", "POST", push, "{\"changes\":[],\"admin\":true}", Auth::Valid, 400,
               u"malformed"_s, u"admin"_s);
        addRow("changes missing", "POST", push, "{}", Auth::Valid, 400, u"malformed"_s, u"changes"_s);
        addRow("changes an object", "POST", push, "{\"changes\":{}}", Auth::Valid, 400, u"malformed"_s,
               u"changes"_s);
        addRow("changes null", "POST", push, "{\"changes\":null}", Auth::Valid, 400, u"malformed"_s,
               u"changes"_s);
        addRow("change a number", "POST", push, "{\"changes\":[1]}", Auth::Valid, 400, u"malformed"_s,
               u"changes[0]"_s);
        addRow("deviceSeq a string", "POST", push,
               withChange([](QJsonObject &c) { c.insert(u"deviceSeq"_s, u"1"_s); }), Auth::Valid, 400,
               u"malformed"_s, u"changes[0].deviceSeq"_s);
        addRow("changeId a number", "POST", push,
               withChange([](QJsonObject &c) { c.insert(u"changeId"_s, 7); }), Auth::Valid, 400,
               u"malformed"_s, u"changes[0].changeId"_s);
        addRow("payload an array", "POST", push, withChange([](QJsonObject &c) {
                   c.insert(u"payload"_s, QJsonArray{1, 2});
               }),
               Auth::Valid, 400, u"malformed"_s, u"changes[0].payload"_s);
        addRow("unknown key in a change", "POST", push,
               withChange([](QJsonObject &c) { c.insert(u"serverSeq"_s, 1); }), Auth::Valid, 400,
               u"malformed"_s, u"changes[0].serverSeq"_s);
        addRow("unknown entity", "POST", push,
               withChange([](QJsonObject &c) { c.insert(u"entity"_s, u"user"_s); }), Auth::Valid, 400,
               u"malformed"_s, u"changes[0].entity"_s);
        {
            QList<QJsonObject> many;
            for (int i = 0; i < protocol::maxChangesPerPush + 1; ++i)
                many.append(acceptableChange());
            addRow("501 changes", "POST", push, pushBody(many), Auth::Valid, 400, u"too_many"_s);
        }

        // Invalid UTF-8 in the body.
        {
            QByteArray bad = good;
            bad.replace("Test Parent One", "Test \xff\xfe Parent");
            addRow("invalid utf-8 in a string", "POST", push, bad, Auth::Valid, 400, u"malformed"_s,
                   u"body"_s);
            QByteArray overlong = good;
            overlong.replace("Test Parent One", "Test \xc0\xaf Parent");
            addRow("overlong utf-8", "POST", push, overlong, Auth::Valid, 400, u"malformed"_s, u"body"_s);
        }

        // Huge bodies and strings.
        addRow("body over 8 MiB", "POST", push, QByteArray(protocol::maxRequestBytes + 1, ' '), Auth::Valid,
               413, u"too_large"_s);
        addRow("unsigned body over 8 MiB", "POST", enrol, QByteArray(protocol::maxRequestBytes + 1, ' '),
               Auth::None, 413, u"too_large"_s);

        // Changes the protocol answers one by one (200), each rejected and nothing stored.
        addRow("payload nested 900 deep", "POST", push, withChange([](QJsonObject &c) {
                   QByteArray deep = QByteArray(900, '[') + QByteArray(900, ']');
                   QJsonObject payload = c.value(u"payload"_s).toObject();
                   payload.insert(u"nested"_s, QJsonDocument::fromJson("{\"n\":" + deep + "}").object());
                   c.insert(u"payload"_s, payload);
               }),
               Auth::Valid, 200, {}, {}, u"invalid"_s);
        addRow("payload id not the entity id", "POST", push,
               withChange([](QJsonObject &c) { c.insert(u"entityId"_s, newTestId()); }), Auth::Valid, 200, {},
               {}, u"invalid"_s);
        addRow("change made by another user's device", "POST", push,
               withChange([this](QJsonObject &c) { c.insert(u"deviceId"_s, m_b.id); }), Auth::Valid, 200, {},
               {}, u"invalid"_s);
        addRow("member of another practitioner's family", "POST", push, withChange([this](QJsonObject &c) {
                   QJsonObject payload = c.value(u"payload"_s).toObject();
                   payload.insert(u"familyId"_s, m_familyB);
                   c.insert(u"payload"_s, payload);
                   c.insert(u"familyId"_s, m_familyB);
               }),
               Auth::Valid, 200, {}, {}, u"forbidden"_s);
        addRow(
            "family moved to another team", "POST", push,
            [this] {
                TestDevice copy = m_a;
                copy.seq = 0;
                return pushBody({makeFamilyChange(copy, m_familyA, m_otherTeam).toJson()});
            }(),
            Auth::Valid, 200, {}, {}, u"forbidden"_s);
        addRow("sql in the family id", "POST", push, withChange([](QJsonObject &c) {
                   const QString sql = u"' OR '1'='1'; DROP TABLE changes; --"_s;
                   QJsonObject payload = c.value(u"payload"_s).toObject();
                   payload.insert(u"familyId"_s, sql);
                   c.insert(u"payload"_s, payload);
                   c.insert(u"familyId"_s, sql);
               }),
               Auth::Valid, 200, {}, {}, u"invalid"_s);

        // Query parameters.
        addRow("since negative", "GET", pull + u"?since=-1"_s, {}, Auth::Valid, 400, u"malformed"_s,
               u"since"_s);
        addRow("since with sql", "GET", pull + u"?since=0%3BDROP%20TABLE%20changes"_s, {}, Auth::Valid, 400,
               u"malformed"_s, u"since"_s);
        addRow("since overflows", "GET", pull + u"?since=99999999999999999999999"_s, {}, Auth::Valid, 400,
               u"malformed"_s, u"since"_s);
        addRow("limit zero", "GET", pull + u"?limit=0"_s, {}, Auth::Valid, 400, u"malformed"_s, u"limit"_s);
        addRow("limit with sql", "GET", pull + u"?limit=1%20OR%201%3D1"_s, {}, Auth::Valid, 400,
               u"malformed"_s, u"limit"_s);
        addRow("coverage date with sql", "GET",
               protocol::Path::Coverage + u"?from=%27%20OR%20%271%27%3D%271&to=2026-02-01"_s, {},
               Auth::Supervisor, 400, u"malformed"_s, u"from"_s);
        addRow("coverage date with text after it", "GET",
               protocol::Path::Coverage + u"?from=2026-01-01%27%20OR%20%271%27%3D%271&to=2026-02-01"_s, {},
               Auth::Supervisor, 400, u"malformed"_s, u"from"_s);
        addRow("coverage format not json or csv", "GET",
               protocol::Path::Coverage + u"?from=2026-01-01&to=2026-02-01&format=..%2F..%2Fetc%2Fpasswd"_s,
               {}, Auth::Supervisor, 400, u"malformed"_s, u"format"_s);

        // Signatures.
        addRow("unsigned push", "POST", push, good, Auth::None, 401, u"unauthenticated"_s);
        addRow("no device header", "POST", push, good, Auth::MissingDevice, 401, u"unauthenticated"_s);
        addRow("no timestamp header", "POST", push, good, Auth::MissingTimestamp, 401, u"unauthenticated"_s);
        addRow("no nonce header", "POST", push, good, Auth::MissingNonce, 401, u"unauthenticated"_s);
        addRow("no signature header", "POST", push, good, Auth::MissingSignature, 401, u"unauthenticated"_s);
        addRow("signature of another body", "POST", push, good, Auth::WrongBody, 401, u"bad_signature"_s);
        addRow("garbage signature", "POST", push, good, Auth::GarbageSignature, 401, u"bad_signature"_s);
        addRow("timestamp not a number", "POST", push, good, Auth::TextTimestamp, 401, u"bad_signature"_s);
        addRow("another user's device id", "POST", push, good, Auth::OtherUsersDevice, 401,
               u"bad_signature"_s);
        addRow("sql as device id", "POST", push, good, Auth::SqlDevice, 401, u"unknown_device"_s);
        addRow("invalid utf-8 device id", "POST", push, good, Auth::InvalidUtf8Device, 401,
               u"unknown_device"_s);
        addRow("timestamp six minutes old", "POST", push, good, Auth::StalePast, 401, u"stale_timestamp"_s);
        addRow("timestamp six minutes ahead", "POST", push, good, Auth::StaleFuture, 401,
               u"stale_timestamp"_s);
        addRow("revoked device", "POST", push, good, Auth::Revoked, 403, u"revoked"_s);
        {
            // Sent once and accepted before the state is taken; the replay must add nothing.
            const QByteArray once = pushBody({makeMemberChange(m_a, m_familyA).toJson()});
            addRow("replayed push", "POST", push, once, Auth::Replay, 401, u"replayed_nonce"_s);
        }
        addRow("replayed pull", "GET", pull + u"?since=0"_s, {}, Auth::Replay, 401, u"replayed_nonce"_s);

        // Roles.
        addRow("administrator pulls", "GET", pull, {}, Auth::Administrator, 403, u"forbidden"_s);
        addRow(
            "administrator pushes", "POST", push,
            [this] {
                TestDevice copy = m_admin;
                copy.seq = 0;
                return pushBody({makeMemberChange(copy, m_familyA).toJson()});
            }(),
            Auth::Administrator, 200, {}, {}, u"forbidden"_s);
        addRow("practitioner asks for coverage", "GET",
               protocol::Path::Coverage + u"?from=2026-01-01&to=2026-02-01"_s, {}, Auth::Valid, 403,
               u"forbidden"_s);

        // Paths.
        addRow("unknown path", "GET", u"/v1/users"_s, {}, Auth::Valid, 404, u"not_found"_s);
        addRow("push by GET", "GET", push, {}, Auth::Valid, 404, u"not_found"_s);
        addRow("invalid utf-8 in the path", "GET", u"/v1/pull%FF%FE"_s, {}, Auth::Valid, 404, u"not_found"_s);

        // Enrolment (unsigned).
        const auto enrolBody = [](const QJsonValue &code, const QJsonValue &deviceId, const QJsonValue &key) {
            return compact(
                QJsonObject{{u"code"_s, code}, {u"deviceId"_s, deviceId}, {u"devicePublicKey"_s, key}});
        };
        const QString key = QString::fromLatin1(protocol::generateSigningKeyPair().publicKey.toBase64());
        addRow("enrol not json", "POST", enrol, "code=ABCD", Auth::None, 400, u"malformed"_s, u"body"_s);
        addRow("enrol code a number", "POST", enrol, enrolBody(1234, newTestId(), key), Auth::None, 400,
               u"malformed"_s, u"code"_s);
        addRow("enrol without device id", "POST", enrol,
               compact(QJsonObject{{u"code"_s, u"ABCD-EFGH-JKLM-NPQR"_s}, {u"devicePublicKey"_s, key}}),
               Auth::None, 400, u"malformed"_s, u"deviceId"_s);
        addRow("enrol unknown key", "POST", enrol,
               compact(QJsonObject{{u"code"_s, u"ABCD-EFGH-JKLM-NPQR"_s},
                                   {u"deviceId"_s, newTestId()},
                                   {u"devicePublicKey"_s, key},
                                   {u"role"_s, u"administrator"_s}}),
               Auth::None, 400, u"malformed"_s, u"role"_s);
        addRow("enrol unknown code", "POST", enrol, enrolBody(u"ABCD-EFGH-JKLM-NPQR"_s, newTestId(), key),
               Auth::None, 403, u"code_refused"_s);
        addRow("enrol sql as code", "POST", enrol, enrolBody(u"' OR '1'='1' --"_s, newTestId(), key),
               Auth::None, 403, u"code_refused"_s);
        addRow("enrol with a huge code", "POST", enrol, enrolBody(QString(7'000'000, u'A'), newTestId(), key),
               Auth::None, 403, u"code_refused"_s);
        {
            const QString code = admin({u"enrolment-code"_s, u"--user"_s, m_b.userId});
            addRow("enrol an enrolled device id", "POST", enrol, enrolBody(code, m_a.id, key), Auth::None,
                   409, u"already_enrolled"_s);
            addRow("enrol as the server", "POST", enrol, enrolBody(code, u"server"_s, key), Auth::None, 400,
                   u"invalid"_s);
        }
    }

    void refusedWithoutChange()
    {
        QFETCH(QByteArray, method);
        QFETCH(QString, path);
        QFETCH(QByteArray, body);
        QFETCH(Auth, auth);
        QFETCH(int, status);
        QFETCH(QString, error);
        QFETCH(QString, item);
        QFETCH(QString, rejected);

        const protocol::SignedHeaders headers = headersFor(auth, method, path, body);
        if (auth == Auth::Replay) {
            const Answer first = m_api.sendSigned(m_endpoint, method, path, body, headers);
            QCOMPARE(first.status, 200);
        }
        const QByteArray before = state();
        const Answer answer = auth == Auth::None ? m_api.send(m_endpoint, method, path, body)
                                                 : m_api.sendSigned(m_endpoint, method, path, body, headers);
        QCOMPARE(answer.status, status);
        if (rejected.isEmpty()) {
            QCOMPARE(answer.error(), error);
            QVERIFY2(!answer.json().value(u"message"_s).toString().isEmpty(),
                     answer.body.left(200).constData());
            if (!item.isEmpty())
                QCOMPARE(answer.json().value(u"item"_s).toString(), item);
        } else {
            const QJsonObject response = answer.json();
            QVERIFY(response.value(u"accepted"_s).toArray().isEmpty());
            const QJsonArray refused = response.value(u"rejected"_s).toArray();
            QCOMPARE(refused.size(), 1);
            QCOMPARE(refused.first().toObject().value(u"code"_s).toString(), rejected);
        }
        QCOMPARE(state(), before);
    }

    // The server is still whole after the catalogue: a valid push is accepted and pulled.
    void stillServesAfterwards()
    {
        const Change change = makeMemberChange(m_a, m_familyA);
        const Answer pushed = ApiClient::wait(m_api.startPush(m_endpoint, m_a, {change}));
        QCOMPARE(pushed.status, 200);
        QCOMPARE(pushed.json().value(u"accepted"_s).toArray(), QJsonArray{change.changeId});
        const Answer pulled = ApiClient::wait(m_api.startPull(m_endpoint, m_s, u"0"_s, 2000));
        QCOMPARE(pulled.status, 200);
        QVERIFY(pulled.body.contains(change.changeId.toUtf8()));
    }
};

QTEST_GUILESS_MAIN(TestHostileRequests)
#include "tst_hostilerequests.moc"
