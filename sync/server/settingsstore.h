// The rule settings (thresholds of the flag rules) as the server holds them; devices receive
// them with every pull. Defaults until an administrator sets them.
//
// Thread: any; each call uses the calling thread's connection.
#pragma once

#include "database.h"

#include "core/result.h"
#include "core/rulesettings.h"

namespace doorstep::server {

class SettingsStore
{
public:
    explicit SettingsStore(Database database);

    Result<RuleSettings> current();
    Result<void> set(const RuleSettings &settings, qint64 nowMillis);

private:
    Database m_database;
};

} // namespace doorstep::server
