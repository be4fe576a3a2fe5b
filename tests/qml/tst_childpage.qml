import QtQuick
import Doorstep
import Doorstep.App

// The child and family page, reached from the caseload: who the child is, the household with
// relationships and advocate offers, care proceedings, moving into the area, and the chronology
// newest first with the amendment marked. One pane over the caseload on a phone, beside it on a
// tablet.
Item {
    id: root

    width: 412
    height: 915

    AppShell {
        id: appShell

        anchors.fill: parent
    }

    DoorstepTestCase {
        name: "ChildPage"
        shell: appShell

        function waitForStack() {
            const stack = findChild(appShell, "pageStack");
            if (stack)
                tryCompare(stack, "busy", false);
        }

        function entries(): var {
            const list = child("chronologyList");
            const items = [];
            for (let i = 0; i < list.count; ++i)
                items.push(list.itemAt(i));
            return items;
        }

        function test_1_openFromCaseload() {
            unlock();
            const row = rowFor("Test Child Four");
            verify(row !== null);
            mouseClick(row);
            compare(ChildRecordController.active, true);
            waitForStack();
            tryVerify(() => !ChildRecordController.loading, slow, "the record arrives from the store worker");
            const page = child("childPage");
            verify(page.visible);
            compare(child("childRecordName").text, "Test Child Four");
            verify(child("childRecordSummary").text.indexOf("Born 10 Jun 2022") >= 0, child("childRecordSummary").text);
            compare(child("familySummary").text, "Test Family C, ZZ99 3CC");
        }

        function test_2_familyDetails() {
            const proceedings = child("careProceedings");
            compare(proceedings.text, "In care proceedings since 1 Oct 2026");
            verify(ChildRecordController.inCareProceedings);
            const movedIn = child("movedIn");
            verify(movedIn.visible);
            compare(movedIn.text, "Moved into the area on 1 Sep 2026, from Test Town");
            verify(child("carerNeeds").text.indexOf("Test Social Worker") >= 0);
            compare(ChildRecordController.household.count, 1);
            const member = child("householdMember");
            compare(member.name, "Test Parent C");
            compare(member.relationship, "Mother");
            compare(member.advocateText, "Advocate offered 3 Oct 2026: Accepted");
        }

        function test_3_chronologyNewestFirst() {
            const items = entries();
            // The amendment (21 Nov), the visit and the child's views (20 Nov), the alert
            // (10 Nov), the advocate offer (3 Oct).
            compare(items.length, 5);
            compare(items.map(item => item.kind), ["amendment", "visit", "views", "alert", "offer"]);
            compare(items[0].dateText, "21 Nov 2026");
            verify(items[0].title.indexOf("20 Nov 2026") >= 0, items[0].title);
            verify(items[0].detail.indexOf("Test reason") >= 0);
            compare(items[1].title, "Face-to-face at home: Completed");
            verify(items[1].detail.indexOf("Seen alone") >= 0, items[1].detail);
            compare(items[1].amendedText, "Amended 21 Nov 2026");
            verify(findChild(items[1], "entryAmended").visible);
            verify(!findChild(items[2], "entryAmended").visible);
            verify(items[2].detail.indexOf("Test words: likes the park.") >= 0);
            compare(items[3].title, "Alert: Test category");
            verify(items[3].detail.indexOf("Review by 10 Dec 2026") >= 0, items[3].detail);
            compare(items[4].title, "Advocate offered to Test Parent C: Accepted");
            verify(!child("emptyChronology").visible);
            saveScreenshot(root, "child-phone");
        }

        function test_4_backToCaseload() {
            mouseClick(child("childBackButton"));
            compare(ChildRecordController.active, false);
            waitForStack();
            tryVerify(() => findChild(appShell, "childPage") === null);
            verify(child("caseloadList").visible);
        }

        function test_5_tabletTwoPanes() {
            root.width = 1280;
            root.height = 800;
            tryVerify(() => findChild(appShell, "twoPanes") !== null, 5000, "two panes on a tablet");
            tryVerify(() => rowFor("Test Baby One") !== null);
            mouseClick(rowFor("Test Baby One"));
            tryVerify(() => findChild(appShell, "childPage") !== null);
            tryVerify(() => !ChildRecordController.loading, slow);
            verify(child("caseloadList").visible, "the caseload stays beside the record");
            verify(rowFor("Test Baby One").highlighted);
            verify(!child("childBackButton").visible, "no back button beside the caseload");
            compare(child("careProceedings").text, "Not in care proceedings");
            verify(!child("movedIn").visible);
            verify(child("emptyChronology").visible, "nothing recorded yet for a newborn");
            saveScreenshot(root, "child-tablet");
            // Another child replaces the record beside the list.
            mouseClick(rowFor("Test Child Four"));
            tryCompare(ChildRecordController, "name", "Test Child Four");
            tryVerify(() => entries().length === 5, slow);
            saveScreenshot(root, "child-tablet-history");
        }

        function test_6_lockForgetsTheRecord() {
            mouseClick(child("lockButton"));
            compare(ChildRecordController.active, false);
            compare(ChildRecordController.chronology.count, 0);
            compare(ChildRecordController.household.count, 0);
        }
    }
}
