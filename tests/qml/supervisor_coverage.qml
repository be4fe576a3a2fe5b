import QtQuick
import Doorstep
import Doorstep.App

// The supervisor's coverage page (run by the tst_qml_supervisor test on a supervisor's store):
// reached from the caseload, newborns seen by day 14 as a number and a bar, the newborns still
// flagged with days overdue, was-not-brought counts, advocate offers and visits by practitioner,
// for the period chosen; sync freshness, which needs the server, says so when there is none; and
// larger text at phone and tablet sizes.
Item {
    id: root

    width: 1280
    height: 800

    AppShell {
        id: appShell

        anchors.fill: parent
    }

    DoorstepTestCase {
        name: "Coverage"
        shell: appShell

        function test_1_reachedFromCaseload() {
            unlock();
            verify(SessionController.supervisor);
            const button = child("coverageButton");
            verify(button.visible);
            mouseClick(button);
            compare(CoverageController.active, true);
            tryVerify(() => findChild(appShell, "coveragePage") !== null);
            tryVerify(() => !CoverageController.loading, slow, "the figures arrive from the store worker");
            verify(!button.visible);
        }

        function test_2_figuresForTheLast28Days() {
            compare(CoverageController.period, "last_28_days");
            compare(child("periodText").text, "29 Oct 2026 to 25 Nov 2026");
            // Test Baby One (12 days) and Test Baby Two (20 days) were born in the period and
            // neither has been seen.
            compare(CoverageController.newborns, 2);
            compare(CoverageController.newbornsSeenByDay14, 0);
            compare(child("seenFigure").text, "0 of 2");
            compare(child("seenText").text, "0 of 2 newborns (0%) seen face-to-face by day 14");
            verify(child("seenBar").visible);
            compare(child("seenBarFill").width, 0);
            // A bar a week: Test Baby Two was born in the week from 5 Nov, Test Baby One in the
            // next; neither seen, so each bar is all "born", none "seen".
            const bars = child("chartBars");
            compare(bars.count, 4);
            compare(bars.itemAt(0).modelData.newborns, 0);
            compare(bars.itemAt(1).modelData.text, "Week from 5 Nov 2026: 0 of 1 seen by day 14");
            verify(bars.itemAt(1).height > 0);
            compare(findChild(bars.itemAt(1), "chartBarBorn").height, bars.itemAt(1).height);
            compare(findChild(bars.itemAt(1), "chartBarSeen").height, 0);
            compare(findChild(bars.itemAt(0), "chartBarBorn").height, 0);
            compare(bars.itemAt(2).modelData.newborns, 1);
            const flagged = child("stillFlaggedList");
            compare(flagged.count, 2);
            compare(flagged.itemAt(0).title, "Test Baby Two");
            compare(flagged.itemAt(0).valueText, "6 days overdue");
            compare(flagged.itemAt(0).severity, "red");
            compare(flagged.itemAt(1).title, "Test Baby One");
            compare(flagged.itemAt(1).valueText, "Due by 27 Nov 2026");
            compare(flagged.itemAt(1).severity, "amber");
            compare(child("wasNotBroughtText").text, "No child was recorded as not brought.");
            compare(child("advocateText").text, "1 of 1 families in care proceedings: every member offered an advocate");
            const practitioners = child("practitionerList");
            compare(practitioners.count, 1);
            compare(practitioners.itemAt(0).title, "Test Practitioner");
            compare(practitioners.itemAt(0).valueText, "1 visit");
            // No server on this device: the freshness section says why it is empty.
            tryCompare(CoverageController, "freshnessState", CoverageController.FreshnessOffline, slow);
            compare(child("freshnessMessage").text, "Sync freshness needs a connection. It shows here when the server can be reached.");
            verify(child("freshnessMessage").visible);
            compare(child("freshnessList").count, 0);
            saveScreenshot(root, "coverage-tablet");
        }

        function test_3_periodChangesTheFigures() {
            choose(child("periodField"), "Last 12 months");
            compare(CoverageController.period, "last_12_months");
            tryCompare(child("periodText"), "text", "26 Nov 2025 to 25 Nov 2026", slow);
            tryVerify(() => !CoverageController.loading, slow);
            compare(CoverageController.newborns, 2);
        }

        // Larger text at phone and tablet sizes, upright and on their side (checkSizes).
        function test_3a_largeText() {
            checkSizes(root, "coverage", "coveragePage");
            root.width = 1280;
            root.height = 800;
        }

        function test_4_phoneAndBack() {
            root.width = 412;
            root.height = 915;
            waitForRendering(root);
            saveScreenshot(root, "coverage-phone");
            mouseClick(child("coverageBackButton"));
            compare(CoverageController.active, false);
            tryVerify(() => findChild(appShell, "caseloadList") !== null);
        }
    }
}
