// Dates as people type them on the forms.
#include "app/dateinput.h"

#include <QTest>

using namespace Qt::StringLiterals;
using doorstep::app::parseDateInput;

class TestDateInput : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void readsTheFormsPeopleType_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QDate>("expected");
        QTest::newRow("as shown") << u"25 Nov 2026"_s << QDate(2026, 11, 25);
        QTest::newRow("month in full") << u"25 November 2026"_s << QDate(2026, 11, 25);
        QTest::newRow("single digit day") << u"5 Dec 2026"_s << QDate(2026, 12, 5);
        QTest::newRow("slashes, UK order") << u"03/04/2026"_s << QDate(2026, 4, 3);
        QTest::newRow("ISO") << u"2026-11-25"_s << QDate(2026, 11, 25);
        QTest::newRow("spaces around") << u"  25   Nov 2026 "_s << QDate(2026, 11, 25);
    }
    void readsTheFormsPeopleType()
    {
        QFETCH(QString, text);
        QFETCH(QDate, expected);
        const auto date = parseDateInput(text);
        QVERIFY(date.has_value());
        QCOMPARE(*date, expected);
    }

    void refusesWhatIsNotADate_data()
    {
        QTest::addColumn<QString>("text");
        QTest::newRow("empty") << QString();
        QTest::newRow("no such day") << u"31 Feb 2027"_s;
        QTest::newRow("words") << u"next week"_s;
        QTest::newRow("no year") << u"25 Nov"_s;
        QTest::newRow("month 13") << u"01/13/2026"_s;
    }
    void refusesWhatIsNotADate()
    {
        QFETCH(QString, text);
        QVERIFY(!parseDateInput(text).has_value());
    }
};

QTEST_GUILESS_MAIN(TestDateInput)
#include "tst_dateinput.moc"
