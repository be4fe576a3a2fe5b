import QtQuick
import QtQuick.Controls

// Keeps the field a person is typing in on screen in a scrolled form. When a field of the form
// gets the keyboard (a tap, Tab, or the form moving to a field in error), the form scrolls, no
// further than needed, to show the field with the words above it that say what it is for and the
// messages below it that say what is wrong; while the person types, it follows the cursor. On a
// short screen (a phone on its side, large text) this is what lets a person see what they type.
// One inside each form's Flickable: `FormScroller { flickable: flickable }`.
QtObject {
    id: scroller

    required property Flickable flickable

    // The item with the keyboard, when it is in this form.
    readonly property Item field: fieldIn(flickable.Window.activeFocusItem)
    // Where the field, its words and its cursor are in the form. A binding, so that it changes
    // with whatever moves them: a layout placing a message that has just appeared above the
    // field (a frame after the field got the keyboard), the field growing as the person types,
    // the form's height changing as the screen turns.
    readonly property var span: field ? spanOf(field) : null
    // False once the person scrolls the form themselves, until a field gets the keyboard again
    // or they type: the form does not pull them back to the field while they read elsewhere.
    property bool following: true
    property real lastCursorTop: -1
    readonly property bool personScrolls: flickable.movingVertically

    // The item in this form that `item` is or is inside of (a control's own text editor stands
    // for the control); null when `item` is not in the form.
    function fieldIn(item: Item): Item {
        let field = item;
        for (let p = item; p; p = p.parent) {
            if (p === flickable.contentItem)
                return field;
            const control = p.parent as Control;
            if (p === field && control && control.contentItem === p)
                field = control;
        }
        return null;
    }

    // The item's top in the form's content, from the y of each item on the way (each one read,
    // so that a binding calling this follows them all).
    function topOf(item: Item): real {
        let y = 0;
        for (let p = item; p && p !== flickable.contentItem; p = p.parent)
            y += p.y;
        return y;
    }

    function isWords(item: Item): bool {
        return item instanceof Text;
    }

    function isMessage(item: Item): bool {
        return item instanceof FieldError;
    }

    // The field's extent in the form with its words: up to two lines above it (its label and
    // hint, stopping at a bold label or anything that is not words) and the messages below it.
    function spanOf(field: Item): var {
        const siblings = field.parent ? field.parent.children : [];
        let index = -1;
        for (let i = 0; i < siblings.length; ++i) {
            if (siblings[i] === field)
                index = i;
        }
        let first = field;
        let last = field;
        for (let i = index - 1, taken = 0; index >= 0 && i >= 0 && taken < 2; --i) {
            const sibling = siblings[i];
            if (!sibling.visible || sibling.height <= 0)
                continue;
            if (!isWords(sibling) || isMessage(sibling))
                break;
            first = sibling;
            ++taken;
            if ((sibling as Text).font.bold)
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
        const fieldTop = topOf(field);
        // A text field's cursor; for any other field, the field itself.
        let cursorTop = fieldTop;
        let cursorBottom = fieldTop + field.height;
        const editor = field as TextEdit;
        const input = field as TextInput;
        const cursor = editor ? editor.cursorRectangle : (input ? input.cursorRectangle : null);
        if (cursor) {
            cursorTop = fieldTop + cursor.y;
            cursorBottom = cursorTop + cursor.height;
        }
        return {
            "top": topOf(first),
            "bottom": topOf(last) + last.height,
            "cursorTop": cursorTop,
            "cursorBottom": cursorBottom,
            "viewHeight": flickable.height,
            "contentHeight": flickable.contentHeight
        };
    }

    // Scrolls the least that shows `top` to `bottom`, or, when they do not fit, as much of them
    // as fits from the bottom (where the cursor is).
    function show(top: real, bottom: real) {
        const view = flickable.height;
        let y = flickable.contentY;
        if (bottom > y + view)
            y = bottom - view;
        if (top < y && bottom - top <= view)
            y = top;
        const end = flickable.originY + Math.max(0, flickable.contentHeight - view);
        y = Math.max(flickable.originY, Math.min(y, end));
        if (y !== flickable.contentY)
            flickable.contentY = y;
    }

    // The field with its words if they fit, else the cursor with the words above it if they fit,
    // else the cursor alone.
    function reveal() {
        // Worked out afresh: `span` may not have caught up with a change of field yet.
        const s = field ? spanOf(field) : null;
        if (!s || flickable.height <= 0)
            return;
        if (s.bottom - s.top <= s.viewHeight)
            show(s.top, s.bottom);
        else if (s.cursorBottom - s.top <= s.viewHeight)
            show(s.top, s.cursorBottom);
        else
            show(s.cursorTop, s.cursorBottom);
    }

    // After a refused save: the keyboard to the first field, top to bottom, with a message
    // beside it (and so the form to that field, once its messages are laid out).
    function focusFirstError() {
        const first = item => {
            if (!item.visible)
                return null;
            const message = item as FieldError;
            if (message && message.field && message.field.visible && message.field.enabled)
                return message.field;
            for (let i = 0; i < item.children.length; ++i) {
                const found = first(item.children[i]);
                if (found)
                    return found;
            }
            return null;
        };
        const field = first(flickable.contentItem);
        if (field)
            field.forceActiveFocus(Qt.OtherFocusReason);
    }

    onFieldChanged: {
        following = true;
        lastCursorTop = -1;
        reveal();
    }
    onSpanChanged: {
        if (!span)
            return;
        // Typing (or moving the cursor) brings the form back to the cursor.
        if (lastCursorTop >= 0 && span.cursorTop !== lastCursorTop)
            following = true;
        lastCursorTop = span.cursorTop;
        if (following)
            reveal();
    }
    onPersonScrollsChanged: {
        if (personScrolls)
            following = false;
    }
}
