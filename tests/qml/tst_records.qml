import QtQuick
import QtTest
import Doorstep
import Doorstep.App

// The record forms reached from a child's page: an advocate offer in two taps for a member of a
// family in care proceedings; the structured alert form refusing a vague alert beside each field;
// and an amendment to a signed-off visit, after which the chronology shows both.
Item {
    id: root

    width: 412
    height: 915

    AppShell {
        id: appShell

        anchors.fill: parent
    }

    SignalSpy {
        id: offerSaved

        target: AdvocateOfferController
        signalName: "saved"
    }

    SignalSpy {
        id: alertSaved

        target: AlertEditor
        signalName: "saved"
    }

    SignalSpy {
        id: alertFailed

        target: AlertEditor
        signalName: "saveFailed"
    }

    SignalSpy {
        id: amendmentSaved

        target: AmendmentEditor
        signalName: "saved"
    }

    DoorstepTestCase {
        name: "Records"
        shell: appShell

        function waitForStack() {
            const stack = findChild(appShell, "pageStack");
            if (stack)
                tryCompare(stack, "busy", false);
        }

        function openChild(name: string) {
            const row = rowFor(name);
            verify(row !== null, "a row for " + name);
            mouseClick(row);
            waitForStack();
            tryVerify(() => !ChildRecordController.loading, slow);
            tryVerify(() => findChild(appShell, "childPage") !== null && child("childPage").visible);
        }

        // Scrolls the flickable so the item is on screen, then clicks it.
        function clickInForm(formName: string, item: var) {
            scrollToAndClick(child(formName), item);
        }

        function entryTitles(): var {
            const list = child("chronologyList");
            const titles = [];
            for (let i = 0; i < list.count; ++i)
                titles.push(list.itemAt(i).title);
            return titles;
        }

        function memberRow(name: string): var {
            const list = child("householdList");
            for (let i = 0; i < list.count; ++i) {
                const item = list.itemAt(i);
                if (item.name === name)
                    return item;
            }
            return null;
        }

        function fill(name: string, text: string) {
            const field = child(name);
            clickInForm("alertForm", field);
            field.selectAll();
            typeText(text);
            compare(field.text, text);
        }

        function test_1_offerAnAdvocateInTwoTaps() {
            unlock();
            openChild("Test Child Four");
            const mother = memberRow("Test Parent C");
            verify(mother !== null);
            compare(mother.advocateText, "Advocate offered 3 Oct 2026: Accepted");
            const offer = findChild(mother, "offerAdvocateButton");
            verify(offer.visible, "every member of a family in proceedings can be offered an advocate");
            clickInForm("childRecord", offer);
            compare(AdvocateOfferController.memberName, "Test Parent C");
            const panel = findChild(mother, "advocateOfferPanel");
            tryVerify(() => panel.visible);
            compare(findChild(panel, "offerServiceField").text, "Test Advocacy Service", "the service last used");
            saveScreenshot(root, "advocate-offer-phone");
            offerSaved.clear();
            clickInForm("childRecord", findChild(panel, "offerResponse_declined"));
            offerSaved.wait(slow);
            tryVerify(() => memberRow("Test Parent C") !== null && memberRow("Test Parent C").advocateText === "Advocate offered 25 Nov 2026: Declined", slow);
            verify(child("offerStatus").visible);
            tryVerify(() => entryTitles().indexOf("Advocate offered to Test Parent C: Declined") >= 0, slow, entryTitles().join(" | "));
        }

        function test_2_vagueAlertIsRefusedBesideEachField() {
            clickInForm("childRecord", child("raiseAlertButton"));
            tryCompare(AlertEditor, "active", true);
            tryVerify(() => findChild(appShell, "alertPage") !== null && child("alertPage").visible);
            compare(child("raisedOnField").text, "25 Nov 2026", "raised today");
            compare(child("whoIsAtRiskField").text, "Test Child Four");
            fill("categoryField", "Test category two");
            fill("whatHappenedField", "concerns");
            fill("reviewOnField", "31 Feb 2027");
            alertFailed.clear();
            clickInForm("alertForm", child("saveAlertButton"));
            compare(alertFailed.count, 1);
            compare(alertSaved.count, 0);
            const what = child("whatHappenedError");
            verify(what.visible);
            verify(/stranger/.test(what.text), what.text);
            verify(child("riskFromError").visible, "who the risk is from is missing");
            verify(child("sourceError").visible);
            verify(child("requiredActionError").visible);
            verify(/25 Nov 2026/.test(child("reviewOnError").text), child("reviewOnError").text);
            verify(!child("categoryError").visible);
            verify(!child("raisedOnError").visible);
            saveScreenshot(root, "alert-refused-phone");
            fill("whatHappenedField", "Test: on 24 Nov a synthetic adult shouted at the child at the school gate.");
            verify(!what.visible, "editing the field clears its message");
            fill("riskFromField", "Test Adult Y");
            fill("sourceField", "Test school");
            fill("requiredActionField", "Test: the health visitor checks in with the school weekly.");
            fill("reviewOnField", "10 Dec 2026");
            clickInForm("alertForm", child("saveAlertButton"));
            alertSaved.wait(slow);
            tryVerify(() => findChild(appShell, "childPage") !== null, slow, "back on the child's page");
            tryVerify(() => entryTitles().indexOf("Alert: Test category two") >= 0, slow, entryTitles().join(" | "));
        }

        function entryFor(title: string): var {
            const list = child("chronologyList");
            for (let i = 0; i < list.count; ++i) {
                if (list.itemAt(i).title === title)
                    return list.itemAt(i);
            }
            return null;
        }

        function test_3_amendAddsACorrectionBesideTheRecord() {
            waitForStack();
            tryVerify(() => findChild(appShell, "chronologyList") !== null && entryFor("Face-to-face at home: Completed") !== null, slow);
            const visit = entryFor("Face-to-face at home: Completed");
            const amendmentsBefore = entryTitles().filter(t => t.indexOf("Correction to") === 0).length;
            clickInForm("childRecord", findChild(visit, "amendButton"));
            tryCompare(AmendmentEditor, "active", true);
            tryVerify(() => findChild(appShell, "amendPage") !== null && child("amendPage").visible);
            verify(child("amendTarget").text.indexOf("20 Nov 2026") === 0, child("amendTarget").text);
            mouseClick(child("saveAmendmentButton"));
            verify(child("amendReasonError").visible, "a reason is required");
            verify(child("amendCorrectionError").visible);
            compare(amendmentSaved.count, 0);
            mouseClick(child("amendReasonField"));
            typeText("Test reason: the time was wrong");
            verify(!child("amendReasonError").visible);
            mouseClick(child("amendCorrectionField"));
            typeText("Test: the visit began at 11:00");
            saveScreenshot(root, "amend-phone");
            mouseClick(child("saveAmendmentButton"));
            amendmentSaved.wait(slow);
            tryVerify(() => findChild(appShell, "childPage") !== null, slow);
            tryVerify(() => entryTitles().filter(t => t.indexOf("Correction to") === 0).length === amendmentsBefore + 1, slow, entryTitles().join(" | "));
            // The original is still there, unchanged, and marked as amended.
            const original = entryFor("Face-to-face at home: Completed");
            verify(original !== null);
            verify(original.amendedText.length > 0);
            verify(original.detail.indexOf("Test observation: home warm and tidy.") >= 0, original.detail);
        }

        function test_4_onATabletTheFormsOpenBesideTheCaseload() {
            root.width = 1280;
            root.height = 800;
            tryVerify(() => findChild(appShell, "twoPanes") !== null, slow);
            tryVerify(() => findChild(appShell, "childPage") !== null && child("childPage").visible, slow);
            clickInForm("childRecord", child("raiseAlertButton"));
            tryCompare(AlertEditor, "active", true);
            tryVerify(() => findChild(appShell, "alertPage") !== null && child("alertPage").visible);
            verify(child("caseloadList").visible, "the caseload stays beside the alert form");
            verify(!child("childPage").visible);
            saveScreenshot(root, "alert-tablet");
            mouseClick(child("alertBackButton"));
            tryCompare(AlertEditor, "active", false);
            tryVerify(() => child("childPage").visible);
            const visit = entryFor("Face-to-face at home: Completed");
            verify(visit !== null);
            clickInForm("childRecord", findChild(visit, "amendButton"));
            tryCompare(AmendmentEditor, "active", true);
            tryVerify(() => findChild(appShell, "amendPage") !== null && child("amendPage").visible);
            verify(child("caseloadList").visible, "the caseload stays beside the amendment form");
            saveScreenshot(root, "amend-tablet");
            mouseClick(child("amendBackButton"));
            tryCompare(AmendmentEditor, "active", false);
            verify(findChild(appShell, "twoPanes") !== null);
        }
    }
}
