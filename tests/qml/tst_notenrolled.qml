import QtQuick
import QtTest
import Doorstep
import Doorstep.App

// The page a device with no store shows: the enrolment form, whose problems show beside each
// field before anything is made, and the command that enrols this profile from a terminal. (AppShell chooses it from SessionController.state; the state
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

        function test_formRefusesBesideEachField() {
            const button = findChild(page, "enrolButton");
            verify(button.visible);
            verify(button.height >= Theme.touchTarget);
            mouseClick(button);
            for (const name of ["serverError", "codeError", "pinError"])
                verify(findChild(page, name).visible, name + " shown");
            verify(!findChild(page, "certificateError").visible, "the fingerprint is optional");
            compare(EnrolmentController.stage, EnrolmentController.Form);
            const server = findChild(page, "serverField");
            server.forceActiveFocus();
            for (const c of "https://127.0.0.1:8443")
                keyClick(c);
            compare(EnrolmentController.serverAddress, "https://127.0.0.1:8443");
            verify(!findChild(page, "serverError").visible, "typing clears the field's message");

            // Words where a PIN is asked for: the form says to choose a passphrase instead.
            const pin = findChild(page, "newPinField");
            pin.forceActiveFocus();
            for (const c of "sofa-cushion")
                keyClick(c);
            mouseClick(button);
            verify(/passphrase/.test(findChild(page, "pinError").text), findChild(page, "pinError").text);
            mouseClick(findChild(page, "usePassphraseButton"));
            verify(EnrolmentController.usePassphrase);
            verify(/passphrase/i.test(findChild(page, "pinRules").text));
            let saved = false;
            verify(root.grabToImage(result => {
                        saved = result.saveToFile("enrol-phone.png");
                    }));
            tryVerify(() => saved);
        }

        // A phone on its side with large text: the field being typed in scrolls into view.
        function test_theFieldWithTheKeyboardIsInView() {
            TextSize.choice = "2";
            root.width = 915;
            root.height = 412;
            const form = findChild(page, "enrolForm");
            const confirm = findChild(page, "confirmPinField");
            tryVerify(() => form.contentHeight > form.height, 5000, "the form scrolls");
            form.contentY = 0;
            confirm.forceActiveFocus();
            tryVerify(() => {
                    const top = confirm.mapToItem(form, 0, 0).y;
                    return top >= 0 && top + confirm.height <= form.height;
                }, 5000, "the confirmation field scrolled into view");
            TextSize.choice = "1";
            root.width = 412;
            root.height = 915;
        }

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
