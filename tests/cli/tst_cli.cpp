// doorstep-cli end to end on a temporary profile: every kind of record added and then found in
// the child's chronology, the refusals a practitioner must understand, PIN change and wipe, and
// the conflicts a pulled edit leaves.
// The profile is made with the store itself (an enrolled identity, no server).
#include "app/store/store.h"
#include "core/recordcodec.h"
#include "tests/support/remotechange.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace doorstep;

namespace {

const QByteArray pin = QByteArrayLiteral("482913");

struct Run
{
    int exitCode = -1;
    QByteArray out;
    QString err;

    QString id() const { return QString::fromUtf8(out).trimmed(); }
    QJsonDocument json() const { return QJsonDocument::fromJson(out); }
};

} // namespace

class TestCli : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_profile;

    Run cli(const QStringList &args, const QByteArray &input = pin + '\n')
    {
        QProcess process;
        process.setProgram(QStringLiteral(DOORSTEP_CLI_PATH));
        process.setArguments(QStringList{QStringLiteral("--profile"), m_profile} + args);
        process.start();
        if (!process.waitForStarted())
            return {};
        process.write(input);
        process.closeWriteChannel();
        if (!process.waitForFinished(120'000))
            return {};
        Run run;
        run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
        run.out = process.readAllStandardOutput();
        run.err = QString::fromUtf8(process.readAllStandardError());
        return run;
    }

    // Runs a command that must succeed and print an id.
    QString added(const QStringList &args)
    {
        const Run run = cli(args);
        if (run.exitCode != 0) {
            qWarning("%s failed: %s", qUtf8Printable(args.first()), qUtf8Printable(run.err));
            return {};
        }
        return run.id();
    }

    QString m_familyId;
    QString m_childId;

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_dir.isValid());
    }

    void init()
    {
        m_profile = m_dir.filePath(
            QStringLiteral("profile-%1").arg(QString::fromLatin1(QTest::currentTestFunction())));
        auto created = store::Store::create(m_profile, pin);
        QVERIFY(created.ok());
        store::DeviceIdentity identity;
        identity.userId = QStringLiteral("user-test");
        identity.userName = QStringLiteral("Test Practitioner");
        identity.role = Role::HealthVisitor;
        identity.teamId = QStringLiteral("team-test");
        QVERIFY(created.value()->setIdentity(identity).ok());
        created.value().reset();

        m_familyId =
            added({QStringLiteral("add-family"), QStringLiteral("--label"), QStringLiteral("Test Family One"),
                   QStringLiteral("--postcode"), QStringLiteral("ZZ99 9ZZ")});
        QVERIFY(!m_familyId.isEmpty());
        m_childId = added({QStringLiteral("add-child"), QStringLiteral("--family"), m_familyId,
                           QStringLiteral("--name"), QStringLiteral("Test Baby One"), QStringLiteral("--dob"),
                           QStringLiteral("2026-11-01")});
        QVERIFY(!m_childId.isEmpty());
    }

    void everyRecordIsInTheChronology()
    {
        const QString memberId = added({QStringLiteral("add-member"), QStringLiteral("--family"), m_familyId,
                                        QStringLiteral("--name"), QStringLiteral("Test Parent One"),
                                        QStringLiteral("--relationship"), QStringLiteral("mother")});
        QVERIFY(!memberId.isEmpty());
        QVERIFY(!added({QStringLiteral("update-family"), QStringLiteral("--family"), m_familyId,
                        QStringLiteral("--care-proceedings-on"), QStringLiteral("2026-11-10"),
                        QStringLiteral("--carer-needs"), QStringLiteral("yes")})
                     .isEmpty());
        QVERIFY(!added({QStringLiteral("update-child"), QStringLiteral("--child"), m_childId,
                        QStringLiteral("--name"), QStringLiteral("Test Baby Renamed")})
                     .isEmpty());
        const QString visitId =
            added({QStringLiteral("record-visit"), QStringLiteral("--child"), m_childId,
                   QStringLiteral("--type"), QStringLiteral("face_to_face_home"), QStringLiteral("--seen"),
                   QStringLiteral("--at"), QStringLiteral("2026-11-12T10:00:00Z"),
                   QStringLiteral("--observations"), QStringLiteral("Test observations: feeding well.")});
        QVERIFY(!visitId.isEmpty());
        const QString viewsId =
            added({QStringLiteral("record-views"), QStringLiteral("--visit"), visitId,
                   QStringLiteral("--presentation"), QStringLiteral("Test presentation: settled.")});
        QVERIFY(!viewsId.isEmpty());
        const QString offerId =
            added({QStringLiteral("record-offer"), QStringLiteral("--family"), m_familyId,
                   QStringLiteral("--member"), memberId, QStringLiteral("--on"), QStringLiteral("2026-11-11"),
                   QStringLiteral("--service"), QStringLiteral("Test Advocacy Service")});
        QVERIFY(!offerId.isEmpty());
        const QString alertId = added(
            {QStringLiteral("add-alert"), QStringLiteral("--child"), m_childId, QStringLiteral("--category"),
             QStringLiteral("home conditions"), QStringLiteral("--what-happened"),
             QStringLiteral("Test description: the stair gate was broken on the visit of 12 Nov 2026."),
             QStringLiteral("--who-at-risk"), QStringLiteral("Test Baby One"), QStringLiteral("--risk-from"),
             QStringLiteral("a fall down the stairs"), QStringLiteral("--source"),
             QStringLiteral("home visit"), QStringLiteral("--raised-on"), QStringLiteral("2026-11-13"),
             QStringLiteral("--action"),
             QStringLiteral("Health visitor to check the gate is repaired at the next visit."),
             QStringLiteral("--review-on"), QStringLiteral("2026-11-27")});
        QVERIFY(!alertId.isEmpty());
        QCOMPARE(added({QStringLiteral("review-alert"), QStringLiteral("--alert"), alertId,
                        QStringLiteral("--next-review"), QStringLiteral("2026-12-04")}),
                 alertId);
        QCOMPARE(added({QStringLiteral("close-alert"), QStringLiteral("--alert"), alertId,
                        QStringLiteral("--on"), QStringLiteral("2026-11-20")}),
                 alertId);
        const QString amendmentId =
            added({QStringLiteral("amend"), QStringLiteral("--kind"), QStringLiteral("visit"),
                   QStringLiteral("--target"), visitId, QStringLiteral("--reason"),
                   QStringLiteral("Test reason: wrong time entered."), QStringLiteral("--correction"),
                   QStringLiteral("The visit was at 11:00.")});
        QVERIFY(!amendmentId.isEmpty());
        // A signed-off visit cannot be amended in place, and a correction needs a reason.
        const Run noReason = cli({QStringLiteral("amend"), QStringLiteral("--kind"), QStringLiteral("visit"),
                                  QStringLiteral("--target"), visitId});
        QCOMPARE(noReason.exitCode, 1);
        QVERIFY2(noReason.err.contains(QStringLiteral("reason")), qPrintable(noReason.err));

        const Run chronology = cli(
            {QStringLiteral("--json"), QStringLiteral("chronology"), QStringLiteral("--child"), m_childId});
        QCOMPARE(chronology.exitCode, 0);
        const QJsonArray entries = chronology.json().array();
        QStringList kinds;
        QString previousAt;
        for (const QJsonValue &value : entries) {
            const QJsonObject entry = value.toObject();
            kinds << entry.value(QStringLiteral("kind")).toString();
            const QString at = entry.value(QStringLiteral("at")).toString();
            if (!previousAt.isEmpty())
                QVERIFY2(at <= previousAt, "newest first");
            previousAt = at;
            const QJsonArray amendments = entry.value(QStringLiteral("amendments")).toArray();
            if (entry.value(QStringLiteral("id")).toString() == visitId) {
                QCOMPARE(amendments.size(), 1);
                QCOMPARE(amendments.first().toObject().value(QStringLiteral("id")).toString(), amendmentId);
            } else {
                QVERIFY(amendments.isEmpty());
            }
            if (entry.value(QStringLiteral("id")).toString() == alertId) {
                const QJsonObject alert = entry.value(QStringLiteral("record")).toObject();
                QCOMPARE(alert.value(QStringLiteral("closedOn")).toString(), QStringLiteral("2026-11-20"));
                QCOMPARE(alert.value(QStringLiteral("reviewOn")).toString(), QStringLiteral("2026-12-04"));
            }
        }
        // Alert 13 Nov, visit 12 Nov 10:00 and views recorded now... views sort by when recorded.
        QVERIFY(kinds.contains(QStringLiteral("visit")));
        QVERIFY(kinds.contains(QStringLiteral("child_views")));
        QVERIFY(kinds.contains(QStringLiteral("advocate_offer")));
        QVERIFY(kinds.contains(QStringLiteral("alert")));
        QCOMPARE(kinds.size(), 4);

        const Run text = cli({QStringLiteral("chronology"), QStringLiteral("--child"), m_childId});
        QCOMPARE(text.exitCode, 0);
        QVERIFY(text.out.contains("amended"));
        QVERIFY(text.out.contains("Test reason: wrong time entered."));

        const Run unknown =
            cli({QStringLiteral("chronology"), QStringLiteral("--child"), QStringLiteral("no-such-child")});
        QCOMPARE(unknown.exitCode, 1);
        QVERIFY2(unknown.err.contains(QStringLiteral("no-such-child")), qPrintable(unknown.err));
    }

    void vagueAlertIsRefusedWithTheReason()
    {
        const Run run =
            cli({QStringLiteral("add-alert"), QStringLiteral("--family"), m_familyId,
                 QStringLiteral("--category"), QStringLiteral("other"), QStringLiteral("--what-happened"),
                 QStringLiteral("concerns, see notes"), QStringLiteral("--who-at-risk"),
                 QStringLiteral("Test Baby One"), QStringLiteral("--risk-from"), QStringLiteral("unknown"),
                 QStringLiteral("--source"), QStringLiteral("visit"), QStringLiteral("--action"),
                 QStringLiteral("Health visitor to visit again within a week."),
                 QStringLiteral("--review-on"), QStringLiteral("2026-12-01")});
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.contains(QStringLiteral("a stranger could act on it")), qPrintable(run.err));
        QVERIFY(run.out.isEmpty());
    }

    void didNotAttendForAChildIsRefused()
    {
        const Run run = cli({QStringLiteral("record-visit"), QStringLiteral("--child"), m_childId,
                             QStringLiteral("--type"), QStringLiteral("face_to_face_clinic"),
                             QStringLiteral("--outcome"), QStringLiteral("did_not_attend")});
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.contains(QStringLiteral("was not brought"), Qt::CaseInsensitive),
                 qPrintable(run.err));
    }

    void conflictsListTheLosingValue()
    {
        QVERIFY(!added({QStringLiteral("update-child"), QStringLiteral("--child"), m_childId,
                        QStringLiteral("--name"), QStringLiteral("Test Baby Local")})
                     .isEmpty());
        const Run none = cli({QStringLiteral("--json"), QStringLiteral("conflicts")});
        QCOMPARE(none.exitCode, 0);
        QCOMPARE(none.json().array().size(), 0);

        // Another device renames the child later, having seen only its creation: ours loses.
        {
            auto opened = store::Store::open(m_profile, pin);
            QVERIFY(opened.ok());
            auto &store = *opened.value();
            QHash<QString, QJsonObject> written;
            QString createdHlc;
            for (const Change &change : store.pendingChanges(100, &written)) {
                if (change.entityId == m_childId && createdHlc.isEmpty())
                    createdHlc = change.hlc;
            }
            QVERIFY(!createdHlc.isEmpty());
            Child theirs = store.child(m_childId).value();
            theirs.name = QStringLiteral("Test Baby Remote");
            const Change change =
                test::remoteChange(Entity::Child, m_childId, m_familyId, toJson(theirs),
                                   QDateTime::currentDateTimeUtc().addSecs(3600), QStringLiteral("device-b"));
            QVERIFY(store
                        .applyPulled({change}, QStringLiteral("1"), std::nullopt,
                                     {{change.changeId, QJsonObject{{QStringLiteral("name"), createdHlc}}}})
                        .ok());
        }

        const Run listed = cli({QStringLiteral("--json"), QStringLiteral("conflicts")});
        QVERIFY2(listed.exitCode == 0, qPrintable(listed.err));
        const QJsonArray conflicts = listed.json().array();
        QCOMPARE(conflicts.size(), 1);
        const QJsonObject conflict = conflicts.first().toObject();
        QCOMPARE(conflict.value(QStringLiteral("entityId")).toString(), m_childId);
        QCOMPARE(conflict.value(QStringLiteral("field")).toString(), QStringLiteral("name"));
        const QJsonObject losing = conflict.value(QStringLiteral("losing")).toObject();
        const QJsonObject winning = conflict.value(QStringLiteral("winning")).toObject();
        QCOMPARE(losing.value(QStringLiteral("value")).toString(), QStringLiteral("Test Baby Local"));
        QCOMPARE(winning.value(QStringLiteral("value")).toString(), QStringLiteral("Test Baby Remote"));
        QCOMPARE(winning.value(QStringLiteral("deviceId")).toString(), QStringLiteral("device-b"));
        QVERIFY(!conflict.contains(QStringLiteral("reviewedAt")));
        const Run text = cli({QStringLiteral("conflicts")});
        QCOMPARE(text.exitCode, 0);
        QVERIFY2(text.out.contains("lost \"Test Baby Local\""), text.out.constData());

        // Reviewed, it leaves the list to review but stays in the full one.
        {
            auto opened = store::Store::open(m_profile, pin);
            QVERIFY(opened.ok());
            QVERIFY(
                opened.value()->markConflictReviewed(conflict.value(QStringLiteral("id")).toInteger()).ok());
        }
        QCOMPARE(cli({QStringLiteral("--json"), QStringLiteral("conflicts")}).json().array().size(), 0);
        const Run all = cli({QStringLiteral("--json"), QStringLiteral("conflicts"), QStringLiteral("--all")});
        QCOMPARE(all.json().array().size(), 1);
        QVERIFY(all.json().array().first().toObject().contains(QStringLiteral("reviewedAt")));
    }

    void changePinTakesTheOldThenTheNew()
    {
        const QByteArray newPin = QByteArrayLiteral("905173");
        const Run weak = cli({QStringLiteral("change-pin")}, pin + "\n123456\n");
        QCOMPARE(weak.exitCode, 1);
        const Run changed = cli({QStringLiteral("change-pin")}, pin + '\n' + newPin + '\n');
        QCOMPARE(changed.exitCode, 0);
        QCOMPARE(cli({QStringLiteral("outbox")}, newPin + '\n').exitCode, 0);
        const Run old = cli({QStringLiteral("outbox")});
        QCOMPARE(old.exitCode, 1);
    }

    void enrolRefusesPlainHttpOffThisMachine()
    {
        const QString profile = m_dir.filePath(QStringLiteral("plain-http"));
        // 192.0.2.0/24 is reserved for documentation: nothing answers there, and nothing is sent.
        const Run refused = cli({QStringLiteral("--profile"), profile, QStringLiteral("enrol"),
                                 QStringLiteral("--server"), QStringLiteral("http://192.0.2.10:8080"),
                                 QStringLiteral("--code"), QStringLiteral("SYNTHETIC-CODE")});
        QCOMPARE(refused.exitCode, 1);
        QVERIFY2(refused.err.contains(QStringLiteral("https://")), qPrintable(refused.err));
        QVERIFY(!QDir(profile).exists());
    }

    void lockStateSaysWhenAPinMayBeTried()
    {
        const Run open = cli({QStringLiteral("--json"), QStringLiteral("lock-state")}, {});
        QCOMPARE(open.exitCode, 0);
        QCOMPARE(open.json().object().value(QStringLiteral("locked")).toBool(), true);
        QCOMPARE(open.json().object().value(QStringLiteral("secondsBeforeNextUnlock")).toInt(), 0);
        // Three wrong PINs are free; the fourth starts the back-off, which lock-state reports.
        for (int i = 0; i < 4; ++i)
            QCOMPARE(cli({QStringLiteral("outbox")}, QByteArrayLiteral("905173\n")).exitCode, 1);
        const Run waiting = cli({QStringLiteral("lock-state")}, {});
        QCOMPARE(waiting.exitCode, 0);
        QVERIFY2(waiting.out.contains("may be tried in"), waiting.out.constData());
        // A profile that is not there is an error, not "locked".
        const Run missing = cli(
            {QStringLiteral("--profile"), m_profile + QStringLiteral("-none"), QStringLiteral("lock-state")},
            {});
        QCOMPARE(missing.exitCode, 1);
    }

    void wipeWithoutPinShredsALockedStore()
    {
        const Run wiped =
            cli({QStringLiteral("--json"), QStringLiteral("wipe"), QStringLiteral("--without-pin")}, {});
        QVERIFY2(wiped.exitCode == 0, qPrintable(wiped.err));
        QVERIFY(!store::Store::exists(m_profile));
        // The correct PIN opens nothing now.
        QCOMPARE(cli({QStringLiteral("outbox")}).exitCode, 1);
        const Run again = cli({QStringLiteral("wipe"), QStringLiteral("--without-pin")}, {});
        QCOMPARE(again.exitCode, 1);
    }

    void wipeRefusesWhileChangesAreUnsynced()
    {
        // add-family and add-child in init() are two changes the server has not seen.
        const Run refused = cli({QStringLiteral("wipe")});
        QCOMPARE(refused.exitCode, 1);
        QVERIFY2(refused.err.contains(QStringLiteral("2 change(s)")), qPrintable(refused.err));
        QVERIFY(store::Store::exists(m_profile));

        const Run forced = cli({QStringLiteral("--json"), QStringLiteral("wipe"), QStringLiteral("--force")});
        QVERIFY2(forced.exitCode == 0, qPrintable(forced.err));
        QCOMPARE(forced.json().object().value(QStringLiteral("unsyncedLost")).toInt(), 2);
        QVERIFY(!store::Store::exists(m_profile));
        const QDir profile(m_profile);
        QVERIFY2(
            !profile.exists() ||
                profile.entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden).isEmpty(),
            qPrintable(profile.entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden).join(u' ')));
        QCOMPARE(cli({QStringLiteral("outbox")}).exitCode, 1);
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
