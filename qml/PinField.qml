import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// A field for a PIN or passphrase: hidden as typed, never predicted or remembered by the keyboard.
TextField {
    Layout.fillWidth: true
    Layout.preferredHeight: Math.max(implicitHeight, Theme.touchTarget)
    echoMode: TextInput.Password
    inputMethodHints: Qt.ImhSensitiveData | Qt.ImhNoPredictiveText | Qt.ImhNoAutoUppercase
    Accessible.name: placeholderText
}
