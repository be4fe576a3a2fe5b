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

    AppShell {
        anchors.fill: parent
    }
}
