// The usual push body read straight from its text: new visits, child's views, advocate offers
// and amendments (append-only records, with no "fields"), as the client writes them. The server
// reads most pushes this way; QJsonDocument and PushRequest::fromJson cost more than a quarter of
// a pushed change's time on the server, most of it building the payload objects the server then
// only stores as text.
//
// Whatever this reads, PushRequest::fromJson(QJsonDocument::fromJson(body).object()) accepts too,
// with the same changes, and changePayloadTexts(body) finds the same payload texts. It takes
// strictly valid JSON only, stricter than QJsonDocument where the two differ (no control
// characters or \u escapes in strings, no exponents, shallow nesting); anything else, and every
// body that could be refused, gives nullopt, and the caller reads it the full way, which accepts
// it or names what is wrong.
//
// Thread: pure function, any thread.
#pragma once

#include "core/change.h"

#include <QByteArray>
#include <QList>

#include <optional>

namespace doorstep::protocol {

struct AppendOnlyPush
{
    // In the order sent. Each payload object is left empty: its text (payloadTexts, the same
    // index) stands for it, and is the payload to read and store.
    QList<Change> changes;
    QList<QByteArray> payloadTexts;
};

std::optional<AppendOnlyPush> readAppendOnlyPush(const QByteArray &body);

} // namespace doorstep::protocol
