// DayWatcher: says when the date in Europe/London changes, and only then; its timer is aimed at
// London's midnight, DST days included, whatever the device's own time zone (the test runs
// with the process's zone set to Auckland, 13 hours ahead, to show it does not follow it).
#include "app/daywatcher.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>
#include <QTimeZone>

#include <cstdlib>
#include <ctime>

using doorstep::app::DayWatcher;

namespace {
QDateTime london(QDate day, QTime time)
{
    return QDateTime(day, time, QTimeZone("Europe/London")).toUTC();
}
} // namespace

class TestDayWatcher : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        qputenv("TZ", "Pacific/Auckland");
        tzset();
        // The device's zone really is another one now: its date is already the next day.
        QCOMPARE(london(QDate(2026, 11, 25), QTime(12, 0)).toLocalTime().date(), QDate(2026, 11, 26));
    }

    void msecsToNextDay()
    {
        QCOMPARE(DayWatcher::msecsToNextDay(london(QDate(2026, 11, 25), QTime(23, 0))), qint64(3600 * 1000));
        // Clocks go back on 25 Oct 2026: the day has 25 hours.
        QCOMPARE(DayWatcher::msecsToNextDay(london(QDate(2026, 10, 25), QTime(0, 0))),
                 qint64(25 * 3600 * 1000));
        // And forward on 29 Mar 2026: 23 hours.
        QCOMPARE(DayWatcher::msecsToNextDay(london(QDate(2026, 3, 29), QTime(0, 0))),
                 qint64(23 * 3600 * 1000));
    }

    void checkSaysWhenTheDateChanges()
    {
        QDateTime now = london(QDate(2026, 11, 25), QTime(23, 59, 59));
        DayWatcher watcher([&now] { return now; });
        QCOMPARE(watcher.today(), QDate(2026, 11, 25));
        QSignalSpy changed(&watcher, &DayWatcher::dayChanged);
        watcher.check();
        QCOMPARE(changed.count(), 0);
        now = london(QDate(2026, 11, 26), QTime(0, 0, 1));
        watcher.check();
        QCOMPARE(changed.count(), 1);
        QCOMPARE(changed.at(0).at(0).toDate(), QDate(2026, 11, 26));
        QCOMPARE(watcher.today(), QDate(2026, 11, 26));
        watcher.check();
        QCOMPARE(changed.count(), 1);
    }

    void timerFiresPastMidnight()
    {
        // A clock that reads half a second before midnight and runs in real time.
        const QDateTime start = london(QDate(2026, 11, 25), QTime(23, 59, 59, 500));
        QElapsedTimer elapsed;
        elapsed.start();
        DayWatcher watcher([start, elapsed] { return start.addMSecs(elapsed.elapsed()); });
        QSignalSpy changed(&watcher, &DayWatcher::dayChanged);
        QVERIFY(changed.wait(10000));
        QCOMPARE(changed.at(0).at(0).toDate(), QDate(2026, 11, 26));
    }
};

QTEST_GUILESS_MAIN(TestDayWatcher)
#include "tst_daywatcher.moc"
