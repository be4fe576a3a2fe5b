// The two faces of doorstep-server: `serve` (the HTTPS API) and `admin` (users, teams, codes,
// devices, settings, reports, demo data). Each takes the whole command line and returns the
// process exit code: 0 done, 1 refused or failed (with a message on stderr), 2 usage error.
#pragma once

#include <QStringList>

namespace doorstep::server {

int runServe(const QStringList &arguments);
int runAdmin(const QStringList &arguments);

} // namespace doorstep::server
