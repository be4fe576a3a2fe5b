import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Doorstep.App

// First run: the profile folder holds no store. The enrolment form (server, code, pinned
// certificate, PIN or passphrase), then the first sync's progress. The checks and their words
// are EnrolmentController's. Enrolling from a terminal still works, as a fallback.
Page {
    id: page

    readonly property bool busy: EnrolmentController.stage !== EnrolmentController.Form

    objectName: "notEnrolledPage"
    title: qsTr("Set up this device")

    Flickable {
        id: flickable

        objectName: "enrolForm"
        anchors.fill: parent
        contentWidth: width
        contentHeight: column.implicitHeight + 2 * Theme.margin
        clip: true
        boundsBehavior: Flickable.StopAtBounds
        ScrollBar.vertical: ScrollBar {
        }

        // The field with the keyboard stays in view, with its label and its message.
        FormScroller {
            flickable: flickable
        }

        ColumnLayout {
            id: column

            x: Math.max(Theme.margin, (flickable.width - width) / 2)
            y: Theme.margin
            // At most so many words a line at any text size: larger text may use more of a wide screen.
            width: Math.min(flickable.width - 2 * Theme.margin, Theme.fontSize(640))
            spacing: Theme.spacing

            Label {
                Layout.fillWidth: true
                text: qsTr("Set up Doorstep on this device")
                font.pixelSize: Theme.fontSize(26)
                font.bold: true
                wrapMode: Text.Wrap
                Accessible.role: Accessible.Heading
                Accessible.name: text
            }
            Label {
                Layout.fillWidth: true
                text: qsTr("Doorstep keeps your caseload in an encrypted store on this device. Your administrator gives you the server's address and an enrolment code.")
                wrapMode: Text.Wrap
            }
            Label {
                // Why the device is back here when nobody signed out: it was revoked.
                objectName: "signedOutReason"
                Layout.fillWidth: true
                visible: text !== ""
                text: SessionController.errorString
                color: Theme.error
                wrapMode: Text.Wrap
                Accessible.role: Accessible.AlertMessage
                Accessible.name: text
            }

            Label {
                Layout.fillWidth: true
                Layout.topMargin: Theme.spacing
                text: qsTr("Server address")
                font.bold: true
                wrapMode: Text.Wrap
            }
            // An example beside the field, not in it: with large text a placeholder is cut short.
            Label {
                Layout.fillWidth: true
                text: qsTr("Like https://doorstep.example.org")
                color: Theme.muted
                wrapMode: Text.WrapAtWordBoundaryOrAnywhere
            }
            TextField {
                objectName: "serverField"
                Layout.fillWidth: true
                Layout.preferredHeight: Math.max(implicitHeight, Theme.touchTarget)
                enabled: !page.busy
                text: EnrolmentController.serverAddress
                inputMethodHints: Qt.ImhUrlCharactersOnly | Qt.ImhNoAutoUppercase | Qt.ImhNoPredictiveText
                Accessible.name: qsTr("Server address")
                onTextEdited: EnrolmentController.serverAddress = text
            }
            FieldError {
                objectName: "serverError"
                Layout.fillWidth: true
                text: EnrolmentController.serverError
            }

            Label {
                Layout.fillWidth: true
                text: qsTr("Enrolment code")
                font.bold: true
                wrapMode: Text.Wrap
            }
            TextField {
                objectName: "codeField"
                Layout.fillWidth: true
                Layout.preferredHeight: Math.max(implicitHeight, Theme.touchTarget)
                enabled: !page.busy
                text: EnrolmentController.code
                inputMethodHints: Qt.ImhNoAutoUppercase | Qt.ImhNoPredictiveText | Qt.ImhSensitiveData
                Accessible.name: qsTr("Enrolment code")
                onTextEdited: EnrolmentController.code = text
            }
            FieldError {
                objectName: "codeError"
                Layout.fillWidth: true
                text: EnrolmentController.codeError
            }

            Label {
                Layout.fillWidth: true
                text: qsTr("Server certificate fingerprint (SHA-256)")
                font.bold: true
                wrapMode: Text.Wrap
            }
            Label {
                Layout.fillWidth: true
                text: qsTr("If your administrator gave you one, type it here; Doorstep then talks only to that server.")
                color: Theme.muted
                wrapMode: Text.Wrap
            }
            TextField {
                objectName: "certificateField"
                Layout.fillWidth: true
                Layout.preferredHeight: Math.max(implicitHeight, Theme.touchTarget)
                enabled: !page.busy
                text: EnrolmentController.certificateSha256
                font.family: "monospace"
                inputMethodHints: Qt.ImhNoAutoUppercase | Qt.ImhNoPredictiveText
                Accessible.name: qsTr("Server certificate fingerprint")
                onTextEdited: EnrolmentController.certificateSha256 = text
            }
            FieldError {
                objectName: "certificateError"
                Layout.fillWidth: true
                text: EnrolmentController.certificateError
            }

            SectionHeading {
                text: qsTr("Protect the store")
            }
            RowLayout {
                Layout.fillWidth: true
                spacing: Theme.spacing

                RadioButton {
                    objectName: "usePinButton"
                    Layout.preferredHeight: Theme.touchTarget
                    enabled: !page.busy
                    checked: !EnrolmentController.usePassphrase
                    text: qsTr("PIN")
                    Accessible.name: qsTr("Use a PIN")
                    onClicked: EnrolmentController.usePassphrase = false
                }
                RadioButton {
                    objectName: "usePassphraseButton"
                    Layout.preferredHeight: Theme.touchTarget
                    enabled: !page.busy
                    checked: EnrolmentController.usePassphrase
                    text: qsTr("Passphrase")
                    Accessible.name: qsTr("Use a passphrase")
                    onClicked: EnrolmentController.usePassphrase = true
                }
            }
            Label {
                objectName: "pinRules"
                Layout.fillWidth: true
                text: EnrolmentController.pinRulesText
                color: Theme.muted
                wrapMode: Text.Wrap
            }
            PinField {
                id: pinField

                objectName: "newPinField"
                enabled: !page.busy
                inputMethodHints: EnrolmentController.usePassphrase ? (Qt.ImhSensitiveData | Qt.ImhNoPredictiveText | Qt.ImhNoAutoUppercase) : (Qt.ImhDigitsOnly | Qt.ImhSensitiveData)
                placeholderText: EnrolmentController.usePassphrase ? qsTr("Passphrase") : qsTr("PIN")
            }
            FieldError {
                objectName: "pinError"
                Layout.fillWidth: true
                text: EnrolmentController.pinError
            }
            PinField {
                id: confirmField

                objectName: "confirmPinField"
                enabled: !page.busy
                inputMethodHints: pinField.inputMethodHints
                placeholderText: EnrolmentController.usePassphrase ? qsTr("Passphrase again") : qsTr("PIN again")
                onAccepted: EnrolmentController.enrol(pinField.text, confirmField.text)
            }
            FieldError {
                objectName: "confirmPinError"
                Layout.fillWidth: true
                text: EnrolmentController.confirmPinError
            }

            Button {
                objectName: "enrolButton"
                Layout.fillWidth: true
                Layout.topMargin: Theme.spacing
                Layout.preferredHeight: Theme.touchTarget
                highlighted: true
                enabled: !page.busy
                text: qsTr("Enrol this device")
                Accessible.name: text
                onClicked: {
                    EnrolmentController.enrol(pinField.text, confirmField.text);
                    // The worker has its own copy: the form keeps no PIN once it is on its way.
                    if (page.busy) {
                        pinField.clear();
                        confirmField.clear();
                    }
                }
            }
            ColumnLayout {
                objectName: "enrolProgress"
                Layout.fillWidth: true
                visible: page.busy
                spacing: Theme.spacing

                Label {
                    objectName: "enrolProgressText"
                    Layout.fillWidth: true
                    text: EnrolmentController.progressText
                    wrapMode: Text.Wrap
                    Accessible.role: Accessible.StaticText
                    Accessible.name: text
                }
                ProgressBar {
                    Layout.fillWidth: true
                    indeterminate: EnrolmentController.progress < 0
                    value: Math.max(0, EnrolmentController.progress)
                    Accessible.name: EnrolmentController.progressText
                }
            }

            SectionHeading {
                text: qsTr("Or enrol from a terminal")
            }
            TextArea {
                objectName: "enrolCommand"
                Layout.fillWidth: true
                readOnly: true
                selectByMouse: true
                wrapMode: TextEdit.WrapAnywhere
                font.family: "monospace"
                text: SessionController.enrolCommand
                Accessible.name: qsTr("Enrolment command")
            }
            Label {
                Layout.fillWidth: true
                text: qsTr("Profile folder: %1").arg(SessionController.profileDir)
                color: Theme.muted
                wrapMode: Text.WrapAnywhere
            }
            Label {
                Layout.fillWidth: true
                Layout.topMargin: Theme.spacing
                text: qsTr("Enrolled from a terminal? Then check again.")
                wrapMode: Text.Wrap
            }
            // Short words: a button's label does not wrap, and with large text a long one is cut.
            Button {
                objectName: "checkEnrolmentButton"
                Layout.preferredHeight: Theme.touchTarget
                enabled: !page.busy
                text: qsTr("Check again")
                Accessible.name: qsTr("I have enrolled: check again")
                onClicked: SessionController.checkEnrolment()
            }
        }
    }
}
