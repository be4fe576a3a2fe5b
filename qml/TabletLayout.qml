import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Doorstep.App

// Two panes, for a tablet: the caseload on the left and, beside it, the form being filled in (a
// visit, an alert or an amendment) or else the child and family page for the child
// ChildRecordController has.
RowLayout {
    id: panes

    // The form's title bar carries "Lock" (AppShell).
    property bool formHoldsLock: false

    objectName: "twoPanes"
    spacing: 0

    CaseloadPage {
        Layout.preferredWidth: Math.max(360, Math.round(panes.width * 0.4))
        Layout.fillHeight: true
    }
    Rectangle {
        Layout.fillHeight: true
        implicitWidth: 1
        color: "#1F000000"
    }
    Item {
        Layout.fillWidth: true
        Layout.fillHeight: true

        // The child's page stays (hidden) under the visit form opened from it, so its "Record a
        // visit" button is never destroyed while handling its own click.
        Loader {
            anchors.fill: parent
            visible: !VisitEditor.active && !AlertEditor.active && !AmendmentEditor.active
            sourceComponent: ChildRecordController.active ? childPage : nothingChosen
        }
        // The form open: a visit before an alert before an amendment.
        Loader {
            id: formLoader

            anchors.fill: parent
            active: VisitEditor.active || AlertEditor.active || AmendmentEditor.active
            sourceComponent: VisitEditor.active ? recordVisitPage : (AlertEditor.active ? alertPage : amendPage)
        }
    }

    Binding {
        target: formLoader.item
        property: "formHoldsLock"
        value: panes.formHoldsLock
        restoreMode: Binding.RestoreNone
    }

    Component {
        id: recordVisitPage

        RecordVisitPage {
            stacked: false
        }
    }

    Component {
        id: alertPage

        AlertPage {
        }
    }

    Component {
        id: amendPage

        AmendPage {
        }
    }

    Component {
        id: childPage

        ChildPage {
            stacked: false
        }
    }

    Component {
        id: nothingChosen

        Pane {
            Label {
                anchors.centerIn: parent
                width: Math.min(parent.width, 420)
                text: qsTr("Choose a child on the left to see their record.")
                horizontalAlignment: Text.AlignHCenter
                wrapMode: Text.Wrap
                color: Theme.muted
                font.pixelSize: Theme.fontSize(18)
            }
        }
    }
}
