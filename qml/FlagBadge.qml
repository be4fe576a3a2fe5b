import QtQuick
import QtQuick.Controls

// A flag's label on its severity colour, e.g. "No face-to-face visit" on amber.
Rectangle {
    id: badge

    property string text
    property string severity

    implicitWidth: label.implicitWidth + 2 * Theme.spacing
    implicitHeight: Math.max(28, label.implicitHeight + Theme.spacing)
    radius: height / 2
    color: Theme.severityFill(severity)
    Accessible.role: Accessible.StaticText
    Accessible.name: badge.text

    Label {
        id: label

        anchors.centerIn: parent
        width: Math.min(implicitWidth, badge.width - 2 * Theme.spacing)
        horizontalAlignment: Text.AlignHCenter
        wrapMode: Text.Wrap
        text: badge.text
        color: Theme.severityText(badge.severity)
        font.bold: true
    }
}
