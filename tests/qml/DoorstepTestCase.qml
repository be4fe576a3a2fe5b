import QtQuick
import QtTest
import Doorstep.App

// A TestCase with the steps the app's tests share: unlock, find a child's row, pick from a combo
// box the way a person does, and save a screenshot. `shell` is the AppShell under test.
TestCase {
    id: testCase

    required property Item shell
    readonly property string rightPin: "482916"
    readonly property int slow: 20000 // Argon2id and the store worker, on a loaded CI machine

    when: windowShown

    function typeText(text: string) {
        for (let i = 0; i < text.length; ++i)
            keyClick(text[i]);
    }

    function child(objectName: string): var {
        const item = findChild(shell, objectName);
        verify(item !== null, "no item named " + objectName);
        return item;
    }

    function enterPin(pin: string) {
        const field = child("pinField");
        tryVerify(() => field.enabled);
        mouseClick(field);
        typeText(pin);
        mouseClick(child("unlockButton"));
    }

    function unlock() {
        enterPin(rightPin);
        tryCompare(SessionController, "state", SessionController.Unlocked, slow);
        tryVerify(() => CaseloadModel.ready, slow, "the caseload arrives from the store worker");
        waitForRendering(shell);
    }

    // The delegate showing the named child, or null (the list may have been rebuilt since).
    function rowFor(name: string): var {
        const list = child("caseloadList");
        for (let i = 0; i < list.count; ++i) {
            const row = list.itemAtIndex(i);
            if (row && row.name === name)
                return row;
        }
        return null;
    }

    function optionTexts(combo: var): var {
        const texts = [];
        for (let i = 0; i < combo.count; ++i)
            texts.push(combo.textAt(i));
        return texts;
    }

    // Layouts place their children when they are polished, before the next frame: a message that
    // has just appeared above an item moves it only then. A click aimed before that lands where
    // the item was (seen on a loaded machine), so wait for every layout above the item first.
    function settle(item: var) {
        for (let p = item; p; p = p.parent) {
            if (isPolishScheduled(p))
                waitForItemPolished(p);
        }
    }

    // Opens the combo box's list and clicks the option with these words, as a person would.
    function choose(combo: var, text: string) {
        const index = combo.find(text);
        verify(index >= 0, "no option \"" + text + "\" in " + combo.objectName);
        tryVerify(() => combo.visible && combo.enabled && combo.width > 0);
        settle(combo);
        mouseClick(combo);
        tryCompare(combo.popup, "opened", true);
        const list = combo.popup.contentItem;
        list.positionViewAtIndex(index, ListView.Contain);
        let option = null;
        tryVerify(() => (option = list.itemAtIndex(index)) !== null);
        settle(option);
        mouseClick(option);
        tryCompare(combo.popup, "visible", false);
        compare(combo.currentText, text);
    }

    function saveScreenshot(item: Item, name: string) {
        waitForRendering(item);
        let saved = false;
        verify(item.grabToImage(result => {
                    saved = result.saveToFile(name + ".png");
                }));
        tryVerify(() => saved, 10000, "screenshot " + name + " saved");
    }
}
