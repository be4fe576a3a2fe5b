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

    objectName: "recordVisitPage"
    title: qsTr("Record a visit")

    header: Pane {
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
                font.pixelSize: 20
                elide: Text.ElideRight
            }
            ToolButton {
                visible: !page.stacked
                text: qsTr("Close")
                Layout.preferredHeight: Theme.touchTarget
                Accessible.name: qsTr("Close the form without saving")
                onClicked: VisitEditor.close()
            }
        }
    }

    Flickable {
        id: flickable

        objectName: "visitForm"
        anchors.fill: parent
        contentWidth: width
        contentHeight: form.implicitHeight + 2 * Theme.margin
        clip: true
        boundsBehavior: Flickable.StopAtBounds
        ScrollBar.vertical: ScrollBar {
        }

        ColumnLayout {
            id: form

            x: Theme.margin
            y: Theme.margin
            width: flickable.width - 2 * Theme.margin
            spacing: Theme.spacing

            Label {
                objectName: "formChildName"
                Layout.fillWidth: true
                text: VisitEditor.childName
                font.pixelSize: 22
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
                Layout.topMargin: Theme.margin
                text: qsTr("How the contact took place")
                font.bold: true
            }
            ComboBox {
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
                text: VisitEditor.contactTypeError
            }

            Label {
                Layout.topMargin: Theme.spacing
                text: qsTr("Outcome")
                font.bold: true
            }
            ComboBox {
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
                text: VisitEditor.outcomeError
            }

            CheckBox {
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
                text: VisitEditor.seenError
            }
            CheckBox {
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
                text: VisitEditor.seenAloneError
            }

            Label {
                Layout.topMargin: Theme.spacing
                text: qsTr("Who was present")
                font.bold: true
            }
            TextField {
                objectName: "presentField"
                Layout.fillWidth: true
                placeholderText: qsTr("For example: mother, maternal grandmother")
                text: VisitEditor.present
                Accessible.name: qsTr("Who was present")
                onTextChanged: VisitEditor.present = text
            }
            FieldError {
                Layout.fillWidth: true
                text: VisitEditor.presentError
            }

            Label {
                Layout.topMargin: Theme.spacing
                text: qsTr("Observations")
                font.bold: true
            }
            TextArea {
                objectName: "observationsField"
                Layout.fillWidth: true
                Layout.minimumHeight: 96
                placeholderText: qsTr("What you saw: the home, the child, the people with them")
                wrapMode: TextEdit.Wrap
                text: VisitEditor.observations
                Accessible.name: qsTr("Observations")
                onTextChanged: VisitEditor.observations = text
            }
            FieldError {
                Layout.fillWidth: true
                text: VisitEditor.observationsError
            }

            Label {
                Layout.topMargin: Theme.spacing
                text: qsTr("Concerns")
                font.bold: true
            }
            TextArea {
                objectName: "concernsField"
                Layout.fillWidth: true
                Layout.minimumHeight: 72
                placeholderText: qsTr("Any concerns, or leave empty")
                wrapMode: TextEdit.Wrap
                text: VisitEditor.concerns
                Accessible.name: qsTr("Concerns")
                onTextChanged: VisitEditor.concerns = text
            }
            FieldError {
                Layout.fillWidth: true
                text: VisitEditor.concernsError
            }

            Label {
                Layout.topMargin: Theme.margin
                text: qsTr("The child's views")
                font.bold: true
            }
            Label {
                Layout.fillWidth: true
                text: qsTr("Their own words, what a day is like for them, and how they presented. For a baby or a child who cannot speak, describe how they presented and interacted.")
                color: Theme.muted
                wrapMode: Text.Wrap
            }
            Label {
                Layout.topMargin: Theme.spacing
                text: qsTr("In their own words")
            }
            TextArea {
                objectName: "childWordsField"
                Layout.fillWidth: true
                Layout.minimumHeight: 72
                placeholderText: qsTr("What they said, wished for, or felt")
                wrapMode: TextEdit.Wrap
                text: VisitEditor.childWords
                Accessible.name: qsTr("The child's own words, wishes and feelings")
                onTextChanged: VisitEditor.childWords = text
            }
            Label {
                Layout.topMargin: Theme.spacing
                text: qsTr("What life is like for them")
            }
            TextArea {
                objectName: "livedExperienceField"
                Layout.fillWidth: true
                Layout.minimumHeight: 72
                placeholderText: qsTr("What a day is like for them; the impact on them")
                wrapMode: TextEdit.Wrap
                text: VisitEditor.livedExperience
                Accessible.name: qsTr("The child's lived experience")
                onTextChanged: VisitEditor.livedExperience = text
            }
            Label {
                Layout.topMargin: Theme.spacing
                text: qsTr("How they presented")
            }
            TextArea {
                objectName: "presentationField"
                Layout.fillWidth: true
                Layout.minimumHeight: 72
                placeholderText: qsTr("How they looked, behaved and interacted")
                wrapMode: TextEdit.Wrap
                text: VisitEditor.presentation
                Accessible.name: qsTr("How the child presented and interacted")
                onTextChanged: VisitEditor.presentation = text
            }
            FieldError {
                objectName: "viewsError"
                Layout.fillWidth: true
                text: VisitEditor.viewsError
            }

            FieldError {
                objectName: "formError"
                Layout.fillWidth: true
                Layout.topMargin: Theme.spacing
                text: VisitEditor.errorString
            }
        }
    }

    footer: Pane {
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
