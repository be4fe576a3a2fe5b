// The security claims of SECURITY.md, proved with the real binaries: a server on loopback over
// TLS and doorstep-cli profiles enrolled against it (pinning its certificate). After records with
// distinctive synthetic names and notes are written and synced:
// - no file of any profile folder holds them (UTF-8, UTF-16, either case), nor the PIN, nor the
//   enrolment code; nor does the server's request log or any CLI's standard error, with every
//   logging category switched on to debug;
// - another practitioner of the same team and a supervisor of another team do not receive them;
//   the team's supervisor does;
// - a device enrolled with one certificate refuses a server presenting another (nothing is sent,
//   the change stays pending), and enrolment against a fingerprint that does not match fails
//   leaving no profile behind.
// Claims proved elsewhere are cited in SECURITY.md rather than repeated here.
#include "tests/support/plaintextscan.h"
#include "tests/support/serverprocess.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using doorstep::test::CommandResult;
using doorstep::test::ServerProcess;

namespace {

const QStringList markers = {
    u"Zebedee Testchild"_s,   u"Zebedee Testparent"_s, u"Zebedee Household"_s,       u"Quokkaobservation"_s,
    u"Marmalade Testwords"_s, u"ZX98 7QW"_s,           u"Tessellated Testconcern"_s,
};

const QByteArray pin = QByteArrayLiteral("581739");

QProcessEnvironment verboseEnvironment()
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"QT_LOGGING_RULES"_s, u"*.debug=true"_s);
    return env;
}

} // namespace

