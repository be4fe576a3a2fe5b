// First run in the app against the real server process: the enrolment form's checks, a wrong code
// and a wrong certificate refused beside their fields (leaving no store behind), then enrolment
// with a passphrase, the first sync's progress, and the caseload open.
#include "app/appservices.h"
#include "app/caseloadmodel.h"
#include "app/enrolmentcontroller.h"
#include "app/sessioncontroller.h"
#include "app/store/store.h"
#include "app/syncstatus.h"
#include "tests/support/serverprocess.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using doorstep::app::AppServices;
using doorstep::app::EnrolmentController;
using doorstep::app::SessionController;
using doorstep::store::Store;
using doorstep::test::CommandResult;
using doorstep::test::ServerProcess;

class TestEnrolment : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_dir.isValid());
        m_server = std::make_unique<ServerProcess>(m_dir.filePath(u"server"_s));
        const QString today = QDateTime::currentDateTimeUtc().date().toString(Qt::ISODate);
        const CommandResult demo = m_server->admin({u"demo"_s, u"--today"_s, today});
        QVERIFY2(demo.exitCode == 0, demo.err.constData());
        const QJsonObject demoData = QJsonDocument::fromJson(demo.out).object();
        for (const auto &user : demoData[u"users"_s].toArray()) {
            if (user[u"role"_s].toString() == u"health_visitor"_s)
                m_code = user[u"enrolmentCode"_s].toString();
        }
        QVERIFY(!m_code.isEmpty());
        QVERIFY2(m_server->start(), qPrintable(m_server->error()));
    }

    void formIsCheckedBeforeAnythingIsMade()
    {
        const QString profileDir = m_dir.filePath(u"unchecked"_s);
        AppServices services(profileDir);
        EnrolmentController *enrolment = services.enrolment();
        QCOMPARE(services.session()->state(), SessionController::NotEnrolled);
        enrolment->enrol(u"123456"_s, u"123456"_s);
        QVERIFY(!enrolment->serverError().isEmpty());
        QVERIFY(!enrolment->codeError().isEmpty());
        QVERIFY2(!enrolment->pinError().isEmpty(), "an obvious PIN is refused by the store's rules");
        QVERIFY(enrolment->certificateError().isEmpty());

        enrolment->setServerAddress(u"not a server"_s);
        enrolment->setCode(m_code);
        enrolment->setCertificateSha256(u"abc"_s);
        enrolment->enrol(u"739154"_s, u"739155"_s);
        QVERIFY(!enrolment->serverError().isEmpty());
        QVERIFY(enrolment->codeError().isEmpty());
        QVERIFY(!enrolment->certificateError().isEmpty());
        QVERIFY(enrolment->pinError().isEmpty());
        QVERIFY(!enrolment->confirmPinError().isEmpty());

        // Digits offered as a passphrase, words as a PIN: each says to choose the other.
        enrolment->enrol(u"a-long-phrase"_s, u"a-long-phrase"_s);
        QVERIFY(!enrolment->pinError().isEmpty());
        enrolment->setUsePassphrase(true);
        enrolment->enrol(u"73915482"_s, u"73915482"_s);
        QVERIFY(!enrolment->pinError().isEmpty());
        QCOMPARE(enrolment->stage(), EnrolmentController::Form);
        QCOMPARE(services.session()->state(), SessionController::NotEnrolled);
        QVERIFY(!Store::exists(profileDir));
    }

    void fingerprintsAreNormalised()
    {
        const QString hex = u"AB:cd "_s + QString(60, u'0');
        QCOMPARE(EnrolmentController::normaliseFingerprint(hex), u"abcd"_s + QString(60, u'0'));
        QVERIFY(EnrolmentController::normaliseFingerprint(u"xyz"_s).isEmpty());
        QVERIFY(EnrolmentController::normaliseFingerprint(QString(63, u'0')).isEmpty());
    }

    void serverRefusalsShowBesideTheirFieldAndLeaveNoStore()
    {
        const QString profileDir = m_dir.filePath(u"refused"_s);
        AppServices services(profileDir);
        EnrolmentController *enrolment = services.enrolment();
        enrolment->setServerAddress(m_server->url());
        enrolment->setCode(u"not-a-real-code"_s);
        enrolment->setCertificateSha256(m_server->certificateSha256());
        enrolment->enrol(u"739154"_s, u"739154"_s);
        QCOMPARE(enrolment->stage(), EnrolmentController::Enrolling);
        QCOMPARE(services.session()->state(), SessionController::Enrolling);
        QTRY_COMPARE_WITH_TIMEOUT(enrolment->stage(), EnrolmentController::Form, 30000);
        QVERIFY2(!enrolment->codeError().isEmpty(), "the server's refusal of the code, beside the code");
        QCOMPARE(services.session()->state(), SessionController::NotEnrolled);
        QVERIFY2(!Store::exists(profileDir), "a store bound to no one is shredded");

        // Another server's certificate: refused before the code is even sent.
        enrolment->setCode(m_code);
        enrolment->setCertificateSha256(QString(64, u'0'));
        enrolment->enrol(u"739154"_s, u"739154"_s);
        QTRY_COMPARE_WITH_TIMEOUT(enrolment->stage(), EnrolmentController::Form, 30000);
        QVERIFY2(!enrolment->certificateError().isEmpty(), qPrintable(enrolment->serverError()));
        QCOMPARE(services.session()->state(), SessionController::NotEnrolled);
        QVERIFY(!Store::exists(profileDir));
    }

    void enrolsWithAPassphraseAndOpensTheCaseload()
    {
        const QString profileDir = m_dir.filePath(u"enrolled"_s);
        const QString passphrase = u"test passphrase for a synthetic profile"_s;
        {
            AppServices services(profileDir);
            EnrolmentController *enrolment = services.enrolment();
            QSignalSpy progress(enrolment, &EnrolmentController::progressChanged);
            QSignalSpy enrolled(enrolment, &EnrolmentController::enrolled);
            enrolment->setServerAddress(m_server->url());
            enrolment->setCode(m_code);
            enrolment->setCertificateSha256(m_server->certificateSha256());
            enrolment->setUsePassphrase(true);
            enrolment->enrol(passphrase, passphrase);
            QTRY_COMPARE_WITH_TIMEOUT(services.session()->state(), SessionController::Unlocked, 60000);
            QCOMPARE(enrolled.count(), 1);
            QVERIFY2(enrolment->firstSyncMessage().isEmpty(), qPrintable(enrolment->firstSyncMessage()));
            QVERIFY(progress.count() >= 2);
            QVERIFY(services.session()->usesPassphrase());
            QVERIFY(!services.session()->userName().isEmpty());
            QTRY_VERIFY_WITH_TIMEOUT(services.caseload()->isReady(), 20000);
            QVERIFY2(services.caseload()->count() > 0, "the demo caseload arrived with the first sync");
            QVERIFY(enrolment->code().isEmpty());
            QVERIFY(Store::exists(profileDir));
        }
        // The next start asks for the passphrase, and it opens the store.
        AppServices restarted(profileDir);
        SessionController *session = restarted.session();
        QCOMPARE(session->state(), SessionController::Locked);
        QVERIFY(session->usesPassphrase());
        session->unlock(passphrase);
        QTRY_COMPARE_WITH_TIMEOUT(session->state(), SessionController::Unlocked, 30000);
    }

    // An administrator revokes the device: the next sync hands in what it can, then the store is
    // shredded and the app says why, back at the enrolment page.
    void aRevokedDeviceIsShreddedAndSaysWhy()
    {
        const QString profileDir = m_dir.filePath(u"enrolled"_s);
        const QString passphrase = u"test passphrase for a synthetic profile"_s;
        QVERIFY(Store::exists(profileDir));
        QString deviceId;
        {
            auto opened = Store::open(profileDir, passphrase.toUtf8());
            QVERIFY(opened.ok());
            deviceId = opened.value()->deviceId();
        }
        AppServices services(profileDir);
        SessionController *session = services.session();
        session->unlock(passphrase);
        QTRY_COMPARE_WITH_TIMEOUT(session->state(), SessionController::Unlocked, 30000);
        // The sync that unlocking starts has finished: the next one is ours.
        QTRY_COMPARE_WITH_TIMEOUT(services.syncStatus()->state(), doorstep::app::SyncStatus::AllSent, 30000);
        const CommandResult revoked = m_server->admin({u"revoke"_s, u"--device"_s, deviceId});
        QVERIFY2(revoked.exitCode == 0, revoked.err.constData());

        services.syncStatus()->syncNow();
        QTRY_COMPARE_WITH_TIMEOUT(session->state(), SessionController::NotEnrolled, 30000);
        QVERIFY(!Store::exists(profileDir));
        QVERIFY2(session->errorString().contains(u"revoked"_s), qPrintable(session->errorString()));
    }

    void cleanupTestCase() { m_server.reset(); }

private:
    QTemporaryDir m_dir;
    std::unique_ptr<ServerProcess> m_server;
    QString m_code;
};

QTEST_GUILESS_MAIN(TestEnrolment)
#include "tst_enrolment.moc"
