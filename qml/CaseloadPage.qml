import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Doorstep.App

// The practitioner's caseload, flagged children first. Choosing a child opens their record.
Page {
    id: page

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
            placeholderText: qsTr("Search by name or family")
            inputMethodHints: Qt.ImhNoPredictiveText
            text: CaseloadFilter.query
            Accessible.role: Accessible.EditableText
            Accessible.name: qsTr("Search the caseload")
            onTextChanged: CaseloadFilter.query = text
        }

        ListView {
            id: list

            objectName: "caseloadList"
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            model: CaseloadFilter
            Accessible.role: Accessible.List
            Accessible.name: qsTr("Caseload")
            ScrollBar.vertical: ScrollBar {
            }

            delegate: ChildDelegate {
                width: ListView.view.width
                highlighted: ChildRecordController.childId === childId
                onClicked: ChildRecordController.open(childId)
            }
        }
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
