// buildCoverageView: core/coverage.h's figures for the supervisor's page, with children and
// practitioners named and every figure in words.
#include "app/coverageview.h"
#include "app/csvexport.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

using namespace Qt::StringLiterals;
using namespace doorstep;
using doorstep::app::buildCoverageView;

class TestCoverageView : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void figuresInWords()
    {
        const QDate today(2026, 11, 25);
        Caseload team;
        Family f;
        f.id = u"f1"_s;
        f.label = u"Test Family A"_s;
        team.families = {f};
        team.children = {Child{u"c1"_s, u"f1"_s, u"Test Baby One"_s, today.addDays(-20), {}},
                         Child{u"c2"_s, u"f1"_s, u"Test Baby Two"_s, today.addDays(-12), {}},
                         Child{u"c3"_s, u"f1"_s, u"Test Baby Three"_s, today.addDays(-18), {}}};
        Visit seen;
        seen.id = u"v1"_s;
        seen.familyId = u"f1"_s;
        seen.practitionerId = u"u1"_s;
        seen.practitionerRole = Role::HealthVisitor;
        seen.occurredAt = QDateTime(today.addDays(-8), QTime(10, 0), QTimeZone("Europe/London")).toUTC();
        seen.children = {VisitChild{u"c3"_s, true, false}};
        Visit notBrought = seen;
        notBrought.id = u"v2"_s;
        notBrought.practitionerId = u"u2"_s;
        notBrought.contactType = ContactType::FaceToFaceClinic;
        notBrought.outcome = Outcome::WasNotBrought;
        notBrought.children = {VisitChild{u"c1"_s, false, false}};
        team.visits = {seen, notBrought};

        const auto view = buildCoverageView(team, RuleSettings{}, today.addDays(-27), today, today, u"u1"_s,
                                            u"Test Practitioner"_s);
        QCOMPARE(view.periodText, u"29 Oct 2026 to 25 Nov 2026"_s);
        QCOMPARE(view.newborns, 3);
        QCOMPARE(view.newbornsSeenByDay14, 1);
        QCOMPARE(view.seenFraction, 1.0 / 3);
        QCOMPARE(view.seenText, u"1 of 3 newborns (33%) seen face-to-face by day 14"_s);
        QCOMPARE(view.stillFlagged.size(), 2);
        QCOMPARE(view.stillFlagged.at(0).title, u"Test Baby One"_s);
        QCOMPARE(view.stillFlagged.at(0).valueText, u"6 days overdue"_s);
        QCOMPARE(view.stillFlagged.at(0).severity, u"red"_s);
        QCOMPARE(view.stillFlagged.at(0).detail, u"Test Family A · 20 days old"_s);
        QCOMPARE(view.stillFlagged.at(1).valueText, u"Due by 27 Nov 2026"_s);
        QCOMPARE(view.stillFlagged.at(1).severity, u"amber"_s);
        QCOMPARE(view.wasNotBroughtContacts, 1);
        QCOMPARE(view.wasNotBroughtText, u"1 time a child was not brought"_s);
        QCOMPARE(view.advocateText, u"No families in care proceedings."_s);
        QCOMPARE(view.practitioners.size(), 2);
        QCOMPARE(view.practitioners.at(0).title, u"Test Practitioner"_s);
        QCOMPARE(view.practitioners.at(0).valueText, u"1 visit"_s);
        QCOMPARE(view.practitioners.at(1).title, u"Practitioner u2"_s);
    }

    void chartByWeekAndCsv()
    {
        const QDate today(2026, 11, 25);
        Caseload team;
        team.families = {Family{}};
        team.families[0].id = u"f1"_s;
        team.children = {Child{u"c1"_s, u"f1"_s, u"Test Baby One"_s, today.addDays(-20), {}},
                         Child{u"c2"_s, u"f1"_s, u"Test Baby Two"_s, today.addDays(-18), {}}};
        Visit seen;
        seen.id = u"v1"_s;
        seen.familyId = u"f1"_s;
        seen.practitionerId = u"u1"_s;
        seen.practitionerRole = Role::HealthVisitor;
        seen.occurredAt = QDateTime(today.addDays(-8), QTime(10, 0), QTimeZone("Europe/London")).toUTC();
        seen.children = {VisitChild{u"c2"_s, true, false}};
        team.visits = {seen};

        const auto view = buildCoverageView(team, RuleSettings{}, today.addDays(-27), today, today, {}, {});
        // 29 Oct to 25 Nov: four weeks; both babies were born in the second (5 to 11 Nov).
        QCOMPARE(view.chart.size(), 4);
        QCOMPARE(view.chart.at(0).from, QDate(2026, 10, 29));
        QCOMPARE(view.chart.at(0).label, u"29 Oct"_s);
        QCOMPARE(view.chart.at(0).newborns, 0);
        QCOMPARE(view.chart.at(1).from, QDate(2026, 11, 5));
        QCOMPARE(view.chart.at(1).to, QDate(2026, 11, 11));
        QCOMPARE(view.chart.at(1).newborns, 2);
        QCOMPARE(view.chart.at(1).seen, 1);
        QCOMPARE(view.chart.at(1).text, u"Week from 5 Nov 2026: 1 of 2 seen by day 14"_s);
        QCOMPARE(view.chart.at(3).to, today);
        QCOMPARE(view.chart.at(3).newborns, 0);
        QCOMPARE(view.chart.at(3).text, u"Week from 19 Nov 2026: no babies born"_s);

        // A year goes by month, the first and last months cut to the period.
        const auto year = buildCoverageView(team, RuleSettings{}, QDate(2025, 11, 26), today, today, {}, {});
        QCOMPARE(year.chart.size(), 13);
        QCOMPARE(year.chart.first().label, u"Nov 2025"_s);
        QCOMPARE(year.chart.first().to, QDate(2025, 11, 30));
        QCOMPARE(year.chart.last().label, u"Nov 2026"_s);
        QCOMPARE(year.chart.last().newborns, 2);

        QVERIFY(view.csv.startsWith(u"section,summary\r\n"_s));
        QVERIFY(view.csv.contains(u"newborns,2\r\n"_s));
        QVERIFY(view.csv.contains(u"newborns_seen_by_day_14,1\r\n"_s));
        QVERIFY(view.csv.contains(u"c1,f1,"_s));
        QVERIFY2(!view.csv.contains(u"Test Baby"_s), "the export names no child");
    }

    void csvFileIsWrittenWhole()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString folder = dir.filePath(u"new/folder"_s);
        const auto written = app::writeCsvFile(folder, u"x.csv"_s, u"a,b\r\n1,\"é\"\r\n"_s);
        QVERIFY2(written, written ? "" : qPrintable(written.error().message));
        QCOMPARE(written.value(), QDir(folder).absoluteFilePath(u"x.csv"_s));
        QFile file(written.value());
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), QByteArray("a,b\r\n1,\"\xc3\xa9\"\r\n"));

        // A folder that cannot be made (a file is in the way): an error about the folder.
        QFile blocker(dir.filePath(u"blocker"_s));
        QVERIFY(blocker.open(QIODevice::WriteOnly));
        blocker.close();
        const auto refused = app::writeCsvFile(dir.filePath(u"blocker/sub"_s), u"x.csv"_s, u"a"_s);
        QVERIFY(!refused);
        QCOMPARE(refused.error().field, u"folder"_s);
        QVERIFY(!app::writeCsvFile(u"  "_s, u"x.csv"_s, u"a"_s));
    }

    void noNewborns()
    {
        const QDate today(2026, 11, 25);
        const auto view = buildCoverageView({}, RuleSettings{}, today.addDays(-27), today, today, {}, {});
        QCOMPARE(view.newborns, 0);
        QCOMPARE(view.seenFraction, 0.0);
        QCOMPARE(view.seenText, u"No babies born in this period."_s);
        QVERIFY(view.practitioners.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestCoverageView)
#include "tst_coverageview.moc"
