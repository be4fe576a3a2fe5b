// The caseload list model: a well-behaved model (QAbstractItemModelTester) whose rows update in
// place when the same children come back, reset when the children change, and clear on lock.
#include "app/caseloadmodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using doorstep::app::CaseloadModel;
using doorstep::app::CaseloadRow;

namespace {

CaseloadRow row(const QString &id, const QString &name, const QString &severity = {})
{
    CaseloadRow r;
    r.childId = id;
    r.familyId = u"f1"_s;
    r.name = name;
    r.familyLabel = u"Test Family A"_s;
    r.ageText = u"12 days old"_s;
    if (!severity.isEmpty()) {
        r.flagKind = u"newborn_no_face_to_face"_s;
        r.flagLabel = u"No face-to-face visit"_s;
        r.flagSeverity = severity;
        r.flagCount = 1;
    }
    return r;
}

} // namespace

class TestCaseloadModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void rolesAndUpdates()
    {
        CaseloadModel model(nullptr);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy ready(&model, &CaseloadModel::readyChanged);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QVERIFY(!model.isReady());

        model.setRows({row(u"c1"_s, u"Test Baby One"_s, u"amber"_s), row(u"c2"_s, u"Test Child Two"_s)});
        QVERIFY(model.isReady());
        QCOMPARE(ready.size(), 1);
        QCOMPARE(reset.size(), 1);
        QCOMPARE(model.count(), 2);

        const QHash<int, QByteArray> roles = model.roleNames();
        QCOMPARE(roles.value(CaseloadModel::ChildIdRole), "childId");
        QCOMPARE(roles.value(CaseloadModel::FlagSeverityRole), "flagSeverity");
        QCOMPARE(roles.value(CaseloadModel::FlagToClearRole), "flagToClear");
        const QModelIndex first = model.index(0);
        QCOMPARE(model.data(first, CaseloadModel::NameRole).toString(), u"Test Baby One"_s);
        QCOMPARE(model.data(first, CaseloadModel::FlagLabelRole).toString(), u"No face-to-face visit"_s);
        QCOMPARE(model.data(first, CaseloadModel::FlagSeverityRole).toString(), u"amber"_s);
        QCOMPARE(model.rowFor(u"c2"_s)->name, u"Test Child Two"_s);
        QVERIFY(!model.rowFor(u"nobody"_s));

        // The same children in the same order: only the row that changed is reported.
        model.setRows({row(u"c1"_s, u"Test Baby One"_s, u"red"_s), row(u"c2"_s, u"Test Child Two"_s)});
        QCOMPARE(reset.size(), 1);
        QCOMPARE(changed.size(), 1);
        QCOMPARE(changed.at(0).at(0).value<QModelIndex>().row(), 0);
        QCOMPARE(model.data(first, CaseloadModel::FlagSeverityRole).toString(), u"red"_s);

        // A flag clears and the order changes: the list is rebuilt.
        model.setRows({row(u"c2"_s, u"Test Child Two"_s), row(u"c1"_s, u"Test Baby One"_s)});
        QCOMPARE(reset.size(), 2);
        QCOMPARE(model.data(model.index(1), CaseloadModel::FlagLabelRole).toString(), QString());

        model.clear();
        QCOMPARE(model.count(), 0);
        QVERIFY(!model.isReady());
        QCOMPARE(ready.size(), 2);
    }

    void changedRowsAreReportedInRuns()
    {
        CaseloadModel model(nullptr);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QList<CaseloadRow> rows;
        for (int i = 0; i < 6; ++i)
            rows.append(row(u"c%1"_s.arg(i), u"Test Child %1"_s.arg(i)));
        model.setRows(rows);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);

        // Rows 1-3 and 5 change (as every age does at midnight): one signal per run, not per row.
        for (int i : {1, 2, 3, 5})
            rows[i].ageText = u"13 days old"_s;
        model.setRows(rows);
        QCOMPARE(reset.size(), 0);
        QCOMPARE(changed.size(), 2);
        QCOMPARE(changed.at(0).at(0).value<QModelIndex>().row(), 1);
        QCOMPARE(changed.at(0).at(1).value<QModelIndex>().row(), 3);
        QCOMPARE(changed.at(1).at(0).value<QModelIndex>().row(), 5);
        QCOMPARE(changed.at(1).at(1).value<QModelIndex>().row(), 5);
        for (int i = 0; i < 6; ++i)
            QCOMPARE(model.rowAt(i), rows.at(i));
    }
};

QTEST_APPLESS_MAIN(TestCaseloadModel)
#include "tst_caseloadmodel.moc"
