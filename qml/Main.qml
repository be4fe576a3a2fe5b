import QtQuick
import QtQuick.Controls

ApplicationWindow {
    id: window

    width: 1280
    height: 800
    minimumWidth: 360
    minimumHeight: 560
    visible: true
    title: qsTr("Doorstep")
    // For popups, which take their font from the window rather than from the page they open on.
    font.pixelSize: Theme.fontSize(14)

    AppShell {
        anchors.fill: parent
    }
}
