// Hybrid logical clock: text order is clock order, local ticks and remote observations follow the
// HLC rules, and a remote clock far in the future is not followed.
#include "core/hlc.h"

#include <QTest>

#include <random>

using namespace doorstep;
using namespace Qt::StringLiterals;

class TestHlc : public QObject
{
    Q_OBJECT

private slots:
    void encode()
    {
        const HlcTimestamp t{1732312345678, 1, u"device-a"_s};
        QCOMPARE(t.encode(), u"0001732312345678-00000001-device-a"_s);
        QCOMPARE((HlcTimestamp{0, 0xabcdef12, u"n"_s}.encode()), u"0000000000000000-abcdef12-n"_s);
    }

    void roundTrip_data()
    {
        QTest::addColumn<qint64>("millis");
        QTest::addColumn<quint32>("counter");
        QTest::addColumn<QString>("node");
        QTest::newRow("zero") << qint64(0) << quint32(0) << u"a"_s;
        QTest::newRow("typical") << qint64(1764075600123) << quint32(3) << u"device-1"_s;
        QTest::newRow("uuid node with dashes")
            << qint64(1764075600123) << quint32(255) << u"6f1c2b9e-4a1d-4c7e-9d3b-0e2f5a6b7c8d"_s;
        QTest::newRow("largest") << qint64(9999999999999999) << quint32(0xffffffff) << u"z"_s;
    }
    void roundTrip()
    {
        QFETCH(qint64, millis);
        QFETCH(quint32, counter);
        QFETCH(QString, node);
        const HlcTimestamp t{millis, counter, node};
        const auto back = HlcTimestamp::decode(t.encode());
        QVERIFY2(back.ok(), back.ok() ? "" : qPrintable(back.error().message));
        QCOMPARE(back.value().millis, millis);
        QCOMPARE(back.value().counter, counter);
        QCOMPARE(back.value().node, node);
        QVERIFY(back.value() == t);
    }

    void malformed_data()
    {
        QTest::addColumn<QString>("text");
        QTest::newRow("empty") << QString();
        QTest::newRow("no node") << u"0001732312345678-00000001-"_s;
        QTest::newRow("no node or dash") << u"0001732312345678-00000001"_s;
        QTest::newRow("short millis") << u"001732312345678-00000001-a"_s;
        QTest::newRow("long millis") << u"00001732312345678-00000001-a"_s;
        QTest::newRow("upper-case hex") << u"0001732312345678-0000000A-a"_s;
        QTest::newRow("short counter") << u"0001732312345678-0000001-a"_s;
        QTest::newRow("non-hex counter") << u"0001732312345678-0000000g-a"_s;
        QTest::newRow("negative millis") << u"-001732312345678-00000001-a"_s;
        QTest::newRow("plus sign") << u"+001732312345678-00000001-a"_s;
        QTest::newRow("wrong separator") << u"0001732312345678_00000001-a"_s;
        QTest::newRow("space in node") << u"0001732312345678-00000001-a b"_s;
        QTest::newRow("letters in millis") << u"00017323123456x8-00000001-a"_s;
    }
    void malformed()
    {
        QFETCH(QString, text);
        const auto t = HlcTimestamp::decode(text);
        QVERIFY(!t.ok());
        QCOMPARE(t.error().field, u"hlc"_s);
        QCOMPARE(t.error().code, u"invalid"_s);
    }

    void textOrderIsClockOrder_data()
    {
        QTest::addColumn<qint64>("millisA");
        QTest::addColumn<quint32>("counterA");
        QTest::addColumn<QString>("nodeA");
        QTest::addColumn<qint64>("millisB");
        QTest::addColumn<quint32>("counterB");
        QTest::addColumn<QString>("nodeB");
        QTest::newRow("millis digits differ in length")
            << qint64(999) << quint32(0) << u"a"_s << qint64(1000) << quint32(0) << u"a"_s;
        QTest::newRow("millis beat counter")
            << qint64(1000) << quint32(0xffffffff) << u"a"_s << qint64(1001) << quint32(0) << u"a"_s;
        QTest::newRow("counter 9 vs 10")
            << qint64(5) << quint32(9) << u"a"_s << qint64(5) << quint32(10) << u"a"_s;
        QTest::newRow("counter 0xf vs 0x10")
            << qint64(5) << quint32(15) << u"z"_s << qint64(5) << quint32(16) << u"a"_s;
        QTest::newRow("node breaks ties")
            << qint64(5) << quint32(1) << u"device-a"_s << qint64(5) << quint32(1) << u"device-b"_s;
        QTest::newRow("node prefix") << qint64(5) << quint32(1) << u"a"_s << qint64(5) << quint32(1)
                                     << u"a-b"_s;
    }
    void textOrderIsClockOrder()
    {
        QFETCH(qint64, millisA);
        QFETCH(quint32, counterA);
        QFETCH(QString, nodeA);
        QFETCH(qint64, millisB);
        QFETCH(quint32, counterB);
        QFETCH(QString, nodeB);
        const HlcTimestamp a{millisA, counterA, nodeA};
        const HlcTimestamp b{millisB, counterB, nodeB};
        QVERIFY(a < b);
        QVERIFY(a.encode() < b.encode());
        // Byte order too, as SQL compares text.
        QVERIFY(a.encode().toUtf8() < b.encode().toUtf8());
    }

