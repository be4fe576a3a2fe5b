#include "httpapi.h"

#include "changelog.h"
#include "directory.h"
#include "errorstatus.h"
#include "faultpoint.h"
#include "freshness.h"
#include "pushgroup.h"
#include "requestverifier.h"
#include "settingsstore.h"
#include "transaction.h"

#include "core/coverage.h"
#include "core/flags.h"
#include "core/hlc.h"
#include "sync/protocol/bodyreader.h"
#include "sync/protocol/flagsbody.h"
#include "sync/protocol/jsonstring.h"
#include "sync/protocol/messages.h"
#include "sync/protocol/payloadtexts.h"
#include "sync/protocol/signing.h"

#include <QDateTime>
#include <QHttpServer>
#include <QHttpServerResponse>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QLocale>
#include <QLoggingCategory>
#include <QtConcurrent>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcHttp, "doorstep.server.http")

namespace doorstep::server {

namespace {

qint64 nowMillis()
{
    return QDateTime::currentMSecsSinceEpoch();
}

QByteArray compact(const QJsonObject &json)
{
    return QJsonDocument(json).toJson(QJsonDocument::Compact);
}

Reply errorReply(const Error &error, const QString &deviceId = {})
{
    Reply reply;
    reply.status = httpStatusFor(error.code);
    reply.body = compact(protocol::errorBody(error));
    reply.deviceId = deviceId;
    if (error.code == ErrorCode::Storage)
        qCWarning(lcHttp).noquote() << error.message; // the driver's words, no values
    return reply;
}

Reply jsonReply(const QJsonObject &json, const QString &deviceId)
{
    Reply reply;
    reply.body = compact(json);
    reply.deviceId = deviceId;
    return reply;
}

// The server's clock on every answer (RFC 9110 IMF-fixdate): a device whose clock is wrong, refused
// as stale, learns its offset from it and signs again (sync/PROTOCOL.md, Signing).
QByteArray httpDate()
{
    return QLocale::c()
        .toString(QDateTime::currentDateTimeUtc(), QStringLiteral("ddd, dd MMM yyyy HH:mm:ss 'GMT'"))
        .toLatin1();
}

QHttpServerResponse toResponse(const Reply &reply)
{
    QHttpServerResponse response(reply.contentType, reply.body,
                                 static_cast<QHttpServerResponse::StatusCode>(reply.status));
    response.setHeader(QByteArrayLiteral("Date"), httpDate());
    return response;
}

std::optional<Error> tooLarge(const IncomingRequest &request)
{
    if (request.body.size() <= protocol::maxRequestBytes)
        return std::nullopt;
    return makeError(ErrorCode::TooLarge,
                     u"The request is larger than %1 bytes; send fewer changes at a time."_s.arg(
                         protocol::maxRequestBytes));
}

Result<QJsonObject> parseBody(const QByteArray &body)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        return makeError(ErrorCode::Malformed,
                         u"The body is not valid JSON: %1 at byte %2."_s.arg(parseError.errorString())
                             .arg(parseError.offset),
                         u"body"_s);
    }
    if (!document.isObject())
        return makeError(ErrorCode::Malformed, u"The body must be a JSON object."_s, u"body"_s);
    return document.object();
}

// A push is read straight from its text (protocol::readPushBody); one that it does not take is
// parsed whole and checked by PushRequest::fromJson, whose errors name what is wrong.
Result<protocol::PushBody> readPush(const QByteArray &body)
{
    if (auto quick = protocol::readPushBody(body))
        return std::move(*quick);
    auto json = parseBody(body);
    if (!json)
        return json.error();
    auto request = protocol::PushRequest::fromJson(json.value());
    if (!request)
        return request.error();
    QList<QByteArray> texts = protocol::changePayloadTexts(body).value_or(QList<QByteArray>());
    if (texts.size() != request.value().changes.size())
        texts.clear();
    return protocol::PushBody{std::move(request).value(), std::move(texts)};
}

// The device to name in the log line of a refused request: the enrolled device behind a request
// refused for its role or scope, none for one that failed authentication.
QString deviceOf(const IncomingRequest &in, const Error &refusal)
{
    const bool authenticated = refusal.code == ErrorCode::Forbidden;
    return authenticated ? QString::fromUtf8(in.header(protocol::Header::Device)) : QString();
}

// A query parameter the route does not know: refused, named, rather than ignored.
std::optional<Error> unknownParameter(const QUrlQuery &query, const QStringList &known)
{
    for (const auto &item : query.queryItems()) {
        if (!known.contains(item.first))
            return makeError(ErrorCode::Malformed,
                             u"This request has no query parameter \"%1\"."_s.arg(item.first), item.first);
    }
    return std::nullopt;
}

