pragma Singleton
import QtQuick
import Doorstep.App

// Colours and sizes shared by the pages. Severity colours pair a fill with a text colour that
// reads on it (contrast 4.5:1 or better); the words always say the severity too.
QtObject {
    // The person's text size over the ordinary one (1.5: half as large again), as chosen in
    // settings. Every font size in the pages goes through fontSize() below, so larger text
    // reflows rather than clips.
    readonly property real fontScale: TextSize.scale

    readonly property int touchTarget: 48
    readonly property int spacing: 8
    readonly property int margin: 16
    // At this width and wider the caseload and the visit form sit side by side.
    readonly property int twoPaneWidth: 900
    // ... and at least this tall: a phone on its side is still a phone, one pane at a time, so
    // that a form has the whole width and wraps its words onto fewer lines.
    readonly property int twoPaneHeight: 600

    readonly property color primary: "#00695C"
    readonly property color amber: "#FFB300"
    readonly property color amberText: "#2B1D00"
    readonly property color red: "#C62828"
    readonly property color redText: "#FFFFFF"
    readonly property color info: "#E3F2FD"
    readonly property color infoText: "#0D47A1"
    readonly property color error: "#B3261E"
    readonly property color ok: "#2E7D32"
    readonly property color muted: "#5F6368"
    readonly property color selected: "#E0F2F1"

    // Whether a page this tall is short for the person's text size (a phone on its side, or
    // large text): a form then scrolls its title bar and buttons away with its fields, so that a
    // field, its label and its message fit in view together while the person types.
    function isShort(pageHeight: real): bool {
        return pageHeight < fontSize(400);
    }

    // A size given for ordinary text, in pixels, at the person's text size.
    function fontSize(pixels: int): int {
        return Math.round(pixels * fontScale);
    }

    function severityFill(severity: string): color {
        if (severity === "red")
            return red;
        if (severity === "amber")
            return amber;
        return info;
    }

    function severityText(severity: string): color {
        if (severity === "red")
            return redText;
        if (severity === "amber")
            return amberText;
        return infoText;
    }
}
