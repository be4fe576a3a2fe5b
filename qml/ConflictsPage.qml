import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Doorstep.App

// Conflicts to review: values another edit won over during sync, each beside the value kept.
// Nothing was lost: the person checks each one and marks it reviewed, or keeps the other value.
Page {
    id: page

    objectName: "conflictsPage"
    title: qsTr("Conflicts to review")

    header: Pane {
        padding: 0
        background: Rectangle {
            color: "#FAFAFA"

            Rectangle {
                anchors.bottom: parent.bottom
                width: parent.width
                height: 1
                color: "#1F000000"
            }
        }

        RowLayout {
            anchors.fill: parent
            spacing: Theme.spacing

            ToolButton {
                objectName: "conflictsBackButton"
                text: qsTr("‹ Back")
                Layout.preferredHeight: Theme.touchTarget
                Accessible.name: qsTr("Close the conflicts")
                onClicked: ConflictsController.close()
            }
            Label {
                Layout.fillWidth: true
                text: page.title
                font.pixelSize: Theme.fontSize(20)
                wrapMode: Text.Wrap
                Accessible.role: Accessible.Heading
                Accessible.name: text
            }
        }
    }

    ListView {
        id: list

        objectName: "conflictList"
        anchors.fill: parent
        anchors.margins: Theme.margin
        spacing: Theme.spacing
        clip: true
        model: ConflictsController.conflicts
        ScrollBar.vertical: ScrollBar {
        }

        header: ColumnLayout {
            width: ListView.view.width
            spacing: Theme.spacing

            Label {
                objectName: "conflictsSummary"
                Layout.fillWidth: true
                text: ConflictsController.summaryText
                font.bold: true
                wrapMode: Text.Wrap
                Accessible.role: Accessible.StaticText
                Accessible.name: text
            }
            Label {
                Layout.fillWidth: true
                text: qsTr("Two edits changed the same thing without seeing each other. Both are kept: check each and mark it reviewed, or use the value not kept instead.")
                color: Theme.muted
                wrapMode: Text.Wrap
            }
            Label {
                objectName: "conflictsError"
                Layout.fillWidth: true
                visible: text.length > 0
                text: ConflictsController.errorString
                color: Theme.error
                wrapMode: Text.Wrap
                Accessible.role: Accessible.AlertMessage
                Accessible.name: text
            }
            Item {
                implicitHeight: Theme.spacing
            }
        }

        delegate: ConflictDelegate {
            width: ListView.view.width
        }
    }
}
