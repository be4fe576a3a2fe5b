import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Doorstep.App

// What waits to go to the server, whether it is going, and when it last went; and "Sync now".
// Changes the server refused are listed, each with its reason, behind "Review".
Pane {
    id: bar

    readonly property color stateColour: {
        switch (SyncStatus.state) {
        case SyncStatus.AllSent:
            return Theme.ok;
        case SyncStatus.Error:
        case SyncStatus.Rejected:
            return Theme.error;
        case SyncStatus.Pending:
        case SyncStatus.Syncing:
            return Theme.amber;
        default:
            return Theme.muted;
        }
    }

    // On a short screen (a phone on its side, or large text on a tablet) the bar keeps to one row
    // where it can, its details in the state's accessible description, so that a form above it
    // keeps its height.
    property bool compact: false
    // Compact, and the words and the buttons do not fit on one row: the actions go behind one
    // button with a menu, rather than squeezing the words onto three lines or the buttons onto a
    // second row.
    readonly property bool actionsInMenu: compact && (width < Theme.fontSize(440) || 3 * 12 + 12 + stateMetrics.advanceWidth + buttonsWidth > availableWidth)
    readonly property bool narrow: !actionsInMenu && width < Theme.fontSize(compact ? 440 : 600)
    // From the counts, not the buttons' visibility, which follows their row's (hidden in the menu's stead).
    readonly property real buttonsWidth: (SyncStatus.rejectedCount > 0 ? reviewButton.implicitWidth + 12 : 0) + (SyncStatus.conflictCount > 0 ? conflictsButton.implicitWidth + 12 : 0) + syncNowButton.implicitWidth

    // What the words have beside the dot, the busy indicator and, on the same row, the actions.
    readonly property real wordsWidth: Math.max(0, availableWidth - 2 * 12 - (SyncStatus.state === SyncStatus.Syncing ? 32 + 12 : 0) - (narrow ? 0 : actionsInMenu ? actionsButton.implicitWidth + 12 : buttonsWidth + 12))

    objectName: "syncStatusBar"
    padding: Theme.spacing
    leftPadding: Theme.margin
    rightPadding: Theme.margin
    background: Rectangle {
        color: "#F1F3F4"

        Rectangle {
            width: parent.width
            height: 1
            color: "#1F000000"
        }
    }

    TextMetrics {
        id: stateMetrics

        font: stateLabel.font
        text: SyncStatus.stateText
    }

    // On a phone, or with large text, the actions go on a line of their own below the words,
    // leaving the words the width.
    GridLayout {
        anchors.fill: parent
        columns: bar.narrow ? 3 : 4
        columnSpacing: 12
        rowSpacing: 0

        Rectangle {
            Layout.alignment: Qt.AlignVCenter
            implicitWidth: 12
            implicitHeight: 12
            radius: 6
            color: bar.stateColour
        }
        // A Column at a width worked out here, not a layout's: a layout does not see wrapped
        // words grow taller while it is placing them, and the bar kept the height of one line
        // while the words took two (seen with a refused change on a tablet held upright).
        Column {
            Layout.fillWidth: true
            Layout.preferredWidth: bar.wordsWidth
            spacing: 2

            Label {
                id: stateLabel

                objectName: "syncStateText"
                width: bar.wordsWidth
                text: SyncStatus.stateText
                font.bold: true
                wrapMode: Text.Wrap
                Accessible.role: Accessible.StaticText
                Accessible.name: text
                Accessible.description: bar.compact ? SyncStatus.detailText : ""
            }
            Label {
                objectName: "syncDetailText"
                width: bar.wordsWidth
                visible: !bar.compact && text.length > 0
                text: SyncStatus.detailText
                color: Theme.muted
                wrapMode: Text.Wrap
            }
        }
        BusyIndicator {
            Layout.preferredWidth: 32
            Layout.preferredHeight: 32
            running: SyncStatus.state === SyncStatus.Syncing
            visible: running
        }
        Button {
            id: actionsButton

            objectName: "syncActionsButton"
            visible: bar.actionsInMenu
            text: qsTr("Sync…")
            flat: true
            Layout.preferredHeight: Math.max(implicitHeight, Theme.touchTarget)
            Accessible.name: qsTr("Sync now, or review the changes to look at")
            onClicked: actionsMenu.open()

            Menu {
                id: actionsMenu

                objectName: "syncActionsMenu"
                y: -height

                MenuItem {
                    objectName: "syncNowMenuItem"
                    text: qsTr("Sync now")
                    enabled: SyncStatus.canSync
                    onTriggered: SyncStatus.syncNow()
                }
                MenuItem {
                    objectName: "reviewRejectedMenuItem"
                    visible: SyncStatus.rejectedCount > 0
                    height: visible ? implicitHeight : 0
                    text: qsTr("Review the refused changes")
                    onTriggered: rejectedPopup.open()
                }
                MenuItem {
                    objectName: "reviewConflictsMenuItem"
                    visible: SyncStatus.conflictCount > 0
                    height: visible ? implicitHeight : 0
                    text: SyncStatus.conflictText
                    onTriggered: ConflictsController.open()
                }
            }
        }
        Flow {
            visible: !bar.actionsInMenu
            Layout.columnSpan: bar.narrow ? 3 : 1
            Layout.fillWidth: bar.narrow
            Layout.preferredWidth: bar.narrow ? -1 : bar.buttonsWidth
            Layout.leftMargin: bar.narrow ? 24 : 0
            // Flat buttons carry their own padding: stacked, they need no more between them.
            spacing: bar.narrow ? 0 : 12

            Button {
                id: reviewButton

                objectName: "reviewRejectedButton"
                visible: SyncStatus.rejectedCount > 0
                text: qsTr("Review")
                flat: true
                height: Math.max(implicitHeight, Theme.touchTarget)
                Accessible.name: qsTr("Review the changes the server refused")
                onClicked: rejectedPopup.open()
            }
            Button {
                id: conflictsButton

                objectName: "reviewConflictsButton"
                visible: SyncStatus.conflictCount > 0
                text: qsTr("Conflicts (%1)").arg(SyncStatus.conflictCount)
                flat: true
                height: Math.max(implicitHeight, Theme.touchTarget)
                Accessible.name: SyncStatus.conflictText
                Accessible.description: qsTr("Open the conflicts to review")
                onClicked: ConflictsController.open()
            }
            Button {
                id: syncNowButton

                objectName: "syncNowButton"
                text: qsTr("Sync now")
                enabled: SyncStatus.canSync
                flat: true
                height: Math.max(implicitHeight, Theme.touchTarget)
                Accessible.name: qsTr("Sync now")
                Accessible.description: SyncStatus.stateText
                onClicked: SyncStatus.syncNow()
            }
        }
    }

    Popup {
        id: rejectedPopup

        objectName: "rejectedPopup"
        parent: Overlay.overlay
        x: Math.round((parent.width - width) / 2)
        y: Math.round((parent.height - height) / 2)
        width: Math.min(parent.width - 2 * Theme.margin, Theme.fontSize(560))
        height: Math.min(parent.height - 2 * Theme.margin, implicitHeight)
        modal: true
        padding: Theme.margin
        // Over the window, outside AppShell: it would take the window's ordinary text size.
        font.pixelSize: Theme.fontSize(14)
        onOpened: rejectedList.positionViewAtBeginning()

        // "Open" on a refused change asks for the child's page: out of its way (also when that
        // child is the one on show, whose page then stays as it is).
        Connections {
            function onOpened() {
                rejectedPopup.close();
            }

            target: ChildRecordController
        }

        // A child, not contentItem: the delegate's id inside would stop the deferred assignment.
        // The heading and the refused changes scroll together, so that on a short screen or with
        // large text each reason and its button can still be read and reached; "Close" stays.
        ColumnLayout {
            anchors.fill: parent
            spacing: Theme.spacing

            ListView {
                id: rejectedList

                objectName: "rejectedList"
                Layout.fillWidth: true
                Layout.fillHeight: true
                Layout.preferredHeight: contentHeight
                clip: true
                spacing: Theme.margin
                boundsBehavior: Flickable.StopAtBounds
                // No current row: following one would scroll the heading out of view.
                currentIndex: -1
                model: SyncStatus.rejected
                // Shown whenever there is more than fits, so a person knows to scroll for "Send again".
                ScrollBar.vertical: ScrollBar {
                    policy: size < 1 ? ScrollBar.AlwaysOn : ScrollBar.AsNeeded
                }

                header: Column {
                    width: ListView.view.width
                    bottomPadding: Theme.margin
                    spacing: Theme.spacing
                    // Rewrapped (the screen turned, or the text size changed), the heading grows
                    // upwards out of view unless the list starts again from the top.
                    onHeightChanged: ListView.view.positionViewAtBeginning()

                    Label {
                        width: parent.width
                        text: SyncStatus.rejectedText
                        font.pixelSize: Theme.fontSize(18)
                        font.bold: true
                        wrapMode: Text.Wrap
                        Accessible.role: Accessible.Heading
                        Accessible.name: text
                    }
                    Label {
                        width: parent.width
                        text: qsTr("Each is kept on this device: correct it as the reason says, then send it again.")
                        wrapMode: Text.Wrap
                    }
                }

                delegate: Column {
                    id: rejectedRow

                    required property string changeId
                    required property string childId
                    required property string what
                    required property string reason
                    required property string code

                    width: ListView.view.width
                    spacing: 2
                    Accessible.role: Accessible.ListItem
                    Accessible.name: qsTr("%1: %2").arg(what).arg(reason)

                    Label {
                        width: parent.width
                        text: rejectedRow.what
                        font.bold: true
                        wrapMode: Text.Wrap
                    }
                    Label {
                        objectName: "rejectedReason"
                        width: parent.width
                        text: rejectedRow.reason
                        color: Theme.error
                        wrapMode: Text.Wrap
                    }
                    Label {
                        width: parent.width
                        visible: rejectedRow.code.length > 0
                        text: qsTr("Reference: %1").arg(rejectedRow.code)
                        color: Theme.muted
                        font.pixelSize: Theme.fontSize(12)
                        wrapMode: Text.Wrap
                    }
                    Flow {
                        width: parent.width
                        spacing: Theme.spacing

                        // To the child's page, where the record is corrected (or amended).
                        Button {
                            objectName: "openRejectedButton"
                            visible: rejectedRow.childId.length > 0
                            width: Math.min(implicitWidth, parent.width)
                            height: Math.max(implicitHeight, Theme.touchTarget)
                            text: qsTr("Open")
                            Accessible.name: qsTr("Open %1 on the child's page to correct it").arg(rejectedRow.what.toLowerCase())
                            onClicked: ChildRecordController.open(rejectedRow.childId)
                        }
                        Button {
                            objectName: "resendButton"
                            width: Math.min(implicitWidth, parent.width)
                            height: Math.max(implicitHeight, Theme.touchTarget)
                            // Short enough for one line with the largest text on a phone; the words above say to correct it first.
                            text: qsTr("Send again")
                            Accessible.name: qsTr("%1 is corrected: send it again").arg(rejectedRow.what)
                            onClicked: SyncStatus.resend(rejectedRow.changeId)
                        }
                    }
                }
            }
            Button {
                objectName: "closeRejectedButton"
                Layout.alignment: Qt.AlignRight
                Layout.preferredHeight: Theme.touchTarget
                text: qsTr("Close")
                Accessible.name: qsTr("Close the list of refused changes")
                onClicked: rejectedPopup.close()
            }
        }
    }
}
