// How fresh the server's picture of each practitioner is, for the coverage report: when their
// devices last synced and how many changes those devices said were still waiting to be sent
// then. Tells "not visited" from "visited, not synced yet".
//
// Thread: any; each call uses the calling thread's connection.
#pragma once

#include "database.h"

#include "core/result.h"

#include <QJsonArray>
#include <QList>
#include <QString>

#include <optional>

namespace doorstep::server {

struct PractitionerFreshness
{
    QString practitionerId;
    QString name;                       // the user's display name (users.name), for the supervisor
    int devices = 0;                    // devices that have synced
    std::optional<qint64> lastSyncedAt; // the latest of their devices' last pulls; none: never
    int unsynced = 0;                   // the sum of their devices' last reported counts
};

class Freshness
{
public:
    explicit Freshness(Database database)
        : m_database(std::move(database))
    {}

    // A device finished pulling (the end of a sync run) and said how many changes wait on it.
    Result<void> noteSynced(const QString &deviceId, qint64 nowMillis, int unsynced);
    // Every practitioner of the team (midwives, health visitors, social workers), by id.
    Result<QList<PractitionerFreshness>> team(const QString &teamId);

    static QJsonArray toJson(const QList<PractitionerFreshness> &list);
    // A section in the coverage CSV's style ("section,freshness", a header, a row each).
    static QString toCsv(const QList<PractitionerFreshness> &list);

private:
    Database m_database;
};

} // namespace doorstep::server
