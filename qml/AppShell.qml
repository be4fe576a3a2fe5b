import QtQuick
import QtQuick.Controls
import QtQuick.Controls.Material
import QtQuick.Layouts
import Doorstep.App

// Everything inside the window: the page for the session's state, the sync status bar, and on
// a wide screen the caseload and the child's record or visit form side by side (a stack of pages
// on a phone); for a supervisor, the team's coverage.
Page {
    id: shell

    readonly property bool twoPanes: width >= Theme.twoPaneWidth && height >= Theme.twoPaneHeight

    objectName: "appShell"
    // Material's own sizes are fixed pixels; this carries the person's text size to every control.
    font.pixelSize: Theme.fontSize(14)
    Material.theme: Material.Light
    Material.primary: Theme.primary
    Material.accent: Theme.primary

    header: ToolBar {
        visible: SessionController.state === SessionController.Unlocked

        RowLayout {
            anchors.fill: parent
            anchors.leftMargin: Theme.margin
            spacing: Theme.spacing

            // The app's name gives way to the buttons when large text leaves no room for both:
            // cut short, it would say nothing.
            Label {
                id: appTitle

                Layout.fillWidth: true
                visible: shell.width - toolButtons.implicitWidth - 2 * Theme.margin >= implicitWidth
                text: qsTr("Doorstep")
                font.pixelSize: Theme.fontSize(20)
            }
            Item {
                Layout.fillWidth: true
                visible: !appTitle.visible
            }
            RowLayout {
                id: toolButtons

                spacing: Theme.spacing

                Label {
                    visible: shell.twoPanes && text.length > 0
                    text: SessionController.roleText.length > 0 ? qsTr("%1, %2").arg(SessionController.userName).arg(SessionController.roleText) : SessionController.userName
                }
                ToolButton {
                    objectName: "coverageButton"
                    visible: SessionController.supervisor && !CoverageController.active
                    text: qsTr("Coverage")
                    Layout.preferredHeight: Theme.touchTarget
                    Accessible.name: qsTr("Team coverage")
                    onClicked: CoverageController.open()
                }
                ToolButton {
                    objectName: "settingsButton"
                    visible: !SettingsController.active
                    text: qsTr("Settings")
                    Layout.preferredHeight: Theme.touchTarget
                    Accessible.name: qsTr("Settings")
                    onClicked: SettingsController.open()
                }
                ToolButton {
                    objectName: "lockButton"
                    text: qsTr("Lock")
                    Layout.preferredHeight: Theme.touchTarget
                    Accessible.name: qsTr("Lock Doorstep")
                    onClicked: SessionController.lock()
                }
            }
        }
    }

    footer: SyncStatusBar {
        visible: SessionController.state !== SessionController.NotEnrolled
        // Fewer than about 35 lines of text fit: every line the bar takes is one the form loses.
        compact: shell.height < Theme.fontSize(480)
    }

    Loader {
        objectName: "pageLoader"
        anchors.fill: parent
        sourceComponent: {
            switch (SessionController.state) {
            case SessionController.NotEnrolled:
            case SessionController.Enrolling:
                return notEnrolledPage;
            case SessionController.Unlocked:
                if (ConflictsController.active)
                    return conflictsPage;
                if (SettingsController.active)
                    return settingsPage;
                // On a tablet these forms open beside the caseload (TabletLayout's right pane).
                if (AmendmentEditor.active && !shell.twoPanes)
                    return amendPage;
                if (AlertEditor.active && !shell.twoPanes)
                    return alertPage;
                if (CoverageController.active)
                    return coveragePage;
                return shell.twoPanes ? tabletLayout : phoneLayout;
            default:
                return unlockPage;
            }
        }
    }

    Component {
        id: notEnrolledPage

        NotEnrolledPage {
        }
    }

    Component {
        id: unlockPage

        UnlockPage {
        }
    }

    Component {
        id: phoneLayout

        PhoneLayout {
        }
    }

    Component {
        id: coveragePage

        CoveragePage {
        }
    }

    Component {
        id: amendPage

        AmendPage {
        }
    }

    Component {
        id: alertPage

        AlertPage {
        }
    }

    Component {
        id: conflictsPage

        ConflictsPage {
        }
    }

    Component {
        id: settingsPage

        SettingsPage {
        }
    }

    Component {
        id: tabletLayout

        TabletLayout {
        }
    }
}
