import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Doorstep.App

// The practitioner's caseload, flagged children first. Choosing a child opens the visit form.
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

        ListView {
            id: list

            objectName: "caseloadList"
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            model: CaseloadModel
            Accessible.role: Accessible.List
            Accessible.name: qsTr("Caseload")
            ScrollBar.vertical: ScrollBar {
            }

            delegate: ChildDelegate {
                width: ListView.view.width
                highlighted: VisitEditor.childId === childId
                onClicked: VisitEditor.open(childId)
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
        visible: CaseloadModel.ready && CaseloadModel.count === 0
        text: qsTr("No children on your caseload yet. They arrive when the device syncs.")
        horizontalAlignment: Text.AlignHCenter
        wrapMode: Text.Wrap
    }
}
