import QtQuick
import Doorstep
import Doorstep.App

// The unlock page: a wrong or missing PIN is refused with words on the page, and nothing of the
// caseload shows; after too many, a countdown until the next try. (The right PIN is in tst_caseload.qml: each file gets a fresh store, so the
// back-off after a wrong PIN cannot leak into it.)
Item {
    id: root

    width: 412
    height: 915

    AppShell {
        id: appShell

        anchors.fill: parent
    }

    DoorstepTestCase {
        name: "Unlock"
        shell: appShell

        function test_1_startsLocked() {
            compare(SessionController.state, SessionController.Locked);
            verify(child("unlockPage").visible);
            verify(findChild(appShell, "caseloadList") === null);
        }

        function test_2_emptyPinAsksForIt() {
            mouseClick(child("unlockButton"));
            compare(SessionController.state, SessionController.Locked);
            const error = child("unlockError");
            compare(error.text, SessionController.errorString);
            verify(error.text.length > 0);
            verify(error.visible);
        }

        function test_3_wrongPinShowsError() {
            enterPin("135792");
            tryVerify(() => SessionController.state === SessionController.Locked && SessionController.errorString.length > 0, slow);
            const error = child("unlockError");
            verify(error.visible);
            compare(error.text, SessionController.errorString);
            verify(error.text !== qsTr("Enter your PIN."), "the store's refusal, not the empty-PIN prompt");
            compare(child("pinField").text, "", "the wrong PIN is cleared");
            verify(findChild(appShell, "caseloadList") === null);
            compare(CaseloadModel.count, 0);
            saveScreenshot(root, "unlock-phone");
        }

        function test_4_backoffCountsDown() {
            // One more wrong PIN is free (two in all); the third starts a wait.
            for (let i = 0; i < 1; ++i) {
                enterPin("135792");
                tryVerify(() => SessionController.state === SessionController.Locked, slow);
                verify(!child("retryCountdown").visible);
            }
            enterPin("135792");
            tryVerify(() => SessionController.state === SessionController.Locked, slow);
            const countdown = child("retryCountdown");
            tryVerify(() => countdown.visible, slow, "a countdown while the back-off runs");
            compare(countdown.text, SessionController.retryText);
            verify(/try again in \d+ second/i.test(countdown.text), countdown.text);
            verify(!child("unlockButton").enabled, "no unlocking while the wait runs");
            saveScreenshot(root, "unlock-backoff-phone");
            // The wait is 1 second; the pinned clock runs in real time, so it ends by itself.
            tryVerify(() => !countdown.visible, slow, "the countdown ends");
            verify(child("unlockButton").enabled);
            enterPin(rightPin);
            tryCompare(SessionController, "state", SessionController.Unlocked, slow);
        }
    }
}
