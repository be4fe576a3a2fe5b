// The admin command line and the serve command's own refusals, through the real binary.
#include "tests/support/apiclient.h"
#include "tests/support/serverprocess.h"

#include "core/change.h"
#include "core/hlc.h"
#include "core/recordcodec.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkReply>
#include <QStandardPaths>
#include <QTemporaryFile>
#include <QTest>

using namespace Qt::StringLiterals;
using doorstep::test::ServerProcess;
using namespace doorstep;

class TestServerAdmin : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void demoNewbornIsFlagged()
    {
        ServerProcess server;
        const doorstep::test::CommandResult demo = server.admin({u"demo"_s, u"--today"_s, u"2026-03-20"_s});
        QCOMPARE(demo.exitCode, 0);
        QJsonParseError error;
        const QJsonObject output = QJsonDocument::fromJson(demo.out, &error).object();
        QCOMPARE(error.error, QJsonParseError::NoError);
        const QString teamId = output.value(u"teamId"_s).toString();
        const QString newbornId = output.value(u"newbornChildId"_s).toString();
        QVERIFY(!teamId.isEmpty());
        QVERIFY(!newbornId.isEmpty());
        const QJsonArray users = output.value(u"users"_s).toArray();
        QCOMPARE(users.size(), 2);
        QStringList roles;
        for (const QJsonValue &user : users) {
            roles.append(user.toObject().value(u"role"_s).toString());
            QVERIFY(user.toObject().value(u"name"_s).toString().startsWith(u"Demo "_s));
            QCOMPARE(user.toObject().value(u"enrolmentCode"_s).toString().size(), 19);
        }
        QCOMPARE(roles, (QStringList{u"health_visitor"_s, u"supervisor"_s}));

        const doorstep::test::CommandResult flags =
            server.admin({u"flags"_s, u"--team"_s, teamId, u"--today"_s, u"2026-03-20"_s, u"--json"_s});
        QCOMPARE(flags.exitCode, 0);
        int newbornFlags = 0;
        for (const QJsonValue &value : QJsonDocument::fromJson(flags.out).array()) {
            const QJsonObject flag = value.toObject();
            if (flag.value(u"kind"_s).toString() != u"newborn_no_face_to_face"_s)
                continue;
            ++newbornFlags;
            QCOMPARE(flag.value(u"childId"_s).toString(), newbornId);
            QCOMPARE(flag.value(u"severity"_s).toString(), u"amber"_s);
        }
        QCOMPARE(newbornFlags, 1);

        // Two days later the newborn is past day 14: red.
        const doorstep::test::CommandResult later =
            server.admin({u"flags"_s, u"--team"_s, teamId, u"--today"_s, u"2026-03-23"_s});
        QCOMPARE(later.exitCode, 0);
        QVERIFY(later.out.contains("red\tnewborn_no_face_to_face"));
        QVERIFY(later.out.contains(newbornId.toUtf8()));

        const doorstep::test::CommandResult coverage =
            server.admin({u"coverage"_s, u"--team"_s, teamId, u"--from"_s, u"2026-01-01"_s, u"--to"_s,
                          u"2026-03-20"_s, u"--today"_s, u"2026-03-20"_s, u"--format"_s, u"json"_s});
        QCOMPARE(coverage.exitCode, 0);
        const QJsonObject report = QJsonDocument::fromJson(coverage.out).object();
        QCOMPARE(report.value(u"newborns"_s).toInt(), 1);
        QCOMPARE(report.value(u"newbornsSeenByDay14"_s).toInt(), 0);
        const doorstep::test::CommandResult csv =
            server.admin({u"coverage"_s, u"--team"_s, teamId, u"--from"_s, u"2026-01-01"_s, u"--to"_s,
                          u"2026-03-20"_s, u"--today"_s, u"2026-03-20"_s});
        QCOMPARE(csv.exitCode, 0);
        QVERIFY(csv.out.contains(newbornId.toUtf8()));
        // Freshness: the demo's practitioners have never synced.
        QVERIFY(csv.out.contains("section,freshness"));
        const QJsonArray freshness = report.value(u"freshness"_s).toArray();
        QVERIFY(!freshness.isEmpty());
        for (const QJsonValue &entry : freshness) {
            QVERIFY(entry[u"lastSyncedAt"_s].isNull());
            QCOMPARE(entry[u"devices"_s].toInt(), 0);
        }

        // No conflicts yet: an empty JSON list.
        const doorstep::test::CommandResult conflicts = server.admin({u"conflicts"_s});
        QCOMPARE(conflicts.exitCode, 0);
        QVERIFY(QJsonDocument::fromJson(conflicts.out).isArray());
        QVERIFY(QJsonDocument::fromJson(conflicts.out).array().isEmpty());
    }

    // A field conflict kept by the server is marked reviewed by a named user, once; the list
    // then leaves it out unless --all, which shows who reviewed it and when.
    void conflictIsMarkedReviewed()
    {
        ServerProcess server;
        QVERIFY2(server.start(), qPrintable(server.error()));
        const test::Endpoint endpoint{server.baseUrl(), server.certificateSha256()};
        const auto admin = [&](const QStringList &arguments) {
            return QString::fromUtf8(server.admin(arguments).out).trimmed();
        };
        const QString team = admin({u"team-add"_s, u"--name"_s, u"Test Team"_s});
        const QString user = admin({u"user-add"_s, u"--name"_s, u"Test Visitor"_s, u"--role"_s,
                                    u"health_visitor"_s, u"--team"_s, team});
        QVERIFY(!user.isEmpty());
        test::TestDevice tablet = test::newTestDevice(user);
        test::TestDevice phone = test::newTestDevice(user);
        test::ApiClient api;
        for (const test::TestDevice *device : {&tablet, &phone})
            QCOMPARE(api.enrol(endpoint, admin({u"enrolment-code"_s, u"--user"_s, user}), *device).status,
                     200);

        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        const auto change = [&](test::TestDevice &device, const QString &entity, const QString &id,
                                const QString &familyId, const QJsonObject &payload, qint64 at) {
            Change c;
            c.changeId = test::newTestId();
            c.deviceId = device.id;
            c.deviceSeq = ++device.seq;
            c.entity = entity;
            c.entityId = id;
            c.familyId = familyId;
            c.hlc = HlcTimestamp{at, 0, device.id}.encode();
            c.payload = payload;
            return c;
        };
        Family family;
        family.id = test::newTestId();
        family.teamId = team;
        family.practitionerId = user;
        family.label = u"Test Family"_s;
        Child child;
        child.id = test::newTestId();
        child.familyId = family.id;
        child.name = u"Test Baby One"_s;
        child.dateOfBirth = QDate(2026, 3, 1);
        const test::Answer first = test::ApiClient::wait(
            api.startPush(endpoint, tablet,
                          {change(tablet, Entity::Family, family.id, family.id, toJson(family), now),
                           change(tablet, Entity::Child, child.id, family.id, toJson(child), now + 1)}));
        QCOMPARE(first.status, 200);
        // The phone renamed the child earlier, without having seen the tablet's record: it loses.
        child.name = u"Test Baby Renamed"_s;
        const Change losing = change(phone, Entity::Child, child.id, family.id, toJson(child), now - 1'000);
        QCOMPARE(test::ApiClient::wait(api.startPush(endpoint, phone, {losing})).status, 200);

        const QJsonArray open = QJsonDocument::fromJson(server.admin({u"conflicts"_s}).out).array();
        QCOMPARE(open.size(), 1);
        const QString id = open.first()[u"id"_s].toString();
        QCOMPARE(id, losing.changeId + u"/name"_s);
        QVERIFY(!open.first().toObject().contains(u"reviewedAt"_s));

        // The reviewer must be named, and exist; the id must name a conflict.
        QCOMPARE(server.admin({u"conflicts"_s, u"--resolve"_s, id}).exitCode, 2);
        const auto nobody =
            server.admin({u"conflicts"_s, u"--resolve"_s, id, u"--user"_s, u"no-such-user"_s});
        QCOMPARE(nobody.exitCode, 1);
        QVERIFY(nobody.err.contains("no-such-user"));
        const auto unknown =
            server.admin({u"conflicts"_s, u"--resolve"_s, losing.changeId + u"/label"_s, u"--user"_s, user});
        QCOMPARE(unknown.exitCode, 1);
        QVERIFY(unknown.err.contains("no conflict"));

        const auto resolved = server.admin({u"conflicts"_s, u"--resolve"_s, id, u"--user"_s, user});
        QVERIFY2(resolved.exitCode == 0, resolved.err.constData());
        QVERIFY(QJsonDocument::fromJson(server.admin({u"conflicts"_s}).out).array().isEmpty());
        const QJsonArray all =
            QJsonDocument::fromJson(server.admin({u"conflicts"_s, u"--all"_s}).out).array();
        QCOMPARE(all.size(), 1);
        QCOMPARE(all.first()[u"reviewedBy"_s].toString(), user);
        const QDateTime reviewedAt =
            QDateTime::fromString(all.first()[u"reviewedAt"_s].toString(), Qt::ISODateWithMs);
        QVERIFY(reviewedAt.isValid());
        QVERIFY(reviewedAt.toMSecsSinceEpoch() >= now);

        // Once only: a second review says who reviewed it.
        const auto again = server.admin({u"conflicts"_s, u"--resolve"_s, id, u"--user"_s, user});
        QCOMPARE(again.exitCode, 1);
        QVERIFY(again.err.contains(user.toUtf8()));
        QCOMPARE(QJsonDocument::fromJson(server.admin({u"conflicts"_s, u"--all"_s}).out)
                     .array()
                     .first()[u"reviewedAt"_s]
                     .toString(),
                 all.first()[u"reviewedAt"_s].toString());
        server.stop();
    }

    void settingsSetAndRefused()
    {
        ServerProcess server;
        QTemporaryFile file;
        QVERIFY(file.open());
        file.write(R"({"newbornWindowDays": 42, "newbornAmberFromDay": 10, "newbornRedAfterDay": 14})");
        file.close();
        const doorstep::test::CommandResult set =
            server.admin({u"settings-set"_s, u"--file"_s, file.fileName()});
        QCOMPARE(set.exitCode, 0);
        const doorstep::test::CommandResult shown = server.admin({u"settings-show"_s});
        QCOMPARE(shown.exitCode, 0);
        QCOMPARE(QJsonDocument::fromJson(shown.out).object().value(u"newbornWindowDays"_s).toInt(), 42);

        QTemporaryFile bad;
        QVERIFY(bad.open());
        bad.write(R"({"newbornWindowDays": 42, "lockdownDays": 3})");
        bad.close();
        const doorstep::test::CommandResult refused =
            server.admin({u"settings-set"_s, u"--file"_s, bad.fileName()});
        QCOMPARE(refused.exitCode, 1);
        QVERIFY(refused.err.contains("lockdownDays"));
        QCOMPARE(QJsonDocument::fromJson(server.admin({u"settings-show"_s}).out)
                     .object()
                     .value(u"newbornWindowDays"_s)
                     .toInt(),
                 42);
    }

    void usageErrors()
    {
        ServerProcess server;
        const QString team =
            QString::fromUtf8(server.admin({u"team-add"_s, u"--name"_s, u"Test Team"_s}).out).trimmed();
        QVERIFY(!team.isEmpty());
        const doorstep::test::CommandResult badRole = server.admin(
            {u"user-add"_s, u"--name"_s, u"Test User"_s, u"--role"_s, u"boss"_s, u"--team"_s, team});
        QCOMPARE(badRole.exitCode, 2);
        QVERIFY(badRole.err.contains("health_visitor"));
        QCOMPARE(server
                     .admin({u"user-add"_s, u"--name"_s, u"Test User"_s, u"--role"_s, u"midwife"_s,
                             u"--team"_s, u"no-such-team"_s})
                     .exitCode,
                 1);
        QCOMPARE(server.admin({u"enrolment-code"_s, u"--user"_s, u"no-such-user"_s}).exitCode, 1);
        QCOMPARE(server.admin({u"revoke"_s, u"--device"_s, u"no-such-device"_s}).exitCode, 1);
        const QString supervisor =
            QString::fromUtf8(server
                                  .admin({u"user-add"_s, u"--name"_s, u"Test Supervisor"_s, u"--role"_s,
                                          u"supervisor"_s, u"--team"_s, team})
                                  .out)
                .trimmed();
        QCOMPARE(
            server.admin({u"reassign"_s, u"--family"_s, u"no-such-family"_s, u"--practitioner"_s, supervisor})
                .exitCode,
            1); // a supervisor holds no caseload
        QCOMPARE(server
                     .admin({u"reassign"_s, u"--family"_s, u"no-such-family"_s, u"--practitioner"_s,
                             u"no-such-user"_s})
                     .exitCode,
                 1);
        QCOMPARE(server.admin({u"reassign"_s, u"--family"_s, u"no-such-family"_s}).exitCode, 2);
        QCOMPARE(server.admin({u"team-add"_s, u"--name"_s, u"X"_s, u"--role"_s, u"midwife"_s}).exitCode, 2);
        QCOMPARE(server.admin({u"frobnicate"_s}).exitCode, 2);
    }

    void plainHttpOnlyOnLoopback()
    {
        ServerProcess server;
        const doorstep::test::CommandResult refused =
            ServerProcess::run({u"serve"_s, u"--data-dir"_s, server.dataDir(), u"--listen"_s, u"0.0.0.0:0"_s,
                                u"--plain-http"_s});
        QCOMPARE(refused.exitCode, 1);
        QVERIFY(refused.err.contains("loopback"));

        QVERIFY2(server.start(0, {u"--plain-http"_s}), qPrintable(server.error()));
        QVERIFY(server.listeningLine().startsWith(u"listening http://127.0.0.1:"_s));
        QVERIFY(!server.listeningLine().contains(u"sha256"_s));
        QVERIFY(server.certificateSha256().isEmpty());
    }

    void certificateMadeOnceAndKeptPrivate()
    {
        ServerProcess server;
        QVERIFY2(server.start(), qPrintable(server.error()));
        const QString first = server.certificateSha256();
        QCOMPARE(first.size(), 64);
        const QFile::Permissions keyPermissions = QFile::permissions(server.dataDir() + u"/tls/key.pem"_s);
        QVERIFY(keyPermissions & QFile::ReadOwner);
        QVERIFY(!(keyPermissions & (QFile::ReadGroup | QFile::ReadOther)));
        QCOMPARE(server.stop(), 0); // SIGTERM: a clean shutdown
        QVERIFY2(server.start(), qPrintable(server.error()));
        QCOMPARE(server.certificateSha256(), first);
    }
};

QTEST_GUILESS_MAIN(TestServerAdmin)
#include "tst_serveradmin.moc"
