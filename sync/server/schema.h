// The server's tables, as SQL for each engine. The statements differ only where the engines'
// types or DDL do; every query the server runs against them is shared.
#pragma once

#include <QStringList>

namespace doorstep::server {

QStringList sqliteSchema();
QStringList postgresSchema();

} // namespace doorstep::server
