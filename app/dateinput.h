// Reads a date as a person types it on a form: "25 Nov 2026", "25 November 2026", "25/11/2026"
// or "2026-11-25". Pure function; any thread.
#pragma once

#include <QDate>
#include <QString>

#include <optional>

namespace doorstep::app {

// nullopt when the text is not a real date in one of those forms.
std::optional<QDate> parseDateInput(const QString &text);

} // namespace doorstep::app
