import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Doorstep.App

// The structured alert form (theme 5). Every field is required and must say something a stranger
// could act on; AlertEditor's checks say what is missing, shown beside each field.
Page {
    id: page

    // The title bar carries "Lock": the app's toolbar gives the form its height (AppShell).
    property bool formHoldsLock: false
    readonly property bool shortScreen: Theme.isShort(height)

    objectName: "alertPage"
    title: qsTr("Raise an alert")

    Connections {
        function onSaveFailed() {
            scroller.focusFirstError();
        }

        target: AlertEditor
    }

    // On a short page the title bar scrolls with the fields (see Theme.isShort).
    header: Item {
        id: headerSlot

        visible: !page.shortScreen
        implicitHeight: page.shortScreen ? 0 : topBar.implicitHeight
    }

    component AlertField: ColumnLayout {
        id: alertField

        required property string field
        required property string label
        property string hint
        property bool multiline: false

        Layout.fillWidth: true
        spacing: 4

        Label {
            Layout.fillWidth: true
            Layout.topMargin: Theme.spacing
            text: alertField.label
            font.bold: true
            wrapMode: Text.Wrap
        }
        Label {
            Layout.fillWidth: true
            visible: text.length > 0
            text: alertField.hint
            color: Theme.muted
            wrapMode: Text.Wrap
        }
        TextArea {
            id: textArea

            objectName: alertField.field + "Field"
            Layout.fillWidth: true
            Layout.preferredHeight: Math.max(implicitHeight, alertField.multiline ? 2 * Theme.touchTarget : Theme.touchTarget)
            wrapMode: TextEdit.Wrap
            text: AlertEditor[alertField.field]
            enabled: !AlertEditor.saving
            Accessible.name: alertField.label
            onTextChanged: {
                if (text !== AlertEditor[alertField.field])
                    AlertEditor[alertField.field] = text;
            }
        }
        FieldError {
            objectName: alertField.field + "Error"
            Layout.fillWidth: true
            field: textArea
            text: AlertEditor.errors[alertField.field]
        }
    }

    Flickable {
        id: flickable

        objectName: "alertForm"
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
            spacing: 0

            Label {
                Layout.fillWidth: true
                text: qsTr("About %1").arg(AlertEditor.childName)
                font.pixelSize: Theme.fontSize(22)
                font.bold: true
                wrapMode: Text.Wrap
            }
            AlertField {
                field: "category"
                label: qsTr("Category")
                hint: qsTr("For example: domestic abuse, neglect, a risky adult.")
            }
            AlertField {
                field: "whatHappened"
                label: qsTr("What happened")
                hint: qsTr("What, to whom and when, so that a stranger could act on it.")
                multiline: true
            }
            AlertField {
                field: "whoIsAtRisk"
                label: qsTr("Who is at risk")
            }
            AlertField {
                field: "riskFrom"
                label: qsTr("Who or what the risk is from")
            }
            AlertField {
                field: "source"
                label: qsTr("Where the information came from")
            }
            AlertField {
                field: "raisedOn"
                label: qsTr("Date raised")
                hint: qsTr("Like 25 Nov 2026.")
            }
            AlertField {
                field: "requiredAction"
                label: qsTr("Action required, and by whom")
                multiline: true
            }
            AlertField {
                field: "reviewOn"
                label: qsTr("Review by")
                hint: qsTr("Like 25 Nov 2026.")
            }
            FieldError {
                objectName: "alertError"
                Layout.fillWidth: true
                Layout.topMargin: Theme.spacing
                text: AlertEditor.errorString
            }
            // A Flow: with large text on a phone the second button goes under the first.
            Flow {
                Layout.fillWidth: true
                Layout.topMargin: Theme.margin
                Layout.preferredHeight: childrenRect.height
                spacing: Theme.spacing

                Button {
                    objectName: "saveAlertButton"
                    height: Math.max(implicitHeight, Theme.touchTarget)
                    highlighted: true
                    enabled: !AlertEditor.saving
                    text: AlertEditor.saving ? qsTr("Saving…") : qsTr("Save alert")
                    Accessible.name: qsTr("Save alert")
                    onClicked: AlertEditor.save()
                }
                Button {
                    objectName: "cancelAlertButton"
                    height: Math.max(implicitHeight, Theme.touchTarget)
                    flat: true
                    text: qsTr("Cancel")
                    Accessible.name: qsTr("Cancel the alert")
                    onClicked: AlertEditor.close()
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
                objectName: "alertBackButton"
                text: qsTr("‹ Back")
                Layout.preferredHeight: Theme.touchTarget
                Accessible.name: qsTr("Back without saving the alert")
                onClicked: AlertEditor.close()
            }
            Label {
                Layout.fillWidth: true
                text: page.title
                font.pixelSize: Theme.fontSize(20)
                wrapMode: Text.Wrap
            }
            LockButton {
                objectName: "alertLockButton"
                visible: page.formHoldsLock
            }
        }
    }
}
