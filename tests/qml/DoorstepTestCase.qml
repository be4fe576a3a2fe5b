import QtQuick
import QtTest
import Doorstep
import Doorstep.App
import DoorstepTest

// A TestCase with the steps the app's tests share: unlock, find a child's row, pick from a combo
// box the way a person does, and save a screenshot. `shell` is the AppShell under test.
TestCase {
    id: testCase

    required property Item shell
    readonly property string rightPin: "482916"
    readonly property int slow: 20000 // Argon2id and the store worker, on a loaded CI machine

    when: windowShown

    // Replaces Qt's own, which races with the render thread (FrameWaiter in tst_qml.cpp): true once
    // the window has drawn a frame asked for now.
    function waitForRendering(item: Item, timeout: int): bool {
        return Frames.waitForFrame(item, timeout > 0 ? timeout : 5000);
    }

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

    // Scrolls `flickable` until `item` is in view, a third of the way down, and clicks it. Settled
    // first: a section that has just appeared (a confirmation, a message) moves the item only
    // once its layout is polished, and a place read before that scrolls to where it was.
    function scrollToAndClick(flickable: var, item: var) {
        settle(item);
        const y = item.mapToItem(flickable.contentItem, 0, 0).y;
        flickable.contentY = Math.max(0, Math.min(y - flickable.height / 3, flickable.contentHeight - flickable.height));
        waitForRendering(flickable);
        mouseClick(item);
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

    // Drags the list down from near its top by `distance` pixels, with the mouse or one finger,
    // in steps as a hand does; `beforeRelease` (optional) runs while still held.
    function pull(list: var, distance: int, touch: bool, beforeRelease: var) {
        // Rows the list has been told of but not yet laid out would replace the row pressed
        // here mid-gesture, and the drag would end with it.
        waitForItemPolished(list);
        const x = list.width / 2;
        const y = 20;
        const step = 16;
        const finger = touch ? touchEvent(list) : null;
        if (touch)
            finger.press(0, list, x, y).commit();
        else
            mousePress(list, x, y);
        for (let dy = step; dy <= distance; dy += step) {
            if (touch)
                finger.move(0, list, x, y + dy).commit();
            else
                mouseMove(list, x, y + dy, 1);
        }
        if (beforeRelease)
            beforeRelease();
        if (touch)
            finger.release(0, list, x, y + distance).commit();
        else
            mouseRelease(list, x, y + distance);
    }

    // Names an item in a problem report: its type, objectName and words.
    function describe(item: var): string {
        let words = "";
        if (typeof item.text === "string")
            words = item.text;
        else if (typeof item.displayText === "string")
            words = item.displayText;
        return String(item).replace(/\(0x[0-9a-f]+\)/, "") + (item.objectName ? " " + item.objectName : "") + (words ? " \"" + words.slice(0, 40) + "\"" : "");
    }

    // What the layout gets wrong under `top` as it is drawn now, in words (none: an empty list):
    // text clipped, cut short or past the window's edges (scrolled content aside), or smaller
    // than the text size chosen; interactive controls smaller than a touch target; scrolled pages
    // whose last item cannot be scrolled into view, or too short to be usable; a form's field
    // that does not fit in view together with its label and its message.
    function layoutProblems(top: Item): var {
        const problems = [];
        const width = top.width;
        const height = top.height;
        const isView = it => typeof it.positionViewAtIndex === "function";
        const isFlickable = it => typeof it.flick === "function" && typeof it.contentY === "number";
        const isButton = it => typeof it.toggle === "function" && typeof it.checkable === "boolean";
        const isCombo = it => typeof it.find === "function" && it.popup !== undefined && typeof it.currentIndex === "number";
        const isTextField = it => typeof it.placeholderText === "string" && typeof it.selectAll === "function";
        const rowInView = (row, view) => {
            if (!row.visible || row.height <= 0)
                return false;
            const y = row.mapToItem(view, 0, 0).y;
            return y + row.height > 0 && y < view.height;
        };
        const unreachable = flickable => {
            const found = [];
            const before = flickable.contentY;
            flickable.contentY = Math.max(flickable.originY, flickable.originY + flickable.contentHeight - flickable.height);
            const bottom = it => {
                if (!it.visible || it.height <= 0)
                    return;
                const end = it.mapToItem(flickable, 0, it.height).y;
                const counts = typeof it.truncated === "boolean" || isButton(it) || isCombo(it) || isTextField(it);
                if (counts && end > flickable.height + 1)
                    found.push(describe(it) + " cannot be scrolled into view in " + describe(flickable) + " (ends " + Math.round(end - flickable.height) + " px below)");
                else if (!isView(it)) {
                    for (let i = 0; i < it.children.length; ++i)
                        bottom(it.children[i]);
                }
            };
            const children = flickable.contentItem.children;
            for (let i = 0; i < children.length; ++i)
                bottom(children[i]);
            flickable.contentY = before;
            return found;
        };
        // A field in a form, with the words above it that say what it is for (its label and hint)
        // and the messages below it that say what is wrong with it (shown in the error colour):
        // a person typing in it must see them all at once, so together they must fit in the part
        // of the form the window shows.
        const isMessage = it => typeof it.truncated === "boolean" && it.visible && it.height > 0 && Qt.colorEqual(it.color, Theme.error);
        const fieldGroupTooTall = (field, form) => {
            const siblings = field.parent ? field.parent.children : [];
            let index = -1;
            for (let i = 0; i < siblings.length; ++i) {
                if (siblings[i] === field)
                    index = i;
            }
            let first = field;
            let last = field;
            // Up to two lines of words above (a label and its hint), stopping at a heading.
            for (let i = index - 1, taken = 0; index >= 0 && i >= 0 && taken < 2; --i) {
                const sibling = siblings[i];
                if (!sibling.visible || sibling.height <= 0)
                    continue;
                if (typeof sibling.truncated !== "boolean" || isMessage(sibling))
                    break;
                first = sibling;
                ++taken;
                if (sibling.font.bold)
                    break;
            }
            for (let i = index + 1; index >= 0 && i < siblings.length; ++i) {
                const sibling = siblings[i];
                if (!sibling.visible || sibling.height <= 0)
                    continue;
                if (!isMessage(sibling))
                    break;
                last = sibling;
            }
            const top = first.mapToItem(form, 0, 0).y;
            const needed = last.mapToItem(form, 0, last.height).y - top;
            if (needed <= form.height + 1)
                return "";
            return describe(field) + " with its label and messages needs " + Math.round(needed) + " px, more than the " + Math.round(form.height) + " px of " + describe(form) + " in view";
        };
        // left and right: the horizontal bounds of the nearest ancestor that clips (the window's at
        // first); words or a control beyond them are cut off.
        // form: the scrolled form (not a list) the item is in, if any.
        const walk = (it, inFlickable, left, right, form) => {
            if (!it.visible || it.opacity === 0)
                return;
            // A form squeezed to nothing by what is above and below it scrolls nothing into view.
            if (isFlickable(it) && !isView(it) && !inFlickable && it.width > 0 && it.height <= 0)
                problems.push(describe(it) + " is only " + Math.round(it.height) + " px high");
            if (it.width <= 0 || it.height <= 0)
                return;
            const isText = typeof it.truncated === "boolean";
            const isControl = it.enabled && (isButton(it) || isCombo(it) || isTextField(it));
            // Words and controls; the styles' shadows and ripples may spill over on purpose.
            if (isText || isControl) {
                const at = it.mapToItem(top, 0, 0);
                if (at.x < left - 1 || at.x + it.width > right + 1)
                    problems.push(describe(it) + " runs past the edge of its pane (" + Math.round(at.x) + " to " + Math.round(at.x + it.width) + " in " + Math.round(left) + " to " + Math.round(right) + ")");
                if (!inFlickable && (at.y < -1 || at.y + it.height > height + 1))
                    problems.push(describe(it) + " runs past the window's top or bottom (" + Math.round(at.y) + " to " + Math.round(at.y + it.height) + " of " + height + ")");
            }
            // Every size in the pages comes from Theme.fontSize(), 12 px at the least at ordinary
            // size: anything smaller has missed the person's text size (a popup over the window
            // takes the window's font, not AppShell's).
            if (isText && it.font.pixelSize > 0 && it.text.length > 0 && it.font.pixelSize < Theme.fontSize(12) - 0.5)
                problems.push(describe(it) + " is drawn at " + it.font.pixelSize + " px, smaller than the text size chosen");
            if (isText && it.truncated)
                problems.push(describe(it) + " is cut short");
            else if (isText && it.wrapMode === Text.NoWrap && it.contentWidth > it.width + 1)
                problems.push(describe(it) + " is wider than its space (" + Math.round(it.contentWidth) + " > " + Math.round(it.width) + ")");
            if (typeof it.readOnly === "boolean" && it.readOnly && typeof it.contentWidth === "number" && typeof it.cursorPosition === "number" && it.contentWidth > it.width + 1)
                problems.push(describe(it) + " shows words wider than its space");
            if (isControl && (it.height < Theme.touchTarget - 0.5 || it.width < Theme.touchTarget - 0.5))
                problems.push(describe(it) + " is " + Math.round(it.width) + "x" + Math.round(it.height) + ", smaller than a touch target");
            if (form && (isTextField(it) && !it.readOnly || isCombo(it))) {
                const tooTall = fieldGroupTooTall(it, form);
                if (tooTall.length > 0)
                    problems.push(tooTall);
            }
            if (isFlickable(it) && !inFlickable) {
                if (it.height < 2 * Theme.touchTarget)
                    problems.push(describe(it) + " is only " + Math.round(it.height) + " px high");
                if (!isView(it))
                    problems.push(...unreachable(it));
            }
            if (it.clip && it !== top) {
                const x = it.mapToItem(top, 0, 0).x;
                left = Math.max(left, x);
                right = Math.min(right, x + it.width);
            }
            const children = isFlickable(it) ? it.contentItem.children : it.children;
            for (let i = 0; i < children.length; ++i) {
                // A list's rows: those in view (the list makes the others as it scrolls).
                if (isView(it) && !rowInView(children[i], it))
                    continue;
                walk(children[i], inFlickable || isFlickable(it), left, right, isFlickable(it) && !inFlickable ? (isView(it) ? null : it) : form);
            }
        };
        walk(top, false, 0, width, null);
        return problems;
    }

    // Draws the screen at phone and tablet sizes, each upright and on its side, with ordinary
    // text and text half as large again and twice as large (a person's accessibility setting),
    // and checks each with layoutProblems(). `window` is the item standing for the window;
    // `pageName` the objectName of the page that must be showing. Screenshots of each go to the
    // build folder as large-text-<screen>-<size>-<scale>x.png.
    // `popup` (optional): a popup that must be open over the page, checked with it.
    function checkSizes(window: Item, screen: string, pageName: string, popup: var) {
        const sizes = [["phone", 412, 915], ["phone-landscape", 915, 412], ["tablet", 1280, 800], ["tablet-portrait", 800, 1280]];
        const scales = ["1", "1.5", "2"]; // TextSize's choices: Standard, Larger, Largest
        const problems = [];
        for (const size of sizes) {
            for (const scale of scales) {
                window.width = size[1];
                window.height = size[2];
                TextSize.choice = scale;
                compare(Theme.fontScale, Number(scale));
                let page = null;
                tryVerify(() => (page = findChild(window, pageName)) !== null && page.visible, 5000, pageName + " shows at " + size[0]);
                for (let p = page.parent; p; p = p.parent) {
                    if (typeof p.depth === "number" && typeof p.busy === "boolean")
                        tryCompare(p, "busy", false); // a StackView's page moving into place
                }
                waitForRendering(window);
                settle(page);
                waitForRendering(window);
                let found = layoutProblems(window);
                if (popup) {
                    if (!popup.opened)
                        popup.open();
                    tryCompare(popup, "opened", true);
                    waitForRendering(window);
                    settle(popup.contentItem);
                    waitForRendering(window);
                    // The popup's layer over the window (its size is the window's).
                    found = found.concat(layoutProblems(popup.parent));
                }
                for (const problem of found) {
                    const line = size[0] + " " + scale + "x: " + problem;
                    console.warn(line);
                    problems.push(line);
                }
                // The window's own root holds both the page and any popup's layer.
                saveScreenshot(popup ? window.Window.contentItem : window, "large-text-" + screen + "-" + size[0] + "-" + scale + "x");
            }
        }
        TextSize.choice = "1";
        window.width = 412;
        window.height = 915;
        waitForRendering(window);
        verify(problems.length === 0, problems.length + " layout problems (each logged above); the first: " + problems[0]);
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
