import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Doorstep.App

// Shown when the profile folder holds no store: says so, and how to enrol the device.
Page {
    objectName: "notEnrolledPage"
    title: qsTr("Not enrolled")

    Flickable {
        anchors.fill: parent
        contentHeight: column.implicitHeight + 2 * Theme.margin
        clip: true

        ColumnLayout {
            id: column

            x: Theme.margin
            y: Theme.margin
            width: Math.min(parent.width - 2 * Theme.margin, 640)
            spacing: Theme.spacing * 2

            Label {
                Layout.fillWidth: true
                text: qsTr("This device is not enrolled")
                font.pixelSize: 26
                font.bold: true
                wrapMode: Text.Wrap
            }
            Label {
                Layout.fillWidth: true
                text: qsTr("Doorstep keeps your caseload in an encrypted store on this device, and there is none here yet. Ask your administrator for an enrolment code, then enrol the device from a terminal:")
                wrapMode: Text.Wrap
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
                text: qsTr("Give it the server address and the code; it asks you to choose a PIN. Then come back here.")
                wrapMode: Text.Wrap
            }
            Label {
                Layout.fillWidth: true
                text: qsTr("Profile folder: %1").arg(SessionController.profileDir)
                color: Theme.muted
                wrapMode: Text.WrapAnywhere
            }
            Button {
                objectName: "checkEnrolmentButton"
                Layout.preferredHeight: Theme.touchTarget
                text: qsTr("I have enrolled: check again")
                highlighted: true
                Accessible.name: text
                onClicked: SessionController.checkEnrolment()
            }
        }
    }
}