    void textOrderMatchesOnRandomTimestamps()
    {
        std::mt19937_64 random(20261125);
        std::uniform_int_distribution<qint64> millis(0, 9999999999999999);
        std::uniform_int_distribution<quint32> counter(0, 0xffffffff);
        const QStringList nodes{u"a"_s, u"ab"_s, u"b"_s, u"device-1"_s, u"device-10"_s, u"device-2"_s};
        for (int i = 0; i < 2000; ++i) {
            // Draw from narrow ranges as well, so that ties on millis and counter happen.
            const bool narrow = i % 2 == 0;
            const HlcTimestamp a{narrow ? qint64(random() % 3) : millis(random),
                                 narrow ? quint32(random() % 3) : counter(random),
                                 nodes.at(random() % nodes.size())};
            const HlcTimestamp b{narrow ? qint64(random() % 3) : millis(random),
                                 narrow ? quint32(random() % 3) : counter(random),
                                 nodes.at(random() % nodes.size())};
            QCOMPARE(a < b, a.encode() < b.encode());
            QCOMPARE(a == b, a.encode() == b.encode());
        }
    }

    void tick()
    {
        HybridClock clock(u"me"_s);
        const HlcTimestamp t1 = clock.tick(1000);
        QCOMPARE(t1, (HlcTimestamp{1000, 0, u"me"_s}));
        // Same physical time: the counter moves.
        const HlcTimestamp t2 = clock.tick(1000);
        QCOMPARE(t2, (HlcTimestamp{1000, 1, u"me"_s}));
        // The wall clock went backwards: logical time does not.
        const HlcTimestamp t3 = clock.tick(900);
        QCOMPARE(t3, (HlcTimestamp{1000, 2, u"me"_s}));
        // Physical time moves on: the counter restarts.
        const HlcTimestamp t4 = clock.tick(1001);
        QCOMPARE(t4, (HlcTimestamp{1001, 0, u"me"_s}));
        QVERIFY(t1 < t2 && t2 < t3 && t3 < t4);
        QCOMPARE(clock.last(), t4);
    }

    void resumesFromLast()
    {
        HybridClock clock(u"me"_s, HlcTimestamp{5000, 7, u"me"_s});
        QCOMPARE(clock.tick(4000), (HlcTimestamp{5000, 8, u"me"_s}));
    }

    void counterSaturationMovesMillis()
    {
        HybridClock clock(u"me"_s, HlcTimestamp{5000, 0xffffffff, u"me"_s});
        const HlcTimestamp t = clock.tick(5000);
        QCOMPARE(t, (HlcTimestamp{5001, 0, u"me"_s}));
    }

    void observe_data()
    {
        QTest::addColumn<qint64>("lastMillis");
        QTest::addColumn<quint32>("lastCounter");
        QTest::addColumn<qint64>("remoteMillis");
        QTest::addColumn<quint32>("remoteCounter");
        QTest::addColumn<qint64>("physical");
        QTest::addColumn<bool>("followed");
        QTest::addColumn<qint64>("expectedMillis");
        QTest::addColumn<quint32>("expectedCounter");
        QTest::newRow("physical ahead of both") << qint64(100) << quint32(4) << qint64(200) << quint32(9)
                                                << qint64(300) << true << qint64(300) << quint32(0);
        QTest::newRow("remote ahead") << qint64(100) << quint32(4) << qint64(250) << quint32(9) << qint64(200)
                                      << true << qint64(250) << quint32(10);
        QTest::newRow("local ahead") << qint64(400) << quint32(4) << qint64(250) << quint32(9) << qint64(200)
                                     << true << qint64(400) << quint32(5);
        QTest::newRow("tie between local and remote")
            << qint64(400) << quint32(4) << qint64(400) << quint32(9) << qint64(200) << true << qint64(400)
            << quint32(10);
        QTest::newRow("remote at the drift limit")
            << qint64(100) << quint32(0) << qint64(1000 + HybridClock::maxForwardDriftMillis) << quint32(2)
            << qint64(1000) << true << qint64(1000 + HybridClock::maxForwardDriftMillis) << quint32(3);
        QTest::newRow("remote just past the drift limit")
            << qint64(100) << quint32(0) << qint64(1001 + HybridClock::maxForwardDriftMillis) << quint32(2)
            << qint64(1000) << false << qint64(100) << quint32(0);
        QTest::newRow("remote a year ahead")
            << qint64(100) << quint32(0) << qint64(1000 + 31'536'000'000LL) << quint32(0) << qint64(1000)
            << false << qint64(100) << quint32(0);
    }
    void observe()
    {
        QFETCH(qint64, lastMillis);
        QFETCH(quint32, lastCounter);
        QFETCH(qint64, remoteMillis);
        QFETCH(quint32, remoteCounter);
        QFETCH(qint64, physical);
        QFETCH(bool, followed);
        QFETCH(qint64, expectedMillis);
        QFETCH(quint32, expectedCounter);
        HybridClock clock(u"me"_s, HlcTimestamp{lastMillis, lastCounter, u"me"_s});
        const HlcTimestamp remote{remoteMillis, remoteCounter, u"other"_s};
        QCOMPARE(clock.observe(remote, physical), followed);
        QCOMPARE(clock.last(), (HlcTimestamp{expectedMillis, expectedCounter, u"me"_s}));
        if (followed) {
            // Whatever happens next on this device is ordered after what it has seen.
            QVERIFY(remote < clock.tick(physical));
        }
    }
};

QTEST_GUILESS_MAIN(TestHlc)
#include "tst_hlc.moc"
