// The encrypted store: create/open, wrong-PIN back-off, local saves with their audit and outbox
// entries in one transaction, flags, sync support (outbox, pulls, cursor) and damaged files.
#include "app/store/encrypteddatabase.h"
#include "app/store/profilefiles.h"
#include "app/store/storetesting.h"
#include "app/store/unlockattempts.h"
#include "storefixtures.h"
#include "tests/support/remotechange.h"

#include "core/hlc.h"
#include "core/recordcodec.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace doorstep;
using namespace doorstep::store;
using namespace doorstep::store::fixtures;
using doorstep::test::remoteChange;

namespace {

QString message(const Error &error)
{
    return error.code + QStringLiteral(": ") + error.message;
}

// Evaluates `expression` once.
#define VERIFY_OK(expression)                                                                                \
    do {                                                                                                     \
        const auto &result_ = (expression);                                                                  \
        QVERIFY2(result_.ok(), qPrintable(result_.ok() ? QString() : message(result_.error())));             \
    } while (false)

qint64 count(Store &store, const QString &sql)
{
    const Result<qint64> n = StoreTesting::database(store).queryInteger(sql);
    return n.ok() ? n.value() : -1;
}

bool hasNewbornFlag(const QList<Flag> &flags, const QString &childId)
{
    return std::any_of(flags.cbegin(), flags.cend(), [&](const Flag &f) {
        return f.kind == FlagKind::NewbornNoFaceToFace && f.childId == childId;
    });
}

} // namespace

