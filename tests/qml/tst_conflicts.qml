import QtQuick
import QtTest
import Doorstep
import Doorstep.App

// Conflicts to review: the sync status bar counts them and opens the page, which shows the value
// kept beside the value not kept with which device and when; "Use the other value" saves the
// other value as an ordinary edit, and "Reviewed" takes a conflict off the list. The fixture
// store holds one conflict: family C's early help status, "Open" here and "Closed" elsewhere.
Item {
    id: root

    width: 1280
    height: 800

    AppShell {
        id: appShell

        anchors.fill: parent
    }

    DoorstepTestCase {
        name: "Conflicts"
        shell: appShell

        function openFromBar(): var {
            const button = child("reviewConflictsButton");
            tryVerify(() => button.visible, slow, "the bar offers the conflicts");
            compare(button.Accessible.name, "1 conflict to review");
            mouseClick(button);
            tryCompare(ConflictsController, "active", true);
            const page = child("conflictsPage");
            tryCompare(ConflictsController.conflicts, "count", 1, slow);
            waitForRendering(page);
            return page;
        }

        function firstRow(): var {
            const list = child("conflictList");
            let row = null;
            tryVerify(() => (row = list.itemAtIndex(0)) !== null);
            return row;
        }

        function test_1_sideBySide() {
            unlock();
            compare(SyncStatus.conflictCount, 1);
            openFromBar();
            const row = firstRow();
            compare(row.record, "Test Family C (household)");
            compare(row.field, "Early help status");
            compare(row.keptValue, "Closed");
            compare(row.notKeptValue, "Open");
            compare(row.notKeptBy, "This device");
            verify(row.keptBy.startsWith("Another device"), row.keptBy);
            verify(row.keptAt.startsWith("25 Nov 2026, "), row.keptAt);
            // Side by side: the not-kept column starts to the right of the kept one, on one line.
            const kept = findChild(row, "keptColumn");
            const notKept = findChild(row, "notKeptColumn");
            const keptPos = kept.mapToItem(row, 0, 0);
            const notKeptPos = notKept.mapToItem(row, 0, 0);
            compare(notKeptPos.y, keptPos.y);
            verify(notKeptPos.x >= keptPos.x + kept.width);
            const reviewed = findChild(row, "reviewedButton");
            verify(reviewed.height >= Theme.touchTarget);
            verify(reviewed.Accessible.name.length > 0);
            verify(findChild(row, "useNotKeptButton").visible);
            saveScreenshot(appShell, "conflicts-tablet");
            root.width = 412;
            root.height = 915;
            waitForRendering(appShell);
            saveScreenshot(appShell, "conflicts-phone");
            mouseClick(child("conflictsBackButton"));
            tryCompare(ConflictsController, "active", false);
        }

        function test_2_useNotKeptValue() {
            const pendingBefore = SyncStatus.pendingCount;
            openFromBar();
            const row = firstRow();
            const spy = createTemporaryObject(signalSpy, root, {
                    "target": ConflictsController,
                    "signalName": "actionFinished"
                });
            mouseClick(findChild(row, "useNotKeptButton"));
            spy.wait(slow);
            compare(spy.signalArguments[0][0], true);
            compare(ConflictsController.errorString, "");
            tryCompare(ConflictsController.conflicts, "count", 0, slow);
            tryCompare(SyncStatus, "conflictCount", 0, slow);
            // An ordinary edit: it waits to go to the server like any other.
            tryVerify(() => SyncStatus.pendingCount > pendingBefore, slow);
            compare(child("conflictsSummary").text, "No conflicts to review");
            verify(!child("reviewConflictsButton").visible);
            mouseClick(child("conflictsBackButton"));
            tryCompare(ConflictsController, "active", false);
        }

        function test_3_reachableFromSettings() {
            mouseClick(child("settingsButton"));
            tryCompare(SettingsController, "active", true);
            compare(child("settingsConflictsText").text, "No conflicts to review");
            const button = child("settingsConflictsButton");
            const form = child("settingsForm");
            form.contentY = Math.max(0, Math.min(button.mapToItem(form.contentItem, 0, 0).y - 100, form.contentHeight - form.height));
            waitForRendering(form);
            mouseClick(button);
            tryCompare(ConflictsController, "active", true);
            verify(findChild(appShell, "conflictsPage") !== null);
            mouseClick(child("conflictsBackButton"));
            tryCompare(ConflictsController, "active", false);
            tryVerify(() => findChild(appShell, "settingsPage") !== null, 5000, "back on the settings");
            SettingsController.close();
        }

        Component {
            id: signalSpy

            SignalSpy {
            }
        }
    }
}
