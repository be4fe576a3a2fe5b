// The JSON messages of the sync protocol (sync/PROTOCOL.md). Decoders check shape and types,
// refuse unknown keys, and name the item that is wrong.
#pragma once

#include "core/change.h"
#include "core/domain.h"
#include "core/result.h"
#include "core/rulesettings.h"

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace doorstep::protocol {

inline constexpr qint64 maxRequestBytes = 8 * 1024 * 1024; // larger bodies: 413
inline constexpr int maxChangesPerPush = 500;
inline constexpr int defaultPullLimit = 500;
inline constexpr int maxPullLimit = 2000;

namespace Path {
inline const QString Health = QStringLiteral("/v1/health");
inline const QString Enrol = QStringLiteral("/v1/enrol");
inline const QString Push = QStringLiteral("/v1/push");
inline const QString Pull = QStringLiteral("/v1/pull");         // GET ?since=<cursor>&limit=<n>[&family=<id>]
inline const QString Flags = QStringLiteral("/v1/flags");       // GET: flags in the caller's scope
inline const QString Coverage = QStringLiteral("/v1/coverage"); // GET ?from=&to=&format=json|csv
} // namespace Path

struct EnrolRequest
{
    QString code;
    QString deviceId;           // made by the device when its store was created (Store::deviceId())
    QByteArray devicePublicKey; // 32 bytes; base64 on the wire
    QString deviceName;

    QJsonObject toJson() const;
    static Result<EnrolRequest> fromJson(const QJsonObject &json);
};

struct EnrolResponse
{
    QString deviceId; // echoes the request's
    QString userId;
    QString userName;
    Role role = Role::HealthVisitor;
    QString teamId;

    QJsonObject toJson() const;
    static Result<EnrolResponse> fromJson(const QJsonObject &json);
};

// A change of a mutable record carries on the wire, beside the fields of core/change.h,
// "fields": the fields it wrote with their bases (core/fieldmerge.h). Kept here by change id;
// a change without it is merged as if it wrote every field that differs.
using WrittenFieldsById = QHash<QString, QJsonObject>;

// One element of a "changes" list, named in an error by its index ("changes[3]") and change id;
// its "fields", if any, go into `fields` by change id. Push requests and pull answers read each
// of their changes so.
Result<Change> changeFromJson(const QJsonValue &item, qsizetype index, WrittenFieldsById *fields);

struct PushRequest
{
    QList<Change> changes;
    WrittenFieldsById fields = {};

    QJsonObject toJson() const;
    static Result<PushRequest> fromJson(const QJsonObject &json);
};

struct Rejection
{
    QString changeId;
    QString code; // "invalid", "forbidden", ...
    QString message;
    QString field;
};

struct PushResponse
{
    QStringList accepted; // applied now or already applied before (a resend)
    QList<Rejection> rejected;
    // Set when changes were refused with code "gap": the deviceSeq the server expects next from
    // this device (every lower one it has answered).
    std::optional<qint64> expectedSeq;

    QJsonObject toJson() const;
    static Result<PushResponse> fromJson(const QJsonObject &json);
};

struct PullResponse
{
    QList<Change> changes;
    WrittenFieldsById fields = {};
    QString cursor;           // pass as ?since= next time
    bool more = false;        // another page is waiting
    QStringList removed = {}; // families moved off the caller's caseload: drop them
    QStringList added = {};   // families moved onto it: fetch their history (?family=)
    std::optional<RuleSettings> settings;
    // Not part of the JSON object: each change's payload as the text it arrived in, one per change
    // (protocol::changePayloadTexts), for a store that keeps payloads as received; may be empty.
    QList<QByteArray> payloadTexts = {};

    QJsonObject toJson() const;
    static Result<PullResponse> fromJson(const QJsonObject &json);
};

// The body of every 4xx/5xx answer: {"error": code, "message": ..., "item": ...}.
QJsonObject errorBody(const Error &error);
Error errorFromBody(const QByteArray &body, int httpStatus);

} // namespace doorstep::protocol
