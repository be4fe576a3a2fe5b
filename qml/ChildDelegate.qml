import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// One child on the caseload: name, age, household, and the most pressing flag with why it fired
// and what would clear it. Every role it shows is a required property.
ItemDelegate {
    id: row

    required property int index
    required property string childId
    required property string name
    required property string familyLabel
    required property string ageText
    required property string flagLabel
    required property string flagSeverity
    required property string flagReason
    required property string flagToClear
    required property int daysOverdue
    required property int flagCount

    readonly property bool flagged: flagLabel.length > 0

    objectName: "childDelegate"
    padding: Theme.margin
    topPadding: 12
    bottomPadding: 12
    implicitHeight: Math.max(Theme.touchTarget, implicitContentHeight + topPadding + bottomPadding)
    Accessible.name: flagged ? qsTr("%1, %2, %3. %4").arg(name).arg(ageText).arg(familyLabel).arg(flagLabel) : qsTr("%1, %2, %3").arg(name).arg(ageText).arg(familyLabel)
    Accessible.description: flagReason

    background: Rectangle {
        color: row.highlighted ? Theme.selected : (row.down ? "#EEEEEE" : "transparent")

        Rectangle {
            // A severity stripe, so the list can be scanned at a glance.
            width: 6
            height: parent.height
            visible: row.flagged
            color: Theme.severityFill(row.flagSeverity)
        }

        Rectangle {
            anchors.bottom: parent.bottom
            width: parent.width
            height: 1
            color: "#1F000000"
        }
    }

    contentItem: ColumnLayout {
        spacing: 4

        RowLayout {
            Layout.fillWidth: true
            spacing: Theme.spacing

            Label {
                objectName: "childName"
                Layout.fillWidth: true
                text: row.name
                font.pixelSize: Theme.fontSize(18)
                font.bold: true
                wrapMode: Text.Wrap
            }
            Label {
                objectName: "childAge"
                text: row.ageText
                color: Theme.muted
            }
        }
        Label {
            objectName: "familyLabel"
            Layout.fillWidth: true
            text: row.familyLabel
            color: Theme.muted
            wrapMode: Text.Wrap
        }
        // Wraps rather than clips when large text leaves no room for all on one line.
        Flow {
            Layout.fillWidth: true
            Layout.topMargin: 4
            visible: row.flagged
            spacing: Theme.spacing

            FlagBadge {
                objectName: "flagBadge"
                width: Math.min(implicitWidth, parent.width)
                text: row.flagLabel
                severity: row.flagSeverity
            }
            Label {
                objectName: "overdueLabel"
                width: Math.min(implicitWidth, parent.width)
                visible: row.daysOverdue > 0
                text: row.daysOverdue === 1 ? qsTr("1 day overdue") : qsTr("%1 days overdue").arg(row.daysOverdue)
                color: row.flagSeverity === "red" ? Theme.red : Theme.amberText
                font.bold: true
                wrapMode: Text.Wrap
            }
            Label {
                width: Math.min(implicitWidth, parent.width)
                visible: row.flagCount > 1
                text: qsTr("+%1 more").arg(row.flagCount - 1)
                color: Theme.muted
                wrapMode: Text.Wrap
            }
        }
        Label {
            objectName: "flagReason"
            Layout.fillWidth: true
            visible: row.flagged
            text: row.flagReason
            wrapMode: Text.Wrap
        }
        Label {
            objectName: "flagToClear"
            Layout.fillWidth: true
            visible: row.flagged && row.flagToClear.length > 0
            text: qsTr("To clear: %1").arg(row.flagToClear)
            wrapMode: Text.Wrap
            color: Theme.muted
        }
    }
}
