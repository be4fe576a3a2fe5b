// Who is asking: the enrolled device behind a signed request and the user it belongs to, and
// the part of the records that user may see and change.
#pragma once

#include "core/domain.h"

#include <QString>

#include <optional>

namespace doorstep::server {

struct Caller
{
    QString deviceId;
    QString userId;
    Role role = Role::HealthVisitor;
    QString teamId;
    // When the device was revoked; only ever set for routes that admit revoked devices (push).
    std::optional<qint64> revokedAt = {};
};

// Families on a practitioner's caseload, or every family of a team.
struct Scope
{
    enum class Kind { Practitioner, Team };
    Kind kind = Kind::Practitioner;
    QString id; // the practitioner's user id or the team id

    static Scope practitioner(const QString &userId) { return {Kind::Practitioner, userId}; }
    static Scope team(const QString &teamId) { return {Kind::Team, teamId}; }
};

// A practitioner sees their caseload, a supervisor their team; an administrator no records.
inline std::optional<Scope> scopeOf(const Caller &caller)
{
    switch (caller.role) {
    case Role::Midwife:
    case Role::HealthVisitor:
    case Role::SocialWorker:
        return Scope::practitioner(caller.userId);
    case Role::Supervisor:
        return Scope::team(caller.teamId);
    case Role::Administrator:
        return std::nullopt;
    }
    return std::nullopt;
}

} // namespace doorstep::server
