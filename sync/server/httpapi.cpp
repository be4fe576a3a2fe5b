#include "httpapi.h"

#include "changelog.h"
#include "directory.h"
#include "errorstatus.h"
#include "requestverifier.h"
#include "settingsstore.h"

#include "core/coverage.h"
#include "core/flagjson.h"
#include "core/flags.h"
#include "sync/protocol/messages.h"

#include <QDateTime>
#include <QHttpServer>
#include <QHttpServerResponse>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
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

QHttpServerResponse toResponse(const Reply &reply)
{
    return QHttpServerResponse(reply.contentType, reply.body,
                               static_cast<QHttpServerResponse::StatusCode>(reply.status));
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

Result<QDate> dateParameter(const QUrlQuery &query, const QString &name)
{
    const QString text = query.queryItemValue(name);
    if (text.isEmpty())
        return makeError(ErrorCode::Malformed, u"The query needs \"%1\" as YYYY-MM-DD."_s.arg(name), name);
    const QDate date = QDate::fromString(text, Qt::ISODate);
    if (!date.isValid())
        return makeError(ErrorCode::Malformed, u"\"%1\" must be a date as YYYY-MM-DD."_s.arg(name), name);
    return date;
}

// The scope of an authenticated caller; an administrator has none.
Result<Scope> requireScope(const Caller &caller)
{
    const auto scope = scopeOf(caller);
    if (!scope)
        return makeError(ErrorCode::Forbidden, u"An administrator's device has no caseload to sync."_s);
    return *scope;
}

} // namespace

HttpApi::HttpApi(Database database, QObject *parent)
    : QObject(parent)
    , m_database(std::move(database))
{
    // Threads live as long as the API so each keeps its database connection.
    m_pool.setExpiryTimeout(-1);
    m_pool.setMaxThreadCount(qBound(2, QThread::idealThreadCount(), 8));
}

HttpApi::~HttpApi()
{
    waitForIdle();
}

void HttpApi::waitForIdle()
{
    m_pool.waitForDone();
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
        return QHttpServerResponse(QJsonObject{{u"status"_s, u"ok"_s}});
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

Reply HttpApi::push(const IncomingRequest &in)
{
    RequestVerifier verifier(m_database);
    auto caller = verifier.verify(in, nowMillis());
    if (!caller)
        return errorReply(caller.error());
    const QString deviceId = caller.value().deviceId;
    auto json = parseBody(in.body);
    if (!json)
        return errorReply(json.error(), deviceId);
    auto request = protocol::PushRequest::fromJson(json.value());
    if (!request)
        return errorReply(request.error(), deviceId);
    ChangeLog log(m_database);
    auto response = log.push(caller.value(), request.value().changes, nowMillis());
    if (!response)
        return errorReply(response.error(), deviceId);
    return jsonReply(response.value().toJson(), deviceId);
}

Reply HttpApi::pull(const IncomingRequest &in)
{
    RequestVerifier verifier(m_database);
    auto caller = verifier.verify(in, nowMillis());
    if (!caller)
        return errorReply(caller.error());
    const QString deviceId = caller.value().deviceId;
    auto scope = requireScope(caller.value());
    if (!scope)
        return errorReply(scope.error(), deviceId);

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

    if (auto noted = Directory(m_database).notePulled(deviceId, since); !noted)
        return errorReply(noted.error(), deviceId);
    auto page = ChangeLog(m_database).pull(scope.value(), since, limit);
    if (!page)
        return errorReply(page.error(), deviceId);
    auto settings = SettingsStore(m_database).current();
    if (!settings)
        return errorReply(settings.error(), deviceId);

    protocol::PullResponse response;
    response.changes = page.value().changes;
    response.cursor = QString::number(page.value().cursor);
    response.more = page.value().more;
    response.settings = settings.value();
    return jsonReply(response.toJson(), deviceId);
}

Reply HttpApi::flags(const IncomingRequest &in)
{
    RequestVerifier verifier(m_database);
    auto caller = verifier.verify(in, nowMillis());
    if (!caller)
        return errorReply(caller.error());
    const QString deviceId = caller.value().deviceId;
    auto scope = requireScope(caller.value());
    if (!scope)
        return errorReply(scope.error(), deviceId);
    auto caseload = ChangeLog(m_database).caseload(scope.value());
    if (!caseload)
        return errorReply(caseload.error(), deviceId);
    auto settings = SettingsStore(m_database).current();
    if (!settings)
        return errorReply(settings.error(), deviceId);
    const QList<Flag> flags = computeFlags(caseload.value(), settings.value(), QDate::currentDate());
    Reply reply;
    reply.body = QJsonDocument(toJson(flags)).toJson(QJsonDocument::Compact);
    reply.deviceId = deviceId;
    return reply;
}

Reply HttpApi::coverage(const IncomingRequest &in)
{
    RequestVerifier verifier(m_database);
    auto caller = verifier.verify(in, nowMillis());
    if (!caller)
        return errorReply(caller.error());
    const QString deviceId = caller.value().deviceId;
    if (caller.value().role != Role::Supervisor)
        return errorReply(makeError(ErrorCode::Forbidden, u"Coverage reports are for supervisors."_s),
                          deviceId);

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

    auto caseload = ChangeLog(m_database).caseload(Scope::team(caller.value().teamId));
    if (!caseload)
        return errorReply(caseload.error(), deviceId);
    auto settings = SettingsStore(m_database).current();
    if (!settings)
        return errorReply(settings.error(), deviceId);
    const Coverage result =
        computeCoverage(caseload.value(), settings.value(), from.value(), to.value(), QDate::currentDate());
    Reply reply;
    reply.deviceId = deviceId;
    if (format == "csv"_L1) {
        reply.contentType = QByteArrayLiteral("text/csv; charset=utf-8");
        reply.body = result.toCsv().toUtf8();
    } else {
        reply.body = compact(result.toJson());
    }
    return reply;
}

} // namespace doorstep::server
