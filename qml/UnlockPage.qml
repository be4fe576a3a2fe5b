import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Doorstep.App

// Asks for the PIN. The store worker checks it off the GUI thread; a wrong PIN comes back as
// SessionController.errorString.
Page {
    id: page

    readonly property bool busy: SessionController.state === SessionController.Unlocking
    readonly property bool waiting: SessionController.retryInSeconds > 0

    objectName: "unlockPage"

    RegularExpressionValidator {
        id: digitsOnly

        regularExpression: /[0-9]{0,16}/
    }
    title: qsTr("Unlock")

    Connections {
        target: SessionController

        function onErrorStringChanged() {
            if (SessionController.errorString.length > 0) {
                pinField.clear();
                pinField.forceActiveFocus();
            }
        }
    }

    // Scrolls when large text or a phone on its side leaves too little height for it all.
    Flickable {
        id: flickable

        objectName: "unlockForm"
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

            x: Math.round((flickable.width - width) / 2)
            y: Math.max(Theme.margin, Math.round((flickable.height - implicitHeight) / 2))
            width: Math.min(flickable.width - 2 * Theme.margin, Theme.fontSize(360))
            spacing: Theme.spacing * 2

            Label {
                Layout.fillWidth: true
                text: qsTr("Doorstep")
                font.pixelSize: Theme.fontSize(32)
                font.bold: true
                color: Theme.primary
                horizontalAlignment: Text.AlignHCenter
            }
            Label {
                Layout.fillWidth: true
                text: SessionController.usesPassphrase ? qsTr("Enter your passphrase to open your caseload.") : qsTr("Enter your PIN to open your caseload.")
                horizontalAlignment: Text.AlignHCenter
                wrapMode: Text.Wrap
            }
            Label {
                Layout.topMargin: Theme.spacing
                text: SessionController.usesPassphrase ? qsTr("Passphrase") : qsTr("PIN")
                font.bold: true
            }
            TextField {
                id: pinField

                objectName: "pinField"
                Layout.fillWidth: true
                Layout.preferredHeight: Math.max(implicitHeight, Theme.touchTarget)
                enabled: !page.busy
                focus: true
                echoMode: TextInput.Password
                // A PIN is digits; a passphrase (chosen at enrolment or in settings) is any text.
                inputMethodHints: SessionController.usesPassphrase ? (Qt.ImhSensitiveData | Qt.ImhNoPredictiveText | Qt.ImhNoAutoUppercase) : (Qt.ImhDigitsOnly | Qt.ImhSensitiveData | Qt.ImhNoPredictiveText)
                validator: SessionController.usesPassphrase ? null : digitsOnly
                horizontalAlignment: TextInput.AlignHCenter
                font.pixelSize: Theme.fontSize(24)
                font.letterSpacing: 4
                placeholderText: SessionController.usesPassphrase ? qsTr("Passphrase") : qsTr("PIN")
                Accessible.name: placeholderText
                onAccepted: SessionController.unlock(text)
            }
            FieldError {
                objectName: "unlockError"
                Layout.fillWidth: true
                horizontalAlignment: Text.AlignHCenter
                text: SessionController.errorString
            }
            Label {
                objectName: "retryCountdown"
                Layout.fillWidth: true
                visible: page.waiting
                text: SessionController.retryText
                horizontalAlignment: Text.AlignHCenter
                wrapMode: Text.Wrap
                font.bold: true
                Accessible.role: Accessible.StaticText
                Accessible.name: text
            }
            Button {
                objectName: "unlockButton"
                Layout.fillWidth: true
                Layout.preferredHeight: Theme.touchTarget
                text: page.busy ? qsTr("Unlocking…") : qsTr("Unlock")
                highlighted: true
                enabled: !page.busy && !page.waiting
                Accessible.name: qsTr("Unlock")
                onClicked: SessionController.unlock(pinField.text)
            }
            BusyIndicator {
                Layout.alignment: Qt.AlignHCenter
                running: page.busy
                visible: running
            }
        }
    }
}
