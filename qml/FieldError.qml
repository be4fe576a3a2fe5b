import QtQuick
import QtQuick.Controls

// What is wrong with the field above, in the words the C++ validation chose. Hidden when empty.
Label {
    visible: text.length > 0
    color: Theme.error
    wrapMode: Text.Wrap
    Accessible.role: Accessible.AlertMessage
    Accessible.name: text
}
