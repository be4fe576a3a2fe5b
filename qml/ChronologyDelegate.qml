import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// One line of a child's chronology: its date and kind, what it was, and its content.
Pane {
    id: entry

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

        RowLayout {
            Layout.fillWidth: true
            spacing: Theme.spacing

            Label {
                objectName: "entryDate"
                text: entry.dateText
                font.bold: true
            }
            Label {
                Layout.fillWidth: true
                text: entry.kindText
                color: Theme.muted
                elide: Text.ElideRight
            }
            Label {
                objectName: "entryAmended"
                visible: text.length > 0
                text: entry.amendedText
                color: Theme.amberText
                font.italic: true
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
    }
}
