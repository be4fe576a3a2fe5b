import QtQuick
import QtTest
import Doorstep
import Doorstep.App

// Pull-to-sync on the caseload, on a store whose server is set up but cannot be reached: pulling
// the list down past its top and letting go starts one sync run, as "Sync now" does, with the
// mouse or a finger; a short pull starts none. The run ends offline, and the page says so.
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
        name: "PullToSync"
        shell: appShell

        // The run the scheduler starts at unlock has ended: a pull may start one.
        function waitUntilIdle() {
            tryVerify(() => SyncStatus.canSync, slow, "the first run ends and sync may start again");
            tryVerify(() => !child("caseloadList").moving, 5000, "the list is at rest");
        }

        function test_1_shortPullStartsNothing() {
            unlock();
            waitUntilIdle();
            const list = child("caseloadList");
            started.clear();
            let seen = "";
            pull(list, 48, false, () => {
                    seen = child("pullIndicatorText").text;
                });
            compare(seen, "Pull to sync");
            tryVerify(() => !list.moving);
            compare(started.count, 0);
            verify(!child("pullSyncNotice").visible);
            verify(!ChildRecordController.active, "a drag is not a tap on a row");
        }

        function test_2_mousePullPastThresholdSyncsOnce() {
            waitUntilIdle();
            const list = child("caseloadList");
            const indicator = child("pullIndicator");
            started.clear();
            let seen = "";
            let accessibleName = "";
            let shown = false;
            pull(list, 320, false, () => {
                    seen = child("pullIndicatorText").text;
                    accessibleName = indicator.Accessible.name;
                    shown = indicator.visible && indicator.height >= child("caseloadPage").pullThreshold;
                });
            compare(seen, "Release to sync");
            compare(accessibleName, "Release to sync");
            verify(shown, "the indicator fills the gap the pull opens");
            compare(started.count, 1);
            const notice = child("pullSyncNotice");
            verify(notice.visible, "the sync's progress shows above the list");
            // The run ends (offline: nobody listens on the server's port), and the page says how.
            tryVerify(() => SyncStatus.state !== SyncStatus.Syncing, slow);
            tryCompare(child("pullSyncNoticeText"), "text", SyncStatus.stateText);
            verify(notice.visible);
            compare(started.count, 1);
            verify(!ChildRecordController.active);
        }

        function test_3_touchPullPastThresholdSyncsOnce() {
            waitUntilIdle();
            started.clear();
            pull(child("caseloadList"), 320, true);
            compare(started.count, 1);
            tryVerify(() => SyncStatus.state !== SyncStatus.Syncing, slow);
            compare(started.count, 1);
        }

        function test_4_screenshot() {
            waitUntilIdle();
            pull(child("caseloadList"), 320, false, () => {
                    saveScreenshot(root, "caseload-pull-phone");
                });
        }
    }
}