class TestStore : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_root;
    int m_profiles = 0;
    TestClock m_clock;

    QString newProfile() { return m_root.filePath(QStringLiteral("profile-%1").arg(++m_profiles)); }

    std::unique_ptr<Store> createStore(const QString &profile)
    {
        auto created = Store::create(profile, pin, m_clock.clock());
        if (!created.ok())
            qWarning("create failed: %s", qPrintable(message(created.error())));
        return created.ok() ? std::move(created).value() : nullptr;
    }

    QDate today() const { return m_clock.now->date(); }

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_root.isValid());
    }

    void createThenOpen()
    {
        const QString profile = newProfile();
        QVERIFY(!Store::exists(profile));
        QString deviceId;
        {
            auto store = createStore(profile);
            QVERIFY(store);
            deviceId = store->deviceId();
            QVERIFY(!QUuid::fromString(deviceId).isNull());
            QCOMPARE(store->profileDir(), profile);
        }
        QVERIFY(Store::exists(profile));
        QCOMPARE(QFileInfo(profile).permissions() & (QFileDevice::ReadOther | QFileDevice::ReadGroup),
                 QFileDevice::Permissions());
        auto opened = Store::open(profile, pin, m_clock.clock());
        VERIFY_OK(opened);
        QCOMPARE(opened.value()->deviceId(), deviceId);
        QCOMPARE(opened.value()->settings(), RuleSettings{});
        QCOMPARE(opened.value()->pullCursor(), QString());

        const auto again = Store::create(profile, pin, m_clock.clock());
        QVERIFY(!again.ok());
        QCOMPARE(again.error().code, Store::ProfileExists);
    }

    void createRefusesAWeakPin()
    {
        const QString profile = newProfile();
        const auto created = Store::create(profile, QByteArrayLiteral("123456"), m_clock.clock());
        QVERIFY(!created.ok());
        QCOMPARE(created.error().code, Store::WeakPin);
        QVERIFY(!QFile::exists(QDir(profile).filePath(QStringLiteral("key.wrapped"))));
        QVERIFY(!QFile::exists(QDir(profile).filePath(QStringLiteral("doorstep.db"))));
    }

    void openWithoutAProfile()
    {
        const auto opened = Store::open(newProfile(), pin, m_clock.clock());
        QVERIFY(!opened.ok());
        QCOMPARE(opened.error().code, Store::NoProfile);
    }

    void wrongPinSaysSoAndCounts()
    {
        const QString profile = newProfile();
        QVERIFY(createStore(profile));
        const auto first = Store::open(profile, otherPin, m_clock.clock());
        QVERIFY(!first.ok());
        QCOMPARE(first.error().code, Store::WrongPin);
        QVERIFY2(first.error().message.contains(u"PIN is not right"), qPrintable(first.error().message));
        QVERIFY2(first.error().message.contains(u"1 wrong attempt so far"),
                 qPrintable(first.error().message));
        QVERIFY(!first.error().message.contains(QString::fromLatin1(otherPin)));
        const auto second = Store::open(profile, otherPin, m_clock.clock());
        QVERIFY2(second.error().message.contains(u"2 wrong attempts so far"),
                 qPrintable(second.error().message));
    }

    void backOffSurvivesReopening()
    {
        const QString profile = newProfile();
        QVERIFY(createStore(profile));
        for (int i = 0; i < 2; ++i)
            QCOMPARE(Store::open(profile, otherPin, m_clock.clock()).error().code, Store::WrongPin);
        const auto third = Store::open(profile, otherPin, m_clock.clock());
        QCOMPARE(third.error().code, Store::WrongPin);
        QVERIFY2(third.error().message.contains(u"3 wrong attempts so far; wait 1 second"),
                 qPrintable(third.error().message));

        // Even the right PIN is not tried while the wait runs; each open() reads the count afresh
        // from the profile, as after a restart.
        const auto early = Store::open(profile, pin, m_clock.clock());
        QVERIFY(!early.ok());
        QCOMPARE(early.error().code, Store::BackingOff);
        QVERIFY2(early.error().message.contains(u"Wait 1 second"), qPrintable(early.error().message));
        QCOMPARE(Store::secondsBeforeNextUnlock(profile, m_clock.clock()), 1);

        m_clock.advance(1);
        const auto fourth = Store::open(profile, otherPin, m_clock.clock());
        QCOMPARE(fourth.error().code, Store::WrongPin);
        QVERIFY2(fourth.error().message.contains(u"wait 2 seconds"), qPrintable(fourth.error().message));
        m_clock.advance(1);
        const auto stillWaiting = Store::open(profile, pin, m_clock.clock());
        QCOMPARE(stillWaiting.error().code, Store::BackingOff);
        QVERIFY2(stillWaiting.error().message.contains(u"Wait 1 second"),
                 qPrintable(stillWaiting.error().message));

        m_clock.advance(1);
        VERIFY_OK(Store::open(profile, pin, m_clock.clock()));
        QVERIFY(!QFile::exists(QDir(profile).filePath(QStringLiteral("unlock-attempts"))));
        const auto afterReset = Store::open(profile, otherPin, m_clock.clock());
        QVERIFY2(afterReset.error().message.contains(u"1 wrong attempt so far"),
                 qPrintable(afterReset.error().message));
    }

    void backOffDoublesUpToAnHour()
    {
        QCOMPARE(UnlockAttempts::waitAfter(2), 0);
        QCOMPARE(UnlockAttempts::waitAfter(3), 1);
        QCOMPARE(UnlockAttempts::waitAfter(4), 2);
        QCOMPARE(UnlockAttempts::waitAfter(10), 128);
        QCOMPARE(UnlockAttempts::waitAfter(15), 3600);
        QCOMPARE(UnlockAttempts::waitAfter(1000), 3600);

        // A clock set back does not lengthen the wait beyond the full back-off.
        const QString path = m_root.filePath(QStringLiteral("attempts-only"));
        UnlockAttempts attempts(path);
        for (int i = 0; i < 5; ++i)
            QVERIFY(attempts.recordFailure(*m_clock.now));
        QCOMPARE(UnlockAttempts(path).secondsToWait(m_clock.now->addDays(-1)), 4);
        QCOMPARE(UnlockAttempts(path).secondsToWait(m_clock.now->addSecs(3)), 1);
    }

    void everyKindOfRecordComesBack()
    {
        auto store = createStore(newProfile());
        QVERIFY(store);
        const QDateTime at = *m_clock.now;
        const Result<QString> familyId = store->saveFamily(family());
        VERIFY_OK(familyId);
        QVERIFY(!familyId.value().isEmpty());
        const Result<QString> memberId = store->saveFamilyMember(member(familyId.value()));
        VERIFY_OK(memberId);
        const Result<QString> childId = store->saveChild(child(familyId.value(), today().addDays(-5)));
        VERIFY_OK(childId);
        Visit v = visit(familyId.value(), childId.value(), at.addSecs(-3600));
        v.id = QStringLiteral("visit-given-id");
        const Result<QString> visitId = store->recordVisit(v);
        VERIFY_OK(visitId);
        QCOMPARE(visitId.value(), QStringLiteral("visit-given-id"));
        const Result<QString> viewsId = store->recordChildViews(views(visitId.value(), childId.value(), at));
        VERIFY_OK(viewsId);
        const Result<QString> offerId =
            store->recordAdvocateOffer(offer(familyId.value(), memberId.value(), today()));
        VERIFY_OK(offerId);
        const Result<QString> alertId = store->saveAlert(alert(familyId.value(), today()));
        VERIFY_OK(alertId);
        const Result<QString> amendmentId =
            store->recordAmendment(amendment(Entity::Visit, visitId.value(), at));
        VERIFY_OK(amendmentId);

        const Caseload caseload = store->caseload();
        QCOMPARE(caseload.families.size(), 1);
        QCOMPARE(caseload.families.first().id, familyId.value());
        QCOMPARE(caseload.families.first().label, QStringLiteral("Test Family One"));
        QCOMPARE(caseload.members.size(), 1);
        QCOMPARE(caseload.members.first().name, QStringLiteral("Test Parent One"));
        QCOMPARE(caseload.children.size(), 1);
        QCOMPARE(caseload.children.first().id, childId.value());
        QCOMPARE(caseload.children.first().dateOfBirth, today().addDays(-5));
        QCOMPARE(caseload.visits.size(), 1);
        QCOMPARE(caseload.visits.first().id, visitId.value());
        QCOMPARE(caseload.visits.first().occurredAt, at.addSecs(-3600));
        QCOMPARE(caseload.visits.first().children.size(), 1);
        QCOMPARE(caseload.visits.first().children.first().childId, childId.value());
        QVERIFY(caseload.visits.first().children.first().seen);
        QCOMPARE(caseload.views.size(), 1);
        QCOMPARE(caseload.views.first().id, viewsId.value());
        QCOMPARE(caseload.offers.size(), 1);
        QCOMPARE(caseload.offers.first().service, QStringLiteral("Test Advocacy Service"));
        QCOMPARE(caseload.alerts.size(), 1);
        QCOMPARE(caseload.alerts.first().reviewOn, today().addDays(14));
        QCOMPARE(caseload.amendments.size(), 1);
        QCOMPARE(caseload.amendments.first().targetId, visitId.value());

        // Each save queued one change, in the order made, carrying the record as the codec writes it.
        QCOMPARE(store->pendingCount(), 8);
        const QList<Change> changes = store->pendingChanges(100);
        QCOMPARE(changes.size(), 8);
        const QStringList entities{Entity::Family, Entity::FamilyMember, Entity::Child,
                                   Entity::Visit,  Entity::ChildViews,   Entity::AdvocateOffer,
                                   Entity::Alert,  Entity::Amendment};
        for (int i = 0; i < changes.size(); ++i) {
            const Change &c = changes.at(i);
            QCOMPARE(c.entity, entities.at(i));
            QCOMPARE(c.deviceSeq, qint64(i + 1));
            QCOMPARE(c.deviceId, store->deviceId());
            QCOMPARE(c.familyId, familyId.value()); // views and amendments take their visit's household
            QVERIFY(!QUuid::fromString(c.changeId).isNull());
            QVERIFY(HlcTimestamp::decode(c.hlc).ok());
            QVERIFY(HlcTimestamp::decode(c.hlc).value().node == store->deviceId());
            if (i > 0)
                QVERIFY(changes.at(i - 1).hlc < c.hlc);
        }
        QCOMPARE(changes.at(3).payload, toJson(caseload.visits.first()));
        QCOMPARE(store->pendingChanges(3).size(), 3);
        QCOMPARE(count(*store, QStringLiteral("SELECT count(*) FROM audit WHERE action = 'create'")), 8);
        QCOMPARE(count(*store, QStringLiteral("SELECT count(*) FROM visit_children")), 1);
    }

    void aMutableRecordIsUpdatedInPlace()
    {
        auto store = createStore(newProfile());
        Family f = family();
        const Result<QString> id = store->saveFamily(f);
        VERIFY_OK(id);
        f.id = id.value();
        f.label = QStringLiteral("Test Family Renamed");
        VERIFY_OK(store->saveFamily(f));
        QCOMPARE(store->caseload().families.size(), 1);
        QCOMPARE(store->caseload().families.first().label, QStringLiteral("Test Family Renamed"));
        QCOMPARE(store->pendingCount(), 2);
        QCOMPARE(count(*store, QStringLiteral("SELECT count(*) FROM audit WHERE action = 'update'")), 1);
    }

    void anInvalidRecordIsRefusedAndNothingWritten()
    {
        auto store = createStore(newProfile());
        Family f = family();
        f.label.clear();
        const Result<QString> saved = store->saveFamily(f);
        QVERIFY(!saved.ok());
        QCOMPARE(saved.error().code, Store::Invalid);
        QCOMPARE(saved.error().field, QStringLiteral("label"));
        QVERIFY(!saved.error().message.isEmpty());
        QCOMPARE(store->pendingCount(), 0);
        QCOMPARE(store->caseload().families.size(), 0);
        QCOMPARE(count(*store, QStringLiteral("SELECT count(*) FROM audit")), 0);
    }

    void didNotAttendIsRefusedForAChild()
    {
        auto store = createStore(newProfile());
        const QString familyId = store->saveFamily(family()).value();
        const QString childId = store->saveChild(child(familyId, today().addDays(-30))).value();
        const Result<QString> saved = store->recordVisit(
            visit(familyId, childId, *m_clock.now, ContactType::FaceToFaceClinic, Outcome::DidNotAttend));
        QVERIFY(!saved.ok());
        QCOMPARE(saved.error().code, Store::Invalid);
        QCOMPARE(saved.error().field, QStringLiteral("outcome"));
        QVERIFY2(saved.error().message.contains(u"was not brought"), qPrintable(saved.error().message));
        QCOMPARE(store->pendingCount(), 2);
        QCOMPARE(store->caseload().visits.size(), 0);
    }

    void appendOnlyRecordsAreNeverRewritten()
    {
        auto store = createStore(newProfile());
        const QString familyId = store->saveFamily(family()).value();
        const QString childId = store->saveChild(child(familyId, today().addDays(-30))).value();
        Visit v = visit(familyId, childId, *m_clock.now);
        v.id = uuid();
        VERIFY_OK(store->recordVisit(v));
        v.observations = QStringLiteral("Test observations, edited afterwards.");
        const Result<QString> again = store->recordVisit(v);
        QVERIFY(!again.ok());
        QCOMPARE(again.error().code, Store::Invalid);
        QVERIFY2(again.error().message.contains(u"amendment"), qPrintable(again.error().message));
        QCOMPARE(store->caseload().visits.first().observations,
                 QStringLiteral("Test observations: baby feeding well."));
        QCOMPARE(store->pendingCount(), 3);

        const Result<QString> orphanViews = store->recordChildViews(views(uuid(), childId, *m_clock.now));
        QVERIFY(!orphanViews.ok());
        QCOMPARE(orphanViews.error().field, QStringLiteral("visitId"));
    }

    void recordAuditAndOutboxAreOneTransaction()
    {
        auto store = createStore(newProfile());
        VERIFY_OK(store->saveFamily(family()));
        SqliteDatabase &db = StoreTesting::database(*store);
        // The outbox insert is the last of the three writes: make it fail.
        VERIFY_OK(db.exec(QStringLiteral("CREATE TEMP TRIGGER fail_outbox BEFORE INSERT ON outbox "
                                         "BEGIN SELECT RAISE(ABORT, 'injected failure'); END")));
        const Result<QString> saved = store->saveFamily(family(QStringLiteral("Test Family Two")));
        QVERIFY(!saved.ok());
        QCOMPARE(store->caseload().families.size(), 1);
        QCOMPARE(count(*store, QStringLiteral("SELECT count(*) FROM audit")), 1);
        QCOMPARE(count(*store, QStringLiteral("SELECT count(*) FROM outbox")), 1);
        QVERIFY(!db.inTransaction());

        VERIFY_OK(db.exec(QStringLiteral("DROP TRIGGER fail_outbox")));
        VERIFY_OK(store->saveFamily(family(QStringLiteral("Test Family Two"))));
        QCOMPARE(store->caseload().families.size(), 2);
        QCOMPARE(store->pendingChanges(10).last().deviceSeq, 2);
    }

    void aFullDiskIsSaidPlainly()
    {
        auto store = createStore(newProfile());
        SqliteDatabase &db = StoreTesting::database(*store);
        const Result<qint64> pages = db.queryInteger(QStringLiteral("PRAGMA page_count"));
        VERIFY_OK(pages);
        VERIFY_OK(db.exec(QStringLiteral("PRAGMA max_page_count = %1").arg(pages.value())));
        Family big = family();
        big.movedFrom = QString(20000, u'x');
        big.movedInOn = today();
        const Result<QString> saved = store->saveFamily(big);
        QVERIFY(!saved.ok());
        QCOMPARE(saved.error().code, Store::DiskFull);
        QVERIFY2(saved.error().message.contains(u"out of storage space"), qPrintable(saved.error().message));
        QCOMPARE(store->pendingCount(), 0);
    }

    void flagsFollowSavedRecords()
    {
        auto store = createStore(newProfile());
        const QString familyId = store->saveFamily(family()).value();
        const QString childId = store->saveChild(child(familyId, today().addDays(-12))).value();
        const QList<Flag> before = store->flags(today());
        QVERIFY(hasNewbornFlag(before, childId));

        // A telephone call does not count; a face-to-face visit by a health visitor does.
        VERIFY_OK(store->recordVisit(visit(familyId, childId, *m_clock.now, ContactType::Telephone)));
        QVERIFY(hasNewbornFlag(store->flags(today()), childId));
        VERIFY_OK(store->recordVisit(visit(familyId, childId, *m_clock.now, ContactType::FaceToFaceHome)));
        QVERIFY(!hasNewbornFlag(store->flags(today()), childId));
    }

    void pulledSettingsReplaceTheDefaults()
    {
        auto store = createStore(newProfile());
        QCOMPARE(store->settings(), RuleSettings{});
        RuleSettings settings;
        settings.newbornWindowDays = 40;
        settings.birthPeriods = {
            BirthPeriod{QDate(2020, 3, 23), QDate(2020, 7, 4), QStringLiteral("Lockdown")}};
        VERIFY_OK(store->applyPulled({}, QStringLiteral("c1"), settings));
        QCOMPARE(store->settings(), settings);
        QCOMPARE(store->pullCursor(), QStringLiteral("c1"));
        VERIFY_OK(store->applyPulled({}, QStringLiteral("c2"), std::nullopt));
        QCOMPARE(store->settings(), settings);
    }

    void lastWriterWinsBothWays()
    {
        auto store = createStore(newProfile());
        Family local = family(QStringLiteral("Test Family Local"));
        local.id = store->saveFamily(local).value();

        // Newer on another device: it wins.
        Family remote = local;
        remote.label = QStringLiteral("Test Family Remote");
        const Change newer =
            remoteChange(Entity::Family, local.id, local.id, toJson(remote), m_clock.now->addSecs(30));
        VERIFY_OK(store->applyPulled({newer}, QStringLiteral("c1"), std::nullopt));
        QCOMPARE(store->caseload().families.first().label, QStringLiteral("Test Family Remote"));

        // Older than what we hold: it loses.
        Family stale = local;
        stale.label = QStringLiteral("Test Family Stale");
        const Change older = remoteChange(Entity::Family, local.id, local.id, toJson(stale),
                                          m_clock.now->addSecs(-30), QStringLiteral("device-c"));
        VERIFY_OK(store->applyPulled({older}, QStringLiteral("c2"), std::nullopt));
        QCOMPARE(store->caseload().families.first().label, QStringLiteral("Test Family Remote"));

        // The clock observed the newer change, so the next local edit is later still and wins.
        Family edited = local;
        edited.label = QStringLiteral("Test Family Edited");
        VERIFY_OK(store->saveFamily(edited));
        const QString editHlc = store->pendingChanges(10).last().hlc;
        QVERIFY(editHlc > newer.hlc);
        const Change replayed =
            remoteChange(Entity::Family, local.id, local.id, toJson(remote), m_clock.now->addSecs(30));
        VERIFY_OK(store->applyPulled({replayed}, QStringLiteral("c3"), std::nullopt));
        QCOMPARE(store->caseload().families.first().label, QStringLiteral("Test Family Edited"));
        QCOMPARE(count(*store, QStringLiteral("SELECT count(*) FROM audit WHERE action = 'pulled'")), 1);
    }

    void pulledAppendOnlyRecordsAreInsertedOnce()
    {
        auto store = createStore(newProfile());
        const QString familyId = store->saveFamily(family()).value();
        const QString childId = store->saveChild(child(familyId, today().addDays(-3))).value();
        Visit v = visit(familyId, childId, *m_clock.now);
        v.id = uuid();
        const Change change = remoteChange(Entity::Visit, v.id, familyId, toJson(v), *m_clock.now);
        VERIFY_OK(store->applyPulled({change}, QStringLiteral("c1"), std::nullopt));
        VERIFY_OK(store->applyPulled({change}, QStringLiteral("c2"), std::nullopt));
        QCOMPARE(store->caseload().visits.size(), 1);
        QVERIFY(!hasNewbornFlag(store->flags(today()), childId));

        // Our own changes come back in a pull: harmless.
        const Caseload before = store->caseload();
        VERIFY_OK(store->applyPulled(store->pendingChanges(100), QStringLiteral("c3"), std::nullopt));
        QCOMPARE(store->caseload().families.size(), before.families.size());
        QCOMPARE(store->caseload().children.size(), before.children.size());
        QCOMPARE(store->caseload().visits.size(), 1);
        QCOMPARE(store->pullCursor(), QStringLiteral("c3"));
    }

    void theCursorMovesOnlyWithTheBatch()
    {
        auto store = createStore(newProfile());
        VERIFY_OK(store->applyPulled({}, QStringLiteral("c1"), std::nullopt));
        Family f = family(QStringLiteral("Test Family Pulled"));
        f.id = uuid();
        const Change good = remoteChange(Entity::Family, f.id, f.id, toJson(f), *m_clock.now);
        QJsonObject broken = toJson(f);
        broken.insert(QStringLiteral("notAField"), 1);
        const Change bad = remoteChange(Entity::Family, f.id, f.id, broken, *m_clock.now);

        RuleSettings settings;
        settings.advocateOfferDays = 9;
        const Result<void> refused = store->applyPulled({good, bad}, QStringLiteral("c2"), settings);
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().code, Store::Invalid);
        QVERIFY2(refused.error().message.contains(bad.changeId), qPrintable(refused.error().message));
        QCOMPARE(store->pullCursor(), QStringLiteral("c1"));
        QCOMPARE(store->caseload().families.size(), 0);
        QCOMPARE(store->settings(), RuleSettings{});

        Change unknown = good;
        unknown.entity = QStringLiteral("spaceship");
        QCOMPARE(store->applyPulled({unknown}, QStringLiteral("c2"), std::nullopt).error().code,
                 Store::Invalid);

        VERIFY_OK(store->applyPulled({good}, QStringLiteral("c2"), settings));
        QCOMPARE(store->pullCursor(), QStringLiteral("c2"));
        QCOMPARE(store->caseload().families.size(), 1);
        QCOMPARE(store->settings().advocateOfferDays, 9);
    }

    void acknowledgedAndRejectedChanges()
    {
        auto store = createStore(newProfile());
        for (const QString &label : {QStringLiteral("Test Family A"), QStringLiteral("Test Family B"),
                                     QStringLiteral("Test Family C")}) {
            VERIFY_OK(store->saveFamily(family(label)));
        }
        const QList<Change> changes = store->pendingChanges(10);
        QCOMPARE(changes.size(), 3);

        VERIFY_OK(store->markAcknowledged({changes.at(0).changeId, QStringLiteral("not-a-change")}));
        QCOMPARE(store->pendingCount(), 2);
        VERIFY_OK(store->markAcknowledged({changes.at(0).changeId})); // a resent batch: harmless
        VERIFY_OK(store->markRejected(changes.at(1).changeId, QStringLiteral("forbidden"),
                                      QStringLiteral("This family is not on your caseload.")));
        QCOMPARE(store->pendingCount(), 1);
        QCOMPARE(store->pendingChanges(10).size(), 1);
        QCOMPARE(store->pendingChanges(10).first().changeId, changes.at(2).changeId);

        const QList<OutboxEntry> outbox = store->outbox();
        QCOMPARE(outbox.size(), 2);
        QCOMPARE(outbox.at(0).change.changeId, changes.at(2).changeId);
        QVERIFY(!outbox.at(0).rejected);
        QCOMPARE(outbox.at(1).change.changeId, changes.at(1).changeId);
        QVERIFY(outbox.at(1).rejected);
        QCOMPARE(outbox.at(1).rejectionCode, QStringLiteral("forbidden"));
        QCOMPARE(outbox.at(1).rejectionReason, QStringLiteral("This family is not on your caseload."));
        QCOMPARE(store->outbox(1).size(), 1);

        const Result<void> unknown =
            store->markRejected(QStringLiteral("not-a-change"), QStringLiteral("x"), {});
        QVERIFY(!unknown.ok());
        QCOMPARE(unknown.error().code, Store::NotFound);

        // New changes keep counting from where the outbox got to.
        VERIFY_OK(store->saveFamily(family(QStringLiteral("Test Family D"))));
        QCOMPARE(store->pendingChanges(10).last().deviceSeq, 4);
    }

    void identityAndLastSyncStayInTheStore()
    {
        const QString profile = newProfile();
        DeviceIdentity identity;
        identity.userId = QStringLiteral("user-1");
        identity.userName = QStringLiteral("Test Practitioner");
        identity.role = Role::Midwife;
        identity.teamId = QStringLiteral("team-1");
        identity.serverUrl = QStringLiteral("https://localhost:8443");
        identity.serverCertificateSha256 = QStringLiteral("ab").repeated(32);
        identity.signingPublicKey = QByteArray(32, '\x01');
        identity.signingSecretKey = QByteArray(64, '\x02');
        const QDateTime synced(QDate(2026, 11, 25), QTime(8, 30, 15, 250), Qt::UTC);
        QString deviceId;
        {
            auto store = createStore(profile);
            deviceId = store->deviceId();
            QVERIFY(!store->identity());
            QVERIFY(!store->lastSyncedAt().isValid());
            DeviceIdentity foreign = identity;
            foreign.deviceId = QStringLiteral("another-device");
            QCOMPARE(store->setIdentity(foreign).error().code, Store::Invalid);
            VERIFY_OK(store->setIdentity(identity));
            VERIFY_OK(store->setLastSyncedAt(synced));
            VERIFY_OK(store->saveFamily(family()));
        }
        auto opened = Store::open(profile, pin, m_clock.clock());
        VERIFY_OK(opened);
        const std::optional<DeviceIdentity> stored = opened.value()->identity();
        QVERIFY(stored);
        QCOMPARE(stored->deviceId, deviceId);
        QCOMPARE(stored->userId, identity.userId);
        QCOMPARE(stored->userName, identity.userName);
        QCOMPARE(stored->role, Role::Midwife);
        QCOMPARE(stored->teamId, identity.teamId);
        QCOMPARE(stored->serverUrl, identity.serverUrl);
        QCOMPARE(stored->serverCertificateSha256, identity.serverCertificateSha256);
        QCOMPARE(stored->signingPublicKey, identity.signingPublicKey);
        QCOMPARE(stored->signingSecretKey, identity.signingSecretKey);
        QCOMPARE(opened.value()->lastSyncedAt(), synced);
        // Audit entries carry who made the change.
        QCOMPARE(
            count(*opened.value(), QStringLiteral("SELECT count(*) FROM audit WHERE user_id = 'user-1'")), 1);
    }

    void aNewerStoreIsRefused()
    {
        const QString profile = newProfile();
        {
            auto store = createStore(profile);
            VERIFY_OK(StoreTesting::database(*store).exec(QStringLiteral("PRAGMA user_version = 99")));
        }
        const auto opened = Store::open(profile, pin, m_clock.clock());
        QVERIFY(!opened.ok());
        QCOMPARE(opened.error().code, Store::NewerVersion);
        QVERIFY2(opened.error().message.contains(u"newer version"), qPrintable(opened.error().message));
    }

    void damagedFilesAreToldApart()
    {
        const QString a = newProfile();
        const QString b = newProfile();
        QVERIFY(createStore(a));
        QVERIFY(createStore(b));
        const QString dbB = QDir(b).filePath(QStringLiteral("doorstep.db"));
        const QString keyB = QDir(b).filePath(QStringLiteral("key.wrapped"));
        QFile file(dbB);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray original = file.readAll();
        file.close();
        QFile keyFile(keyB);
        QVERIFY(keyFile.open(QIODevice::ReadOnly));
        const QByteArray originalKey = keyFile.readAll();
        keyFile.close();

        const auto writeDb = [&](const QByteArray &bytes) {
            QFile out(dbB);
            return out.open(QIODevice::WriteOnly | QIODevice::Truncate) && out.write(bytes) == bytes.size();
        };
        const auto openB = [&] {
            return Store::open(b, pin, m_clock.clock());
        };

        // A's key (same PIN) on B's file.
        QVERIFY(QFile::remove(keyB));
        QVERIFY(QFile::copy(QDir(a).filePath(QStringLiteral("key.wrapped")), keyB));
        const auto wrongKey = openB();
        QCOMPARE(wrongKey.error().code, Store::WrongKey);
        QVERIFY2(wrongKey.error().message.contains(u"does not belong"), qPrintable(wrongKey.error().message));
        QVERIFY(QFile::remove(keyB));
        QVERIFY(keyFile.open(QIODevice::WriteOnly) && keyFile.write(originalKey) == originalKey.size());
        keyFile.close();

        // Bytes changed inside page 1, after the salt.
        QByteArray damaged = original;
        for (int i = 200; i < 216; ++i)
            damaged[i] = char(damaged.at(i) ^ 0x5a);
        QVERIFY(writeDb(damaged));
        const auto corrupt = openB();
        QCOMPARE(corrupt.error().code, Store::Corrupt);
        QVERIFY2(corrupt.error().message.contains(u"damaged"), qPrintable(corrupt.error().message));

        // Cut short mid-page, and emptied.
        QVERIFY(writeDb(original.left(original.size() - 100)));
        const auto truncated = openB();
        QCOMPARE(truncated.error().code, Store::Truncated);
        QVERIFY2(truncated.error().message.contains(u"cut short"), qPrintable(truncated.error().message));
        QVERIFY(writeDb(QByteArray()));
        QCOMPARE(openB().error().code, Store::Truncated);

        // Put back, it opens: none of this counted as a wrong PIN.
        QVERIFY(writeDb(original));
        VERIFY_OK(openB());
    }
    void newStoresUseFourKiBCipherPages()
    {
        const QString profile = newProfile();
        auto store = createStore(profile);
        QVERIFY(store);
        VERIFY_OK(store->saveFamily(family()));
        QCOMPARE(count(*store, QStringLiteral("PRAGMA cipher_page_size")), qint64(cipherPageSize));
        QCOMPARE(count(*store, QStringLiteral("PRAGMA page_size")), qint64(4096));

        // The file itself is laid out in 4 KiB pages: a second connection keyed the same way
        // reads it, one that assumes SQLCipher 3's default 1 KiB pages cannot.
        const auto readsWith = [&](int pageSize) {
            auto db =
                SqliteDatabase::open(profile::databaseFile(profile), SqliteDatabase::OpenMode::Existing);
            return db.ok() && db.value()->setRawKey(StoreTesting::vault(*store).key()).ok() &&
                   db.value()->exec(QStringLiteral("PRAGMA cipher_page_size = %1").arg(pageSize)).ok() &&
                   db.value()->queryInteger(QStringLiteral("SELECT count(*) FROM families")).ok();
        };
        QVERIFY(readsWith(4096));
        QVERIFY(!readsWith(1024));
    }

    void pulledAppendOnlyPayloadsAreStoredAsReceived()
    {
        auto store = createStore(newProfile());
        const QString familyId = store->saveFamily(family()).value();
        const QString childId = store->saveChild(child(familyId, today().addDays(-3))).value();
        Visit v = visit(familyId, childId, *m_clock.now);
        v.id = uuid();
        // Optional texts left out: valid, and not the codec's own form (which writes them as "").
        QJsonObject received = toJson(v);
        received.remove(QStringLiteral("present"));
        received.remove(QStringLiteral("concerns"));
        QVERIFY(received != toJson(v));
        VERIFY_OK(store->applyPulled({remoteChange(Entity::Visit, v.id, familyId, received, *m_clock.now)},
                                     QStringLiteral("c1"), std::nullopt));

        auto select = StoreTesting::database(*store).prepare(
            QStringLiteral("SELECT payload, occurred_at, contact_type FROM visits WHERE id = ?1"));
        QVERIFY(select.ok());
        select.value().bindText(1, v.id);
        QVERIFY(select.value().step().value());
        QCOMPARE(QJsonDocument::fromJson(select.value().rawUtf8(0)).object(), received);
        // The query columns still come from the decoded record.
        QCOMPARE(select.value().text(1), v.occurredAt.toUTC().toString(Qt::ISODateWithMs));
        QCOMPARE(select.value().text(2), QStringLiteral("face_to_face_home"));
        QCOMPARE(
            count(*store,
                  QStringLiteral("SELECT count(*) FROM visit_children WHERE child_id = '%1'").arg(childId)),
            qint64(1));
        const Caseload caseload = store->caseload();
        QCOMPARE(caseload.visits.size(), 1);
        QCOMPARE(caseload.visits.first().observations, v.observations);
        QVERIFY(caseload.visits.first().present.isEmpty());
        QVERIFY(!hasNewbornFlag(store->flags(today()), childId));

        // Still decoded in full: a payload that does not match its record is refused, whole.
        QJsonObject wrong = toJson(v);
        wrong.insert(QStringLiteral("id"), uuid());
        wrong.insert(QStringLiteral("contactType"), QStringLiteral("carrier_pigeon"));
        const Result<void> refused =
            store->applyPulled({remoteChange(Entity::Visit, wrong.value(QStringLiteral("id")).toString(),
                                             familyId, wrong, *m_clock.now)},
                               QStringLiteral("c2"), std::nullopt);
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().code, Store::Invalid);
        QVERIFY2(refused.error().field == QStringLiteral("contactType"), qPrintable(refused.error().field));
        QCOMPARE(store->pullCursor(), QStringLiteral("c1"));
        QCOMPARE(count(*store, QStringLiteral("SELECT count(*) FROM visits")), qint64(1));
    }

    void wipeCountsRefusedChangesAsUnsent()
    {
        const QString profile = newProfile();
        auto store = createStore(profile);
        for (const QString &label : {QStringLiteral("Test Family A"), QStringLiteral("Test Family B"),
                                     QStringLiteral("Test Family C")}) {
            VERIFY_OK(store->saveFamily(family(label)));
        }
        const QList<Change> changes = store->pendingChanges(10);
        VERIFY_OK(store->markAcknowledged({changes.at(0).changeId}));
        VERIFY_OK(store->markRejected(changes.at(1).changeId, QStringLiteral("forbidden"),
                                      QStringLiteral("This family is not on your caseload.")));
        QCOMPARE(store->pendingCount(), 1);
        QCOMPARE(store->unsentCount(), 2);

        Result<int> wiped = Store::wipe(store, false);
        QVERIFY(!wiped.ok());
        QCOMPARE(wiped.error().code, Store::UnsyncedChanges);
        QVERIFY2(wiped.error().message.startsWith(u"2 change(s)"), qPrintable(wiped.error().message));
        QVERIFY(store);
        QCOMPARE(store->caseload().families.size(), 3); // nothing touched

        // Nothing pending, one refused: still refused, and said.
        VERIFY_OK(store->markAcknowledged({changes.at(2).changeId}));
        QCOMPARE(store->pendingCount(), 0);
        wiped = Store::wipe(store, false);
        QVERIFY(!wiped.ok());
        QCOMPARE(wiped.error().code, Store::UnsyncedChanges);
        QVERIFY2(wiped.error().message.startsWith(u"1 change(s)"), qPrintable(wiped.error().message));
        QVERIFY(Store::exists(profile));

        wiped = Store::wipe(store, true);
        VERIFY_OK(wiped);
        QCOMPARE(wiped.value(), 1);
        QVERIFY(!store);
        QVERIFY(!Store::exists(profile));
    }

    void wipeWithEverythingOnTheServer()
    {
        const QString profile = newProfile();
        auto store = createStore(profile);
        VERIFY_OK(store->saveFamily(family()));
        VERIFY_OK(store->markAcknowledged({store->pendingChanges(10).first().changeId}));
        const Result<int> wiped = Store::wipe(store, false);
        VERIFY_OK(wiped);
        QCOMPARE(wiped.value(), 0);
        QVERIFY(!Store::exists(profile));
    }
};

QTEST_GUILESS_MAIN(TestStore)
#include "tst_store.moc"
