import QtQuick
import QtTest
import Doorstep
import Doorstep.App

// The main screens with larger text (run by the tst_qml_largetext test), at phone and tablet
// sizes, upright and on their side: nothing cut short or past the window's edge, touch targets
// still 48 px, every form still scrolls to its last field, and each field fits in view with its
// label and its message (DoorstepTestCase.checkSizes), shown for the visit form and the advocate
// offer with their refusals. The supervisor's coverage page is checked the same way in
// supervisor_coverage.qml; enrolment, the alert and amendment forms, the conflicts and the refused
// changes in large_text_forms.qml, which also proves the check finds what it looks for.
Item {
    id: root

    width: 412
    height: 915

    AppShell {
        id: appShell

        anchors.fill: parent
    }

    DoorstepTestCase {
        name: "LargeText"
        shell: appShell

        function test_1_unlock() {
            checkSizes(root, "unlock", "unlockPage");
        }

        function test_2_caseload() {
            unlock();
            checkSizes(root, "caseload", "caseloadPage");
        }

        function test_3_childAndFamily() {
            const row = rowFor("Test Child Four");
            verify(row !== null);
            ChildRecordController.open(row.childId);
            tryVerify(() => ChildRecordController.active && !ChildRecordController.loading, slow);
            checkSizes(root, "child", "childPage");
        }

        // The second tap of an advocate offer, refused for want of the advocacy service: the
        // service's field, its label and the refusal fit in view together.
        function test_3b_advocateOffer() {
            let mother = null;
            tryVerify(() => {
                    const list = child("householdList");
                    for (let i = 0; i < list.count; ++i) {
                        if (list.itemAt(i) && list.itemAt(i).name === "Test Parent C")
                            mother = list.itemAt(i);
                    }
                    return mother !== null;
                }, slow, "the mother is in the household");
            AdvocateOfferController.start(mother.memberId, mother.name);
            AdvocateOfferController.service = "";
            AdvocateOfferController.record("declined");
            tryVerify(() => AdvocateOfferController.serviceError.length > 0, slow);
            try {
                checkSizes(root, "advocate-offer", "childPage");
                verify(child("offerServiceError").visible, "the refusal still shows");
            } finally {
                AdvocateOfferController.cancel();
            }
        }

        function test_4_recordVisit() {
            VisitEditor.open(ChildRecordController.childId);
            tryCompare(VisitEditor, "active", true);
            // Saved empty: the refusals show beside their fields, and each field must still fit
            // in view with its label and its message (on a phone on its side with the largest
            // text, the form once had about 150 px left between the bars).
            VisitEditor.save();
            tryVerify(() => VisitEditor.contactTypeError.length > 0, slow);
            verify(!VisitEditor.saving);
            checkSizes(root, "record-visit", "recordVisitPage");
            verify(child("contactTypeError").visible, "the refusals still show");
            // On a phone on its side with the largest text, the title bar and the buttons scroll
            // with the fields: at the end of the form, "Save visit" is there to press.
            root.width = 915;
            root.height = 412;
            TextSize.choice = "2";
            try {
                const form = child("visitForm");
                const save = child("saveVisitButton");
                tryVerify(() => {
                        for (let p = save.parent; p; p = p.parent) {
                            if (p === form)
                                return true;
                        }
                        return false;
                    }, 5000, "the buttons are in the scrolled form");
                waitForRendering(root);
                form.contentY = form.contentHeight - form.height;
                waitForRendering(root);
                const at = save.mapToItem(form, 0, 0);
                verify(at.y >= 0 && at.y + save.height <= form.height, "Save visit in view at the end of the form");
                saveScreenshot(root, "large-text-record-visit-phone-landscape-2x-end");
            } finally {
                TextSize.choice = "1";
                root.width = 412;
                root.height = 915;
            }
            // Upright with ordinary text again, the title bar is back above the form, and leaves
            // no gap where it was in the form.
            const form = child("visitForm");
            form.contentY = 0;
            tryVerify(() => Math.abs(child("formChildName").mapToItem(form, 0, 0).y - Theme.margin) < 1, 5000, "the form starts at its top margin");
            VisitEditor.close();
            ChildRecordController.close();
        }

        function test_5_settings() {
            SettingsController.open();
            checkSizes(root, "settings", "settingsPage");
            SettingsController.close();
        }
    }
}
