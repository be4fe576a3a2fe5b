import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Doorstep.App

// What waits to go to the server, whether it is going, and when it last went; and "Sync now".
// Changes the server refused are listed, each with its reason, behind "Review".
Pane {
    id: bar

    readonly property color stateColour: {
        switch (SyncStatus.state) {
        case SyncStatus.AllSent:
            return Theme.ok;
        case SyncStatus.Error:
        case SyncStatus.Rejected:
            return Theme.error;
        case SyncStatus.Pending:
        case SyncStatus.Syncing:
            return Theme.amber;
        default:
            return Theme.muted;
        }
    }

    // On a short screen (a phone on its side, or large text on a tablet) the bar keeps to one row
    // where it can, its details in the state's accessible description, so that a form above it
    // keeps its height.
    property bool compact: false
    readonly property bool narrow: width < Theme.fontSize(compact ? 440 : 600)
    readonly property real buttonsWidth: (reviewButton.visible ? reviewButton.implicitWidth + 12 : 0) + (conflictsButton.visible ? conflictsButton.implicitWidth + 12 : 0) + syncNowButton.implicitWidth

    objectName: "syncStatusBar"
    padding: Theme.spacing
    leftPadding: Theme.margin
    rightPadding: Theme.margin
    background: Rectangle {
        color: "#F1F3F4"

        Rectangle {
            width: parent.width
            height: 1
            color: "#1F000000"
        }
    }

    // On a phone, or with large text, the actions go on a line of their own below the words,
    // leaving the words the width.
    GridLayout {
        anchors.fill: parent
        columns: bar.narrow ? 3 : 4
        columnSpacing: 12
        rowSpacing: 0

        Rectangle {
            Layout.alignment: Qt.AlignVCenter
            implicitWidth: 12
            implicitHeight: 12
            radius: 6
            color: bar.stateColour
        }
        ColumnLayout {
            Layout.fillWidth: true
            spacing: 2

            Label {
                objectName: "syncStateText"
                Layout.fillWidth: true
                text: SyncStatus.stateText
                font.bold: true
                wrapMode: Text.Wrap
                Accessible.role: Accessible.StaticText
                Accessible.name: text
                Accessible.description: bar.compact ? SyncStatus.detailText : ""
            }
            Label {
                objectName: "syncDetailText"
                Layout.fillWidth: true
                visible: !bar.compact && text.length > 0
                text: SyncStatus.detailText
                color: Theme.muted
                wrapMode: Text.Wrap
            }
        }
        BusyIndicator {
            Layout.preferredWidth: 32
            Layout.preferredHeight: 32
            running: SyncStatus.state === SyncStatus.Syncing
            visible: running
        }
        Flow {
            Layout.columnSpan: bar.narrow ? 3 : 1
            Layout.fillWidth: bar.narrow
            Layout.preferredWidth: bar.narrow ? -1 : bar.buttonsWidth
            Layout.leftMargin: bar.narrow ? 24 : 0
            // Flat buttons carry their own padding: stacked, they need no more between them.
            spacing: bar.narrow ? 0 : 12

            Button {
                id: reviewButton

                objectName: "reviewRejectedButton"
                visible: SyncStatus.rejectedCount > 0
                text: qsTr("Review")
                flat: true
                height: Math.max(implicitHeight, Theme.touchTarget)
                Accessible.name: qsTr("Review the changes the server refused")
                onClicked: rejectedPopup.open()
            }
            Button {
                id: conflictsButton

                objectName: "reviewConflictsButton"
                visible: SyncStatus.conflictCount > 0
                text: qsTr("Conflicts (%1)").arg(SyncStatus.conflictCount)
                flat: true
                height: Math.max(implicitHeight, Theme.touchTarget)
                Accessible.name: SyncStatus.conflictText
                Accessible.description: qsTr("Open the conflicts to review")
                onClicked: ConflictsController.open()
            }
            Button {
                id: syncNowButton

                objectName: "syncNowButton"
                text: qsTr("Sync now")
                enabled: SyncStatus.canSync
                flat: true
                height: Math.max(implicitHeight, Theme.touchTarget)
                Accessible.name: qsTr("Sync now")
                Accessible.description: SyncStatus.stateText
                onClicked: SyncStatus.syncNow()
            }
        }
    }

    Popup {
        id: rejectedPopup

        objectName: "rejectedPopup"
        parent: Overlay.overlay
        x: Math.round((parent.width - width) / 2)
        y: Math.round((parent.height - height) / 2)
        width: Math.min(parent.width - 2 * Theme.margin, 560)
        height: Math.min(parent.height - 2 * Theme.margin, implicitHeight)
        modal: true
        padding: Theme.margin

        // A child, not contentItem: the delegate's id inside would stop the deferred assignment.
        ColumnLayout {
            anchors.fill: parent
            spacing: Theme.spacing

            Label {
                Layout.fillWidth: true
                text: SyncStatus.rejectedText
                font.pixelSize: Theme.fontSize(18)
                font.bold: true
                wrapMode: Text.Wrap
                Accessible.role: Accessible.Heading
                Accessible.name: text
            }
            Label {
                Layout.fillWidth: true
                text: qsTr("They are kept on this device. Correct each as the reason says, then send it again.")
                wrapMode: Text.Wrap
            }
            ListView {
                objectName: "rejectedList"
                Layout.fillWidth: true
                Layout.preferredHeight: Math.min(contentHeight, 360)
                clip: true
                spacing: Theme.spacing
                model: SyncStatus.rejected

                delegate: ColumnLayout {
                    id: rejectedRow

                    required property string changeId
                    required property string what
                    required property string reason
                    required property string code

                    width: ListView.view.width
                    spacing: 2
                    Accessible.role: Accessible.ListItem
                    Accessible.name: qsTr("%1: %2").arg(what).arg(reason)

                    Label {
                        Layout.fillWidth: true
                        text: rejectedRow.what
                        font.bold: true
                        wrapMode: Text.Wrap
                    }
                    Label {
                        objectName: "rejectedReason"
                        Layout.fillWidth: true
                        text: rejectedRow.reason
                        color: Theme.error
                        wrapMode: Text.Wrap
                    }
                    Label {
                        Layout.fillWidth: true
                        visible: rejectedRow.code.length > 0
                        text: qsTr("Reference: %1").arg(rejectedRow.code)
                        color: Theme.muted
                        font.pixelSize: Theme.fontSize(12)
                    }
                    Button {
                        objectName: "resendButton"
                        Layout.preferredHeight: Theme.touchTarget
                        text: qsTr("Corrected: send again")
                        Accessible.name: qsTr("%1 is corrected: send it again").arg(rejectedRow.what)
                        onClicked: SyncStatus.resend(rejectedRow.changeId)
                    }
                }
            }
            Button {
                objectName: "closeRejectedButton"
                Layout.alignment: Qt.AlignRight
                Layout.preferredHeight: Theme.touchTarget
                text: qsTr("Close")
                Accessible.name: qsTr("Close the list of refused changes")
                onClicked: rejectedPopup.close()
            }
        }
    }
}
