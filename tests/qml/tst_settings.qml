import QtQuick
import QtTest
import Doorstep
import Doorstep.App

// The settings page: the lock timeout drives the idle lock; the text size scales the text; a PIN change refuses a mismatch, a
// weak PIN and a wrong current PIN beside their fields, then works; signing out warns with the
// count of unsynced changes, asks a second time to destroy them, and leaves the device unenrolled.
Item {
    id: root

    width: 412
    height: 915

    AppShell {
        id: appShell

        anchors.fill: parent
    }

    DoorstepTestCase {
        name: "Settings"
        shell: appShell

        readonly property string newPin: "739164"

        function openSettings(): var {
            mouseClick(child("settingsButton"));
            tryCompare(SettingsController, "active", true);
            const page = child("settingsPage");
            tryVerify(() => page.visible);
            waitForRendering(page);
            return page;
        }

        // Types into a field by clicking it and typing, as a person does.
        function fill(name: string, text: string) {
            const field = child(name);
            const form = child("settingsForm");
            form.contentY = Math.max(0, Math.min(field.mapToItem(form.contentItem, 0, 0).y - 100, form.contentHeight - form.height));
            field.forceActiveFocus();
            field.selectAll();
            typeText(text);
            compare(field.text, text);
        }

        // Scrolls the settings so the item is on screen, then clicks it.
        function clickInForm(item: var) {
            scrollToAndClick(child("settingsForm"), item);
        }

        function test_1_lockTimeoutDrivesIdleLock() {
            unlock();
            openSettings();
            const field = child("lockTimeoutField");
            compare(IdleLock.timeoutMinutes, 5, "5 minutes by default");
            compare(field.currentText, "5 minutes");
            choose(field, "10 minutes");
            compare(IdleLock.timeoutMinutes, 10);
            compare(SettingsController.lockTimeout, "10");
            saveScreenshot(root, "settings-phone");
        }

        // The text size chosen here scales every page's text (Theme.fontScale), and is kept.
        function test_1a_textSizeScalesTheText() {
            const field = child("textSizeField");
            compare(field.currentText, "Standard");
            compare(TextSize.choice, "1");
            const form = child("settingsForm");
            const inForm = item => {
                for (let p = item; p; p = p.parent) {
                    if (p === form)
                        return true;
                }
                return false;
            };
            const before = child("settingsTitle").font.pixelSize;
            verify(!inForm(child("settingsTitle")), "the title bar stays put on a page of ordinary height");
            choose(field, "Largest");
            compare(TextSize.choice, "2");
            compare(Theme.fontScale, 2);
            // The page is short for text this large: its title bar now scrolls with the fields.
            tryVerify(() => inForm(child("settingsTitle")));
            compare(child("settingsTitle").font.pixelSize, 2 * before);
            compare(child("lockTimeoutField").font.pixelSize, 28, "the controls' text follows too");
            choose(field, "Standard");
            compare(Theme.fontScale, 1);
            tryVerify(() => !inForm(child("settingsTitle")));
            compare(child("settingsTitle").font.pixelSize, before);
        }

        function test_2_changePinRefusesBesideEachField() {
            fill("oldPinField", rightPin);
            fill("newPinField", newPin);
            fill("confirmPinField", "739165");
            clickInForm(child("changePinButton"));
            verify(child("confirmPinError").visible);
            verify(/does not match/.test(SettingsController.confirmPinError), SettingsController.confirmPinError);
            verify(!child("oldPinError").visible);
            fill("newPinField", "123456");
            fill("confirmPinField", "123456");
            clickInForm(child("changePinButton"));
            verify(child("newPinError").visible);
            compare(child("newPinError").text, SettingsController.newPinError);
            verify(!child("confirmPinError").visible);

            // A wrong current PIN is the store's to refuse, after its key derivation.
            fill("oldPinField", "135792");
            fill("newPinField", newPin);
            fill("confirmPinField", newPin);
            clickInForm(child("changePinButton"));
            tryVerify(() => !SettingsController.changingPin && SettingsController.oldPinError.length > 0, slow);
            verify(child("oldPinError").visible);
            verify(!child("newPinError").visible);
            compare(SessionController.state, SessionController.Unlocked, "a refused change leaves the session open");
        }

        function test_3_changePinThenUnlockWithIt() {
            fill("oldPinField", rightPin);
            fill("newPinField", newPin);
            fill("confirmPinField", newPin);
            clickInForm(child("changePinButton"));
            tryVerify(() => !SettingsController.changingPin, slow);
            compare(SettingsController.oldPinError, "");
            verify(child("pinStatus").visible);
            compare(child("oldPinField").text, "", "no PIN left in the form");
            mouseClick(child("lockButton"));
            compare(SessionController.state, SessionController.Locked);
            compare(SettingsController.active, false, "locking closes the settings");
            enterPin(newPin);
            tryCompare(SessionController, "state", SessionController.Unlocked, slow);
            tryVerify(() => CaseloadModel.ready, slow);
        }

        function test_4_signOutWarnsTwiceThenWipes() {
            openSettings();
            const form = child("settingsForm");
            form.contentY = form.contentHeight - form.height;
            clickInForm(child("beginWipeButton"));
            tryCompare(SettingsController, "wipeStage", SettingsController.WipeConfirm, slow);
            // The fixture's records were all made on this device with no server: none has gone,
            // and the one the server refused has not gone either.
            verify(SettingsController.unsyncedCount > 0);
            compare(SyncStatus.rejectedCount, 1);
            compare(SettingsController.unsyncedCount, SyncStatus.pendingCount + SyncStatus.rejectedCount);
            const warning = child("wipeWarning");
            tryVerify(() => warning.visible);
            verify(warning.text.indexOf(String(SettingsController.unsyncedCount) + " changes") >= 0, warning.text);
            form.contentY = form.contentHeight - form.height;
            saveScreenshot(root, "settings-wipe-phone");

            // Cancel leaves everything as it was.
            clickInForm(child("cancelWipeButton"));
            compare(SettingsController.wipeStage, SettingsController.WipeIdle);
            compare(SessionController.state, SessionController.Unlocked);
            clickInForm(child("beginWipeButton"));
            tryCompare(SettingsController, "wipeStage", SettingsController.WipeConfirm, slow);
            clickInForm(child("confirmWipeButton"));
            compare(SettingsController.wipeStage, SettingsController.WipeConfirmForce, "a second question before changes are lost");
            verify(/lost for good/.test(child("wipeWarning").text), child("wipeWarning").text);
            compare(SessionController.state, SessionController.Unlocked);
            clickInForm(child("confirmWipeButton"));
            tryCompare(SessionController, "state", SessionController.NotEnrolled, slow);
            tryVerify(() => findChild(appShell, "notEnrolledPage") !== null);
            compare(SettingsController.active, false);
            compare(CaseloadModel.count, 0);
            compare(VisitEditor.active, false);
        }
    }
}