Result<QDate> dateParameter(const QUrlQuery &query, const QString &name)
{
    const QString text = query.queryItemValue(name);
    if (text.isEmpty())
        return makeError(ErrorCode::Malformed, u"The query needs \"%1\" as YYYY-MM-DD."_s.arg(name), name);
    // Exactly YYYY-MM-DD: Qt's ISO parser would read "2026-01-01' OR ..." as a date and ignore
    // the rest.
    const QDate date = QDate::fromString(text, u"yyyy-MM-dd"_s);
    if (text.size() != 10 || !date.isValid())
        return makeError(ErrorCode::Malformed, u"\"%1\" must be a date as YYYY-MM-DD."_s.arg(name), name);
    return date;
}

// Enough threads to keep the cores busy while others wait on the database.
int fewPerCore()
{
    return qBound(8, 4 * QThread::idealThreadCount(), 16);
}

} // namespace

HttpApi::HttpApi(Database database, QObject *parent)
    : QObject(parent)
    , m_database(std::move(database))
    , m_caseloadTurns(fewPerCore())
{
    // Threads live as long as the API so each keeps its database connection. A request mostly
    // waits on the database (a write turn, a lock, a commit), so there are more threads than
    // cores: the cores stay busy verifying, decoding and reading while writers queue.
    m_pool.setExpiryTimeout(-1);
    // On SQLite a push waits in its thread for a group commit (pushgroup.h), so a group holds at
    // most as many pushes as there are threads: under 500 devices, 8 threads made groups of 4
    // pushes and 64 groups of 31, for a quarter less of the server's CPU per push. PostgreSQL
    // commits each push alone and runs a process per connection, so it keeps a few a core.
    m_pool.setMaxThreadCount(m_database.engine() == Database::Engine::Sqlite ? 64 : fewPerCore());
}

HttpApi::~HttpApi()
{
    waitForIdle();
}

void HttpApi::waitForIdle()
{
    m_pool.waitForDone();
}

QSemaphoreReleaser HttpApi::caseloadTurn()
{
    m_caseloadTurns.acquire();
    return QSemaphoreReleaser(m_caseloadTurns);
}

QFuture<QHttpServerResponse> HttpApi::later(const QHttpServerRequest &request,
                                            std::function<Reply(const IncomingRequest &)> handler)
{
    IncomingRequest in = IncomingRequest::from(request);
    return QtConcurrent::run(&m_pool, [in = std::move(in), handler = std::move(handler)] {
        const auto oversized = tooLarge(in);
        const Reply reply = oversized ? errorReply(*oversized) : handler(in);
        // Method, path, status and device only: never bodies, names or codes.
        qCInfo(lcHttp).noquote() << in.method << in.path << reply.status
                                 << (reply.deviceId.isEmpty() ? u"-"_s : reply.deviceId);
        return toResponse(reply);
    });
}

void HttpApi::install(QHttpServer &server)
{
    server.route(protocol::Path::Health, QHttpServerRequest::Method::Get, [](const QHttpServerRequest &) {
        qCInfo(lcHttp).noquote() << "GET" << protocol::Path::Health << 200 << "-";
        QJsonObject health{{u"status"_s, u"ok"_s}};
        // A test hook, like DOORSTEP_SERVER_FAULT: how pushes were grouped into commits, so that
        // a test can see several pushes share one. Counts only; operators never set it.
        static const bool testStats = qEnvironmentVariableIsSet("DOORSTEP_SERVER_TEST_STATS");
        if (testStats) {
            const PushGroup::Stats stats = PushGroup::stats();
            health.insert(u"pushGroups"_s, QJsonObject{{u"commits"_s, stats.groups},
                                                       {u"pushes"_s, stats.pushes},
                                                       {u"waiting"_s, stats.waiting}});
        }
        QHttpServerResponse response(health);
        response.setHeader(QByteArrayLiteral("Date"), httpDate());
        return response;
    });
    server.route(protocol::Path::Enrol, QHttpServerRequest::Method::Post,
                 [this](const QHttpServerRequest &r) {
                     return later(r, [this](const IncomingRequest &in) { return enrol(in); });
                 });
    server.route(protocol::Path::Push, QHttpServerRequest::Method::Post, [this](const QHttpServerRequest &r) {
        return later(r, [this](const IncomingRequest &in) { return push(in); });
    });
    server.route(protocol::Path::Pull, QHttpServerRequest::Method::Get, [this](const QHttpServerRequest &r) {
        return later(r, [this](const IncomingRequest &in) { return pull(in); });
    });
    server.route(protocol::Path::Flags, QHttpServerRequest::Method::Get, [this](const QHttpServerRequest &r) {
        return later(r, [this](const IncomingRequest &in) { return flags(in); });
    });
    server.route(protocol::Path::Coverage, QHttpServerRequest::Method::Get,
                 [this](const QHttpServerRequest &r) {
                     return later(r, [this](const IncomingRequest &in) { return coverage(in); });
                 });
    server.setMissingHandler([](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
        qCInfo(lcHttp).noquote() << "-" << request.url().path() << 404 << "-";
        const Error error = makeError(ErrorCode::NotFound, u"There is no such endpoint."_s);
        responder.write(QJsonDocument(protocol::errorBody(error)).toJson(QJsonDocument::Compact),
                        QByteArrayLiteral("application/json"), QHttpServerResponder::StatusCode::NotFound);
    });
}

