// Flags as JSON, for the command-line client and the server's /v1/flags alike.
#pragma once

#include "flags.h"

#include <QJsonArray>
#include <QJsonObject>

namespace doorstep {

QJsonObject toJson(const Flag &flag);
QJsonArray toJson(const QList<Flag> &flags);

} // namespace doorstep
