import QtQuick
import QtTest
import Doorstep
import Doorstep.App

// Recording a visit through the form: the choices offered for a child, problems shown beside
// their field, and the newborn's flag clearing as soon as a face-to-face home visit is saved.
Item {
    id: root

    width: 412
    height: 915

    AppShell {
        id: appShell

        anchors.fill: parent
    }

    SignalSpy {
        id: savedSpy

        target: VisitEditor
        signalName: "saved"
    }

    SignalSpy {
        id: failedSpy

        target: VisitEditor
        signalName: "saveFailed"
    }

    DoorstepTestCase {
        id: testCase

        name: "RecordVisit"
        shell: appShell

        function openForm(name: string): var {
            const row = rowFor(name);
            verify(row !== null, "a row for " + name);
            mouseClick(row);
            compare(ChildRecordController.active, true);
            const stack = appShell.twoPanes ? null : findChild(appShell, "pageStack");
            if (stack)
                tryCompare(stack, "busy", false);
            let button = null;
            tryVerify(() => (button = findChild(appShell, "recordVisitButton")) !== null && button.visible);
            mouseClick(button);
            tryCompare(VisitEditor, "active", true);
            compare(VisitEditor.childName, name);
            const page = child("recordVisitPage");
            if (stack)
                tryCompare(stack, "busy", false);
            tryVerify(() => page.visible);
            waitForRendering(page);
            return page;
        }

        function test_1_outcomesForAChildSayWasNotBrought() {
            unlock();
            openForm("Test Baby One");
            const outcomes = optionTexts(child("outcomeField"));
            verify(outcomes.indexOf("Was not brought") >= 0, outcomes);
            verify(outcomes.indexOf("Completed") >= 0, outcomes);
            for (const text of outcomes)
                verify(!/did not attend/i.test(text), "offered: " + text);
            const types = optionTexts(child("contactTypeField"));
            verify(types.indexOf("Face-to-face at home") >= 0, types);
        }

        function test_2_problemsShownBesideTheirField() {
            failedSpy.clear();
            mouseClick(child("saveVisitButton"));
            compare(failedSpy.count, 1);
            compare(savedSpy.count, 0);
            const contactTypeError = child("contactTypeError");
            verify(contactTypeError.visible);
            compare(contactTypeError.text, VisitEditor.contactTypeError);
            verify(contactTypeError.text.length > 0);
            const outcomeError = child("outcomeError");
            verify(outcomeError.visible);
            verify(outcomeError.text.length > 0);

            // Choosing fixes the field, and its message goes.
            choose(child("contactTypeField"), "Face-to-face at home");
            compare(VisitEditor.contactType, "face_to_face_home");
            verify(!contactTypeError.visible);
            verify(outcomeError.visible);

            // A rule of core/validation.h, in its words, beside the field it is about, naming
            // the child as the practitioner knows them.
            choose(child("outcomeField"), "Was not brought");
            verify(!outcomeError.visible);
            const seen = child("seenField");
            mouseClick(seen);
            verify(VisitEditor.seen);
            mouseClick(child("saveVisitButton"));
            compare(failedSpy.count, 2);
            const seenError = child("seenError");
            verify(seenError.visible);
            compare(seenError.text, VisitEditor.seenError);
            verify(seenError.text.indexOf("Test Baby One") >= 0, seenError.text);
            verify(seenError.text.indexOf(VisitEditor.childId) < 0, "no ids in the words");
            mouseClick(seen);
            verify(!VisitEditor.seen);
            verify(!seenError.visible);
            compare(savedSpy.count, 0);
        }

        function test_3_recordHomeVisitClearsFlag() {
            const before = rowFor("Test Baby One");
            compare(before.flagLabel, "No face-to-face visit");
            const pendingBefore = SyncStatus.pendingCount;
            const failuresBefore = failedSpy.count;
            mouseClick(child("seenField"));
            verify(VisitEditor.seen);
            choose(child("outcomeField"), "Completed");
            compare(VisitEditor.outcome, "completed");
            mouseClick(child("presentField"));
            typeText("Mother");
            compare(VisitEditor.present, "Mother");
            const presentation = child("presentationField");
            presentation.forceActiveFocus();
            typeText("Settled and feeding well");
            compare(VisitEditor.presentation, "Settled and feeding well");
            child("observationsField").text = "Warm, clean home; safe sleep space seen.";
            saveScreenshot(root, "record-visit-phone");
            const form = child("visitForm");
            form.contentY = form.contentHeight - form.height;
            saveScreenshot(root, "record-visit-phone-views");
            savedSpy.clear();
            mouseClick(child("saveVisitButton"));
            savedSpy.wait(slow);
            compare(failedSpy.count, failuresBefore);
            compare(VisitEditor.active, false);
            // Back on the child's page, the visit is at the top of the chronology.
            tryVerify(() => ChildRecordController.chronology.count > 0, slow);
            ChildRecordController.close();
            tryVerify(() => {
                    const row = rowFor("Test Baby One");
                    return row !== null && row.flagLabel === "";
                }, slow, "the newborn's flag clears once the visit is saved");
            const after = rowFor("Test Baby One");
            verify(!findChild(after, "flagBadge").visible);
            // The other newborn still has no visit.
            compare(rowFor("Test Baby Two").flagLabel, "No face-to-face visit");
            // Saved offline, so it waits to be sent.
            tryVerify(() => SyncStatus.pendingCount > pendingBefore, slow);
            tryVerify(() => child("savedNotice").visible);
        }

        function test_4_tabletShowsFormBesideCaseload() {
            root.width = 1280;
            root.height = 800;
            tryVerify(() => findChild(appShell, "twoPanes") !== null, 5000, "two panes on a tablet");
            tryVerify(() => rowFor("Test Baby Two") !== null);
            openForm("Test Baby Two");
            tryVerify(() => findChild(appShell, "recordVisitPage") !== null);
            verify(child("caseloadList").visible, "the caseload stays beside the form");
            tryVerify(() => rowFor("Test Baby Two").highlighted);
            choose(child("contactTypeField"), "Face-to-face at clinic");
            saveScreenshot(root, "record-visit-tablet");
            mouseClick(child("cancelVisitButton"));
            compare(VisitEditor.active, false);
            tryVerify(() => findChild(appShell, "recordVisitPage") === null);
            verify(findChild(appShell, "childPage") !== null, "back to the child's page");
            compare(rowFor("Test Baby Two").flagLabel, "No face-to-face visit", "nothing saved on cancel");
        }

        function test_5_draftSurvivesLock() {
            openForm("Test Baby Two");
            choose(child("contactTypeField"), "Face-to-face at home");
            const observations = child("observationsField");
            observations.forceActiveFocus();
            typeText("Draft typed before the lock");
            mouseClick(child("lockButton"));
            compare(SessionController.state, SessionController.Locked);
            tryVerify(() => findChild(appShell, "recordVisitPage") === null, 5000, "the form is hidden while locked");
            compare(VisitEditor.observations, "", "nothing of the draft is readable while locked");
            unlock();
            tryVerify(() => findChild(appShell, "recordVisitPage") !== null, slow, "the form is back");
            compare(VisitEditor.childName, "Test Baby Two");
            compare(child("observationsField").text, "Draft typed before the lock");
            compare(child("contactTypeField").currentText, "Face-to-face at home");
            mouseClick(child("cancelVisitButton"));
            compare(VisitEditor.active, false);
        }
    }
}
