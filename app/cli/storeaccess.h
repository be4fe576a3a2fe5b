// Opening the profile's store for a command: asks for the PIN (terminal or standard input) and
// reports a wrong PIN, a back-off or a damaged store in words.
#pragma once

#include "app/store/store.h"
#include "cliconsole.h"

#include <QCommandLineOption>
#include <QDate>
#include <QString>

#include <memory>

namespace doorstep::cli {

// nullptr when it could not be opened; the reason has been printed.
std::unique_ptr<store::Store> openStore(const Console &console, const QString &profileDir);

// Parses a YYYY-MM-DD option; an empty value gives `fallback`. Prints the problem on failure.
std::optional<QDate> parseDateOption(const Console &console, const QString &name, const QString &value,
                                     const QDate &fallback = {});

// Prints a saved record's id, or the store's refusal ("field: message") with a failure status.
int printSaved(const Console &console, const Result<QString> &saved);

// A store error as a line for the user: the field it concerns, then the message.
QString describeError(const Error &error);

// An option that takes a value.
QCommandLineOption valueOption(const QString &name, const QString &help, const QString &valueName);

} // namespace doorstep::cli
