import QtQuick
import QtQuick.Controls

// What is wrong with the field above, in the words the C++ validation chose. Hidden when empty.
Label {
    // The field the message is about: a refused save gives the first such field the keyboard
    // (FormScroller.focusFirstError). None for a message about the whole form.
    property Item field: null

    visible: text.length > 0
    color: Theme.error
    wrapMode: Text.Wrap
    Accessible.role: Accessible.AlertMessage
    Accessible.name: text
}
