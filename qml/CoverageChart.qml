import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// Newborns seen face-to-face by day 14, a bar per week (or month) of the period: the bar's height
// is the babies born then, its green part those seen in time. Entries come from
// CoverageController.chart ({label, newborns, seen, text}); each bar says its figures in words.
Item {
    id: chart

    required property var entries

    readonly property int barAreaHeight: 120

    objectName: "coverageChart"
    implicitHeight: barAreaHeight + labels.implicitHeight + Theme.spacing
    Accessible.role: Accessible.Chart
    Accessible.name: qsTr("Newborns seen face-to-face by day 14, by week")

    Rectangle {
        // The baseline.
        y: chart.barAreaHeight
        width: parent.width
        height: 1
        color: "#9E9E9E"
    }

    RowLayout {
        id: bars

        width: parent.width
        height: chart.barAreaHeight
        spacing: 4

        Repeater {
            objectName: "chartBars"
            model: chart.entries

            delegate: Item {
                id: bar

                required property var modelData

                objectName: "chartBar"
                Layout.fillWidth: true
                Layout.fillHeight: true
                Accessible.role: Accessible.StaticText
                Accessible.name: modelData.text

                Rectangle {
                    id: born

                    objectName: "chartBarBorn"
                    anchors.bottom: parent.bottom
                    anchors.horizontalCenter: parent.horizontalCenter
                    width: Math.min(parent.width, 48)
                    height: bar.height * bar.modelData.bornFraction
                    color: "#FFCDD2"
                    border.color: Theme.red
                    border.width: bar.modelData.newborns > bar.modelData.seen ? 1 : 0
                }
                Rectangle {
                    objectName: "chartBarSeen"
                    anchors.bottom: parent.bottom
                    anchors.horizontalCenter: parent.horizontalCenter
                    width: born.width
                    height: bar.height * bar.modelData.seenFraction
                    color: Theme.ok
                }
                Label {
                    anchors.bottom: born.top
                    anchors.horizontalCenter: parent.horizontalCenter
                    visible: bar.modelData.newborns > 0
                    text: qsTr("%1/%2").arg(bar.modelData.seen).arg(bar.modelData.newborns)
                    font.pixelSize: 12
                }
            }
        }
    }

    RowLayout {
        id: labels

        y: chart.barAreaHeight + Theme.spacing / 2
        width: parent.width
        spacing: 4

        Repeater {
            model: chart.entries

            delegate: Label {
                required property var modelData
                required property int index

                Layout.fillWidth: true
                Layout.preferredWidth: 1
                horizontalAlignment: Text.AlignHCenter
                // On a narrow screen every other label, so they do not overlap.
                opacity: width >= 48 || index % 2 === 0 ? 1 : 0
                text: modelData.label
                font.pixelSize: 12
                color: Theme.muted
            }
        }
    }
}
