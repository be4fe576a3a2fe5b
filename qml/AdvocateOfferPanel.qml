import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Doorstep.App

// The second tap of an advocate offer: the member's response, one button each. The advocacy
// service is the one last used, shown and editable; the offer is dated today and made by the
// practitioner signed in.
Pane {
    objectName: "advocateOfferPanel"
    padding: Theme.spacing
    background: Rectangle {
        color: Theme.selected
        radius: 4
    }

    contentItem: ColumnLayout {
        spacing: Theme.spacing

        Label {
            Layout.fillWidth: true
            text: qsTr("Advocate offered to %1 today. Their response:").arg(AdvocateOfferController.memberName)
            font.bold: true
            wrapMode: Text.Wrap
        }
        Flow {
            Layout.fillWidth: true
            spacing: Theme.spacing

            Repeater {
                model: AdvocateOfferController.responses

                delegate: Button {
                    required property string value
                    // The option's words: "text" is taken by Button itself.
                    required property var model

                    objectName: "offerResponse_" + value
                    text: model.text
                    highlighted: true
                    enabled: !AdvocateOfferController.saving
                    height: Math.max(implicitHeight, Theme.touchTarget)
                    Accessible.name: qsTr("%1: %2").arg(AdvocateOfferController.memberName).arg(text)
                    onClicked: AdvocateOfferController.record(value)
                }
            }
        }
        Label {
            text: qsTr("Advocacy service")
        }
        TextField {
            objectName: "offerServiceField"
            Layout.fillWidth: true
            Layout.preferredHeight: Math.max(implicitHeight, Theme.touchTarget)
            text: AdvocateOfferController.service
            placeholderText: qsTr("Advocacy service")
            Accessible.name: qsTr("Advocacy service")
            onTextEdited: AdvocateOfferController.service = text
        }
        FieldError {
            objectName: "offerServiceError"
            Layout.fillWidth: true
            text: AdvocateOfferController.serviceError
        }
        FieldError {
            objectName: "offerError"
            Layout.fillWidth: true
            text: AdvocateOfferController.errorString
        }
        Button {
            objectName: "cancelOfferButton"
            flat: true
            text: qsTr("Cancel")
            Layout.preferredHeight: Theme.touchTarget
            Accessible.name: qsTr("Cancel the advocate offer")
            onClicked: AdvocateOfferController.cancel()
        }
    }
}
