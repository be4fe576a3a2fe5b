// The walking skeleton end to end, with the real binaries: a server on loopback over TLS with
// synthetic demo data, a health visitor's CLI profile that records a face-to-face visit offline
// (the newborn's flag clears at once), syncs when the server is back, and a supervisor's profile
// that pulls the visit and sees the newborn no longer flagged.
#include "tests/support/serverprocess.h"

#include <QDirIterator>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using doorstep::test::CommandResult;
using doorstep::test::runCommand;
using doorstep::test::ServerProcess;

namespace {

const QByteArray healthVisitorPin = QByteArrayLiteral("739154\n");
const QByteArray supervisorPin = QByteArrayLiteral("synthetic supervisor passphrase\n");

QJsonArray flagsOfKind(const QJsonArray &flags, const QString &kind, const QString &childId)
{
    QJsonArray found;
    for (const auto &flag : flags)
        if (flag[QStringLiteral("kind")].toString() == kind &&
            flag[QStringLiteral("childId")].toString() == childId)
            found.append(flag);
    return found;
}

} // namespace

class WalkingSkeleton : public QObject
{
    Q_OBJECT

private:
    CommandResult cli(const QString &profile, const QStringList &args, const QByteArray &pin)
    {
        return runCommand(QStringLiteral(DOORSTEP_CLI),
                          QStringList{QStringLiteral("--profile"), profile} + args, pin);
    }

    QJsonArray cliFlags(const QString &profile, const QByteArray &pin)
    {
        const CommandResult result =
            cli(profile,
                {QStringLiteral("--json"), QStringLiteral("flags"), QStringLiteral("--today"), m_today}, pin);
        if (result.exitCode != 0)
            qWarning().noquote() << "flags failed:" << result.err;
        return QJsonDocument::fromJson(result.out).array();
    }

    static QString demoHealthVisitorId(const QJsonObject &demoData)
    {
        for (const auto &user : demoData[QStringLiteral("users")].toArray()) {
            if (user[QStringLiteral("role")].toString() == QLatin1String("health_visitor"))
                return user[QStringLiteral("id")].toString();
        }
        return {};
    }

