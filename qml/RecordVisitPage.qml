import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Doorstep.App

// The record-a-visit form for the child VisitEditor has open. Every value lives in VisitEditor;
// the checks and their wording are in C++, shown here beside the field they are about.
Page {
    id: page

    // True when the form is pushed over the other pages (phone), false beside the caseload (tablet).
    property bool stacked: true

    // The title bar carries "Lock": the app's toolbar gives the form its height (AppShell).
    property bool formHoldsLock: false
    readonly property bool shortScreen: Theme.isShort(height)

    objectName: "recordVisitPage"
    title: qsTr("Record a visit")

    Connections {
        function onSaveFailed() {
            scroller.focusFirstError();
        }

        target: VisitEditor
    }

    // On a short page the title bar and the buttons scroll with the fields (see Theme.isShort).
    header: Item {
        id: headerSlot

        visible: !page.shortScreen
        implicitHeight: page.shortScreen ? 0 : topBar.implicitHeight
    }
    footer: Item {
        id: footerSlot

        visible: !page.shortScreen
        implicitHeight: page.shortScreen ? 0 : bottomBar.implicitHeight
    }

    Flickable {
        id: flickable

        objectName: "visitForm"
        anchors.fill: parent
        contentWidth: width
        contentHeight: topInForm.height + form.implicitHeight + 2 * Theme.margin + bottomInForm.height
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
            id: form

            x: Theme.margin
            y: topInForm.height + Theme.margin
            width: flickable.width - 2 * Theme.margin
            spacing: Theme.spacing

            Label {
                objectName: "formChildName"
                Layout.fillWidth: true
                text: VisitEditor.childName
                font.pixelSize: Theme.fontSize(22)
                font.bold: true
                wrapMode: Text.Wrap
            }
            Label {
                Layout.fillWidth: true
                text: qsTr("%1 · %2").arg(VisitEditor.ageText).arg(VisitEditor.familyLabel)
                color: Theme.muted
                wrapMode: Text.Wrap
            }

            Label {
                Layout.fillWidth: true
                Layout.topMargin: Theme.margin
                text: qsTr("How the contact took place")
                font.bold: true
                wrapMode: Text.Wrap
            }
            ComboBox {
                id: contactTypeField

                objectName: "contactTypeField"
                Layout.fillWidth: true
                Layout.preferredHeight: Math.max(implicitHeight, Theme.touchTarget)
                model: VisitEditor.contactTypes
                textRole: "text"
                valueRole: "value"
                currentIndex: VisitEditor.contactTypes.indexOf(VisitEditor.contactType)
                displayText: currentIndex < 0 ? qsTr("Choose…") : currentText
                Accessible.name: qsTr("How the contact took place")
                onActivated: index => VisitEditor.contactType = valueAt(index)
            }
            FieldError {
                objectName: "contactTypeError"
                Layout.fillWidth: true
                field: contactTypeField
                text: VisitEditor.contactTypeError
            }

            Label {
                Layout.fillWidth: true
                Layout.topMargin: Theme.spacing
                text: qsTr("Outcome")
                font.bold: true
                wrapMode: Text.Wrap
            }
            ComboBox {
                id: outcomeField

                objectName: "outcomeField"
                Layout.fillWidth: true
                Layout.preferredHeight: Math.max(implicitHeight, Theme.touchTarget)
                model: VisitEditor.outcomes
                textRole: "text"
                valueRole: "value"
                currentIndex: VisitEditor.outcomes.indexOf(VisitEditor.outcome)
                displayText: currentIndex < 0 ? qsTr("Choose…") : currentText
                Accessible.name: qsTr("Outcome")
                onActivated: index => VisitEditor.outcome = valueAt(index)
            }
            FieldError {
                objectName: "outcomeError"
                Layout.fillWidth: true
                field: outcomeField
                text: VisitEditor.outcomeError
            }

            CheckBox {
                id: seenField

                objectName: "seenField"
                Layout.topMargin: Theme.spacing
                Layout.preferredHeight: Theme.touchTarget
                text: qsTr("%1 was seen").arg(VisitEditor.childName)
                checked: VisitEditor.seen
                Accessible.name: text
                onToggled: VisitEditor.seen = checked
            }
            FieldError {
                objectName: "seenError"
                Layout.fillWidth: true
                field: seenField
                text: VisitEditor.seenError
            }
            CheckBox {
                id: seenAloneField

                objectName: "seenAloneField"
                Layout.preferredHeight: Theme.touchTarget
                enabled: VisitEditor.seen
                text: qsTr("Seen alone")
                checked: VisitEditor.seenAlone
                Accessible.name: qsTr("%1 was seen alone").arg(VisitEditor.childName)
                onToggled: VisitEditor.seenAlone = checked
            }
            FieldError {
                Layout.fillWidth: true
                field: seenAloneField
                text: VisitEditor.seenAloneError
            }

            Label {
                Layout.fillWidth: true
                Layout.topMargin: Theme.spacing
                text: qsTr("Who was present")
                font.bold: true
                wrapMode: Text.Wrap
            }
            Label {
                Layout.fillWidth: true
                text: qsTr("For example: mother, maternal grandmother")
                color: Theme.muted
                wrapMode: Text.Wrap
            }
            TextField {
                id: presentField

                objectName: "presentField"
                Layout.fillWidth: true
                Layout.preferredHeight: Math.max(implicitHeight, Theme.touchTarget)
                text: VisitEditor.present
                Accessible.description: qsTr("For example: mother, maternal grandmother")
                Accessible.name: qsTr("Who was present")
                onTextChanged: VisitEditor.present = text
            }
            FieldError {
                Layout.fillWidth: true
                field: presentField
                text: VisitEditor.presentError
            }

            Label {
                Layout.fillWidth: true
                Layout.topMargin: Theme.spacing
                text: qsTr("Observations")
                font.bold: true
                wrapMode: Text.Wrap
            }
            Label {
                Layout.fillWidth: true
                text: qsTr("What you saw: the home, the child, the people with them")
                color: Theme.muted
                wrapMode: Text.Wrap
            }
            TextArea {
                id: observationsField

                objectName: "observationsField"
                Layout.fillWidth: true
                Layout.minimumHeight: Theme.fontSize(page.shortScreen ? 72 : 96)
                wrapMode: TextEdit.Wrap
                text: VisitEditor.observations
                Accessible.description: qsTr("What you saw: the home, the child, the people with them")
                Accessible.name: qsTr("Observations")
                onTextChanged: VisitEditor.observations = text
            }
            FieldError {
                Layout.fillWidth: true
                field: observationsField
                text: VisitEditor.observationsError
            }

            Label {
                Layout.fillWidth: true
                Layout.topMargin: Theme.spacing
                text: qsTr("Concerns")
                font.bold: true
                wrapMode: Text.Wrap
            }
            Label {
                Layout.fillWidth: true
                text: qsTr("Any concerns, or leave empty")
                color: Theme.muted
                wrapMode: Text.Wrap
            }
            TextArea {
                id: concernsField

                objectName: "concernsField"
                Layout.fillWidth: true
                Layout.minimumHeight: Theme.fontSize(72)
                wrapMode: TextEdit.Wrap
                text: VisitEditor.concerns
                Accessible.description: qsTr("Any concerns, or leave empty")
                Accessible.name: qsTr("Concerns")
                onTextChanged: VisitEditor.concerns = text
            }
            FieldError {
                Layout.fillWidth: true
                field: concernsField
                text: VisitEditor.concernsError
            }

            Label {
                Layout.fillWidth: true
                Layout.topMargin: Theme.margin
                text: qsTr("The child's views")
                font.bold: true
                wrapMode: Text.Wrap
            }
            Label {
                Layout.fillWidth: true
                text: qsTr("Their own words, what a day is like for them, and how they presented. For a baby or a child who cannot speak, describe how they presented and interacted.")
                color: Theme.muted
                wrapMode: Text.Wrap
            }
            Label {
                Layout.fillWidth: true
                Layout.topMargin: Theme.spacing
                text: qsTr("In their own words")
                wrapMode: Text.Wrap
            }
            Label {
                Layout.fillWidth: true
                text: qsTr("What they said, wished for, or felt")
                color: Theme.muted
                wrapMode: Text.Wrap
            }
            TextArea {
                id: childWordsField

                objectName: "childWordsField"
                Layout.fillWidth: true
                Layout.minimumHeight: Theme.fontSize(72)
                wrapMode: TextEdit.Wrap
                text: VisitEditor.childWords
                Accessible.description: qsTr("What they said, wished for, or felt")
                Accessible.name: qsTr("The child's own words, wishes and feelings")
                onTextChanged: VisitEditor.childWords = text
            }
            Label {
                Layout.fillWidth: true
                Layout.topMargin: Theme.spacing
                text: qsTr("What life is like for them")
                wrapMode: Text.Wrap
            }
            Label {
                Layout.fillWidth: true
                text: qsTr("What a day is like for them; the impact on them")
                color: Theme.muted
                wrapMode: Text.Wrap
            }
            TextArea {
                objectName: "livedExperienceField"
                Layout.fillWidth: true
                Layout.minimumHeight: Theme.fontSize(72)
                wrapMode: TextEdit.Wrap
                text: VisitEditor.livedExperience
                Accessible.description: qsTr("What a day is like for them; the impact on them")
                Accessible.name: qsTr("The child's lived experience")
                onTextChanged: VisitEditor.livedExperience = text
            }
            Label {
                Layout.fillWidth: true
                Layout.topMargin: Theme.spacing
                text: qsTr("How they presented")
                wrapMode: Text.Wrap
            }
            Label {
                Layout.fillWidth: true
                text: qsTr("How they looked, behaved and interacted")
                color: Theme.muted
                wrapMode: Text.Wrap
            }
            TextArea {
                objectName: "presentationField"
                Layout.fillWidth: true
                Layout.minimumHeight: Theme.fontSize(72)
                wrapMode: TextEdit.Wrap
                text: VisitEditor.presentation
                Accessible.description: qsTr("How they looked, behaved and interacted")
                Accessible.name: qsTr("How the child presented and interacted")
                onTextChanged: VisitEditor.presentation = text
            }
            FieldError {
                objectName: "viewsError"
                Layout.fillWidth: true
                // About the child's views as a whole: the first of them.
                field: childWordsField
                text: VisitEditor.viewsError
            }

            FieldError {
                objectName: "formError"
                Layout.fillWidth: true
                Layout.topMargin: Theme.spacing
                text: VisitEditor.errorString
            }
        }

        Item {
            id: bottomInForm

            y: form.y + form.implicitHeight + Theme.margin
            width: flickable.width
            height: page.shortScreen ? bottomBar.implicitHeight : 0
        }
    }

    // One bar: in the page's header while the page has room, at the top of the form when short.
    Pane {
        id: topBar

        parent: page.shortScreen ? topInForm : headerSlot
        width: parent ? parent.width : 0
        padding: 0
        leftPadding: page.stacked ? 0 : Theme.margin
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
            spacing: 0

            ToolButton {
                objectName: "backButton"
                visible: page.stacked
                text: qsTr("‹ Back")
                Layout.preferredHeight: Theme.touchTarget
                Accessible.name: qsTr("Back without saving")
                onClicked: VisitEditor.close()
            }
            Label {
                Layout.fillWidth: true
                text: page.title
                font.pixelSize: Theme.fontSize(20)
                wrapMode: Text.Wrap
            }
            ToolButton {
                visible: !page.stacked
                text: qsTr("Close")
                Layout.preferredHeight: Theme.touchTarget
                Accessible.name: qsTr("Close the form without saving")
                onClicked: VisitEditor.close()
            }
            LockButton {
                objectName: "visitLockButton"
                visible: page.formHoldsLock
            }
        }
    }

    // One bar: in the page's footer while the page has room, at the end of the form when short.
    Pane {
        id: bottomBar

        parent: page.shortScreen ? bottomInForm : footerSlot
        width: parent ? parent.width : 0
        padding: Theme.spacing
        leftPadding: Theme.margin
        rightPadding: Theme.margin
        background: Rectangle {
            color: "#FAFAFA"

            Rectangle {
                width: parent.width
                height: 1
                color: "#1F000000"
            }
        }

        RowLayout {
            anchors.fill: parent
            spacing: Theme.spacing

            BusyIndicator {
                Layout.preferredWidth: Theme.touchTarget
                Layout.preferredHeight: Theme.touchTarget
                running: VisitEditor.saving
                visible: running
            }
            Item {
                Layout.fillWidth: true
            }
            Button {
                objectName: "cancelVisitButton"
                text: qsTr("Cancel")
                flat: true
                Layout.preferredHeight: Theme.touchTarget
                Accessible.name: qsTr("Cancel without saving")
                onClicked: VisitEditor.close()
            }
            Button {
                objectName: "saveVisitButton"
                text: qsTr("Save visit")
                highlighted: true
                enabled: !VisitEditor.saving
                Layout.preferredHeight: Theme.touchTarget
                Accessible.name: qsTr("Save the visit")
                onClicked: VisitEditor.save()
            }
        }
    }
}
