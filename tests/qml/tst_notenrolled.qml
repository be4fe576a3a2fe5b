import QtQuick
import QtTest
import Doorstep
import Doorstep.App

// The page a device with no store shows: it says the device is not enrolled and gives the
// command that enrols this profile. (AppShell chooses it from SessionController.state; the state
// itself is tested in tst_appservices.)
Item {
    id: root

    width: 412
    height: 915

    NotEnrolledPage {
        id: page

        anchors.fill: parent
    }

    TestCase {
        name: "NotEnrolled"
        when: windowShown

        function test_showsHowToEnrol() {
            const command = findChild(page, "enrolCommand");
            verify(command !== null);
            verify(command.visible);
            compare(command.text, SessionController.enrolCommand);
            verify(command.text.startsWith("doorstep-cli --profile " + SessionController.profileDir + " enrol"), command.text);
            const check = findChild(page, "checkEnrolmentButton");
            verify(check.visible);
            verify(check.height >= Theme.touchTarget);
            let saved = false;
            verify(root.grabToImage(result => {
                        saved = result.saveToFile("not-enrolled-phone.png");
                    }));
            tryVerify(() => saved);
        }
    }
}
