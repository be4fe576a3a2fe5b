import QtQuick
import Doorstep
import Doorstep.App

// The unlock page: a wrong or missing PIN is refused with words on the page, and nothing of the
// caseload shows. (The right PIN is in tst_caseload.qml: each file gets a fresh store, so the
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
    }
}
