import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// One line of a coverage list: who, a detail, and a figure in words ("6 days overdue").
Pane {
    id: row

    required property string title
    required property string detail
    required property int value
    required property string valueText
    required property string severity

    objectName: "coverageRow"
    padding: 12
    implicitHeight: Math.max(Theme.touchTarget, implicitContentHeight + topPadding + bottomPadding)
    Accessible.role: Accessible.ListItem
    Accessible.name: qsTr("%1: %2").arg(title).arg(valueText)
    background: Rectangle {
        color: "#F8F9FA"
        radius: 4

        Rectangle {
            width: 4
            height: parent.height
            radius: 2
            visible: row.severity.length > 0
            color: Theme.severityFill(row.severity)
        }
    }

    contentItem: RowLayout {
        spacing: Theme.spacing

        ColumnLayout {
            Layout.fillWidth: true
            spacing: 2

            Label {
                Layout.fillWidth: true
                text: row.title
                font.bold: true
                elide: Text.ElideRight
            }
            Label {
                Layout.fillWidth: true
                visible: text.length > 0
                text: row.detail
                color: Theme.muted
                elide: Text.ElideRight
            }
        }
        Label {
            objectName: "coverageValue"
            text: row.valueText
            font.bold: true
            color: row.severity === "red" ? Theme.red : Theme.primary
        }
    }
}
