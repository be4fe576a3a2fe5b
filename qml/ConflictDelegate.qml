import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Doorstep.App

// One conflict: the record and field, the value kept beside the value not kept (each with which
// device and when), and what can be done about it. The words come from ConflictListModel.
Pane {
    id: row

    required property string conflictId
    required property string record
    required property string field
    required property string keptValue
    required property string keptBy
    required property string keptAt
    required property string notKeptValue
    required property string notKeptBy
    required property string notKeptAt
    required property bool canUseNotKept

    objectName: "conflictRow"
    padding: Theme.margin
    Accessible.role: Accessible.ListItem
    Accessible.name: qsTr("%1, %2: kept %3, not kept %4").arg(record).arg(field).arg(keptValue).arg(notKeptValue)
    background: Rectangle {
        color: "#FFFFFF"
        border.color: "#1F000000"
        radius: 4
    }

    // Sized by its content: the pane takes the column's height, never the other way round.
    ColumnLayout {
        width: parent.width
        spacing: Theme.spacing

        Label {
            Layout.fillWidth: true
            text: row.record
            font.bold: true
            font.pixelSize: Theme.fontSize(16)
            wrapMode: Text.Wrap
        }
        Label {
            Layout.fillWidth: true
            text: qsTr("Field: %1").arg(row.field)
            wrapMode: Text.Wrap
        }
        // Positioners, not layouts: wrapped text changes height with width, which they follow.
        // Side by side while each value has room for a few words at the person's text size;
        // else the value not kept goes under the value kept.
        Flow {
            id: values

            readonly property bool stacked: width < Theme.fontSize(280)
            readonly property real columnWidth: stacked ? width : Math.floor((width - spacing) / 2)

            Layout.fillWidth: true
            spacing: Theme.margin

            Column {
                objectName: "keptColumn"
                width: values.columnWidth
                spacing: 2

                Label {
                    text: qsTr("Kept")
                    color: Theme.ok
                    font.bold: true
                }
                Label {
                    objectName: "keptValue"
                    width: parent.width
                    text: row.keptValue
                    wrapMode: Text.Wrap
                    Accessible.name: qsTr("Kept: %1").arg(row.keptValue)
                }
                Label {
                    width: parent.width
                    text: qsTr("%1, %2").arg(row.keptBy).arg(row.keptAt)
                    color: Theme.muted
                    wrapMode: Text.Wrap
                }
            }
            Column {
                objectName: "notKeptColumn"
                width: values.columnWidth
                spacing: 2

                Label {
                    text: qsTr("Not kept")
                    color: Theme.error
                    font.bold: true
                }
                Label {
                    objectName: "notKeptValue"
                    width: parent.width
                    text: row.notKeptValue
                    wrapMode: Text.Wrap
                    Accessible.name: qsTr("Not kept: %1").arg(row.notKeptValue)
                }
                Label {
                    width: parent.width
                    text: qsTr("%1, %2").arg(row.notKeptBy).arg(row.notKeptAt)
                    color: Theme.muted
                    wrapMode: Text.Wrap
                }
            }
        }
        Flow {
            Layout.fillWidth: true
            Layout.preferredHeight: childrenRect.height
            spacing: Theme.spacing

            Button {
                objectName: "reviewedButton"
                height: Math.max(implicitHeight, Theme.touchTarget)
                text: qsTr("Reviewed")
                enabled: !ConflictsController.busy
                Accessible.name: qsTr("Mark the conflict over %1 of %2 as reviewed").arg(row.field).arg(row.record)
                onClicked: ConflictsController.markReviewed(row.conflictId)
            }
            Button {
                objectName: "useNotKeptButton"
                visible: row.canUseNotKept
                height: Math.max(implicitHeight, Theme.touchTarget)
                flat: true
                text: qsTr("Use the other value")
                enabled: !ConflictsController.busy
                Accessible.name: qsTr("Use %1 for %2 of %3 instead").arg(row.notKeptValue).arg(row.field).arg(row.record)
                onClicked: ConflictsController.useNotKept(row.conflictId)
            }
        }
    }
}
