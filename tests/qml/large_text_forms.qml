import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import QtTest
import Doorstep
import Doorstep.App

// The forms with larger text (run by the tst_qml_largetext_forms test), at phone and tablet
// sizes, upright and on their side, each with its refusals showing: first-run enrolment, the
// alert form, an amendment, the conflicts side by side, and the changes the server refused (a
// popup over the caseload). Nothing cut short or past the window's edge, no words smaller than
// the text size chosen, touch targets still 48 px, every form scrolls to its last field and
// button, and each field fits in view with its label and its message (DoorstepTestCase.checkSizes),
// also on a phone on its side with the largest text, where a form has least height. First, that
// the check finds what it is there to find.
Item {
    id: root

    property bool enrolling: false

    width: 412
    height: 915

    AppShell {
        id: appShell

        anchors.fill: parent
        visible: !root.enrolling
    }

    // The enrolment form as AppShell shows it on a device with no store (whose header and footer
    // are hidden then); this fixture has a store, so the page is shown here directly, under a
    // Page that passes on the text size as AppShell does.
    Page {
        anchors.fill: parent
        visible: root.enrolling
        font.pixelSize: Theme.fontSize(14)

        Loader {
            anchors.fill: parent
            active: root.enrolling

            sourceComponent: NotEnrolledPage {
            }
        }
    }

    Component {
        id: badLayout

        // Each thing layoutProblems() exists to catch, once.
        Item {
            width: 300
            height: 400

            Label {
                width: 80
                text: "A label far too long for its space"
                elide: Text.ElideRight
            }
            Label {
                y: 40
                width: 80
                text: "Another label too long"
            }
            Button {
                y: 80
                height: 30
                text: "Tiny"
            }
            Label {
                x: 250
                y: 120
                text: "Off the edge"
            }
            Label {
                y: 130
                text: "Tiny words"
                font.pixelSize: 9
            }
            // A form that says it is shorter than it is: its last button cannot be reached.
            Flickable {
                y: 150
                width: 300
                height: 200
                contentHeight: 100
                clip: true

                Button {
                    y: 300
                    height: 48
                    text: "Out of reach"
                }
            }
            // A form with no height left at all.
            Flickable {
                y: 360
                width: 300
                height: 0
                contentHeight: 200
            }
            // A form too short to show a field with its label and its message at once.
            Flickable {
                y: 380
                width: 300
                height: 100
                contentHeight: squeezed.implicitHeight
                clip: true

                ColumnLayout {
                    id: squeezed

                    width: 300

                    Label {
                        text: "Squeezed label"
                        font.bold: true
                    }
                    TextArea {
                        objectName: "squeezedField"
                        Layout.fillWidth: true
                        Layout.preferredHeight: 80
                    }
                    FieldError {
                        text: "Squeezed message"
                    }
                }
            }
        }
    }

    Component {
        id: goodLayout

        Item {
            width: 300
            height: 400

            Label {
                width: 80
                text: "A label far too long for one line wraps"
                wrapMode: Text.Wrap
            }
            Button {
                y: 200
                width: 120
                height: 48
                text: "Fine"
            }
            // A form with room for its field, the field's label and its message.
            Flickable {
                y: 250
                width: 300
                height: 150
                contentHeight: roomy.implicitHeight
                clip: true

                ColumnLayout {
                    id: roomy

                    width: 300

                    Label {
                        text: "Roomy label"
                        font.bold: true
                    }
                    TextField {
                        Layout.fillWidth: true
                        Layout.preferredHeight: 48
                    }
                    FieldError {
                        text: "Roomy message"
                    }
                }
            }
        }
    }

    DoorstepTestCase {
        name: "LargeTextForms"
        shell: appShell

        function test_0_checkFindsClippedText() {
            const bad = createTemporaryObject(badLayout, root);
            waitForRendering(bad);
            const problems = layoutProblems(bad);
            const has = pattern => problems.some(p => pattern.test(p));
            verify(has(/"A label far too long for its space" is cut short/), problems.join(" | "));
            verify(has(/"Another label too long" is wider than its space/), problems.join(" | "));
            verify(has(/"Tiny" is \d+x30, smaller than a touch target/), problems.join(" | "));
            verify(has(/"Off the edge" runs past the edge of its pane/), problems.join(" | "));
            verify(has(/"Tiny words" is drawn at 9 px, smaller than the text size chosen/), problems.join(" | "));
            verify(has(/"Out of reach" cannot be scrolled into view/), problems.join(" | "));
            verify(has(/is only 0 px high/), problems.join(" | "));
            verify(has(/squeezedField with its label and messages needs \d+ px, more than the 100 px/), problems.join(" | "));
            const good = createTemporaryObject(goodLayout, root);
            waitForRendering(good);
            compare(layoutProblems(good), [], "a wrapped label and a full-size button are fine");
        }

        function test_1_enrolmentWithItsRefusals() {
            root.enrolling = true;
            try {
                checkEnrolment();
            } finally {
                EnrolmentController.usePassphrase = false;
                root.enrolling = false;
            }
        }

        function checkEnrolment() {
            let page = null;
            tryVerify(() => (page = findChild(root, "notEnrolledPage")) !== null && page.visible);
            EnrolmentController.serverAddress = "";
            EnrolmentController.code = "";
            EnrolmentController.enrol("12", "34");
            compare(EnrolmentController.stage, EnrolmentController.Form);
            for (const name of ["serverError", "codeError", "pinError"])
                tryVerify(() => findChild(page, name).visible, 5000, name + " shown");
            checkSizes(root, "enrol", "notEnrolledPage");
            EnrolmentController.usePassphrase = true;
            checkSizes(root, "enrol-passphrase", "notEnrolledPage");
        }

        function test_2_alertWithItsRefusals() {
            unlock();
            const row = rowFor("Test Child Four");
            verify(row !== null);
            ChildRecordController.open(row.childId);
            tryVerify(() => ChildRecordController.active && !ChildRecordController.loading, slow);
            AlertEditor.open();
            tryCompare(AlertEditor, "active", true);
            AlertEditor.category = "Test category two";
            AlertEditor.whatHappened = "concerns";
            AlertEditor.reviewOn = "31 Feb 2027";
            AlertEditor.save();
            tryVerify(() => AlertEditor.errors["whatHappened"] !== undefined && AlertEditor.errors["whatHappened"].length > 0, slow);
            verify(!AlertEditor.saving);
            checkSizes(root, "alert", "alertPage");
            verify(child("whatHappenedError").visible, "the refusals still show");
            AlertEditor.close();
            tryCompare(AlertEditor, "active", false);
        }

        function test_3_amendWithItsRefusals() {
            let visit = null;
            tryVerify(() => {
                    const list = findChild(appShell, "chronologyList");
                    for (let i = 0; list && i < list.count; ++i) {
                        if (list.itemAt(i) && list.itemAt(i).title === "Face-to-face at home: Completed")
                            visit = list.itemAt(i);
                    }
                    return visit !== null;
                }, slow, "the visit is in the chronology");
            AmendmentEditor.open(visit.kind, visit.entryId, visit.dateText, visit.title, visit.detail);
            tryCompare(AmendmentEditor, "active", true);
            AmendmentEditor.save();
            tryVerify(() => AmendmentEditor.reasonError.length > 0, slow);
            checkSizes(root, "amend", "amendPage");
            verify(child("amendReasonError").visible, "the refusal still shows");
            AmendmentEditor.close();
            tryCompare(AmendmentEditor, "active", false);
            ChildRecordController.close();
        }

        function test_5_rejectedChanges() {
            // Over the caseload, with no record open.
            if (ChildRecordController.active)
                ChildRecordController.close();
            tryCompare(ChildRecordController, "active", false);
            // The fixture's alert came back refused, with the server's reason.
            tryCompare(SyncStatus, "rejectedCount", 1, slow);
            const popup = child("rejectedPopup");
            try {
                checkSizes(root, "rejected", "caseloadPage", popup);
                verify(popup.opened, "the refused change stays in view");
                verify(findChild(popup.contentItem, "rejectedReason").text.length > 0);
            } finally {
                popup.close();
            }
            tryCompare(popup, "visible", false);
        }

        // On a phone on its side with the largest text the bar keeps to one row: its actions are
        // behind one button, and the refused changes open from its menu.
        function test_6_syncActionsInAMenuOnAShortScreen() {
            root.width = 915;
            root.height = 412;
            TextSize.choice = "2";
            const popup = child("rejectedPopup");
            try {
                const menuButton = child("syncActionsButton");
                tryVerify(() => menuButton.visible && menuButton.width > 0);
                verify(!child("syncNowButton").visible, "the actions are behind one button");
                compare(child("syncStateText").lineCount, 1, "the state in one line");
                waitForRendering(root);
                settle(menuButton);
                mouseClick(menuButton);
                tryCompare(child("syncActionsMenu"), "opened", true);
                const review = child("reviewRejectedMenuItem");
                tryVerify(() => review.visible && review.height > 0);
                settle(review);
                mouseClick(review);
                tryCompare(popup, "opened", true);
                verify(findChild(popup.contentItem, "rejectedReason").visible);
            } finally {
                popup.close();
                TextSize.choice = "1";
                root.width = 412;
                root.height = 915;
            }
            tryCompare(popup, "visible", false);
            tryVerify(() => child("syncNowButton").visible, 5000, "upright with ordinary text, the buttons are back");
        }

        // "Open" on a refused change goes to the page of the child it is about, to correct it.
        function test_7_openTheRefusedRecord() {
            if (ChildRecordController.active)
                ChildRecordController.close();
            tryCompare(ChildRecordController, "active", false);
            tryCompare(SyncStatus, "rejectedCount", 1, slow);
            const popup = child("rejectedPopup");
            popup.open();
            tryCompare(popup, "opened", true);
            const open = findChild(popup.contentItem, "openRejectedButton");
            verify(open && open.visible, "the refused alert names a child on this device");
            settle(open);
            mouseClick(open);
            tryCompare(popup, "visible", false);
            tryCompare(ChildRecordController, "active", true);
            tryCompare(ChildRecordController, "name", "Test Child Four", slow);
            ChildRecordController.close();
            tryCompare(ChildRecordController, "active", false);
        }

        function test_4_conflictsSideBySide() {
            ConflictsController.open();
            tryCompare(ConflictsController, "active", true);
            tryCompare(ConflictsController.conflicts, "count", 1, slow);
            checkSizes(root, "conflicts", "conflictsPage");
            ConflictsController.close();
            tryCompare(ConflictsController, "active", false);
        }
    }
}
