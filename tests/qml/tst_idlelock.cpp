// IdleLock: locks after the timeout without input, input starts the count again, the setting
// is clamped and kept, and a clock set back does not hold the session open. The clock is moved
// by hand; check() stands in for the timer.
#include "app/idlelock.h"

#include <QKeyEvent>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

using namespace Qt::StringLiterals;
using doorstep::app::IdleLock;

class TestIdleLock : public QObject
{
    Q_OBJECT
private:
    QDateTime m_now;
    IdleLock::Clock clock()
    {
        return [this] {
            return m_now;
        };
    }

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void init() { m_now = QDateTime(QDate(2026, 11, 25), QTime(10, 0), QTimeZone::utc()); }

    void locksAfterFiveMinutesByDefault()
    {
        QTemporaryDir dir;
        IdleLock lock(dir.filePath(u"settings.ini"_s), clock());
        QCOMPARE(lock.timeoutMinutes(), 5);
        QSignalSpy idle(&lock, &IdleLock::idle);
        lock.start();
        m_now = m_now.addSecs(5 * 60 - 1);
        lock.check();
        QCOMPARE(idle.count(), 0);
        QVERIFY(lock.isRunning());
        m_now = m_now.addSecs(1);
        lock.check();
        QCOMPARE(idle.count(), 1);
        QVERIFY(!lock.isRunning());
        // Once locked it says so once, not on every check.
        m_now = m_now.addSecs(600);
        lock.check();
        QCOMPARE(idle.count(), 1);
    }

    void inputStartsTheCountAgain()
    {
        QTemporaryDir dir;
        IdleLock lock(dir.filePath(u"settings.ini"_s), clock());
        QSignalSpy idle(&lock, &IdleLock::idle);
        QObject target;
        target.installEventFilter(&lock);
        lock.start();
        m_now = m_now.addSecs(4 * 60);
        QKeyEvent key(QEvent::KeyPress, Qt::Key_A, Qt::NoModifier, u"a"_s);
        QCoreApplication::sendEvent(&target, &key);
        m_now = m_now.addSecs(4 * 60);
        lock.check();
        QCOMPARE(idle.count(), 0);
        // Events that are not input (a repaint, a timer) do not count.
        QEvent paint(QEvent::UpdateRequest);
        QCoreApplication::sendEvent(&target, &paint);
        m_now = m_now.addSecs(60);
        lock.check();
        QCOMPARE(idle.count(), 1);
    }

    void notRunningNeverLocks()
    {
        QTemporaryDir dir;
        IdleLock lock(dir.filePath(u"settings.ini"_s), clock());
        QSignalSpy idle(&lock, &IdleLock::idle);
        lock.start();
        lock.stop();
        m_now = m_now.addSecs(3600);
        lock.check();
        QCOMPARE(idle.count(), 0);
    }

    void clockSetBackCountsFromTheNewTime()
    {
        QTemporaryDir dir;
        IdleLock lock(dir.filePath(u"settings.ini"_s), clock());
        QSignalSpy idle(&lock, &IdleLock::idle);
        lock.start();
        m_now = m_now.addDays(-1);
        lock.check();
        QCOMPARE(idle.count(), 0);
        m_now = m_now.addSecs(5 * 60);
        lock.check();
        QCOMPARE(idle.count(), 1);
    }

    void timeoutIsClampedAndKept()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"settings.ini"_s);
        {
            IdleLock lock(path, clock());
            QSignalSpy changed(&lock, &IdleLock::timeoutMinutesChanged);
            lock.setTimeoutMinutes(0);
            QCOMPARE(lock.timeoutMinutes(), 1);
            lock.setTimeoutMinutes(600);
            QCOMPARE(lock.timeoutMinutes(), 60);
            lock.setTimeoutMinutes(10);
            QCOMPARE(lock.timeoutMinutes(), 10);
            QCOMPARE(changed.count(), 3);

            QSignalSpy idle(&lock, &IdleLock::idle);
            lock.start();
            m_now = m_now.addSecs(9 * 60);
            lock.check();
            QCOMPARE(idle.count(), 0);
        }
        IdleLock reopened(path, clock());
        QCOMPARE(reopened.timeoutMinutes(), 10);
    }

    void timerLocksWithoutACheck()
    {
        // The real timer, with a clock that has already run past the timeout: it fires at once.
        QTemporaryDir dir;
        IdleLock lock(dir.filePath(u"settings.ini"_s), clock());
        QSignalSpy idle(&lock, &IdleLock::idle);
        lock.start();
        m_now = m_now.addSecs(3600);
        lock.setTimeoutMinutes(2); // re-aims the timer
        QVERIFY(idle.wait(5000));
    }
};

QTEST_MAIN(TestIdleLock)
#include "tst_idlelock.moc"
