// Reading a PIN or passphrase for a command-line tool: from the terminal with echo off, or, when
// standard input is not a terminal, one line from it (as cryptsetup and gpg --passphrase-fd do).
// Never from an argument or the environment, where other users and logs could see it.
#pragma once

#include <QByteArray>
#include <QString>

#include <optional>

namespace doorstep::platform {

bool stdinIsTerminal();
// Prints `prompt` to the terminal (stderr) and reads one line without echo; without a terminal,
// reads one line from standard input. Returns nullopt at end of input.
std::optional<QByteArray> readSecret(const QString &prompt);

} // namespace doorstep::platform
