import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Doorstep.App

// What waits to go to the server, whether it is going, and when it last went; and "Sync now".
Pane {
    id: bar

    readonly property color stateColour: {
        switch (SyncStatus.state) {
        case SyncStatus.AllSent:
            return Theme.ok;
        case SyncStatus.Error:
            return Theme.error;
        case SyncStatus.Pending:
        case SyncStatus.Syncing:
            return Theme.amber;
        default:
            return Theme.muted;
        }
    }

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

    RowLayout {
        anchors.fill: parent
        spacing: 12

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
            }
            Label {
                objectName: "syncDetailText"
                Layout.fillWidth: true
                visible: text.length > 0
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
        Button {
            objectName: "syncNowButton"
            text: qsTr("Sync now")
            enabled: SyncStatus.canSync
            flat: true
            Layout.preferredHeight: Theme.touchTarget
            Accessible.name: qsTr("Sync now")
            Accessible.description: SyncStatus.stateText
            onClicked: SyncStatus.syncNow()
        }
    }
}
