import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Doorstep.App

// "Lock": closes the store and wipes its key at once. On the app's toolbar, and on a form's title
// bar while the form has the toolbar's height (AppShell.formHoldsLock).
ToolButton {
    text: qsTr("Lock")
    Layout.preferredHeight: Theme.touchTarget
    Accessible.name: qsTr("Lock Doorstep")
    onClicked: SessionController.lock()
}
