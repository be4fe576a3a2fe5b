import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import Doorstep.App

// Settings: how soon the app locks when left alone, changing the PIN, and signing out, which
// wipes the device's store. The rules, counts and words come from SettingsController.
Page {
    id: page

    readonly property bool shortScreen: Theme.isShort(height)

    objectName: "settingsPage"
    title: qsTr("Settings")

    Connections {
        target: SettingsController

        function onPinChangeSucceeded() {
            oldPinField.clear();
            newPinField.clear();
            confirmPinField.clear();
        }
    }

    // On a short page the title bar scrolls with the fields (see Theme.isShort).
    header: Item {
        id: headerSlot

        visible: !page.shortScreen
        implicitHeight: page.shortScreen ? 0 : topBar.implicitHeight
    }

    Flickable {
        id: flickable

        objectName: "settingsForm"
        anchors.fill: parent
        contentWidth: width
        contentHeight: topInForm.height + column.implicitHeight + 2 * Theme.margin
        clip: true
        boundsBehavior: Flickable.StopAtBounds
        ScrollBar.vertical: ScrollBar {
        }

        // The field with the keyboard stays in view, with its label and its message.
        FormScroller {
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
            width: Math.min(flickable.width - 2 * Theme.margin, 640)
            spacing: Theme.spacing

            SectionHeading {
                Layout.topMargin: 0
                text: qsTr("Lock")
            }
            Label {
                Layout.fillWidth: true
                text: qsTr("Lock Doorstep when it has not been used for")
                wrapMode: Text.Wrap
            }
            ComboBox {
                objectName: "lockTimeoutField"
                Layout.fillWidth: true
                Layout.preferredHeight: Math.max(implicitHeight, Theme.touchTarget)
                model: SettingsController.lockTimeouts
                textRole: "text"
                valueRole: "value"
                currentIndex: SettingsController.lockTimeouts.indexOf(SettingsController.lockTimeout)
                Accessible.name: qsTr("Lock after this long unused")
                onActivated: index => SettingsController.lockTimeout = valueAt(index)
            }

            SectionHeading {
                text: qsTr("Text size")
            }
            Label {
                Layout.fillWidth: true
                text: qsTr("Larger text makes every page reflow; nothing is cut short.")
                color: Theme.muted
                wrapMode: Text.Wrap
            }
            ComboBox {
                objectName: "textSizeField"
                Layout.fillWidth: true
                Layout.preferredHeight: Math.max(implicitHeight, Theme.touchTarget)
                model: TextSize.choices
                textRole: "text"
                valueRole: "value"
                currentIndex: TextSize.choices.indexOf(TextSize.choice)
                Accessible.name: qsTr("Text size")
                onActivated: index => TextSize.choice = valueAt(index)
            }

            SectionHeading {
                text: qsTr("Change PIN")
            }
            Label {
                Layout.fillWidth: true
                text: SettingsController.pinRulesText
                color: Theme.muted
                wrapMode: Text.Wrap
            }
            Label {
                text: qsTr("Current PIN")
                font.bold: true
            }
            PinField {
                id: oldPinField

                objectName: "oldPinField"
                enabled: !SettingsController.changingPin
                placeholderText: qsTr("Current PIN")
                onTextEdited: SettingsController.clearPinErrors()
            }
            FieldError {
                objectName: "oldPinError"
                Layout.fillWidth: true
                text: SettingsController.oldPinError
            }
            Label {
                text: qsTr("New PIN")
                font.bold: true
            }
            PinField {
                id: newPinField

                objectName: "newPinField"
                enabled: !SettingsController.changingPin
                placeholderText: qsTr("New PIN")
                onTextEdited: SettingsController.clearPinErrors()
            }
            FieldError {
                objectName: "newPinError"
                Layout.fillWidth: true
                text: SettingsController.newPinError
            }
            Label {
                text: qsTr("New PIN again")
                font.bold: true
            }
            PinField {
                id: confirmPinField

                objectName: "confirmPinField"
                enabled: !SettingsController.changingPin
                placeholderText: qsTr("New PIN again")
                onTextEdited: SettingsController.clearPinErrors()
                onAccepted: SettingsController.changePin(oldPinField.text, newPinField.text, confirmPinField.text)
            }
            FieldError {
                objectName: "confirmPinError"
                Layout.fillWidth: true
                text: SettingsController.confirmPinError
            }
            Label {
                objectName: "pinStatus"
                Layout.fillWidth: true
                visible: text.length > 0
                text: SettingsController.pinStatusMessage
                color: Theme.ok
                wrapMode: Text.Wrap
                Accessible.role: Accessible.AlertMessage
                Accessible.name: text
            }
            Button {
                objectName: "changePinButton"
                Layout.preferredHeight: Theme.touchTarget
                text: SettingsController.changingPin ? qsTr("Changing PIN…") : qsTr("Change PIN")
                enabled: !SettingsController.changingPin
                Accessible.name: qsTr("Change PIN")
                onClicked: SettingsController.changePin(oldPinField.text, newPinField.text, confirmPinField.text)
            }

            SectionHeading {
                text: qsTr("Sync conflicts")
            }
            Label {
                objectName: "settingsConflictsText"
                Layout.fillWidth: true
                text: SyncStatus.conflictCount > 0 ? SyncStatus.conflictText : qsTr("No conflicts to review")
                wrapMode: Text.Wrap
            }
            Button {
                objectName: "settingsConflictsButton"
                Layout.preferredHeight: Theme.touchTarget
                text: qsTr("Review conflicts")
                Accessible.name: qsTr("Review sync conflicts")
                onClicked: ConflictsController.open()
            }

            SectionHeading {
                text: qsTr("Sign out")
            }
            Label {
                Layout.fillWidth: true
                text: qsTr("Signing out wipes this device's copy of your caseload. Records that have reached the server stay there.")
                wrapMode: Text.Wrap
            }
            Button {
                objectName: "beginWipeButton"
                visible: SettingsController.wipeStage === SettingsController.WipeIdle
                Layout.preferredHeight: Theme.touchTarget
                text: qsTr("Sign out and wipe…")
                Accessible.name: qsTr("Sign out and wipe this device")
                onClicked: SettingsController.beginWipe()
            }
            BusyIndicator {
                running: SettingsController.wipeStage === SettingsController.WipeCounting || SettingsController.wipeStage === SettingsController.Wiping
                visible: running
            }
            FieldError {
                objectName: "wipeError"
                Layout.fillWidth: true
                text: SettingsController.wipeErrorString
            }
            Pane {
                objectName: "wipeConfirmation"
                Layout.fillWidth: true
                visible: SettingsController.wipeStage === SettingsController.WipeConfirm || SettingsController.wipeStage === SettingsController.WipeConfirmForce
                padding: Theme.margin
                background: Rectangle {
                    color: SettingsController.unsyncedCount > 0 ? "#FDECEA" : "#F8F9FA"
                    border.color: SettingsController.unsyncedCount > 0 ? Theme.error : "#1F000000"
                    radius: 4
                }

                contentItem: ColumnLayout {
                    spacing: Theme.spacing

                    Label {
                        objectName: "wipeWarning"
                        Layout.fillWidth: true
                        text: SettingsController.wipeWarningText
                        font.bold: SettingsController.unsyncedCount > 0
                        wrapMode: Text.Wrap
                        Accessible.role: Accessible.AlertMessage
                        Accessible.name: text
                    }
                    RowLayout {
                        Layout.fillWidth: true
                        spacing: Theme.spacing

                        Button {
                            objectName: "confirmWipeButton"
                            Layout.preferredHeight: Theme.touchTarget
                            text: SettingsController.wipeStage === SettingsController.WipeConfirmForce ? qsTr("Wipe and lose them") : qsTr("Sign out and wipe")
                            Material.background: Theme.error
                            Material.foreground: "#FFFFFF"
                            Accessible.name: text
                            onClicked: SettingsController.confirmWipe()
                        }
                        Button {
                            objectName: "cancelWipeButton"
                            Layout.preferredHeight: Theme.touchTarget
                            flat: true
                            text: qsTr("Cancel")
                            Accessible.name: qsTr("Cancel signing out")
                            onClicked: SettingsController.cancelWipe()
                        }
                    }
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
                objectName: "settingsBackButton"
                text: qsTr("‹ Caseload")
                Layout.preferredHeight: Theme.touchTarget
                Accessible.name: qsTr("Back to the caseload")
                onClicked: SettingsController.close()
            }
            Label {
                objectName: "settingsTitle"
                Layout.fillWidth: true
                text: page.title
                font.pixelSize: Theme.fontSize(20)
                wrapMode: Text.Wrap
            }
        }
    }
}
