// The caseload search: every word typed must appear in the child's name, household or flag (any
// case); the caseload's order is kept; rows updated in place stay filtered; a well-behaved model.
#include "app/caseloadfilter.h"
#include "app/caseloadmodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using doorstep::app::CaseloadFilter;
using doorstep::app::CaseloadModel;
using doorstep::app::CaseloadRow;

namespace {

CaseloadRow row(const QString &id, const QString &name, const QString &family, const QString &flag = {})
{
    CaseloadRow r;
    r.childId = id;
    r.familyId = family;
    r.name = name;
    r.familyLabel = family;
    r.flagLabel = flag;
    return r;
}

QStringList names(const CaseloadFilter &filter)
{
    QStringList out;
    for (int i = 0; i < filter.rowCount(); ++i)
        out.append(filter.index(i, 0).data(CaseloadModel::NameRole).toString());
    return out;
}

} // namespace

class TestCaseloadFilter : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void filtersAsYouType()
    {
        CaseloadModel model(nullptr);
        CaseloadFilter filter(&model, nullptr);
        QAbstractItemModelTester tester(&filter, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy count(&filter, &CaseloadFilter::countChanged);
        model.setRows({row(u"c1"_s, u"Test Baby Two"_s, u"Test Family B"_s, u"No face-to-face visit"_s),
                       row(u"c2"_s, u"Test Baby One"_s, u"Test Family A"_s),
                       row(u"c3"_s, u"Test Child Three"_s, u"Test Family B"_s)});
        QCOMPARE(filter.count(), 3);

        filter.setQuery(u"baby"_s);
        QCOMPARE(names(filter), (QStringList{u"Test Baby Two"_s, u"Test Baby One"_s}));
        QVERIFY(count.count() > 0);
        filter.setQuery(u"  test   CHILD  "_s);
        QCOMPARE(names(filter), QStringList{u"Test Child Three"_s});
        filter.setQuery(u"B three"_s);
        QCOMPARE(names(filter), QStringList{u"Test Child Three"_s});
        filter.setQuery(u"face-to-face"_s);
        QCOMPARE(names(filter), QStringList{u"Test Baby Two"_s});
        filter.setQuery(u"nobody"_s);
        QCOMPARE(filter.count(), 0);
        filter.setQuery({});
        QCOMPARE(filter.count(), 3);
    }

    void updatesInPlaceStayFiltered()
    {
        CaseloadModel model(nullptr);
        CaseloadFilter filter(&model, nullptr);
        QAbstractItemModelTester tester(&filter, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setRows({row(u"c1"_s, u"Test Baby One"_s, u"Test Family A"_s, u"No face-to-face visit"_s),
                       row(u"c2"_s, u"Test Child Two"_s, u"Test Family A"_s)});
        filter.setQuery(u"face-to-face"_s);
        QCOMPARE(filter.count(), 1);
        // The visit is saved: the same child comes back without the flag, and drops out.
        model.setRows({row(u"c1"_s, u"Test Baby One"_s, u"Test Family A"_s),
                       row(u"c2"_s, u"Test Child Two"_s, u"Test Family A"_s)});
        QCOMPARE(filter.count(), 0);
        model.clear();
        filter.setQuery({});
        QCOMPARE(filter.count(), 0);
    }
};

QTEST_GUILESS_MAIN(TestCaseloadFilter)
#include "tst_caseloadfilter.moc"
