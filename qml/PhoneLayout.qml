import QtQuick
import QtQuick.Controls
import Doorstep.App

// One pane at a time, for a phone: the caseload, the child and family page pushed over it while
// ChildRecordController has a child open, and the visit form over that while VisitEditor has.
StackView {
    id: stack

    // Makes the stack match the controllers: keeps the pages that are still wanted, pops the
    // rest and pushes what is missing.
    function follow(): void {
        const wanted = ChildRecordController.active ? (VisitEditor.active ? ["childPage", "recordVisitPage"] : ["childPage"]) : (VisitEditor.active ? ["recordVisitPage"] : []);
        let keep = 0;
        while (keep < wanted.length && keep + 1 < stack.depth && stack.get(keep + 1, StackView.ForceLoad).objectName === wanted[keep])
            ++keep;
        if (keep + 1 < stack.depth)
            stack.pop(stack.get(keep, StackView.ForceLoad));
        for (let i = keep; i < wanted.length; ++i)
            stack.push(wanted[i] === "childPage" ? childPage : recordVisitPage);
    }

    // The visit form's title bar carries "Lock" (AppShell).
    property bool formHoldsLock: false

    objectName: "pageStack"
    initialItem: CaseloadPage {
    }
    Component.onCompleted: follow()

    // The visit form is always the top page when there is one.
    Binding {
        // Only ever the visit form: a Binding's target changes before its `when` does.
        target: stack.currentItem instanceof RecordVisitPage ? stack.currentItem : null
        property: "formHoldsLock"
        value: stack.formHoldsLock
        restoreMode: Binding.RestoreNone
    }

    Connections {
        target: VisitEditor

        function onActiveChanged() {
            stack.follow();
        }
    }

    Connections {
        target: ChildRecordController

        function onActiveChanged() {
            stack.follow();
        }
    }

    Component {
        id: childPage

        ChildPage {
            stacked: true
        }
    }

    Component {
        id: recordVisitPage

        RecordVisitPage {
            stacked: true
        }
    }
}
