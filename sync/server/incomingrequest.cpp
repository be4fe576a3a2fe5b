#include "incomingrequest.h"

#include "sync/protocol/signing.h"

#include <QHttpServerRequest>

namespace doorstep::server {

namespace {

QByteArray methodName(QHttpServerRequest::Method method)
{
    switch (method) {
    case QHttpServerRequest::Method::Get:
        return QByteArrayLiteral("GET");
    case QHttpServerRequest::Method::Put:
        return QByteArrayLiteral("PUT");
    case QHttpServerRequest::Method::Delete:
        return QByteArrayLiteral("DELETE");
    case QHttpServerRequest::Method::Post:
        return QByteArrayLiteral("POST");
    case QHttpServerRequest::Method::Head:
        return QByteArrayLiteral("HEAD");
    case QHttpServerRequest::Method::Options:
        return QByteArrayLiteral("OPTIONS");
    case QHttpServerRequest::Method::Patch:
        return QByteArrayLiteral("PATCH");
    default:
        return QByteArrayLiteral("OTHER");
    }
}

} // namespace

IncomingRequest IncomingRequest::from(const QHttpServerRequest &request)
{
    IncomingRequest in;
    in.method = methodName(request.method());
    in.path = request.url().path();
    in.pathAndQuery = protocol::signedPathAndQuery(request.url());
    in.query = request.query();
    in.body = request.body();
    in.headers = request.headers();
    return in;
}

QByteArray IncomingRequest::header(const char *name) const
{
    for (const auto &[key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

} // namespace doorstep::server
