import QtQuick
import QtTest
import Doorstep
import Doorstep.App

// The main screens with larger text (run by the tst_qml_largetext test), at phone and tablet sizes, upright and on their side:
// nothing cut short or past the window's edge, touch targets still 48 px, every form still
// scrolls to its last field (DoorstepTestCase.checkSizes). The supervisor's coverage page is
// checked the same way in supervisor_coverage.qml; enrolment, the alert and amendment forms and
// the conflicts in large_text_forms.qml, which also proves the check finds clipped text.
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

        function test_4_recordVisit() {
            VisitEditor.open(ChildRecordController.childId);
            tryCompare(VisitEditor, "active", true);
            checkSizes(root, "record-visit", "recordVisitPage");
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
