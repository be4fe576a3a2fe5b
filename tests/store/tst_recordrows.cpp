// The query columns of a record row hold its times as Qt::ISODateWithMs writes them in UTC
// (recordrows.cpp writes them itself, faster): the same text for any time, zone or year.
#include "app/store/recordrows.h"

#include <QRandomGenerator>
#include <QTest>
#include <QTimeZone>

using namespace doorstep;
using namespace doorstep::store;
using namespace Qt::StringLiterals;

namespace {

QString column(const RecordRow &row, const QString &name)
{
    for (const auto &[key, value] : row.columns) {
        if (key == name)
            return value;
    }
    return u"(no column)"_s;
}

QString qtText(const QDateTime &at)
{
    return at.isValid() ? at.toUTC().toString(Qt::ISODateWithMs) : QString();
}

} // namespace

class TestRecordRows : public QObject
{
    Q_OBJECT

private slots:
    void visitTimesAreWrittenAsQtWritesThem()
    {
        QList<QDateTime> times = {
            QDateTime(),
            QDateTime(QDate(1970, 1, 1), QTime(0, 0), Qt::UTC),
            QDateTime(QDate(1969, 12, 31), QTime(23, 59, 59, 999), Qt::UTC),
            QDateTime(QDate(1, 1, 1), QTime(0, 0), Qt::UTC),
            QDateTime(QDate(9999, 12, 31), QTime(23, 59, 59, 999), Qt::UTC),
            QDateTime(QDate(10000, 1, 1), QTime(0, 0), Qt::UTC),
            QDateTime(QDate(0, 12, 31), QTime(23, 59, 59, 999), Qt::UTC),
            QDateTime(QDate(-5, 6, 1), QTime(12, 0), Qt::UTC),
            QDateTime(QDate(2000, 2, 29), QTime(12, 30, 45, 7), Qt::UTC),
            QDateTime(QDate(2100, 3, 1), QTime(0, 0, 0, 1), Qt::UTC),
            QDateTime(QDate(2026, 3, 29), QTime(1, 30), Qt::LocalTime), // the spring gap in London
            QDateTime(QDate(2026, 10, 25), QTime(1, 30), Qt::LocalTime),
            QDateTime(QDate(2026, 11, 26), QTime(0, 30), Qt::OffsetFromUTC, 3600),
            QDateTime(QDate(1, 1, 1), QTime(0, 30), Qt::OffsetFromUTC, 3600),
            QDateTime(QDate(9999, 12, 31), QTime(23, 30), Qt::OffsetFromUTC, -3600),
            QDateTime(QDate(2026, 7, 1), QTime(9, 15), QTimeZone("America/New_York")),
        };
        QRandomGenerator random(20261126);
        for (int i = 0; i < 20'000; ++i) {
            // Any millisecond from year 1 to 9999, and some beyond.
            const qint64 span = 320'000'000'000'000LL;
            const qint64 ms = qint64(random.bounded(quint64(2 * span))) - span;
            times.append(QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC));
            times.append(QDateTime::fromMSecsSinceEpoch(ms % 4'000'000'000'000LL, Qt::LocalTime));
        }
        for (const QDateTime &at : std::as_const(times)) {
            Visit visit;
            visit.id = u"visit-1"_s;
            visit.familyId = u"family-1"_s;
            visit.occurredAt = at;
            visit.signedOffAt = at;
            const RecordRow row = recordRow(visit);
            QCOMPARE(column(row, u"occurred_at"_s), qtText(at));
            QCOMPARE(column(row, u"signed_off_at"_s), qtText(at));
        }
    }
};

QTEST_GUILESS_MAIN(TestRecordRows)
#include "tst_recordrows.moc"
