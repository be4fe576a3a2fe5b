// Drafts: an unfinished form survives the store being closed and reopened (the app closed or
// locked), is replaced whole by a later save, never reaches the outbox, and bad input is refused
// without touching what is saved.
#include "storefixtures.h"

#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace doorstep;
using namespace doorstep::store;
using namespace doorstep::store::fixtures;

class TestDrafts : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_root;
    TestClock m_clock;

    QString profile() const { return m_root.filePath(QStringLiteral("profile")); }

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_root.isValid());
        QVERIFY(Store::create(profile(), pin, m_clock.clock()).ok());
    }

    void draftSurvivesReopenAndIsReplacedWhole()
    {
        const QString key = QStringLiteral("visit:child-1");
        {
            auto store = Store::open(profile(), pin, m_clock.clock());
            QVERIFY(store.ok());
            QVERIFY(!store.value()->draft(key).value().has_value());
            QVERIFY(store.value()->saveDraft(key, QByteArrayLiteral("{\"observations\":\"first\"}")).ok());
            QVERIFY(store.value()->saveDraft(key, QByteArrayLiteral("{\"observations\":\"second\"}")).ok());
            QVERIFY(store.value()->saveDraft(QStringLiteral("visit:child-2"), QByteArrayLiteral("{}")).ok());
            // A draft is not a record: nothing goes to the server.
            QCOMPARE(store.value()->pendingCount(), 0);
        }
        auto reopened = Store::open(profile(), pin, m_clock.clock());
        QVERIFY(reopened.ok());
        const Result<std::optional<QByteArray>> restored = reopened.value()->draft(key);
        QVERIFY(restored.ok());
        QCOMPARE(restored.value().value_or(QByteArray()), QByteArrayLiteral("{\"observations\":\"second\"}"));

        QVERIFY(reopened.value()->discardDraft(key).ok());
        QVERIFY(!reopened.value()->draft(key).value().has_value());
        // Discarding one leaves the others.
        QVERIFY(reopened.value()->draft(QStringLiteral("visit:child-2")).value().has_value());
        // Discarding what is not there is not an error: a form signed off twice is harmless.
        QVERIFY(reopened.value()->discardDraft(key).ok());
    }

    void badInputIsRefusedAndNothingIsLost()
    {
        auto store = Store::open(profile(), pin, m_clock.clock());
        QVERIFY(store.ok());
        const QString key = QStringLiteral("visit:child-3");
        QVERIFY(store.value()->saveDraft(key, QByteArrayLiteral("kept")).ok());

        const Result<void> huge = store.value()->saveDraft(key, QByteArray(300 * 1024, 'x'));
        QVERIFY(!huge.ok());
        QCOMPARE(huge.error().code, Store::Invalid);
        QCOMPARE(huge.error().field, QStringLiteral("payload"));
        QVERIFY(huge.error().message.contains(QStringLiteral("at most")));

        const Result<void> unnamed = store.value()->saveDraft(QStringLiteral("  "), QByteArrayLiteral("x"));
        QVERIFY(!unnamed.ok());
        QCOMPARE(unnamed.error().field, QStringLiteral("key"));

        QCOMPARE(store.value()->draft(key).value().value_or(QByteArray()), QByteArrayLiteral("kept"));
    }
};

QTEST_GUILESS_MAIN(TestDrafts)
#include "tst_drafts.moc"
