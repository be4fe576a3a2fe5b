// The caseload rows the app lists: ages in words at their boundaries, each child's most pressing
// flag (its own or its household's), and flagged children first.
#include "app/caseloadrows.h"

#include <QHash>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace doorstep;
using doorstep::app::buildCaseloadRows;
using doorstep::app::CaseloadRow;

class TestCaseloadRows : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void ageText_data()
    {
        QTest::addColumn<QDate>("born");
        QTest::addColumn<QString>("expected");
        QTest::newRow("expected baby") << QDate(2026, 12, 2) << u"Due 2 Dec 2026"_s;
        QTest::newRow("today") << QDate(2026, 11, 25) << u"Born today"_s;
        QTest::newRow("one day") << QDate(2026, 11, 24) << u"1 day old"_s;
        QTest::newRow("12 days") << QDate(2026, 11, 13) << u"12 days old"_s;
        QTest::newRow("8 weeks, still in days") << QDate(2026, 9, 30) << u"56 days old"_s;
        QTest::newRow("57 days, in months") << QDate(2026, 9, 29) << u"1 month old"_s;
        QTest::newRow("a day short of 3 months") << QDate(2026, 8, 26) << u"2 months old"_s;
        QTest::newRow("3 months") << QDate(2026, 8, 25) << u"3 months old"_s;
        QTest::newRow("23 months") << QDate(2024, 12, 25) << u"23 months old"_s;
        QTest::newRow("2 years") << QDate(2024, 11, 25) << u"2 years old"_s;
        QTest::newRow("a day short of 3 years") << QDate(2023, 11, 26) << u"2 years old"_s;
        QTest::newRow("no date") << QDate() << QString();
    }

    void ageText()
    {
        QFETCH(QDate, born);
        QFETCH(QString, expected);
        QCOMPARE(app::ageText(born, QDate(2026, 11, 25)), expected);
    }

    void rowsTakeTheMostPressingFlagAndSortFlaggedFirst()
    {
        const QDate today(2026, 11, 25);
        const auto family = [](const QString &id, const QString &label) {
            Family f;
            f.id = id;
            f.label = label;
            return f;
        };
        const auto child = [](const QString &id, const QString &familyId, const QString &name,
                              const QDate &born) {
            Child c;
            c.id = id;
            c.familyId = familyId;
            c.name = name;
            c.dateOfBirth = born;
            return c;
        };
        Caseload caseload;
        caseload.families = {family(u"f1"_s, u"Test Family A"_s), family(u"f2"_s, u"Test Family B"_s)};
        caseload.children = {
            child(u"c1"_s, u"f1"_s, u"Test Child Alpha"_s, QDate(2023, 1, 1)),
            child(u"c2"_s, u"f2"_s, u"Test Baby Beta"_s, QDate(2026, 11, 13)),
            child(u"c3"_s, u"f2"_s, u"Test Child Gamma"_s, QDate(2022, 5, 5)),
            child(u"c4"_s, u"f1"_s, u"Test Child Delta"_s, QDate(2021, 5, 5)),
        };
        const auto flag = [](FlagKind kind, FlagSeverity severity, const QString &family,
                             const QString &child, int overdue) {
            return Flag{kind,    severity, family,       child, child.isEmpty() ? family : child,
                        overdue, u"why"_s, u"to clear"_s};
        };
        const QList<Flag> flags{
            flag(FlagKind::AlertReviewOverdue, FlagSeverity::Red, u"f2"_s, u"c3"_s, 4),
            flag(FlagKind::NewbornNoFaceToFace, FlagSeverity::Amber, u"f2"_s, u"c2"_s, 0),
            // A household flag shows on each child of the household, after the child's own.
            flag(FlagKind::NewFamilyNoContact, FlagSeverity::Amber, u"f2"_s, {}, 3),
        };

        const QList<CaseloadRow> rows = buildCaseloadRows(caseload, flags, today);
        QCOMPARE(rows.size(), 4);
        QCOMPARE(rows.at(0).childId, u"c3"_s);
        QCOMPARE(rows.at(0).flagSeverity, u"red"_s);
        QCOMPARE(rows.at(0).flagKind, u"alert_review_overdue"_s);
        QCOMPARE(rows.at(0).daysOverdue, 4);
        QCOMPARE(rows.at(0).flagCount, 2);

        QCOMPARE(rows.at(1).childId, u"c2"_s);
        QCOMPARE(rows.at(1).name, u"Test Baby Beta"_s);
        QCOMPARE(rows.at(1).familyLabel, u"Test Family B"_s);
        QCOMPARE(rows.at(1).ageText, u"12 days old"_s);
        QCOMPARE(rows.at(1).flagLabel, label(FlagKind::NewbornNoFaceToFace));
        QCOMPARE(rows.at(1).flagSeverity, u"amber"_s);
        QCOMPARE(rows.at(1).flagReason, u"why"_s);
        QCOMPARE(rows.at(1).flagToClear, u"to clear"_s);
        QCOMPARE(rows.at(1).flagCount, 2);

        // Unflagged children after, by name.
        QCOMPARE(rows.at(2).childId, u"c1"_s);
        QCOMPARE(rows.at(3).childId, u"c4"_s);
        QVERIFY(rows.at(2).flagLabel.isEmpty());
        QVERIFY(rows.at(2).flagSeverity.isEmpty());
        QCOMPARE(rows.at(2).flagCount, 0);
    }

    // Each row takes its flags from an index by child and by household: the choice among them is
    // the one a scan of the whole list in order would make.
    void ownAndHouseholdFlagsInListOrder()
    {
        const QDate today(2026, 11, 25);
        Caseload caseload;
        Family f;
        f.id = u"f1"_s;
        f.label = u"Test Family A"_s;
        caseload.families = {f};
        for (const QString &id : {u"c1"_s, u"c2"_s, u"c3"_s}) {
            Child c;
            c.id = id;
            c.familyId = u"f1"_s;
            c.name = u"Test Child "_s + id;
            c.dateOfBirth = QDate(2025, 1, 1);
            caseload.children.append(c);
        }
        const auto flag = [](FlagKind kind, FlagSeverity severity, const QString &child,
                             const QString &reason) {
            return Flag{kind, severity, u"f1"_s, child, child.isEmpty() ? u"f1"_s : child, 0, reason, {}};
        };
        const QList<Flag> flags{
            flag(FlagKind::NewFamilyNoContact, FlagSeverity::Amber, {}, u"household amber"_s),
            flag(FlagKind::ChildVoiceMissing, FlagSeverity::Amber, u"c1"_s, u"c1 amber"_s),
            flag(FlagKind::ChildVoiceMissing, FlagSeverity::Amber, u"c1"_s, u"c1 second amber"_s),
            flag(FlagKind::AlertReviewOverdue, FlagSeverity::Red, u"c2"_s, u"c2 red"_s),
            flag(FlagKind::AdvocateNotOffered, FlagSeverity::Red, {}, u"household red"_s),
            flag(FlagKind::NewbornNoFaceToFace, FlagSeverity::Info, u"c3"_s, u"c3 info"_s),
        };
        const QList<CaseloadRow> rows = buildCaseloadRows(caseload, flags, today);
        QHash<QString, CaseloadRow> byChild;
        for (const CaseloadRow &row : rows)
            byChild.insert(row.childId, row);
        // c1: the household's red, listed after its own ambers, wins on severity.
        QCOMPARE(byChild.value(u"c1"_s).flagReason, u"household red"_s);
        QCOMPARE(byChild.value(u"c1"_s).flagCount, 4);
        // c2: its own red, listed before the household's red, is kept on the tie.
        QCOMPARE(byChild.value(u"c2"_s).flagReason, u"c2 red"_s);
        QCOMPARE(byChild.value(u"c2"_s).flagCount, 3);
        // c3: the household's red over its own info; other children's flags are not counted.
        QCOMPARE(byChild.value(u"c3"_s).flagReason, u"household red"_s);
        QCOMPARE(byChild.value(u"c3"_s).flagCount, 3);
    }
};

QTEST_APPLESS_MAIN(TestCaseloadRows)
#include "tst_caseloadrows.moc"
