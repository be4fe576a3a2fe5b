import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Doorstep.App

// Two panes, for a tablet: the caseload on the left and, beside it, the visit form for the child
// VisitEditor has open.
RowLayout {
    id: panes

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
    Loader {
        Layout.fillWidth: true
        Layout.fillHeight: true
        sourceComponent: VisitEditor.active ? recordVisitPage : nothingChosen
    }

    Component {
        id: recordVisitPage

        RecordVisitPage {
            stacked: false
        }
    }

    Component {
        id: nothingChosen

        Pane {
            Label {
                anchors.centerIn: parent
                width: Math.min(parent.width, 420)
                text: qsTr("Choose a child on the left to record a visit.")
                horizontalAlignment: Text.AlignHCenter
                wrapMode: Text.Wrap
                color: Theme.muted
                font.pixelSize: 18
            }
        }
    }
}
