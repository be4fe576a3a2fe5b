import QtQuick
import QtQuick.Controls
import Doorstep.App

// One pane at a time, for a phone: the caseload, with the visit form pushed over it while
// VisitEditor has a child open.
StackView {
    id: stack

    function follow(): void {
        if (VisitEditor.active && stack.depth === 1)
            stack.push(recordVisitPage);
        else if (!VisitEditor.active && stack.depth > 1)
            stack.pop(null);
    }

    objectName: "pageStack"
    initialItem: CaseloadPage {
    }
    Component.onCompleted: follow()

    Connections {
        target: VisitEditor

        function onActiveChanged() {
            stack.follow();
        }
    }

    Component {
        id: recordVisitPage

        RecordVisitPage {
            stacked: true
        }
    }
}
