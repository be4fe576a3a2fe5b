import QtQuick
import QtTest
import Doorstep
import Doorstep.App

// The caseload after the right PIN: flagged children first, the newborn without a face-to-face
// visit flagged amber with the reason and what would clear it; pulling the list to sync with no
// server set up says why it cannot. Screenshots at phone and tablet sizes.
Item {
    id: root

    width: 412
    height: 915

    AppShell {
        id: appShell

        anchors.fill: parent
    }

    SignalSpy {
        id: started

        target: SyncStatus
        signalName: "syncStarted"
    }

    DoorstepTestCase {
        name: "Caseload"
        shell: appShell

        function test_1_rightPinShowsCaseload() {
            unlock();
            verify(child("caseloadPage").visible);
            verify(findChild(appShell, "unlockPage") === null);
            compare(CaseloadModel.count, 4);
            const list = child("caseloadList");
            verify(list.visible);
            compare(list.count, 4);
            // Flagged first, most severe first: red (20 days), amber (12 days), then the rest.
            compare(list.itemAtIndex(0).name, "Test Baby Two");
            compare(list.itemAtIndex(0).flagSeverity, "red");
            compare(list.itemAtIndex(1).name, "Test Baby One");
            compare(list.itemAtIndex(2).name, "Test Child Four");
            compare(list.itemAtIndex(2).flagLabel, "");
            verify(!findChild(list.itemAtIndex(2), "flagBadge").visible);
            compare(list.itemAtIndex(3).name, "Test Child Three");
            compare(list.itemAtIndex(3).flagLabel, "");
        }

        function test_2_newbornFlaggedAmberWithReason() {
            const row = rowFor("Test Baby One");
            verify(row !== null);
            compare(row.familyLabel, "Test Family A");
            compare(row.ageText, "12 days old");
            compare(findChild(row, "childAge").text, "12 days old");
            compare(row.flagLabel, "No face-to-face visit");
            compare(row.flagSeverity, "amber");
            const badge = findChild(row, "flagBadge");
            verify(badge.visible);
            compare(badge.text, "No face-to-face visit");
            compare(badge.color, Theme.amber);
            const reason = findChild(row, "flagReason");
            verify(reason.visible);
            verify(row.flagReason.length > 0, "the flag says why it fired");
            compare(reason.text, row.flagReason);
            const toClear = findChild(row, "flagToClear");
            verify(toClear.visible);
            verify(row.flagToClear.length > 0, "the flag says what would clear it");
            verify(toClear.text.indexOf(row.flagToClear) >= 0);
        }

        function test_3_syncBarOnCaseload() {
            const bar = child("syncStatusBar");
            verify(bar.visible);
            verify(child("syncStateText").text.length > 0);
            // This store has no server: nothing to sync with, and the bar says so.
            compare(SyncStatus.state, SyncStatus.Offline);
            verify(!child("syncNowButton").enabled);
            compare(child("syncDetailText").text, SyncStatus.detailText);
            verify(SyncStatus.detailText.indexOf(SyncStatus.pendingText) >= 0);
        }

        function test_3a_searchAsYouType() {
            const list = child("caseloadList");
            const field = child("searchField");
            mouseClick(field);
            typeText("baby");
            compare(CaseloadFilter.query, "baby");
            tryCompare(list, "count", 2);
            typeText(" two");
            tryCompare(list, "count", 1);
            compare(list.itemAtIndex(0).name, "Test Baby Two");
            field.selectAll();
            typeText("nobody");
            tryCompare(list, "count", 0);
            const empty = child("emptyCaseload");
            verify(empty.visible);
            verify(empty.text.indexOf("nobody") >= 0, empty.text);
            field.clear();
            compare(CaseloadFilter.query, "");
            tryCompare(list, "count", 4);
            verify(!empty.visible);
        }

        // With no server there is nothing to sync with: the pull says so, before and after letting
        // go, and starts nothing.
        function test_3b_pullWithoutServerSaysWhy() {
            const list = child("caseloadList");
            tryVerify(() => !list.moving);
            started.clear();
            let seen = "";
            pull(list, 320, false, () => {
                    seen = child("pullIndicatorText").text;
                });
            compare(seen, SyncStatus.cannotSyncText);
            verify(seen.indexOf("No server") === 0, seen);
            const notice = child("pullSyncNotice");
            verify(notice.visible);
            compare(child("pullSyncNoticeText").text, SyncStatus.cannotSyncText);
            compare(started.count, 0);
            compare(SyncStatus.state, SyncStatus.Offline);
            tryVerify(() => !list.moving);
        }

        function test_4_screenshots() {
            saveScreenshot(root, "caseload-phone");
            root.width = 1280;
            root.height = 800;
            tryVerify(() => findChild(appShell, "twoPanes") !== null, 5000, "two panes on a tablet");
            saveScreenshot(root, "caseload-tablet");
            root.width = 412;
            root.height = 915;
            tryVerify(() => findChild(appShell, "pageStack") !== null, 5000, "one pane on a phone");
        }

        function test_5_lockHidesCaseload() {
            mouseClick(child("lockButton"));
            compare(SessionController.state, SessionController.Locked);
            compare(CaseloadModel.count, 0);
            tryVerify(() => findChild(appShell, "unlockPage") !== null);
            tryVerify(() => findChild(appShell, "caseloadList") === null, 5000, "the caseload page is gone");
            compare(SyncStatus.state, SyncStatus.Locked);
            compare(SyncStatus.pendingCount, 0);
        }
    }
}
