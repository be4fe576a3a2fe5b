import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// A heading inside a page, with space above it.
Label {
    Layout.fillWidth: true
    Layout.topMargin: Theme.margin
    font.pixelSize: Theme.fontSize(18)
    font.bold: true
    color: Theme.primary
    wrapMode: Text.Wrap
    Accessible.role: Accessible.Heading
    Accessible.name: text
}
