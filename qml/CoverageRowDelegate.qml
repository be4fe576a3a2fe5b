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

    readonly property bool narrow: width < Theme.fontSize(480)

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

    // With large text on a phone the figure goes below the name rather than squeezing it out.
    contentItem: GridLayout {
        columns: row.narrow ? 1 : 2
        columnSpacing: Theme.spacing
        rowSpacing: 2

        ColumnLayout {
            Layout.fillWidth: true
            spacing: 2

            Label {
                Layout.fillWidth: true
                text: row.title
                font.bold: true
                wrapMode: Text.Wrap
            }
            Label {
                Layout.fillWidth: true
                visible: text.length > 0
                text: row.detail
                color: Theme.muted
                wrapMode: Text.Wrap
            }
        }
        Label {
            objectName: "coverageValue"
            Layout.fillWidth: row.narrow
            wrapMode: Text.Wrap
            text: row.valueText
            font.bold: true
            color: row.severity === "red" ? Theme.red : Theme.primary
        }
    }
}
