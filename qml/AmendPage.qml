import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Doorstep.App

// Amending a signed-off record: the original is shown read-only; the amendment says why and what
// it should have said. Both stay in the chronology.
Page {
    id: page

    // The title bar carries "Lock": the app's toolbar gives the form its height (AppShell).
    property bool formHoldsLock: false
    readonly property bool shortScreen: Theme.isShort(height)

    objectName: "amendPage"
    title: qsTr("Amend a record")

    Connections {
        function onSaveFailed() {
            scroller.focusFirstError();
        }

        target: AmendmentEditor
    }

    // On a short page the title bar scrolls with the fields (see Theme.isShort).
    header: Item {
        id: headerSlot

        visible: !page.shortScreen
        implicitHeight: page.shortScreen ? 0 : topBar.implicitHeight
    }

    Flickable {
        id: flickable

        objectName: "amendForm"
        anchors.fill: parent
        contentWidth: width
        contentHeight: topInForm.height + column.implicitHeight + 2 * Theme.margin
        clip: true
        boundsBehavior: Flickable.StopAtBounds
        ScrollBar.vertical: ScrollBar {
        }

        // The field with the keyboard stays in view, with its label and its message.
        FormScroller {
            id: scroller

            flickable: flickable
        }

        Item {
            id: topInForm

            width: flickable.width
            height: page.shortScreen ? topBar.implicitHeight : 0
        }

        ColumnLayout {
            id: column

            x: Math.max(Theme.margin, (flickable.width - width) / 2)
            y: topInForm.height + Theme.margin
            // At most so many words a line at any text size: larger text may use more of a wide screen.
            width: Math.min(flickable.width - 2 * Theme.margin, Theme.fontSize(720))
            spacing: Theme.spacing

            Label {
                Layout.fillWidth: true
                text: qsTr("The record stays as it was signed off. Your correction is added beside it, with your reason.")
                color: Theme.muted
                wrapMode: Text.Wrap
            }
            Pane {
                objectName: "amendOriginal"
                Layout.fillWidth: true
                padding: 12
                background: Rectangle {
                    color: "#F8F9FA"
                    border.color: "#1F000000"
                    radius: 4
                }
                Accessible.role: Accessible.StaticText
                Accessible.name: qsTr("The record as signed off: %1").arg(AmendmentEditor.targetText)

                contentItem: ColumnLayout {
                    spacing: 4

                    Label {
                        objectName: "amendTarget"
                        Layout.fillWidth: true
                        text: AmendmentEditor.targetText
                        font.bold: true
                        wrapMode: Text.Wrap
                    }
                    Label {
                        Layout.fillWidth: true
                        visible: text.length > 0
                        text: AmendmentEditor.targetDetail
                        wrapMode: Text.Wrap
                    }
                }
            }
            Label {
                Layout.fillWidth: true
                Layout.topMargin: Theme.spacing
                text: qsTr("Why it needs amending")
                font.bold: true
                wrapMode: Text.Wrap
            }
            TextArea {
                id: amendReasonField

                objectName: "amendReasonField"
                Layout.fillWidth: true
                Layout.preferredHeight: Math.max(implicitHeight, Theme.touchTarget)
                wrapMode: TextEdit.Wrap
                text: AmendmentEditor.reason
                enabled: !AmendmentEditor.saving
                Accessible.name: qsTr("Why it needs amending")
                onTextChanged: {
                    if (text !== AmendmentEditor.reason)
                        AmendmentEditor.reason = text;
                }
            }
            FieldError {
                objectName: "amendReasonError"
                Layout.fillWidth: true
                field: amendReasonField
                text: AmendmentEditor.reasonError
            }
            Label {
                Layout.fillWidth: true
                Layout.topMargin: Theme.spacing
                text: qsTr("What it should have said")
                font.bold: true
                wrapMode: Text.Wrap
            }
            TextArea {
                id: amendCorrectionField

                objectName: "amendCorrectionField"
                Layout.fillWidth: true
                Layout.preferredHeight: Math.max(implicitHeight, 2 * Theme.touchTarget)
                wrapMode: TextEdit.Wrap
                text: AmendmentEditor.correction
                enabled: !AmendmentEditor.saving
                Accessible.name: qsTr("What it should have said")
                onTextChanged: {
                    if (text !== AmendmentEditor.correction)
                        AmendmentEditor.correction = text;
                }
            }
            FieldError {
                objectName: "amendCorrectionError"
                Layout.fillWidth: true
                field: amendCorrectionField
                text: AmendmentEditor.correctionError
            }
            FieldError {
                objectName: "amendError"
                Layout.fillWidth: true
                text: AmendmentEditor.errorString
            }
            // A Flow: with large text on a phone the second button goes under the first.
            Flow {
                Layout.fillWidth: true
                Layout.topMargin: Theme.margin
                Layout.preferredHeight: childrenRect.height
                spacing: Theme.spacing

                Button {
                    objectName: "saveAmendmentButton"
                    height: Math.max(implicitHeight, Theme.touchTarget)
                    highlighted: true
                    enabled: !AmendmentEditor.saving
                    text: AmendmentEditor.saving ? qsTr("Saving…") : qsTr("Add amendment")
                    Accessible.name: qsTr("Add amendment")
                    onClicked: AmendmentEditor.save()
                }
                Button {
                    objectName: "cancelAmendmentButton"
                    height: Math.max(implicitHeight, Theme.touchTarget)
                    flat: true
                    text: qsTr("Cancel")
                    Accessible.name: qsTr("Cancel the amendment")
                    onClicked: AmendmentEditor.close()
                }
            }
        }
    }

    // One bar: in the page's header while the page has room, at the top of the form when short.
    Pane {
        id: topBar

        parent: page.shortScreen ? topInForm : headerSlot
        width: parent ? parent.width : 0
        padding: 0
        background: Rectangle {
            color: "#FAFAFA"

            Rectangle {
                anchors.bottom: parent.bottom
                width: parent.width
                height: 1
                color: "#1F000000"
            }
        }

        RowLayout {
            anchors.fill: parent
            spacing: Theme.spacing

            ToolButton {
                objectName: "amendBackButton"
                text: qsTr("‹ Back")
                Layout.preferredHeight: Theme.touchTarget
                Accessible.name: qsTr("Back without amending")
                onClicked: AmendmentEditor.close()
            }
            Label {
                Layout.fillWidth: true
                text: page.title
                font.pixelSize: Theme.fontSize(20)
                wrapMode: Text.Wrap
            }
            LockButton {
                objectName: "amendLockButton"
                visible: page.formHoldsLock
            }
        }
    }
}
