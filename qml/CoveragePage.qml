import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Doorstep.App

// The supervisor's view of the team for a period: newborns seen face-to-face by day 14 as a
// number and a bar, the newborns still flagged with days overdue, was-not-brought counts,
// advocate-offer completion and visits by practitioner. Figures and words come from C++.
Page {
    id: page

    objectName: "coveragePage"
    title: qsTr("Team coverage")

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

        // With large text on a phone the title takes a line of its own below the back button and
        // the period, and when even those two do not fit side by side, each has a line of its own.
        GridLayout {
            id: headerRow

            // 0: all on one line; 1: the controls, then the title; 2: a line each.
            readonly property int crowding: backButton.implicitWidth + headerTitle.implicitWidth + periodField.Layout.preferredWidth + 3 * Theme.spacing <= width ? 0 : backButton.implicitWidth + periodField.Layout.preferredWidth + 2 * Theme.spacing <= width ? 1 : 2

            anchors.fill: parent
            columns: 3 - crowding
            rowSpacing: 0
            columnSpacing: Theme.spacing

            ToolButton {
                id: backButton

                objectName: "coverageBackButton"
                text: qsTr("‹ Caseload")
                Layout.row: 0
                Layout.column: 0
                Layout.preferredHeight: Theme.touchTarget
                Accessible.name: qsTr("Back to the caseload")
                onClicked: CoverageController.close()
            }
            Label {
                id: headerTitle

                Layout.row: headerRow.crowding
                Layout.column: headerRow.crowding === 0 ? 1 : 0
                Layout.columnSpan: headerRow.crowding === 1 ? 2 : 1
                Layout.fillWidth: true
                Layout.leftMargin: headerRow.crowding > 0 ? Theme.margin : 0
                Layout.bottomMargin: headerRow.crowding > 0 ? Theme.spacing : 0
                text: page.title
                font.pixelSize: Theme.fontSize(20)
                wrapMode: Text.Wrap
            }
            ComboBox {
                id: periodField

                objectName: "periodField"
                Layout.row: headerRow.crowding === 2 ? 1 : 0
                Layout.column: 2 - headerRow.crowding
                Layout.alignment: headerRow.crowding === 2 ? Qt.AlignLeft : Qt.AlignRight
                Layout.leftMargin: headerRow.crowding === 2 ? Theme.margin : 0
                Layout.preferredHeight: Math.max(implicitHeight, Theme.touchTarget)
                Layout.rightMargin: Theme.spacing
                Layout.preferredWidth: Math.min(Theme.fontSize(200), headerRow.width - 2 * Theme.margin)
                model: CoverageController.periods
                textRole: "text"
                valueRole: "value"
                currentIndex: CoverageController.periods.indexOf(CoverageController.period)
                Accessible.name: qsTr("Period")
                onActivated: index => CoverageController.period = valueAt(index)
            }
        }
    }

    Flickable {
        id: flickable

        objectName: "coverageFigures"
        anchors.fill: parent
        contentWidth: width
        contentHeight: column.implicitHeight + 2 * Theme.margin
        clip: true
        boundsBehavior: Flickable.StopAtBounds
        ScrollBar.vertical: ScrollBar {
        }

        ColumnLayout {
            id: column

            x: Theme.margin
            y: Theme.margin
            width: Math.min(flickable.width - 2 * Theme.margin, 960)
            spacing: Theme.spacing

            Label {
                objectName: "periodText"
                Layout.fillWidth: true
                text: CoverageController.periodText
                color: Theme.muted
                wrapMode: Text.Wrap
            }
            BusyIndicator {
                Layout.alignment: Qt.AlignHCenter
                running: CoverageController.loading
                visible: running
            }

            SectionHeading {
                text: qsTr("New birth visits")
            }
            Label {
                objectName: "seenFigure"
                text: CoverageController.newborns > 0 ? qsTr("%1 of %2").arg(CoverageController.newbornsSeenByDay14).arg(CoverageController.newborns) : qsTr("None")
                font.pixelSize: Theme.fontSize(32)
                font.bold: true
            }
            Label {
                objectName: "seenText"
                Layout.fillWidth: true
                text: CoverageController.seenText
                wrapMode: Text.Wrap
            }
            Rectangle {
                objectName: "seenBar"
                Layout.fillWidth: true
                implicitHeight: 24
                radius: 4
                color: "#E0E0E0"
                visible: CoverageController.newborns > 0
                Accessible.role: Accessible.ProgressBar
                Accessible.name: CoverageController.seenText

                Rectangle {
                    objectName: "seenBarFill"
                    width: parent.width * CoverageController.seenFraction
                    height: parent.height
                    radius: 4
                    color: Theme.ok
                }
            }

            Label {
                Layout.topMargin: Theme.spacing
                visible: CoverageController.newborns > 0
                text: qsTr("Babies born each week or month, and how many were seen by day 14 (green)")
                color: Theme.muted
                wrapMode: Text.Wrap
                Layout.fillWidth: true
            }
            CoverageChart {
                Layout.fillWidth: true
                visible: CoverageController.newborns > 0
                entries: CoverageController.chart
            }

            SectionHeading {
                text: qsTr("Newborns still without a face-to-face visit")
            }
            Label {
                Layout.fillWidth: true
                visible: CoverageController.stillFlagged.count === 0
                text: qsTr("None: every newborn has been seen.")
                color: Theme.muted
                wrapMode: Text.Wrap
            }
            Repeater {
                objectName: "stillFlaggedList"
                model: CoverageController.stillFlagged

                delegate: CoverageRowDelegate {
                    Layout.fillWidth: true
                }
            }

            SectionHeading {
                text: qsTr("Was not brought")
            }
            Label {
                objectName: "wasNotBroughtText"
                Layout.fillWidth: true
                text: CoverageController.wasNotBroughtText
                wrapMode: Text.Wrap
            }

            SectionHeading {
                text: qsTr("Advocate offers")
            }
            Label {
                objectName: "advocateText"
                Layout.fillWidth: true
                text: CoverageController.advocateText
                wrapMode: Text.Wrap
            }

            SectionHeading {
                text: qsTr("Visits by practitioner")
            }
            Label {
                Layout.fillWidth: true
                visible: CoverageController.practitioners.count === 0
                text: qsTr("No visits in this period.")
                color: Theme.muted
                wrapMode: Text.Wrap
            }
            Repeater {
                objectName: "practitionerList"
                model: CoverageController.practitioners

                delegate: CoverageRowDelegate {
                    Layout.fillWidth: true
                }
            }
            Label {
                objectName: "freshnessNote"
                Layout.fillWidth: true
                visible: CoverageController.practitioners.count > 0
                text: qsTr("Visits recorded on a practitioner's device show here once it has synced.")
                color: Theme.muted
                wrapMode: Text.Wrap
            }

            SectionHeading {
                text: qsTr("Sync freshness")
            }
            RowLayout {
                Layout.fillWidth: true
                spacing: Theme.spacing
                visible: CoverageController.freshnessState === CoverageController.FreshnessLoading

                BusyIndicator {
                    Layout.preferredWidth: 32
                    Layout.preferredHeight: 32
                    running: parent.visible
                }
                Label {
                    Layout.fillWidth: true
                    text: qsTr("Asking the server when each practitioner last synced…")
                    color: Theme.muted
                    wrapMode: Text.Wrap
                }
            }
            Label {
                objectName: "freshnessMessage"
                Layout.fillWidth: true
                visible: text.length > 0
                text: CoverageController.freshnessMessage
                color: CoverageController.freshnessState === CoverageController.FreshnessFailed ? Theme.error : Theme.muted
                wrapMode: Text.Wrap
                Accessible.role: Accessible.StaticText
                Accessible.name: text
            }
            Repeater {
                objectName: "freshnessList"
                model: CoverageController.freshness

                delegate: CoverageRowDelegate {
                    Layout.fillWidth: true
                }
            }

            SectionHeading {
                text: qsTr("Export")
            }
            Label {
                Layout.fillWidth: true
                text: qsTr("Save these figures as a CSV file (no names: children and practitioners by id only).")
                wrapMode: Text.Wrap
            }
            Label {
                text: qsTr("Folder")
                font.bold: true
            }
            TextField {
                objectName: "exportFolderField"
                Layout.fillWidth: true
                Layout.preferredHeight: Math.max(implicitHeight, Theme.touchTarget)
                text: CoverageController.exportFolder
                enabled: !CoverageController.exporting
                inputMethodHints: Qt.ImhNoAutoUppercase | Qt.ImhNoPredictiveText
                Accessible.name: qsTr("Folder to save the CSV file in")
                onTextEdited: CoverageController.exportFolder = text
            }
            FieldError {
                objectName: "exportError"
                Layout.fillWidth: true
                text: CoverageController.exportError
            }
            RowLayout {
                Layout.fillWidth: true
                spacing: Theme.spacing

                Button {
                    objectName: "exportButton"
                    Layout.preferredHeight: Theme.touchTarget
                    text: qsTr("Export CSV")
                    enabled: !CoverageController.loading && !CoverageController.exporting
                    Accessible.name: qsTr("Export the coverage figures as a CSV file")
                    onClicked: CoverageController.exportCsv()
                }
                BusyIndicator {
                    Layout.preferredWidth: Theme.touchTarget
                    Layout.preferredHeight: Theme.touchTarget
                    running: CoverageController.exporting
                    visible: running
                }
                Label {
                    objectName: "exportMessage"
                    Layout.fillWidth: true
                    text: CoverageController.exportMessage
                    color: Theme.ok
                    wrapMode: Text.WrapAnywhere
                    Accessible.role: Accessible.AlertMessage
                    Accessible.name: text
                }
            }
        }
    }
}