Reply HttpApi::enrol(const IncomingRequest &in)
{
    auto json = parseBody(in.body);
    if (!json)
        return errorReply(json.error());
    auto request = protocol::EnrolRequest::fromJson(json.value());
    if (!request)
        return errorReply(makeError(ErrorCode::Malformed, request.error().message, request.error().field));
    Directory directory(m_database);
    auto user = directory.enrol(request.value(), nowMillis());
    if (!user)
        return errorReply(user.error(), request.value().deviceId);
    protocol::EnrolResponse response;
    response.deviceId = request.value().deviceId;
    response.userId = user.value().id;
    response.userName = user.value().name;
    response.role = user.value().role;
    response.teamId = user.value().teamId;
    return jsonReply(response.toJson(), response.deviceId);
}

Result<HttpApi::Authorised> HttpApi::authorise(const IncomingRequest &in, Need need,
                                               RequestVerifier::Nonce nonce)
{
    auto caller =
        RequestVerifier(m_database)
            .verify(in, nowMillis(),
                    need == Need::Push ? RequestVerifier::Revoked::Admit : RequestVerifier::Revoked::Refuse,
                    nonce);
    if (!caller)
        return caller.error();
    Authorised authorised{caller.value(), Scope{}};
    if (need == Need::Push)
        return authorised; // the change log checks each change against the caller's scope
    if (need == Need::Supervisor && caller.value().role != Role::Supervisor)
        return makeError(ErrorCode::Forbidden, u"Coverage reports are for supervisors."_s);
    const auto scope = scopeOf(caller.value());
    if (!scope)
        return makeError(ErrorCode::Forbidden, u"An administrator's device has no caseload to sync."_s);
    authorised.scope = *scope;
    return authorised;
}

Reply HttpApi::push(const IncomingRequest &in)
{
    // The nonce is remembered in the push's own transaction (ChangeLog::push): one commit, not three.
    auto authorised = authorise(in, Need::Push, RequestVerifier::Nonce::Defer);
    if (!authorised)
        return errorReply(authorised.error(), deviceOf(in, authorised.error()));
    const Caller &caller = authorised.value().caller;
    const QString deviceId = caller.deviceId;
    auto request = readPush(in.body);
    if (!request)
        return errorReply(request.error(), deviceId);
    // A revoked device hands in what it recorded before it was revoked (by the changes' clock
    // times); nothing made since is taken, and a push with nothing from before is refused whole.
    QList<Change> changes = request.value().request.changes;
    // Each payload is stored as the text it came in (checked whole above), not encoded again.
    QList<QByteArray> payloadTexts = request.value().payloadTexts;
    QList<protocol::Rejection> afterRevocation;
    if (caller.revokedAt) {
        QList<Change> before;
        QList<QByteArray> beforeTexts;
        for (qsizetype i = 0; i < changes.size(); ++i) {
            const Change &change = changes.at(i);
            const auto stamp = HlcTimestamp::decode(change.hlc);
            if (stamp && stamp.value().millis < *caller.revokedAt) {
                before.append(change);
                if (!payloadTexts.isEmpty())
                    beforeTexts.append(payloadTexts.at(i));
            } else {
                afterRevocation.append(protocol::Rejection{
                    change.changeId, ErrorCode::Revoked,
                    u"This device was revoked before this change was made; it was not taken."_s, u"hlc"_s});
            }
        }
        if (before.isEmpty())
            return errorReply(makeError(ErrorCode::Revoked,
                                        u"This device has been revoked by an administrator and "
                                        u"can no longer sync."_s));
        changes = before;
        payloadTexts = beforeTexts;
    }
    ChangeLog log(m_database);
    auto response = log.push(caller, changes, nowMillis(), request.value().request.fields,
                             in.header(protocol::Header::Nonce), payloadTexts);
    if (!response) // a replay is logged as an unauthenticated request is: with no device
        return errorReply(response.error(),
                          response.error().code == ErrorCode::ReplayedNonce ? QString() : deviceId);
    response.value().rejected.append(afterRevocation);
    faultPoint("push-after-commit");
    return jsonReply(response.value().toJson(), deviceId);
}