    QTemporaryDir m_dir;
    // One instant for the whole test, so that the visit is never "in the future" of its sign-off
    // whatever the hour the test runs at.
    QDateTime m_now = QDateTime::currentDateTimeUtc();
    QString m_today = m_now.date().toString(Qt::ISODate);

private Q_SLOTS:
    void visitRecordedOfflineClearsTheFlagAndReachesTheSupervisor()
    {
        QVERIFY(m_dir.isValid());
        const QString serverData = m_dir.filePath(QStringLiteral("server"));
        const QString hvProfile = m_dir.filePath(QStringLiteral("hv"));
        const QString supervisorProfile = m_dir.filePath(QStringLiteral("supervisor"));

        ServerProcess server(serverData);
        const CommandResult demo = server.admin({QStringLiteral("demo"), QStringLiteral("--today"), m_today});
        QVERIFY2(demo.exitCode == 0, demo.err.constData());
        const QJsonObject demoData = QJsonDocument::fromJson(demo.out).object();
        const QString newbornId = demoData[QStringLiteral("newbornChildId")].toString();
        QVERIFY(!newbornId.isEmpty());
        QString hvCode, supervisorCode;
        for (const auto &user : demoData[QStringLiteral("users")].toArray()) {
            if (user[QStringLiteral("role")].toString() == QLatin1String("health_visitor"))
                hvCode = user[QStringLiteral("enrolmentCode")].toString();
            if (user[QStringLiteral("role")].toString() == QLatin1String("supervisor"))
                supervisorCode = user[QStringLiteral("enrolmentCode")].toString();
        }
        QVERIFY(!hvCode.isEmpty());
        QVERIFY(!supervisorCode.isEmpty());

        QVERIFY2(server.start(), qPrintable(server.error()));
        QVERIFY(server.url().startsWith(QLatin1String("https://127.0.0.1:")));

        // The health visitor's device enrols, pinning the server's certificate, and pulls the caseload.
        CommandResult enrol =
            cli(hvProfile,
                {QStringLiteral("enrol"), QStringLiteral("--server"), server.url(), QStringLiteral("--code"),
                 hvCode, QStringLiteral("--server-cert-sha256"), server.certificateSha256()},
                healthVisitorPin);
        QVERIFY2(enrol.exitCode == 0, enrol.err.constData());

        // An enrolment code works once.
        const CommandResult reused =
            cli(m_dir.filePath(QStringLiteral("other")),
                {QStringLiteral("enrol"), QStringLiteral("--server"), server.url(), QStringLiteral("--code"),
                 hvCode, QStringLiteral("--server-cert-sha256"), server.certificateSha256()},
                healthVisitorPin);
        QCOMPARE_NE(reused.exitCode, 0);
        QVERIFY(!QDir(m_dir.filePath(QStringLiteral("other"))).exists());

        QJsonArray newbornFlags = flagsOfKind(cliFlags(hvProfile, healthVisitorPin),
                                              QStringLiteral("newborn_no_face_to_face"), newbornId);
        QCOMPARE(newbornFlags.size(), 1);
        QCOMPARE(newbornFlags[0][QStringLiteral("severity")].toString(), QStringLiteral("amber"));
        QVERIFY(!newbornFlags[0][QStringLiteral("reason")].toString().isEmpty());

        // A wrong PIN opens nothing and says so.
        const CommandResult wrongPin =
            cli(hvProfile, {QStringLiteral("status")}, QByteArrayLiteral("862431\n"));
        QCOMPARE(wrongPin.exitCode, 1);
        QVERIFY2(wrongPin.err.contains("PIN"), wrongPin.err.constData());

        // The server goes away; the visit is recorded offline and the flag clears at once.
        const quint16 port = server.port();
        server.stop();
        const CommandResult visit = cli(
            hvProfile,
            {QStringLiteral("record-visit"), QStringLiteral("--child"), newbornId, QStringLiteral("--type"),
             QStringLiteral("face_to_face_home"), QStringLiteral("--outcome"), QStringLiteral("completed"),
             QStringLiteral("--seen"), QStringLiteral("--at"), m_now.addSecs(-60).toString(Qt::ISODate),
             QStringLiteral("--observations"), QStringLiteral("Synthetic observation: feeding well."),
             QStringLiteral("--views-presentation"), QStringLiteral("Synthetic: alert, settled in arms.")},
            healthVisitorPin);
        QVERIFY2(visit.exitCode == 0, visit.err.constData());
        QVERIFY(flagsOfKind(cliFlags(hvProfile, healthVisitorPin), QStringLiteral("newborn_no_face_to_face"),
                            newbornId)
                    .isEmpty());

        const CommandResult offlineSync =
            cli(hvProfile, {QStringLiteral("--json"), QStringLiteral("sync")}, healthVisitorPin);
        QCOMPARE_NE(offlineSync.exitCode, 0);
        const QJsonObject offline = QJsonDocument::fromJson(offlineSync.out).object();
        QCOMPARE(offline[QStringLiteral("error")].toString(), QStringLiteral("offline"));
        QCOMPARE(offline[QStringLiteral("pending")].toInt(), 2); // the visit and the child's views

        // The server is back: the visit syncs.
        QVERIFY2(server.start(port), qPrintable(server.error()));
        const CommandResult online =
            cli(hvProfile, {QStringLiteral("--json"), QStringLiteral("sync")}, healthVisitorPin);
        QVERIFY2(online.exitCode == 0, online.err.constData());
        const QJsonObject synced = QJsonDocument::fromJson(online.out).object();
        QCOMPARE(synced[QStringLiteral("sent")].toInt(), 2);
        QCOMPARE(synced[QStringLiteral("pending")].toInt(), 0);

        // A supervisor of the same team pulls the visit and sees the newborn no longer flagged.
        enrol =
            cli(supervisorProfile,
                {QStringLiteral("enrol"), QStringLiteral("--server"), server.url(), QStringLiteral("--code"),
                 supervisorCode, QStringLiteral("--server-cert-sha256"), server.certificateSha256()},
                supervisorPin);
        QVERIFY2(enrol.exitCode == 0, enrol.err.constData());
        const CommandResult caseload =
            cli(supervisorProfile,
                {QStringLiteral("--json"), QStringLiteral("caseload"), QStringLiteral("--today"), m_today},
                supervisorPin);
        QVERIFY2(caseload.exitCode == 0, caseload.err.constData());
        bool newbornListed = false;
        QString newbornName;
        for (const auto &child : QJsonDocument::fromJson(caseload.out).array()) {
            if (child[QStringLiteral("childId")].toString() != newbornId)
                continue;
            newbornListed = true;
            newbornName = child[QStringLiteral("name")].toString();
            QVERIFY(flagsOfKind(child[QStringLiteral("flags")].toArray(),
                                QStringLiteral("newborn_no_face_to_face"), newbornId)
                        .isEmpty());
        }
        QVERIFY(newbornListed);

        // Sending again changes nothing: nothing is pending, nothing is duplicated.
        const CommandResult again =
            cli(hvProfile, {QStringLiteral("--json"), QStringLiteral("sync")}, healthVisitorPin);
        QCOMPARE(QJsonDocument::fromJson(again.out).object()[QStringLiteral("sent")].toInt(), 0);

        // The server agrees: its own flags for the team no longer list the newborn.
        const QString teamId = demoData[QStringLiteral("teamId")].toString();
        const CommandResult serverFlags =
            server.admin({QStringLiteral("flags"), QStringLiteral("--team"), teamId,
                          QStringLiteral("--today"), m_today, QStringLiteral("--json")});
        QVERIFY2(serverFlags.exitCode == 0, serverFlags.err.constData());
        QVERIFY(flagsOfKind(QJsonDocument::fromJson(serverFlags.out).array(),
                            QStringLiteral("newborn_no_face_to_face"), newbornId)
                    .isEmpty());

        // Revoked by an administrator: the device is told so by name, and nothing it holds is lost.
        const CommandResult devices = server.admin({QStringLiteral("devices")});
        QCOMPARE(devices.exitCode, 0);
        const QList<QByteArray> deviceLines = devices.out.trimmed().split('\n');
        QCOMPARE(deviceLines.size(), 3); // the header, the health visitor's, the supervisor's
        QString hvDevice;
        for (const QByteArray &line : deviceLines.mid(1)) {
            const QList<QByteArray> fields = line.split('\t');
            if (fields.value(1) == demoHealthVisitorId(demoData).toUtf8())
                hvDevice = QString::fromUtf8(fields.value(0));
        }
        QVERIFY(!hvDevice.isEmpty());
        QCOMPARE(server.admin({QStringLiteral("revoke"), QStringLiteral("--device"), hvDevice}).exitCode, 0);
        const CommandResult refused =
            cli(hvProfile, {QStringLiteral("--json"), QStringLiteral("sync")}, healthVisitorPin);
        QCOMPARE_NE(refused.exitCode, 0);
        QCOMPARE(QJsonDocument::fromJson(refused.out).object()[QStringLiteral("error")].toString(),
                 QStringLiteral("revoked"));

        // No synthetic name is readable in either profile's files.
        server.stop();
        QVERIFY(!newbornName.isEmpty());
        for (const QString &profile : {hvProfile, supervisorProfile}) {
            QDirIterator files(profile, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
            while (files.hasNext()) {
                QFile file(files.next());
                QVERIFY(file.open(QIODevice::ReadOnly));
                const QByteArray bytes = file.readAll();
                QVERIFY2(!bytes.contains(newbornName.toUtf8()), qPrintable(file.fileName()));
            }
        }
    }
};

QTEST_GUILESS_MAIN(WalkingSkeleton)
#include "tst_walkingskeleton.moc"
