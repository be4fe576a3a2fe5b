import QtQuick
import QtQuick.Controls
import QtTest
import Doorstep
import Doorstep.App

// A phone on its side with the largest text, where a form has least height: the form scrolls to
// the field that gets the keyboard (with its label and its message) and follows the cursor as the
// person types; the app's toolbar gives way to an open form, whose title bar carries "Lock". And
// "Open" on a refused change about the child already on show leaves that page as it is.
Item {
    id: root

    width: 412
    height: 915

    AppShell {
        id: appShell

        anchors.fill: parent
    }

    SignalSpy {
        id: recordActiveSpy

        target: ChildRecordController
        signalName: "activeChanged"
    }

    SignalSpy {
        id: recordChangedSpy

        target: ChildRecordController
        signalName: "changed"
    }

    DoorstepTestCase {
        id: testCase

        name: "ShortScreen"
        shell: appShell

        function upright() {
            TextSize.choice = "1";
            root.width = 412;
            root.height = 915;
        }

        function onItsSide() {
            root.width = 915;
            root.height = 412;
            TextSize.choice = "2";
        }

        // The page shown, in place (a StackView's page done moving) and laid out.
        function shown(pageName: string): var {
            let page = null;
            tryVerify(() => (page = findChild(appShell, pageName)) !== null && page.visible && page.height > 0, slow, pageName + " shows");
            for (let p = page.parent; p; p = p.parent) {
                if (p.objectName === "pageStack")
                    tryCompare(p, "busy", false);
            }
            waitForRendering(appShell);
            settle(page);
            return page;
        }

        // Whether the item is wholly in the part of the flickable on screen.
        function inView(item: Item, flickable: Item): bool {
            const top = item.mapToItem(flickable, 0, 0).y;
            return item.visible && top >= -0.5 && top + item.height <= flickable.height + 0.5;
        }

        // The words just above a field in its layout: its label (or hint).
        function labelAbove(field: Item): Item {
            const siblings = field.parent.children;
            for (let i = 0; i < siblings.length; ++i) {
                if (siblings[i] === field)
                    return siblings[i - 1];
            }
            return null;
        }

        function test_1_aFieldFarDownScrollsIntoViewWithItsLabel() {
            unlock();
            const row = rowFor("Test Baby One");
            verify(row !== null);
            VisitEditor.open(row.childId);
            tryCompare(VisitEditor, "active", true);
            onItsSide();
            shown("recordVisitPage");
            const form = child("visitForm");
            compare(form.contentY, 0, "the form starts at its top");
            const concerns = child("concernsField");
            verify(!inView(concerns, form), "the concerns are out of view at first");
            concerns.forceActiveFocus();
            verify(concerns.activeFocus);
            tryVerify(() => inView(concerns, form), 5000, "the concerns scroll into view");
            const hint = labelAbove(concerns);
            const label = labelAbove(hint);
            compare(label.text, "Concerns");
            verify(inView(hint, form) && inView(label, form), "with their label and hint");
            // Scrolled down to it, no further than needed: the field ends where the view does.
            fuzzyCompare(concerns.mapToItem(form, 0, concerns.height).y, form.height, 1);

            // A field already in view with its label: the form stays where it is.
            const present = child("presentField");
            form.contentY = labelAbove(labelAbove(present)).mapToItem(form.contentItem, 0, 0).y - 4;
            verify(inView(present, form));
            const before = form.contentY;
            present.forceActiveFocus();
            verify(present.activeFocus);
            waitForRendering(form);
            compare(form.contentY, before, "focusing a field in view does not scroll");
        }

        // Typing grows the field past the bottom of the view: the form follows the cursor.
        function test_2_theFormFollowsTheCursor() {
            const form = child("visitForm");
            const concerns = child("concernsField");
            concerns.forceActiveFocus();
            tryVerify(() => concerns.activeFocus && inView(concerns, form));
            concerns.cursorPosition = concerns.length;
            for (let i = 0; i < 12; ++i) {
                typeText("Test line " + i);
                keyClick(Qt.Key_Return);
            }
            typeText("Test last line");
            tryVerify(() => concerns.height > form.height, 5000, "the field has grown taller than the view");
            const cursorInView = () => {
                const cursor = concerns.cursorRectangle;
                const top = concerns.mapToItem(form, 0, cursor.y).y;
                return top >= -0.5 && top + cursor.height <= form.height + 0.5;
            };
            tryVerify(cursorInView, 5000, "the cursor is in view");
            VisitEditor.close();
            tryCompare(VisitEditor, "active", false);
        }

        // A refusal shown under a field is in view with it.
        function test_3_aFieldInViewWithItsMessage() {
            upright();
            let row = null;
            tryVerify(() => (row = rowFor("Test Child Four")) !== null, slow);
            ChildRecordController.open(row.childId);
            tryVerify(() => ChildRecordController.active && !ChildRecordController.loading, slow);
            AlertEditor.open();
            tryCompare(AlertEditor, "active", true);
            AlertEditor.reviewOn = "31 Feb 2027";
            AlertEditor.save();
            tryVerify(() => AlertEditor.errors["reviewOn"] !== undefined && AlertEditor.errors["reviewOn"].length > 0, slow);
            onItsSide();
            shown("alertPage");
            const form = child("alertForm");
            form.contentY = 0;
            const field = child("reviewOnField");
            const message = child("reviewOnError");
            verify(!inView(field, form));
            field.forceActiveFocus();
            tryVerify(() => inView(field, form) && inView(message, form), 5000, "the field and its message scroll into view");
            const hint = labelAbove(field);
            verify(inView(hint, form) && inView(labelAbove(hint), form), "with its label and hint");
            fuzzyCompare(message.mapToItem(form, 0, message.height).y, form.height, 1);
        }

        // A refused save takes the keyboard to the first field in error, and the form with it.
        function test_3b_aRefusedSaveGoesToTheFirstFieldInError() {
            const form = child("alertForm");
            AlertEditor.category = "Test category two";
            AlertEditor.whatHappened = "Test: a synthetic event made up for the test fixture on 10 Nov.";
            AlertEditor.whoIsAtRisk = "Test Child Four";
            AlertEditor.riskFrom = "Test Adult X";
            AlertEditor.source = "Test source";
            AlertEditor.raisedOn = "25 Nov 2026";
            AlertEditor.requiredAction = "Test: ask the child how things are at every visit.";
            AlertEditor.reviewOn = "31 Feb 2027";
            child("categoryField").forceActiveFocus();
            form.contentY = 0;
            AlertEditor.save();
            const field = child("reviewOnField");
            const message = child("reviewOnError");
            tryVerify(() => message.visible, slow);
            for (const name of ["category", "whatHappened", "whoIsAtRisk", "riskFrom", "source", "raisedOn", "requiredAction"])
                compare(AlertEditor.errors[name], "", "only the review date is refused");
            tryVerify(() => field.activeFocus, 5000, "the field in error has the keyboard");
            tryVerify(() => inView(field, form) && inView(message, form), 5000, "the field and its message are in view");
        }

        // On a phone on its side the open form has the app toolbar's height; "Lock" is in the
        // form's own title bar, a touch target with its name, and locks.
        function test_4_theAppToolBarGivesWayToAForm() {
            const toolBar = appShell.header;
            let page = shown("alertPage");
            tryCompare(toolBar, "visible", false);
            compare(page.height, appShell.height - appShell.footer.height, "the form has the toolbar's height");
            const lock = child("alertLockButton");
            verify(lock.visible);
            verify(lock.width >= Theme.touchTarget && lock.height >= Theme.touchTarget);
            compare(lock.Accessible.name, "Lock Doorstep");
            compare(layoutProblems(root), []);

            // Upright, with room to spare, the app's toolbar is back and the form's Lock goes.
            upright();
            page = shown("alertPage");
            tryCompare(toolBar, "visible", true);
            verify(!lock.visible);
            verify(child("lockButton").visible);
            AlertEditor.close();
            tryCompare(AlertEditor, "active", false);
            tryCompare(toolBar, "visible", true);

            // The visit form likewise; its Lock scrolls away with the title bar and back.
            let row = null;
            tryVerify(() => (row = rowFor("Test Baby One")) !== null, slow);
            VisitEditor.open(row.childId);
            tryCompare(VisitEditor, "active", true);
            onItsSide();
            page = shown("recordVisitPage");
            tryCompare(toolBar, "visible", false);
            compare(page.height, appShell.height - appShell.footer.height);
            const form = child("visitForm");
            child("concernsField").forceActiveFocus();
            tryVerify(() => form.contentY > 0);
            const visitLock = child("visitLockButton");
            verify(!inView(visitLock, form), "scrolled away with the title bar");
            form.contentY = 0;
            waitForRendering(form);
            verify(inView(visitLock, form));
            verify(visitLock.width >= Theme.touchTarget && visitLock.height >= Theme.touchTarget);
            compare(visitLock.Accessible.name, "Lock Doorstep");
            mouseClick(visitLock);
            tryCompare(SessionController, "state", SessionController.Locked);
            upright();
            settle(shown("unlockPage"));
            waitForRendering(appShell);
            unlock();
        }

        // "Open" on a refused change about the child on show closes the list, and the child's
        // page stays as it is: not closed and opened again, not reloaded.
        function test_5_openTheChildAlreadyShown() {
            upright();
            if (SessionController.state !== SessionController.Unlocked)
                unlock();
            if (VisitEditor.active)
                VisitEditor.close();
            let row = null;
            tryVerify(() => (row = rowFor("Test Child Four")) !== null, slow);
            ChildRecordController.open(row.childId);
            tryVerify(() => ChildRecordController.active && !ChildRecordController.loading, slow);
            const page = shown("childPage");
            tryCompare(SyncStatus, "rejectedCount", 1, slow);
            const popup = child("rejectedPopup");
            popup.open();
            tryCompare(popup, "opened", true);
            const open = findChild(popup.contentItem, "openRejectedButton");
            verify(open && open.visible);
            settle(open);
            recordActiveSpy.clear();
            recordChangedSpy.clear();
            mouseClick(open);
            tryCompare(popup, "visible", false);
            compare(recordActiveSpy.count, 0, "the record was not closed and opened again");
            compare(recordChangedSpy.count, 0, "nor reloaded");
            verify(!ChildRecordController.loading);
            compare(ChildRecordController.name, "Test Child Four");
            verify(findChild(appShell, "childPage") === page, "the same page, where it was");
            ChildRecordController.close();
        }

        function test_6_openFromUnderSettings() {
            upright();
            if (SessionController.state !== SessionController.Unlocked)
                unlock();
            if (VisitEditor.active)
                VisitEditor.close();
            tryCompare(SyncStatus, "rejectedCount", 1, slow);
            SettingsController.open();
            shown("settingsPage");
            const popup = child("rejectedPopup");
            popup.open();
            tryCompare(popup, "opened", true);
            const open = findChild(popup.contentItem, "openRejectedButton");
            verify(open && open.visible);
            settle(open);
            mouseClick(open);
            tryCompare(popup, "visible", false);
            tryVerify(() => !SettingsController.active, slow, "Settings gave way");
            shown("childPage");
            tryVerify(() => !ChildRecordController.loading, slow);
            compare(ChildRecordController.name, "Test Child Four");
            ChildRecordController.close();
        }
    }
}