Reply HttpApi::pull(const IncomingRequest &in)
{
    auto authorised = authorise(in, Need::Caseload, RequestVerifier::Nonce::Defer);
    if (!authorised)
        return errorReply(authorised.error(), deviceOf(in, authorised.error()));
    const QString deviceId = authorised.value().caller.deviceId;
    const Scope &scope = authorised.value().scope;
    if (auto unknown = unknownParameter(in.query, {u"since"_s, u"limit"_s, u"family"_s, u"pending"_s}))
        return errorReply(*unknown, deviceId);

    qint64 since = 0;
    if (const QString text = in.query.queryItemValue(u"since"_s); !text.isEmpty()) {
        bool ok = false;
        since = text.toLongLong(&ok);
        if (!ok || since < 0)
            return errorReply(makeError(ErrorCode::Malformed,
                                        u"\"since\" must be a cursor from an earlier pull."_s, u"since"_s),
                              deviceId);
    }
    int limit = protocol::defaultPullLimit;
    if (const QString text = in.query.queryItemValue(u"limit"_s); !text.isEmpty()) {
        bool ok = false;
        limit = text.toInt(&ok);
        if (!ok || limit < 1)
            return errorReply(
                makeError(ErrorCode::Malformed,
                          u"\"limit\" must be a number from 1 to %1."_s.arg(protocol::maxPullLimit),
                          u"limit"_s),
                deviceId);
        limit = qMin(limit, protocol::maxPullLimit);
    }

    // What the device says waits on it to be sent (for the coverage report's freshness).
    std::optional<int> pending;
    if (const QString text = in.query.queryItemValue(u"pending"_s); !text.isEmpty()) {
        bool ok = false;
        pending = text.toInt(&ok);
        if (!ok || *pending < 0)
            return errorReply(makeError(ErrorCode::Malformed,
                                        u"\"pending\" must be the number of changes waiting on the device."_s,
                                        u"pending"_s),
                              deviceId);
    }

    // One family's history (a family that moved onto the caller's caseload), outside the
    // device's cursor: it is not noted as what the device has pulled.
    const QString familyId = in.query.queryItemValue(u"family"_s);
    if (auto noted = notePull(in, deviceId, familyId.isEmpty() ? std::optional<qint64>(since) : std::nullopt,
                              pending.value_or(0));
        !noted)
        return errorReply(noted.error(),
                          noted.error().code == ErrorCode::ReplayedNonce ? QString() : deviceId);
    auto page = ChangeLog(m_database).pull(scope, since, limit, familyId, ChangeLog::Form::Encoded);
    if (!page)
        return errorReply(page.error(), deviceId);
    auto settings = SettingsStore(m_database).current();
    if (!settings)
        return errorReply(settings.error(), deviceId);

    // protocol::PullResponse, written directly: the changes as the change log encoded them
    // (payloads as stored), the rest as PullResponse::toJson writes it.
    const ChangeLog::Page &found = page.value();
    Reply reply;
    reply.deviceId = deviceId;
    QByteArray &body = reply.body;
    qsizetype size = 256;
    for (const QByteArray &change : found.encoded)
        size += change.size() + 1;
    body.reserve(size);
    body.append("{\"changes\":[");
    for (qsizetype i = 0; i < found.encoded.size(); ++i) {
        if (i > 0)
            body.append(',');
        body.append(found.encoded.at(i));
    }
    body.append("],\"cursor\":");
    protocol::appendJsonString(body, QString::number(found.cursor));
    body.append(",\"more\":");
    body.append(found.more ? "true" : "false");
    body.append(",\"settings\":");
    body.append(compact(settings.value().toJson()));
    if (!found.removed.isEmpty()) {
        body.append(",\"removed\":");
        body.append(QJsonDocument(QJsonArray::fromStringList(found.removed)).toJson(QJsonDocument::Compact));
    }
    if (!found.added.isEmpty()) {
        body.append(",\"added\":");
        body.append(QJsonDocument(QJsonArray::fromStringList(found.added)).toJson(QJsonDocument::Compact));
    }
    body.append('}');
    return reply;
}

