import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Doorstep.App

// The child and family page for the child ChildRecordController has open: who they are, their
// household, care proceedings and moving into the area, and the chronology, newest first.
// "Record a visit" opens the visit form for them.
Page {
    id: page

    // True when the page is pushed over the caseload (phone), false beside it (tablet).
    property bool stacked: true

    readonly property bool shortScreen: Theme.isShort(height)

    objectName: "childPage"
    title: ChildRecordController.name

    // On a short page the title bar scrolls with the record (see Theme.isShort).
    header: Item {
        id: headerSlot

        visible: !page.shortScreen
        implicitHeight: page.shortScreen ? 0 : topBar.implicitHeight
    }

    Flickable {
        id: flickable

        objectName: "childRecord"
        anchors.fill: parent
        contentWidth: width
        contentHeight: topInForm.height + column.implicitHeight + 2 * Theme.margin
        clip: true
        boundsBehavior: Flickable.StopAtBounds
        ScrollBar.vertical: ScrollBar {
        }

        Item {
            id: topInForm

            width: flickable.width
            height: page.shortScreen ? topBar.implicitHeight : 0
        }

        ColumnLayout {
            id: column

            x: Theme.margin
            y: topInForm.height + Theme.margin
            width: flickable.width - 2 * Theme.margin
            spacing: Theme.spacing

            Label {
                objectName: "childRecordName"
                Layout.fillWidth: true
                text: ChildRecordController.name
                font.pixelSize: Theme.fontSize(24)
                font.bold: true
                wrapMode: Text.Wrap
            }
            Label {
                objectName: "childRecordSummary"
                Layout.fillWidth: true
                text: ChildRecordController.summaryText
                color: Theme.muted
                wrapMode: Text.Wrap
            }

            SectionHeading {
                text: qsTr("Family")
            }
            Label {
                objectName: "familySummary"
                Layout.fillWidth: true
                text: ChildRecordController.postcode.length > 0 ? qsTr("%1, %2").arg(ChildRecordController.familyLabel).arg(ChildRecordController.postcode) : ChildRecordController.familyLabel
                font.bold: true
                wrapMode: Text.Wrap
            }
            Label {
                objectName: "careProceedings"
                Layout.fillWidth: true
                text: ChildRecordController.careProceedingsText
                color: ChildRecordController.inCareProceedings ? Theme.red : Theme.muted
                font.bold: ChildRecordController.inCareProceedings
                wrapMode: Text.Wrap
            }
            Label {
                objectName: "movedIn"
                Layout.fillWidth: true
                visible: text.length > 0
                text: ChildRecordController.movedInText
                wrapMode: Text.Wrap
            }
            Label {
                objectName: "carerNeeds"
                Layout.fillWidth: true
                visible: text.length > 0
                text: ChildRecordController.carerText
                wrapMode: Text.Wrap
            }

            SectionHeading {
                text: qsTr("Household")
            }
            Label {
                Layout.fillWidth: true
                visible: ChildRecordController.household.count === 0
                text: qsTr("No one else recorded in the household.")
                color: Theme.muted
                wrapMode: Text.Wrap
            }
            Repeater {
                objectName: "householdList"
                model: ChildRecordController.household

                delegate: ColumnLayout {
                    id: member

                    required property string memberId
                    required property string name
                    required property string relationship
                    required property string advocateText
                    required property bool canOfferAdvocate
                    required property bool offerOutstanding
                    readonly property bool offering: AdvocateOfferController.memberId === memberId

                    objectName: "householdMember"
                    Layout.fillWidth: true
                    Layout.minimumHeight: Theme.touchTarget
                    spacing: 2
                    Accessible.role: Accessible.ListItem
                    Accessible.name: qsTr("%1, %2").arg(name).arg(relationship)

                    Label {
                        Layout.fillWidth: true
                        text: qsTr("%1 · %2").arg(member.name).arg(member.relationship)
                        wrapMode: Text.Wrap
                    }
                    RowLayout {
                        Layout.fillWidth: true
                        visible: member.advocateText.length > 0
                        spacing: Theme.spacing

                        Label {
                            objectName: "advocateText"
                            Layout.fillWidth: true
                            text: member.advocateText
                            color: member.offerOutstanding ? Theme.error : Theme.muted
                            font.bold: member.offerOutstanding
                            wrapMode: Text.Wrap
                        }
                        // First of two taps: the member; the second is their response.
                        Button {
                            objectName: "offerAdvocateButton"
                            visible: member.canOfferAdvocate && !member.offering
                            enabled: !AdvocateOfferController.saving
                            text: qsTr("Offer advocate")
                            Layout.preferredHeight: Theme.touchTarget
                            Accessible.name: qsTr("Record an advocate offer to %1").arg(member.name)
                            onClicked: AdvocateOfferController.start(member.memberId, member.name)
                        }
                    }
                    AdvocateOfferPanel {
                        Layout.fillWidth: true
                        visible: member.offering
                    }
                }
            }
            Label {
                objectName: "offerStatus"
                Layout.fillWidth: true
                visible: text.length > 0 && AdvocateOfferController.memberId.length === 0
                text: AdvocateOfferController.statusMessage
                color: Theme.ok
                wrapMode: Text.Wrap
                Accessible.role: Accessible.AlertMessage
                Accessible.name: text
            }

            SectionHeading {
                text: qsTr("Chronology")
            }
            Button {
                objectName: "raiseAlertButton"
                text: qsTr("Raise an alert")
                Layout.preferredHeight: Theme.touchTarget
                Accessible.name: qsTr("Raise an alert about %1").arg(ChildRecordController.name)
                onClicked: AlertEditor.open()
            }
            BusyIndicator {
                Layout.alignment: Qt.AlignHCenter
                running: ChildRecordController.loading
                visible: running
            }
            Label {
                objectName: "emptyChronology"
                Layout.fillWidth: true
                visible: !ChildRecordController.loading && ChildRecordController.chronology.count === 0
                text: qsTr("Nothing recorded yet.")
                color: Theme.muted
                wrapMode: Text.Wrap
            }
            Repeater {
                objectName: "chronologyList"
                model: ChildRecordController.chronology

                delegate: ChronologyDelegate {
                    Layout.fillWidth: true
                }
            }
        }
    }

    // One bar: in the page's header while the page has room, at the top of the form when short.
    Pane {
        id: topBar

        parent: page.shortScreen ? topInForm : headerSlot
        width: parent ? parent.width : 0
        padding: 0
        leftPadding: page.stacked ? 0 : Theme.margin
        background: Rectangle {
            color: "#FAFAFA"

            Rectangle {
                anchors.bottom: parent.bottom
                width: parent.width
                height: 1
                color: "#1F000000"
            }
        }

        // With large text on a phone the title takes a line of its own below the buttons, and
        // when even the two buttons do not fit side by side, each has a line of its own.
        GridLayout {
            id: headerRow

            readonly property real backWidth: backButton.visible ? backButton.implicitWidth + Theme.spacing : 0
            // 0: all on one line; 1: the buttons, then the title; 2: a line each.
            readonly property int crowding: backWidth + headerTitle.implicitWidth + recordButton.implicitWidth + 2 * Theme.spacing <= width ? 0 : backWidth + recordButton.implicitWidth + Theme.spacing <= width ? 1 : 2

            anchors.fill: parent
            columns: 3 - crowding
            rowSpacing: 0
            columnSpacing: 0

            ToolButton {
                id: backButton

                objectName: "childBackButton"
                visible: page.stacked
                text: qsTr("‹ Caseload")
                Layout.row: 0
                Layout.column: 0
                Layout.preferredHeight: Theme.touchTarget
                Accessible.name: qsTr("Back to the caseload")
                onClicked: ChildRecordController.close()
            }
            Label {
                id: headerTitle

                Layout.row: headerRow.crowding
                Layout.column: headerRow.crowding === 0 ? 1 : 0
                Layout.columnSpan: headerRow.crowding === 1 ? 2 : 1
                Layout.fillWidth: true
                Layout.leftMargin: headerRow.crowding > 0 ? Theme.margin : 0
                Layout.bottomMargin: headerRow.crowding > 0 ? Theme.spacing : 0
                text: qsTr("Child and family")
                font.pixelSize: Theme.fontSize(20)
                wrapMode: Text.Wrap
            }
            Button {
                id: recordButton

                objectName: "recordVisitButton"
                text: qsTr("Record a visit")
                highlighted: true
                Layout.row: headerRow.crowding === 2 ? 1 : 0
                Layout.column: 2 - headerRow.crowding
                Layout.alignment: headerRow.crowding === 2 ? Qt.AlignLeft : Qt.AlignRight
                Layout.leftMargin: headerRow.crowding === 2 ? Theme.spacing : 0
                Layout.preferredHeight: Theme.touchTarget
                Layout.rightMargin: Theme.spacing
                Accessible.name: qsTr("Record a visit to %1").arg(ChildRecordController.name)
                onClicked: VisitEditor.open(ChildRecordController.childId)
            }
        }
    }
}
