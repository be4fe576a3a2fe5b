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
    // What the page loader shows, named once for it and for the properties that depend on it.
    readonly property string page: {
        switch (SessionController.state) {
        case SessionController.NotEnrolled:
        case SessionController.Enrolling:
            return "notEnrolled";
        case SessionController.Unlocked:
            if (ConflictsController.active)
                return "conflicts";
            if (SettingsController.active)
                return "settings";
            // On a tablet these forms open beside the caseload (TabletLayout's right pane).
            if (AmendmentEditor.active && !twoPanes)
                return "amendment";
            if (AlertEditor.active && !twoPanes)
                return "alert";
            if (CoverageController.active)
                return "coverage";
            return "caseload";
        default:
            return "unlock";
        }
    }
    // A visit, alert or amendment form is shown: alone, or in the caseload's layout.
    readonly property bool formShown: page === "amendment" || page === "alert" || (page === "caseload" && (VisitEditor.active || AlertEditor.active || AmendmentEditor.active))
    // On a short screen (a phone on its side, large text) an open form has the app's toolbar's
    // height too: the form's own title bar, which scrolls away with it, carries "Lock" instead.
    readonly property bool formHoldsLock: formShown && Theme.isShort(height)

    objectName: "appShell"
    // Material's own sizes are fixed pixels; this carries the person's text size to every control.
    font.pixelSize: Theme.fontSize(14)
    Material.theme: Material.Light
    Material.primary: Theme.primary
    Material.accent: Theme.primary

    header: ToolBar {
        objectName: "appToolBar"
        visible: SessionController.state === SessionController.Unlocked && !shell.formHoldsLock

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
                LockButton {
                    objectName: "lockButton"
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
        id: pageLoader

        objectName: "pageLoader"
        anchors.fill: parent
        sourceComponent: {
            switch (shell.page) {
            case "notEnrolled":
                return notEnrolledPage;
            case "conflicts":
                return conflictsPage;
            case "settings":
                return settingsPage;
            case "amendment":
                return amendPage;
            case "alert":
                return alertPage;
            case "coverage":
                return coveragePage;
            case "caseload":
                return shell.twoPanes ? tabletLayout : phoneLayout;
            default:
                return unlockPage;
            }
        }
    }

    // A child's page asked for from a page that covers the caseload (a refused change's "Open",
    // from the sync bar under Settings, conflicts or coverage) comes to the front.
    Connections {
        function onOpened() {
            SettingsController.close();
            ConflictsController.close();
            CoverageController.close();
        }

        target: ChildRecordController
    }

    // The form shown (alone, or in the layout that holds it) carries "Lock" when the toolbar
    // gives way.
    Binding {
        // Only ever an item with the property: a Binding's target changes before its `when` does.
        target: pageLoader.item instanceof AlertPage || pageLoader.item instanceof AmendPage || pageLoader.item instanceof PhoneLayout || pageLoader.item instanceof TabletLayout ? pageLoader.item : null
        property: "formHoldsLock"
        value: shell.formHoldsLock
        restoreMode: Binding.RestoreNone
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
