// No plaintext at rest: after writing records with distinctive synthetic names and notes, no
// file in the profile folder (database, WAL, shared memory, key file, attempts file) holds
// those strings, in UTF-8 or UTF-16, nor the data key; and the folder holds nothing else.
#include "app/store/storetesting.h"
#include "storefixtures.h"
#include "tests/support/plaintextscan.h"

#include <QDir>
#include <QFile>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace doorstep;
using namespace doorstep::store;
using namespace doorstep::store::fixtures;
using namespace Qt::StringLiterals;

namespace {

const QStringList markers = {
    QStringLiteral("Zebedee Testchild"),     QStringLiteral("Zebedee Testparent"),
    QStringLiteral("Zebedee Household"),     QStringLiteral("Quokkaobservation"),
    QStringLiteral("Marmalade Testwords"),   QStringLiteral("ZX98 7QW"),
    QStringLiteral("Tessellated Testalert"), QStringLiteral("Zebedee Testpractitioner"),
};

} // namespace

class TestPlaintext : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_root;
    TestClock m_clock;

    // Every file, every marker in every encoding, and the data key; returns the first leak found.
    static QString leakIn(const QString &dir, const QList<QByteArray> &key)
    {
        return test::leakInFiles(dir, test::markerSecrets(markers) +
                                          QList<test::Secret>{{u"the data key"_s, key}});
    }

    void writeRecords(Store &store)
    {
        const QDateTime at = *m_clock.now;
        DeviceIdentity identity;
        identity.userId = QStringLiteral("user-1");
        identity.userName = markers.at(7);
        identity.signingSecretKey = QByteArray(64, '\x03');
        QVERIFY(store.setIdentity(identity).ok());

        Family f = family(markers.at(2));
        f.postcode = markers.at(5);
        const QString familyId = store.saveFamily(f).value();
        QVERIFY(!store.saveFamilyMember(member(familyId, markers.at(1))).value().isEmpty());
        const QString childId =
            store.saveChild(child(familyId, at.date().addDays(-20), markers.at(0))).value();
        Visit v = visit(familyId, childId, at);
        v.observations = markers.at(3) + QStringLiteral(" at the home of ") + markers.at(0);
        const QString visitId = store.recordVisit(v).value();
        ChildViews cv = views(visitId, childId, at);
        cv.words = markers.at(4);
        QVERIFY(store.recordChildViews(cv).ok());
        Alert a = alert(familyId, at.date());
        a.whatHappened = markers.at(6) + QStringLiteral(": the stair gate was broken on 20 Nov 2026.");
        QVERIFY(store.saveAlert(a).ok());
        // A half-written form is as private as a signed-off record.
        QVERIFY(store
                    .saveDraft(QStringLiteral("visit:") + childId,
                               QByteArrayLiteral("{\"observations\":\"") + markers.at(3).toUtf8() + "\"}")
                    .ok());
        QCOMPARE(store.caseload().children.first().name, markers.at(0));
    }

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_root.isValid());
    }

    void nothingReadableAtRest()
    {
        const QString profile = m_root.filePath(QStringLiteral("profile"));
        QList<QByteArray> secrets;
        {
            auto created = Store::create(profile, pin, m_clock.clock());
            QVERIFY(created.ok());
            Store &store = *created.value();
            const SecureBytes &key = StoreTesting::vault(store).key();
            const QByteArray raw(reinterpret_cast<const char *>(key.data()), qsizetype(key.size()));
            secrets = {raw, raw.toHex(), raw.toHex().toUpper()};
            writeRecords(store);
            // While open, recent pages sit in the WAL: check it too.
            QVERIFY(QFile::exists(QDir(profile).filePath(QStringLiteral("doorstep.db-wal"))));
            const QString leak = leakIn(profile, secrets);
            QVERIFY2(leak.isEmpty(), qPrintable(leak));
        }
        // A wrong PIN leaves the attempts file; it holds no secret either.
        QVERIFY(!Store::open(profile, otherPin, m_clock.clock()).ok());

        const QString leak = leakIn(profile, secrets);
        QVERIFY2(leak.isEmpty(), qPrintable(leak));

        const QStringList allowed = {QStringLiteral("key.wrapped"), QStringLiteral("unlock-attempts"),
                                     QStringLiteral("doorstep.db"), QStringLiteral("doorstep.db-wal"),
                                     QStringLiteral("doorstep.db-shm")};
        for (const QString &path : test::filesIn(profile))
            QVERIFY2(allowed.contains(QFileInfo(path).fileName()), qPrintable(path));

        // The markers really were written: the store reads them back.
        auto opened = Store::open(profile, pin, m_clock.clock());
        QVERIFY(opened.ok());
        QCOMPARE(opened.value()->caseload().members.first().name, markers.at(1));
    }
};

QTEST_GUILESS_MAIN(TestPlaintext)
#include "tst_plaintext.moc"
