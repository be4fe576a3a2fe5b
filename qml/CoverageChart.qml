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
                    font.pixelSize: Theme.fontSize(12)
                }
            }
        }
    }

    // A label under every bar when they fit, else under every second (third, …) bar: placed by
    // hand, each centred under its bar and as wide as its words.
    Item {
        id: labels

        readonly property int count: chart.entries ? chart.entries.length : 0
        readonly property real slot: count > 0 ? (chart.width - (count - 1) * bars.spacing) / count : 0
        readonly property int step: slot > 0 ? Math.max(1, Math.ceil((widest.width + Theme.spacing) / (slot + bars.spacing))) : 1
        // Where each label goes: the centre of its bar, and whether it is shown.
        readonly property var placed: {
            const list = chart.entries ? chart.entries : [];
            const result = [];
            for (let i = 0; i < list.length; ++i)
                result.push({
                        "label": list[i].label,
                        "centre": i * (labels.slot + bars.spacing) + labels.slot / 2,
                        "end": chart.width,
                        "shown": i % labels.step === 0
                    });
            return result;
        }

        y: chart.barAreaHeight + Theme.spacing / 2
        width: parent.width
        implicitHeight: widest.height

        TextMetrics {
            id: widest

            font.pixelSize: Theme.fontSize(12)
            text: "May 2026" // as wide as the widest month or week label
        }

        Repeater {
            model: labels.placed

            delegate: Label {
                id: bucketLabel

                required property var modelData

                x: Math.max(0, Math.min(bucketLabel.modelData.end - width, bucketLabel.modelData.centre - width / 2))
                visible: bucketLabel.modelData.shown
                text: bucketLabel.modelData.label
                font.pixelSize: Theme.fontSize(12)
                color: Theme.muted
            }
        }
    }
}
