import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Doorstep.App

// One line of a child's chronology: its date and kind, what it was, and its content. A record is
// never edited once signed off: "Amend" adds a correction with a reason, shown beside it.
Pane {
    id: entry

    required property string entryId
    required property string kind
    required property string kindText
    required property string dateText
    required property string title
    required property string detail
    required property string amendedText

    objectName: "chronologyEntry"
    padding: 12
    Accessible.role: Accessible.ListItem
    Accessible.name: qsTr("%1, %2: %3").arg(dateText).arg(kindText).arg(title)
    Accessible.description: detail
    background: Rectangle {
        color: entry.kind === "alert" ? "#FFF8E1" : "#F8F9FA"
        radius: 4

        Rectangle {
            width: 4
            height: parent.height
            radius: 2
            color: entry.kind === "alert" ? Theme.amber : (entry.kind === "amendment" ? Theme.muted : Theme.primary)
        }
    }

    contentItem: ColumnLayout {
        spacing: 4

        // Wraps rather than clips when large text leaves no room for all three on one line.
        Flow {
            Layout.fillWidth: true
            spacing: Theme.spacing

            Label {
                objectName: "entryDate"
                width: Math.min(implicitWidth, parent.width)
                text: entry.dateText
                font.bold: true
                wrapMode: Text.Wrap
            }
            Label {
                width: Math.min(implicitWidth, parent.width)
                text: entry.kindText
                color: Theme.muted
                wrapMode: Text.Wrap
            }
            Label {
                objectName: "entryAmended"
                width: Math.min(implicitWidth, parent.width)
                visible: text.length > 0
                text: entry.amendedText
                color: Theme.amberText
                font.italic: true
                wrapMode: Text.Wrap
            }
        }
        Label {
            objectName: "entryTitle"
            Layout.fillWidth: true
            text: entry.title
            font.bold: true
            wrapMode: Text.Wrap
        }
        Label {
            objectName: "entryDetail"
            Layout.fillWidth: true
            visible: text.length > 0
            text: entry.detail
            wrapMode: Text.Wrap
        }
        Button {
            objectName: "amendButton"
            visible: entry.kind !== "amendment"
            flat: true
            text: qsTr("Amend")
            Layout.preferredHeight: Theme.touchTarget
            Accessible.name: qsTr("Amend the %1 of %2").arg(entry.kindText).arg(entry.dateText)
            onClicked: AmendmentEditor.open(entry.kind, entry.entryId, entry.dateText, entry.title, entry.detail)
        }
    }
}
