import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Doorstep.App

// The practitioner's caseload, flagged children first. Choosing a child opens their record.
// Pulling the list down past its top and letting go syncs, as "Sync now" in the sync bar does
// (which stays the way to sync without the gesture).
Page {
    id: page

    // How far past its top the list must be pulled for letting go to start a sync.
    readonly property int pullThreshold: 64
    property bool pullArmed: false
    // A sync the pull started is running; its progress shows above the list.
    property bool pullWatching: false
    // How the pulled sync ended, or why it could not start; cleared after a while.
    property string pullMessage: ""

    function syncFromPull(): void {
        pullNoticeTimer.stop();
        const why = SyncStatus.cannotSyncText;
        if (why.length > 0) {
            pullMessage = why;
            pullNoticeTimer.restart();
            return;
        }
        pullMessage = "";
        pullWatching = true;
        SyncStatus.syncNow();
    }

    objectName: "caseloadPage"
    title: qsTr("Caseload")

    ColumnLayout {
        anchors.fill: parent
        spacing: 0

        Pane {
            objectName: "savedNotice"
            Layout.fillWidth: true
            visible: VisitEditor.statusMessage.length > 0 && !VisitEditor.active
            padding: 12
            background: Rectangle {
                color: "#E8F5E9"
            }

            Label {
                width: parent.width
                text: VisitEditor.statusMessage
                color: Theme.ok
                wrapMode: Text.Wrap
                Accessible.role: Accessible.AlertMessage
                Accessible.name: text
            }
        }

        TextField {
            id: searchField

            objectName: "searchField"
            Layout.fillWidth: true
            Layout.margins: Theme.spacing
            Layout.preferredHeight: Math.max(implicitHeight, Theme.touchTarget)
            // The full hint where it fits; with large text on a narrow pane, the short one.
            placeholderText: fullHint.width + Theme.spacing <= searchField.width - searchField.leftPadding - searchField.rightPadding ? fullHint.text : qsTr("Search")
            inputMethodHints: Qt.ImhNoPredictiveText
            text: CaseloadFilter.query
            Accessible.role: Accessible.EditableText
            Accessible.name: qsTr("Search the caseload")
            onTextChanged: CaseloadFilter.query = text

            TextMetrics {
                id: fullHint

                font: searchField.font
                text: qsTr("Search by name or family")
            }
        }

        // Shown after a pull: the sync's progress, then how it ended; or why it could not start.
        Pane {
            id: pullNotice

            objectName: "pullSyncNotice"
            Layout.fillWidth: true
            visible: page.pullWatching || page.pullMessage.length > 0
            padding: Theme.spacing
            leftPadding: Theme.margin
            rightPadding: Theme.margin
            background: Rectangle {
                color: Theme.info
            }

            RowLayout {
                width: parent.width
                spacing: Theme.spacing

                BusyIndicator {
                    Layout.preferredWidth: 32
                    Layout.preferredHeight: 32
                    running: page.pullWatching
                    visible: running
                }
                Label {
                    objectName: "pullSyncNoticeText"
                    Layout.fillWidth: true
                    text: page.pullWatching ? SyncStatus.stateText : page.pullMessage
                    color: Theme.infoText
                    wrapMode: Text.Wrap
                    Accessible.role: Accessible.AlertMessage
                    Accessible.name: text
                }
            }
        }

        Item {
            Layout.fillWidth: true
            Layout.fillHeight: true

            ListView {
                id: list

                objectName: "caseloadList"
                anchors.fill: parent
                clip: true
                model: CaseloadFilter
                boundsBehavior: Flickable.DragAndOvershootBounds
                Accessible.role: Accessible.List
                Accessible.name: qsTr("Caseload")
                // Pulled down past its top and let go: sync, as "Sync now" in the bar does.
                onVerticalOvershootChanged: {
                    if (dragging)
                        page.pullArmed = -verticalOvershoot >= page.pullThreshold;
                }
                onDragEnded: {
                    if (page.pullArmed)
                        page.syncFromPull();
                    page.pullArmed = false;
                }
                ScrollBar.vertical: ScrollBar {
                }

                delegate: ChildDelegate {
                    width: ListView.view.width
                    highlighted: ChildRecordController.childId === childId
                    onClicked: ChildRecordController.open(childId)
                }
            }

            // In the gap the pull opens above the first row: what letting go will do.
            Item {
                id: pullIndicator

                objectName: "pullIndicator"
                anchors.left: list.left
                anchors.right: list.right
                anchors.top: list.top
                height: Math.max(0, -list.verticalOvershoot)
                visible: height > 0
                clip: true
                Accessible.role: Accessible.StaticText
                Accessible.name: pullText.text

                Label {
                    id: pullText

                    objectName: "pullIndicatorText"
                    anchors.bottom: parent.bottom
                    anchors.horizontalCenter: parent.horizontalCenter
                    anchors.bottomMargin: Theme.spacing
                    width: parent.width - 2 * Theme.margin
                    horizontalAlignment: Text.AlignHCenter
                    wrapMode: Text.Wrap
                    color: SyncStatus.canSync ? Theme.primary : Theme.muted
                    font.bold: page.pullArmed
                    text: !SyncStatus.canSync ? SyncStatus.cannotSyncText : page.pullArmed ? qsTr("Release to sync") : qsTr("Pull to sync")
                }
            }
        }
    }

    Connections {
        target: SyncStatus

        function onChanged() {
            if (page.pullWatching && SyncStatus.state !== SyncStatus.Syncing) {
                page.pullWatching = false;
                page.pullMessage = SyncStatus.stateText;
                pullNoticeTimer.restart();
            }
        }
    }

    Timer {
        id: pullNoticeTimer

        interval: 6000
        onTriggered: page.pullMessage = ""
    }

    BusyIndicator {
        anchors.centerIn: parent
        running: !CaseloadModel.ready
        visible: running
    }

    Label {
        anchors.centerIn: parent
        width: parent.width - 2 * Theme.margin
        objectName: "emptyCaseload"
        visible: CaseloadModel.ready && CaseloadFilter.count === 0
        text: CaseloadModel.count === 0 ? qsTr("No children on your caseload yet. They arrive when the device syncs.") : qsTr("No child on your caseload matches “%1”.").arg(CaseloadFilter.query.trim())
        horizontalAlignment: Text.AlignHCenter
        wrapMode: Text.Wrap
    }
}