Result<void> HttpApi::notePull(const IncomingRequest &in, const QString &deviceId,
                               std::optional<qint64> cursor, int pending)
{
    // One transaction, one commit, for what a pull writes: its nonce, when the device was seen,
    // its cursor and its freshness (statements on this thread's connection join it). Committed
    // before the page is read, so a replay is refused whether or not the answer arrived.
    auto connected = m_database.connection();
    if (!connected)
        return connected.error();
    QSqlDatabase db = connected.value();
    Transaction transaction(m_database, db);
    if (auto begun = transaction.begin(); !begun)
        return begun.error();
    const qint64 now = nowMillis();
    Directory directory(m_database);
    auto fresh = directory.admitWithin(db, deviceId, in.header(protocol::Header::Nonce), now);
    if (!fresh)
        return fresh.error();
    if (!fresh.value())
        return Directory::replayedNonce();
    if (cursor) {
        if (auto noted = directory.notePulled(deviceId, *cursor); !noted)
            return noted.error();
        if (auto noted = Freshness(m_database).noteSynced(deviceId, now, pending); !noted)
            return noted.error();
    }
    return transaction.commit();
}

Reply HttpApi::flags(const IncomingRequest &in)
{
    auto authorised = authorise(in, Need::Caseload);
    if (!authorised)
        return errorReply(authorised.error(), deviceOf(in, authorised.error()));
    const QString deviceId = authorised.value().caller.deviceId;
    if (auto unknown = unknownParameter(in.query, {}))
        return errorReply(*unknown, deviceId);
    const QSemaphoreReleaser turn = caseloadTurn();
    auto caseload = ChangeLog(m_database).caseload(authorised.value().scope);
    if (!caseload)
        return errorReply(caseload.error(), deviceId);
    auto settings = SettingsStore(m_database).current();
    if (!settings)
        return errorReply(settings.error(), deviceId);
    const QList<Flag> flags = computeFlags(caseload.value(), settings.value(), QDate::currentDate());
    Reply reply;
    reply.body = protocol::flagsBody(flags);
    reply.deviceId = deviceId;
    return reply;
}

Reply HttpApi::coverage(const IncomingRequest &in)
{
    auto authorised = authorise(in, Need::Supervisor);
    if (!authorised)
        return errorReply(authorised.error(), deviceOf(in, authorised.error()));
    const QString deviceId = authorised.value().caller.deviceId;
    if (auto unknown = unknownParameter(in.query, {u"from"_s, u"to"_s, u"format"_s}))
        return errorReply(*unknown, deviceId);

    auto from = dateParameter(in.query, u"from"_s);
    if (!from)
        return errorReply(from.error(), deviceId);
    auto to = dateParameter(in.query, u"to"_s);
    if (!to)
        return errorReply(to.error(), deviceId);
    if (to.value() < from.value())
        return errorReply(makeError(ErrorCode::Malformed, u"\"to\" must not be before \"from\"."_s, u"to"_s),
                          deviceId);
    const QString format = in.query.queryItemValue(u"format"_s);
    if (!format.isEmpty() && format != "json"_L1 && format != "csv"_L1)
        return errorReply(makeError(ErrorCode::Malformed, u"\"format\" must be json or csv."_s, u"format"_s),
                          deviceId);

    const QSemaphoreReleaser turn = caseloadTurn();
    auto caseload = ChangeLog(m_database).caseload(authorised.value().scope);
    if (!caseload)
        return errorReply(caseload.error(), deviceId);
    auto settings = SettingsStore(m_database).current();
    if (!settings)
        return errorReply(settings.error(), deviceId);
    const Coverage result =
        computeCoverage(caseload.value(), settings.value(), from.value(), to.value(), QDate::currentDate());
    auto freshness = Freshness(m_database).team(authorised.value().caller.teamId);
    if (!freshness)
        return errorReply(freshness.error(), deviceId);
    Reply reply;
    reply.deviceId = deviceId;
    if (format == "csv"_L1) {
        reply.contentType = QByteArrayLiteral("text/csv; charset=utf-8");
        reply.body = (result.toCsv() + u"\r\n"_s + Freshness::toCsv(freshness.value())).toUtf8();
    } else {
        QJsonObject json = result.toJson();
        json.insert(u"freshness"_s, Freshness::toJson(freshness.value()));
        reply.body = compact(json);
    }
    return reply;
}

} // namespace doorstep::server