class TestSecurityClaims : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QProcess m_server;
    QString m_serverUrl;
    QString m_sha256;
    QByteArray m_serverLog;
    QByteArray m_cliLog;
    QStringList m_codes;
    QString m_hv;
    QString m_hv2;
    QString m_supervisor;
    QString m_otherSupervisor;
    QString m_familyId;
    QString m_childId;

    QString dataDir() const { return m_dir.filePath(u"server"_s); }

    CommandResult cli(const QString &profile, const QStringList &args)
    {
        doorstep::test::RunOptions options;
        options.input = pin + '\n';
        options.environment = verboseEnvironment();
        const CommandResult result = doorstep::test::runCommand(
            QStringLiteral(DOORSTEP_CLI), QStringList{u"--profile"_s, profile} + args, options);
        m_cliLog += result.err;
        return result;
    }

    QString added(const QString &profile, const QStringList &args)
    {
        const CommandResult run = cli(profile, args);
        if (run.exitCode != 0)
            qWarning("%s failed: %s", qUtf8Printable(args.first()), run.err.constData());
        return run.exitCode == 0 ? QString::fromUtf8(run.out).trimmed() : QString();
    }

    QString admin(const QStringList &arguments)
    {
        const CommandResult run =
            ServerProcess::run(QStringList{u"admin"_s, u"--data-dir"_s, dataDir()} + arguments);
        if (run.exitCode != 0)
            qWarning() << "admin" << arguments.first() << "failed:" << run.err;
        return run.exitCode == 0 ? QString::fromUtf8(run.out).trimmed() : QString();
    }

    // A user with `role` in `team`, and a CLI profile enrolled for them (pinning the certificate).
    QString enrolledProfile(const QString &name, const QString &role, const QString &team)
    {
        const QString user =
            admin({u"user-add"_s, u"--name"_s, u"Test User"_s, u"--role"_s, role, u"--team"_s, team});
        const QString code = admin({u"enrolment-code"_s, u"--user"_s, user});
        if (code.isEmpty())
            return {};
        m_codes << code;
        const QString profile = m_dir.filePath(name);
        const CommandResult run = cli(profile, {u"enrol"_s, u"--server"_s, m_serverUrl, u"--code"_s, code,
                                                u"--server-cert-sha256"_s, m_sha256});
        if (run.exitCode != 0)
            qWarning("enrol failed: %s", run.err.constData());
        return run.exitCode == 0 ? profile : QString();
    }

    QStringList childNames(const QString &profile)
    {
        const CommandResult run = cli(profile, {u"--json"_s, u"caseload"_s});
        if (run.exitCode != 0)
            qWarning("caseload failed: %s", run.err.constData());
        QStringList names;
        for (const QJsonValue &child : QJsonDocument::fromJson(run.out).array())
            names << child[u"name"_s].toString();
        return names;
    }

    // The markers, the enrolment codes (accepted without dashes or case, so the bare characters
    // too) and the PIN.
    QList<doorstep::test::Secret> secrets() const
    {
        QList<doorstep::test::Secret> all = doorstep::test::markerSecrets(markers);
        for (const QString &code : m_codes) {
            const QString bare = QString(code).remove(u'-');
            all.append({u"an enrolment code"_s, {code.toUtf8(), bare.toUtf8(), bare.toLower().toUtf8()}});
        }
        all.append({u"the PIN"_s, {pin}});
        return all;
    }

    // The first secret found in `bytes`, described; empty when none.
    QString leakIn(const QByteArray &bytes) const { return doorstep::test::secretIn(bytes, secrets()); }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_dir.isValid());

        // The server is run here rather than through ServerProcess so that its log can be read.
        m_server.setProcessEnvironment(verboseEnvironment());
        m_server.start(QStringLiteral(DOORSTEP_SERVER),
                       {u"serve"_s, u"--data-dir"_s, dataDir(), u"--listen"_s, u"127.0.0.1:0"_s});
        QVERIFY(m_server.waitForStarted());
        while (!m_server.canReadLine())
            QVERIFY(m_server.waitForReadyRead(60'000));
        const QString line = QString::fromUtf8(m_server.readLine()).trimmed();
        const auto match =
            QRegularExpression(u"^listening (https://127\\.0\\.0\\.1:\\d+) sha256=([0-9a-f]{64})$"_s)
                .match(line);
        QVERIFY2(match.hasMatch(), qPrintable(line));
        m_serverUrl = match.captured(1);
        m_sha256 = match.captured(2);

        const QString team = admin({u"team-add"_s, u"--name"_s, u"Test Team One"_s});
        const QString otherTeam = admin({u"team-add"_s, u"--name"_s, u"Test Team Two"_s});
        QVERIFY(!team.isEmpty() && !otherTeam.isEmpty());
        m_hv = enrolledProfile(u"hv"_s, u"health_visitor"_s, team);
        m_hv2 = enrolledProfile(u"hv2"_s, u"health_visitor"_s, team);
        m_supervisor = enrolledProfile(u"supervisor"_s, u"supervisor"_s, team);
        m_otherSupervisor = enrolledProfile(u"other-supervisor"_s, u"supervisor"_s, otherTeam);
        QVERIFY(!m_hv.isEmpty() && !m_hv2.isEmpty() && !m_supervisor.isEmpty() &&
                !m_otherSupervisor.isEmpty());

        m_familyId =
            added(m_hv, {u"add-family"_s, u"--label"_s, markers.at(2), u"--postcode"_s, markers.at(5)});
        QVERIFY(!m_familyId.isEmpty());
        const QString family = m_familyId;
        m_childId = added(m_hv, {u"add-child"_s, u"--family"_s, family, u"--name"_s, markers.at(0),
                                 u"--dob"_s, QDate::currentDate().addDays(-20).toString(Qt::ISODate)});
        QVERIFY(!m_childId.isEmpty());
        QVERIFY(!added(m_hv, {u"add-member"_s, u"--family"_s, family, u"--name"_s, markers.at(1),
                              u"--relationship"_s, u"mother"_s})
                     .isEmpty());
        QVERIFY(!added(m_hv, {u"record-visit"_s, u"--child"_s, m_childId, u"--type"_s, u"face_to_face_home"_s,
                              u"--outcome"_s, u"completed"_s, u"--seen"_s, u"--at"_s,
                              QDateTime::currentDateTimeUtc().addSecs(-120).toString(Qt::ISODate),
                              u"--observations"_s, markers.at(3), u"--concerns"_s, markers.at(6),
                              u"--views-words"_s, markers.at(4)})
                     .isEmpty());
        for (const QString &profile : {m_hv, m_hv2, m_supervisor, m_otherSupervisor}) {
            const CommandResult synced = cli(profile, {u"sync"_s});
            QVERIFY2(synced.exitCode == 0, synced.err.constData());
        }
    }

    void cleanupTestCase()
    {
        if (m_server.state() != QProcess::NotRunning) {
            m_server.terminate();
            m_server.waitForFinished(30'000);
        }
    }

    void profilesHoldNoPlaintext()
    {
        int files = 0;
        for (const QString &profile : {m_hv, m_hv2, m_supervisor, m_otherSupervisor}) {
            const QString leak = doorstep::test::leakInFiles(profile, secrets(), &files);
            QVERIFY2(leak.isEmpty(), qPrintable(leak));
        }
        QVERIFY(files >= 8); // at least a database and a wrapped key in each
    }

    void eachSeesOnlyTheirScope()
    {
        QVERIFY(childNames(m_hv).contains(markers.at(0)));
        QVERIFY(childNames(m_supervisor).contains(markers.at(0)));
        QVERIFY(!childNames(m_hv2).contains(markers.at(0)));
        QVERIFY(!childNames(m_otherSupervisor).contains(markers.at(0)));
        // Not merely unlisted: the other profiles cannot open the child's record at all.
        const CommandResult other = cli(m_hv2, {u"chronology"_s, u"--child"_s, m_childId});
        QCOMPARE_NE(other.exitCode, 0);
        QVERIFY(!other.out.contains(markers.at(3).toUtf8()));
    }

    // Run last but one: it stops the real server and puts an impostor on its port.
    void pinnedCertificateEnforced()
    {
        const quint16 port = quint16(QUrl(m_serverUrl).port());
        m_server.terminate();
        QVERIFY(m_server.waitForFinished(30'000));
        QCOMPARE(m_server.exitCode(), 0);
        m_serverLog = m_server.readAllStandardError();

        // Another server (its own data, its own certificate) on the same address.
        ServerProcess impostor;
        QVERIFY2(impostor.start(port), qPrintable(impostor.error()));
        QCOMPARE_NE(impostor.certificateSha256(), m_sha256);

        QVERIFY(!added(m_hv, {u"add-member"_s, u"--family"_s, m_familyId, u"--name"_s, u"Test Parent Two"_s,
                              u"--relationship"_s, u"father"_s})
                     .isEmpty());
        const CommandResult before = cli(m_hv, {u"--json"_s, u"status"_s});
        const int pending = QJsonDocument::fromJson(before.out).object()[u"pending"_s].toInt();
        QCOMPARE(pending, 1);
        const CommandResult sync = cli(m_hv, {u"--json"_s, u"sync"_s});
        QCOMPARE_NE(sync.exitCode, 0);
        QCOMPARE(QJsonDocument::fromJson(sync.out).object()[u"error"_s].toString(),
                 u"certificate_mismatch"_s);
        const CommandResult after = cli(m_hv, {u"--json"_s, u"status"_s});
        QCOMPARE(QJsonDocument::fromJson(after.out).object()[u"pending"_s].toInt(), pending);

        // Enrolment pinned to the real fingerprint refuses the impostor and leaves nothing behind.
        const QString user =
            QString::fromUtf8(
                impostor
                    .admin({u"user-add"_s, u"--name"_s, u"Test User"_s, u"--role"_s, u"midwife"_s,
                            u"--team"_s,
                            QString::fromUtf8(impostor.admin({u"team-add"_s, u"--name"_s, u"T"_s}).out)
                                .trimmed()})
                    .out)
                .trimmed();
        const QString code =
            QString::fromUtf8(impostor.admin({u"enrolment-code"_s, u"--user"_s, user}).out).trimmed();
        QVERIFY(!code.isEmpty());
        const QString fresh = m_dir.filePath(u"fresh"_s);
        const CommandResult enrol = cli(fresh, {u"enrol"_s, u"--server"_s, impostor.url(), u"--code"_s, code,
                                                u"--server-cert-sha256"_s, m_sha256});
        QCOMPARE_NE(enrol.exitCode, 0);
        QVERIFY(!QDir(fresh).exists());
        QCOMPARE(impostor.stop(), 0);
    }

    void logsHoldNoPlaintext()
    {
        QVERIFY(!m_serverLog.isEmpty()); // the request log was read: one line per request at least
        QVERIFY2(m_serverLog.contains("/v1/push"), m_serverLog.left(500).constData());
        QString leak = leakIn(m_serverLog);
        QVERIFY2(leak.isEmpty(), qPrintable(u"the server's log holds "_s + leak));
        QVERIFY(!m_cliLog.isEmpty());
        leak = leakIn(m_cliLog);
        QVERIFY2(leak.isEmpty(), qPrintable(u"a CLI's standard error holds "_s + leak));
    }
};

QTEST_GUILESS_MAIN(TestSecurityClaims)
#include "tst_securityclaims.moc"
