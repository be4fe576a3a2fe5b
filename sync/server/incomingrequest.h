// A copy of what a handler needs from an HTTP request, taken on the listening thread so the
// work can move to a worker thread (QHttpServerRequest belongs to its connection).
#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>
#include <QUrlQuery>

QT_BEGIN_NAMESPACE
class QHttpServerRequest;
QT_END_NAMESPACE

namespace doorstep::server {

struct IncomingRequest
{
    QByteArray method;       // "GET", "POST", ...
    QString path;            // decoded path, for logs
    QByteArray pathAndQuery; // as signed: see protocol::signedPathAndQuery
    QUrlQuery query;
    QByteArray body;
    QList<QPair<QByteArray, QByteArray>> headers;

    static IncomingRequest from(const QHttpServerRequest &request);
    // The header's value, names compared without case; empty when absent.
    QByteArray header(const char *name) const;
};

} // namespace doorstep::server
