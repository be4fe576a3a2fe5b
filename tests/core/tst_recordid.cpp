// Record ids: UUIDs of version 7 whose text order follows the time they were made, so that new
// rows go to the end of the indexes keyed by id.
#include "core/recordid.h"

#include <QSet>
#include <QTest>
#include <QUuid>

using namespace doorstep;
using namespace Qt::StringLiterals;

class TestRecordId : public QObject
{
    Q_OBJECT

private slots:
    void isAVersion7Uuid()
    {
        const QString id = newRecordId();
        QCOMPARE(id.size(), 36);
        QCOMPARE(id, id.toLower());
        const QUuid uuid(id);
        QVERIFY(!uuid.isNull());
        QCOMPARE(uuid.toString(QUuid::WithoutBraces), id);
        // Qt 6.4's QUuid::version() knows versions up to 5 only: read the digits.
        QCOMPARE(id.at(14), u'7');
        QVERIFY(u"89ab"_s.contains(id.at(19))); // the variant, binary 10: RFC 9562
        QCOMPARE(uuid.variant(), QUuid::DCE);
    }

    void carriesTheMillisecondsItWasMadeAt()
    {
        const QDateTime madeAt = QDateTime::fromMSecsSinceEpoch(0x0192'f3c4'5d6e, Qt::UTC);
        const QString id = newRecordId(madeAt);
        QCOMPARE(id.left(13), u"0192f3c4-5d6e"_s);
        QCOMPARE(id.at(14), u'7');
    }

    void textOrderFollowsTimeMade()
    {
        // Each a millisecond after the last, across a change of the first hex digit's carry.
        const QDateTime start = QDateTime::fromMSecsSinceEpoch(0x0192'ffff'fff0, Qt::UTC);
        QString previous = newRecordId(start);
        for (int ms = 1; ms < 40; ++ms) {
            const QString next = newRecordId(start.addMSecs(ms));
            QVERIFY2(previous < next, qPrintable(previous + u" !< "_s + next));
            previous = next;
        }
        // Made a year apart, ids differ within their first eight characters.
        QVERIFY(newRecordId(start).left(8) != newRecordId(start.addDays(365)).left(8));
    }

    void idsMadeTogetherDiffer()
    {
        // 74 random bits each: ids made within one millisecond still never collide.
        const QDateTime at = QDateTime::currentDateTimeUtc();
        QSet<QString> seen;
        for (int i = 0; i < 10'000; ++i)
            seen.insert(newRecordId(at));
        QCOMPARE(seen.size(), 10'000);
    }
};

QTEST_GUILESS_MAIN(TestRecordId)
#include "tst_recordid.moc"
